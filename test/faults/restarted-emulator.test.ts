// Scenario 5: the API goes away halfway through an up and comes back (the emulator
// stopped and started again on the same port and journal). Requests in flight meet a
// reset connection, requests meanwhile a refused one. Back at once, the client's retries
// carry the run through; back after longer than the retries last, the run fails naming
// each resource and the refused connection, and the next up finishes the work.
import { strict as assert } from 'node:assert';
import { Fleet, FLEET_N } from './fleet';

describe(`faults: the emulator restarted halfway through an up (N=${FLEET_N})`, function () {
  let fleet: Fleet;

  before(async () => {
    fleet = await Fleet.start('faults-restart', { count: FLEET_N, label: 'Support' });
    // A little latency, so that requests are in flight when the emulator stops.
    fleet.emulator.setFaults({ latencyMs: 50 });
  });
  after(async () => fleet?.stop());

  /** Runs an up to convergence, restarting the emulator (down for `downMs`) once `writes()` reaches `at`. */
  async function convergeAcrossRestart(writes: () => number, at: number, downMs = 0) {
    let restarting: Promise<void> | undefined;
    let counted = 0;
    const watch = setInterval(() => {
      if (restarting || writes() < at) return;
      counted = writes();
      restarting = fleet.restartEmulator(downMs);
    }, 10);
    try {
      const convergence = await fleet.converge({ beforeRetry: async () => restarting });
      assert.ok(restarting, 'the run ended before the restart');
      await restarting;
      return { convergence, counted };
    } finally {
      clearInterval(watch);
    }
  }

  it('during creates, back at once: one up', async () => {
    const created = () => fleet.answers(/^POST .*\/registrations$/)['201'] ?? 0;
    const { convergence, counted } = await convergeAcrossRestart(created, Math.ceil(FLEET_N / 2));
    console.log(`      restarted after ${counted} creates`);
    fleet.report('create', convergence);
    assert.equal(convergence.runs.length, 1);
    await fleet.assertConverged();
  });

  it('during updates and deletes, down for 10 s: the run fails naming each resource, the next converges', async () => {
    fleet.resetCounters();
    fleet.declare({ count: Math.ceil(FLEET_N / 2), label: 'Help' });
    const written = () => (fleet.answers(/^PUT /)['200'] ?? 0) + (fleet.answers(/^DELETE /)['204'] ?? 0);
    const { convergence, counted } = await convergeAcrossRestart(written, Math.ceil(FLEET_N / 2), 10_000);
    console.log(`      restarted after ${counted} updates and deletes`);
    fleet.report('update and delete', convergence);
    assert.equal(convergence.failures.length, 1, 'a 10 s outage did not fail the run');
    assert.match(convergence.failures[0].stdout, /failed: ECONNREFUSED/);
    assert.doesNotMatch(convergence.failures[0].stdout, /^\s+at .*:\d+:\d+\)?$/m, 'a stack trace for an answer of the API');
    await fleet.assertConverged();
  });
});
