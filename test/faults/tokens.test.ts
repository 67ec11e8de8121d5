// Scenario 2: tokens live 2 s and every API request takes 400 ms (the token's none), so
// a run outlasts many tokens and some requests reach the API with one that expired on
// the way. The client renews before expiry, and once on a 401; no run fails for it.
import { strict as assert } from 'node:assert';
import { Fleet, FLEET_N } from './fleet';

describe(`faults: tokens that expire during the run (N=${FLEET_N})`, function () {
  let fleet: Fleet;

  before(async () => {
    fleet = await Fleet.start('faults-tokens', { count: FLEET_N, label: 'Support' });
    fleet.emulator.setFaults({ tokenLifetimeSeconds: 2, latencyMs: 400 });
  });
  after(async () => fleet?.stop());
  beforeEach(() => fleet.resetCounters());

  it('creates every number in one up, renewing the token as it goes', async () => {
    const convergence = await fleet.converge();
    fleet.report('create', convergence);
    assert.equal(convergence.runs.length, 1, 'an expired token failed the run');
    assert.ok(fleet.counters().tokensIssued >= 2, 'the run did not outlast its first token');
    assert.ok(fleet.answers(/./)['401'] > 0, 'no request met an expired token');
    await fleet.assertConverged();
  });

  it('renames every number in one up', async () => {
    fleet.declare({ count: FLEET_N, label: 'Help' });
    const convergence = await fleet.converge();
    fleet.report('update', convergence);
    assert.equal(convergence.runs.length, 1, 'an expired token failed the run');
    assert.ok(fleet.counters().tokensIssued >= 2, 'the run did not outlast its first token');
    assert.equal(fleet.answers(/^POST \/oauth/)['200'], fleet.counters().tokensIssued);
    await fleet.assertConverged();
  });
});
