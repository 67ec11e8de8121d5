// Scenario 1: a fifth of every request (the token's included) answered 500, 503 or 429
// with Retry-After. Creates, updates and deletes of N numbers converge, each in at most
// two `pulumi up`, with no duplicate and no orphan.
import { strict as assert } from 'node:assert';
import { Fleet, FLEET_N } from './fleet';

describe(`faults: 20% of answers are 5xx or 429, on every route (N=${FLEET_N})`, function () {
  let fleet: Fleet;

  before(async () => {
    fleet = await Fleet.start('faults-retries', { count: FLEET_N, label: 'Support' });
    fleet.emulator.setFaults({ seed: 7, internalErrorShare: 0.05, unavailableShare: 0.05, tooManyRequestsShare: 0.1, retryAfterSeconds: 1, routes: ['*'] });
  });
  after(async () => fleet?.stop());
  beforeEach(() => fleet.resetCounters());

  it('creates the customer, its carriers and every number', async () => {
    const convergence = await fleet.converge();
    fleet.report('create', convergence);
    const answers = fleet.answers(/./);
    assert.ok((answers['429'] ?? 0) > 0 && (answers['500'] ?? 0) + (answers['503'] ?? 0) > 0, 'the faults were not met');
    await fleet.assertConverged();
  });

  it('renames every number in place', async () => {
    fleet.declare({ count: FLEET_N, label: 'Help' });
    fleet.report('update', await fleet.converge());
    await fleet.assertConverged();
  });

  it('deletes half of the numbers', async () => {
    fleet.declare({ count: Math.ceil(FLEET_N / 2), label: 'Help' });
    fleet.report('delete', await fleet.converge());
    await fleet.assertConverged();
  });
});
