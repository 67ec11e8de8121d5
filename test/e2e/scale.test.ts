// Speed at scale, pinned by counting rather than timing: a stack of N registrations (the
// program `npm run bench` times) through the real CLI against the emulator. Every command
// costs the API one call per object it acts on, one token, and at most --parallel
// connections; check and diff never touch the network; nothing grows faster than N.
// (resources.test.ts covers the same rules for single objects.)
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator, RunningEmulator } from '../../emulator';
import { brandedProgram } from '../../scripts/lib/bench-programs';
import type { PulumiStack } from '../../scripts/lib/pulumi-cli';
import { requestsTo, totalRequests } from '../support/emulator-api';
import { makeProgram, stackOnEmulator } from '../support/installed-package';

/** Below the API client's own cap (8), so that the engine's is the one that shows. */
const PARALLEL = 4;
const SMALL = 10;
const N = 30;
const POST_REGISTRATION = /^POST .*\/registrations$/;
const PUT_REGISTRATION = /^PUT .*\/registrations\/\{registrationId\}$/;
const DELETE_ANY = /^DELETE /;

describe(`a stack of ${N} registrations, counted`, function () {
  let emulator: RunningEmulator;
  let programDir: string;
  let stack: PulumiStack;
  const parallel = ['--parallel', String(PARALLEL)];
  const bytesPerRegistration: number[] = [];

  function writeProgram(label: string): void {
    fs.writeFileSync(path.join(programDir, 'index.js'), brandedProgram(label));
  }

  async function registrationEntryBytes(): Promise<number> {
    const registrations = (await stack.resources()).filter((r) => r.type.endsWith(':Registration'));
    return registrations.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r)), 0) / registrations.length;
  }

  /** What any command may cost: one token, no more connections than the engine runs steps at once. */
  function assertOneTokenAndFewConnections(): void {
    const counters = emulator.counters();
    assert.equal(counters.tokensIssued, 1, 'tokens issued');
    assert.ok(counters.connectionsOpened <= PARALLEL, `${counters.connectionsOpened} connections opened, more than --parallel ${PARALLEL}`);
  }

  before(async () => {
    emulator = await startEmulator({ decisionDelayMs: -1 });
    programDir = makeProgram('scale', brandedProgram('Desk'));
    stack = await stackOnEmulator(programDir, emulator);
  });

  after(async () => {
    stack?.cleanup();
    if (programDir) fs.rmSync(programDir, { recursive: true, force: true });
    await emulator?.stop();
  });

  beforeEach(() => emulator.resetCounters());

  it(`creates ${SMALL} registrations, a customer and two carriers: one call each`, async () => {
    await stack.setConfig('bench:count', String(SMALL));
    await stack.up(parallel);
    assert.equal(totalRequests(emulator) - requestsTo(emulator, /oauth/), SMALL + 3);
    assert.equal(emulator.counters().writes, SMALL + 3);
    assert.equal(requestsTo(emulator, POST_REGISTRATION), SMALL);
    assertOneTokenAndFewConnections();
    bytesPerRegistration.push(await registrationEntryBytes());
  });

  it(`grows to ${N}: calls for the ${N - SMALL} new ones only, and as many state bytes per registration`, async () => {
    await stack.setConfig('bench:count', String(N));
    await stack.up(parallel);
    assert.equal(totalRequests(emulator) - requestsTo(emulator, /oauth/), N - SMALL);
    assert.equal(requestsTo(emulator, POST_REGISTRATION), N - SMALL);
    assertOneTokenAndFewConnections();
    bytesPerRegistration.push(await registrationEntryBytes());
    // Names and display names grow by a digit from 10 on: a few bytes, never a share of N.
    const [small, large] = bytesPerRegistration;
    assert.ok(Math.abs(large - small) <= small * 0.01, `a registration takes ${small} bytes of state at ${SMALL}, ${large} at ${N}`);
  });

  it('previews no change: no API call, no token, not even a connection', async () => {
    await stack.preview(['--expect-no-changes', ...parallel]);
    assert.deepEqual(emulator.counters(), { requests: {}, writes: 0, tokensIssued: 0, connectionsOpened: 0 });
  });

  it(`changes every displayName: the preview calls nothing, up sends ${N} PUTs and nothing else`, async () => {
    writeProgram('Line');
    const preview = await stack.preview(['--diff', ...parallel]);
    assert.match(preview.stdout, new RegExp(`~ ${N} to update`));
    assert.equal(emulator.counters().connectionsOpened, 0, 'check or diff opened a connection');

    await stack.up(parallel);
    const counters = emulator.counters();
    assert.equal(totalRequests(emulator) - requestsTo(emulator, /oauth/), N, JSON.stringify(counters.requests));
    assert.equal(requestsTo(emulator, PUT_REGISTRATION), N);
    assert.equal(counters.writes, N);
    assertOneTokenAndFewConnections();
  });

  it(`destroys the ${N + 3} objects with one DELETE each`, async () => {
    await stack.destroy(parallel);
    assert.equal(totalRequests(emulator) - requestsTo(emulator, /oauth/), N + 3);
    assert.equal(requestsTo(emulator, DELETE_ANY), N + 3);
    assert.equal(emulator.counters().writes, N + 3);
    assertOneTokenAndFewConnections();
  });
});

// PULUMI_SKIP_CHECKPOINTS makes the engine save the state once, at the end, instead of
// after every step (see the README's Speed section). A run cut short then leaves no trace
// of what it created: the next run creates everything again, and each create that meets
// its object (409) takes it over. This is what makes the setting safe with this package.
describe('an up cut short under PULUMI_SKIP_CHECKPOINTS', function () {
  let emulator: RunningEmulator;
  let programDir: string;
  let stack: PulumiStack;

  before(async () => {
    emulator = await startEmulator({ decisionDelayMs: -1, faults: { latencyMs: 100 } });
    programDir = makeProgram('scale-cut', brandedProgram('Desk'));
    stack = await stackOnEmulator(programDir, emulator, { env: { PULUMI_SKIP_CHECKPOINTS: 'true' } });
    await stack.setConfig('bench:count', String(N));
  });

  after(async () => {
    stack?.cleanup();
    if (programDir) fs.rmSync(programDir, { recursive: true, force: true });
    await emulator?.stop();
  });

  it(`converges on the next up: ${N} registrations, none twice, all in the state`, async () => {
    let poll: NodeJS.Timeout | undefined;
    const cut = await stack.up(['--parallel', String(PARALLEL)], {
      expectFailure: true,
      onSpawn: (pid) => {
        poll = setInterval(() => {
          if (requestsTo(emulator, POST_REGISTRATION) >= 10) process.kill(-pid, 'SIGKILL');
        }, 20);
      },
    });
    clearInterval(poll);
    const createdBefore = requestsTo(emulator, POST_REGISTRATION);
    assert.ok(createdBefore >= 10 && createdBefore < N, `${createdBefore} registrations created before the cut\n${cut.stdout}`);
    assert.deepEqual(await stack.resources(), [], 'the state kept something of the cut run');

    const registrations = () => Object.values((emulator.state() as any).accounts).flatMap((account: any) => account.registrations as any[]);
    const leftBehind = registrations().length;

    await stack.run(['cancel', stack.stack, '--yes']); // the lock the killed run left
    emulator.resetCounters();
    await stack.up(['--parallel', String(PARALLEL)]);
    const conflicts = Object.entries(emulator.counters().requests).filter(([route]) => POST_REGISTRATION.test(route)).map(([, byStatus]) => byStatus['409'] ?? 0);
    assert.deepEqual(conflicts, [leftBehind], 'each registration the cut run made should be met once, and taken over');
    const all = registrations();
    assert.equal(all.length, N);
    assert.equal(new Set(all.map((r) => r.phoneNumber)).size, N);
    assert.equal((await stack.resources()).filter((r) => r.type.endsWith(':Registration')).length, N);
    await stack.preview(['--expect-no-changes']);
  });
});
