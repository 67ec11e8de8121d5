// Scenario 4: `pulumi up` killed with SIGKILL halfway (its plugins too, as when the
// machine dies), then recovered as the README tells users: `pulumi cancel` removes the
// lock the killed run left, `pulumi refresh --clear-pending-creates` drops the creates it
// left pending, and `pulumi up` takes over what those creates made (409) and makes the rest.
import { strict as assert } from 'node:assert';
import type { RunResult } from '../../scripts/lib/pulumi-cli';
import { Fleet, FLEET_N } from './fleet';

describe(`faults: pulumi up killed halfway (N=${FLEET_N})`, function () {
  let fleet: Fleet;

  before(async () => {
    fleet = await Fleet.start('faults-killed', { count: FLEET_N, label: 'Support' });
    // A little latency, so that writes are in flight when the kill comes.
    fleet.emulator.setFaults({ latencyMs: 50 });
  });
  after(async () => fleet?.stop());
  beforeEach(() => fleet.resetCounters());

  /** `pulumi up`, killed once `writes()` reaches `at`. */
  async function upKilledWhen(writes: () => number, at: number): Promise<RunResult> {
    const kill = new AbortController();
    const watch = setInterval(() => {
      if (writes() >= at) kill.abort();
    }, 10);
    try {
      const run = await fleet.up({ expectFailure: true, killSignal: kill.signal });
      assert.ok(kill.signal.aborted, `the run ended before the kill:\n${run.stdout}`);
      fleet.assertNoDuplicate();
      return run;
    } finally {
      clearInterval(watch);
    }
  }

  /** The README's recovery. */
  async function recover(): Promise<RunResult> {
    const locked = await fleet.up({ expectFailure: true });
    assert.match(locked.stderr, /the stack is currently locked by 1 lock\(s\)/);
    await fleet.stack.run(['cancel', '--yes']);
    await fleet.stack.refresh(['--clear-pending-creates']);
    return fleet.up();
  }

  it('during creates: recovered by cancel, refresh --clear-pending-creates and one up', async () => {
    const created = () => fleet.answers(/^POST .*\/registrations$/)['201'] ?? 0;
    await upKilledWhen(created, Math.ceil(FLEET_N / 2));
    const pending = (await fleet.stack.exportState()).deployment.pending_operations ?? [];
    console.log(`      killed after ${created()} creates, ${pending.length} left pending in the state`);
    const run = await recover();
    fleet.report('recovery from a kill during creates', { runs: [run], failures: [] });
    await fleet.assertConverged();
  });

  it('during deletes: recovered the same way', async () => {
    fleet.declare({ count: Math.ceil(FLEET_N / 2), label: 'Help' });
    const deleted = () => fleet.answers(/^DELETE .*\/registrations\/\{registrationId\}$/)['204'] ?? 0;
    await upKilledWhen(deleted, Math.ceil(FLEET_N / 4));
    const pending = (await fleet.stack.exportState()).deployment.pending_operations ?? [];
    console.log(`      killed after ${deleted()} deletes, ${pending.length} left pending in the state`);
    const run = await recover();
    fleet.report('recovery from a kill during deletes', { runs: [run], failures: [] });
    await fleet.assertConverged();
  });
});
