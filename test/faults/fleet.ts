// One stack for the fault suite: a customer, two carriers (OFR, BYG) and N numbers,
// against an emulator of its own, with the checks every scenario ends with: converged
// in at most two `pulumi up`, no change left to preview, one object per number and
// one customer in the emulator, and every object the emulator holds in the stack.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type CounterSnapshot, type EmulatorOptions, type RunningEmulator } from '../../emulator';
import type { PulumiStack, RunOptions, RunResult } from '../../scripts/lib/pulumi-cli';
import { makeProgram, stackOnEmulator } from '../support/installed-package';

/** How many numbers: BRANDED_CALLING_FAULT_N, 50 by default (the full size is 500). */
export const FLEET_N = positiveInteger(process.env.BRANDED_CALLING_FAULT_N, 50);

function positiveInteger(text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 100_000) throw new Error(`BRANDED_CALLING_FAULT_N must be a whole number from 1 to 100000, not ${JSON.stringify(text)}`);
  return value;
}

/** What the program declares: numbers first..first+count-1, each named "ACME <label> <i>". */
export interface Shape {
  count: number;
  first?: number;
  label: string;
}

export function phoneNumber(i: number): string {
  return `+3314${String(i).padStart(7, '0')}`;
}

export function displayName(label: string, i: number): string {
  return `ACME ${label} ${i}`;
}

function program({ count, first = 0, label }: Shape): string {
  return `
const bc = require('pulumi-branded-calling');
const acme = new bc.Customer('acme', {
  company: { legalName: 'ACME SAS', countryOfRegistration: 'FR', registrationNumber: '552100554' },
  brand: { name: 'ACME', callPurpose: 'customer_service' },
});
const ofr = new bc.Carrier('acme-ofr', { customerId: acme.customerId, carrierCode: 'OFR' });
const byg = new bc.Carrier('acme-byg', { customerId: acme.customerId, carrierCode: 'BYG' });
for (let i = ${first}; i < ${first + count}; i++) {
  new bc.Registration('line-' + i, {
    customerId: acme.customerId,
    carrierCodes: [ofr.carrierCode, byg.carrierCode],
    phoneNumber: '+3314' + String(i).padStart(7, '0'),
    displayName: 'ACME ${label} ' + i,
  });
}
`;
}

/** What a run to convergence went through: each `pulumi up`, the failed ones first. */
export interface Convergence {
  runs: RunResult[];
  failures: RunResult[];
}

export class Fleet {
  readonly workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-faults-'));
  /** The emulator's journal: restarts keep what it held. */
  readonly dataDir = path.join(this.workDir, 'emulator');
  emulator!: RunningEmulator;
  stack!: PulumiStack;
  programDir!: string;
  shape!: Shape;
  private emulatorOptions: EmulatorOptions = {};
  /** What earlier starts of the emulator counted since the last resetCounters. */
  private earlierCounters: CounterSnapshot[] = [];

  static async start(name: string, shape: Shape, options: EmulatorOptions = {}): Promise<Fleet> {
    const fleet = new Fleet();
    // Carriers decide only when asked: statuses stay put, so no run sees drift.
    fleet.emulatorOptions = { decisionDelayMs: -1, ...options, dataDir: fleet.dataDir };
    fleet.emulator = await startEmulator(fleet.emulatorOptions);
    fleet.shape = shape;
    fleet.programDir = makeProgram(name, program(shape));
    fleet.stack = await stackOnEmulator(fleet.programDir, fleet.emulator);
    return fleet;
  }

  declare(shape: Shape): void {
    this.shape = shape;
    fs.writeFileSync(path.join(this.programDir, 'index.js'), program(shape));
  }

  /**
   * Stops the emulator and, `downMs` later, starts it again on the same port and journal,
   * with the same faults.
   */
  async restartEmulator(downMs = 0): Promise<void> {
    const faults = this.emulator.state().faults as EmulatorOptions['faults'];
    const port = this.emulator.port;
    await this.emulator.stop();
    this.earlierCounters.push(this.emulator.counters());
    if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
    this.emulator = await startEmulator({ ...this.emulatorOptions, port, faults });
  }

  /** What the emulator counted, across its restarts, since the last resetCounters. */
  counters(): CounterSnapshot {
    const total: CounterSnapshot = { requests: {}, writes: 0, tokensIssued: 0, connectionsOpened: 0 };
    for (const part of [...this.earlierCounters, this.emulator.counters()]) {
      total.writes += part.writes;
      total.tokensIssued += part.tokensIssued;
      total.connectionsOpened += part.connectionsOpened;
      for (const [route, byStatus] of Object.entries(part.requests)) {
        const into = (total.requests[route] ??= {});
        for (const [status, count] of Object.entries(byStatus)) into[status] = (into[status] ?? 0) + count;
      }
    }
    return total;
  }

  resetCounters(): void {
    this.earlierCounters = [];
    this.emulator.resetCounters();
  }

  /** Requests counted for routes matching `route` ("POST /template"), by status ("dropped" included). */
  answers(route: RegExp = /./): Record<string, number> {
    const total: Record<string, number> = {};
    for (const [key, byStatus] of Object.entries(this.counters().requests)) {
      if (!route.test(key)) continue;
      for (const [status, count] of Object.entries(byStatus)) total[status] = (total[status] ?? 0) + count;
    }
    return total;
  }

  /** One line for the test log: runs of up, and what the emulator answered over them. */
  report(phase: string, convergence: Convergence): string {
    const { writes, tokensIssued } = this.counters();
    const answers = Object.entries(this.answers()).sort(([a], [b]) => a.localeCompare(b)).map(([status, count]) => `${status}: ${count}`).join(', ');
    const line = `${phase}: ${convergence.runs.length} run(s) of up; ${writes} writes, ${tokensIssued} tokens; answers ${answers}`;
    console.log(`      ${line}`);
    return line;
  }

  up(options: RunOptions = {}): Promise<RunResult> {
    return this.stack.up([], options);
  }

  /**
   * `pulumi up` until it succeeds, at most twice: a failed first run must name, for each
   * failed resource, the resource and the cause. Later runs meet no fault unless
   * `keepFaults` is set.
   */
  async converge({ keepFaults = true, beforeRetry }: { keepFaults?: boolean; beforeRetry?: () => Promise<void> } = {}): Promise<Convergence> {
    const runs: RunResult[] = [];
    for (let attempt = 1; attempt <= 2; attempt++) {
      // A user runs up again once the outage that failed the first run is over.
      if (attempt > 1) await beforeRetry?.();
      const run = await this.up({ expectCodes: [0, 1, 255] });
      runs.push(run);
      this.assertNoDuplicate();
      if (run.code === 0) break;
      if (process.env.BRANDED_CALLING_FAULT_DUMP) fs.writeFileSync(process.env.BRANDED_CALLING_FAULT_DUMP, run.stdout + run.stderr);
      const errors = assertFailuresExplained(run);
      console.log(`      run ${attempt} failed, ${errors.length} resource(s), e.g. ${errors[0]}`);
      if (!keepFaults) this.emulator.clearFaults();
    }
    const last = runs[runs.length - 1];
    assert.equal(last.code, 0, `no convergence in two runs of pulumi up:\n${tail(last.stdout + last.stderr)}`);
    return { runs, failures: runs.filter((run) => run.code !== 0) };
  }

  /**
   * The end of every scenario: nothing pending in the state, no change to preview, and
   * the emulator holding exactly what the program declares, each object once and each
   * in the stack.
   */
  async assertConverged(): Promise<void> {
    const faults = this.emulator.state().faults;
    this.emulator.clearFaults();
    try {
      const exported = await this.stack.exportState();
      assert.deepEqual(exported.deployment.pending_operations ?? [], [], 'operations left pending in the state');
      await this.stack.preview(['--expect-no-changes']);
      const state = (exported.deployment.resources as any[]).filter((r) => r.type.includes('brandedcalling:'));
      const idsOf = (kind: string) => new Set(state.filter((r) => r.type.endsWith(`:${kind}`)).map((r) => r.id as string));

      const held = this.held();
      assert.equal(held.customers.length, 1, `customers in the emulator: ${held.customers.map((c) => c.customerId).join(', ')}`);
      const [customer] = held.customers;
      assert.deepEqual([...idsOf('Customer')], [customer.customerId], 'the customer in the stack is not the one in the emulator');
      assert.deepEqual(held.carriers.map((c) => c.carrierCode).sort(), ['BYG', 'OFR']);
      assert.deepEqual([...idsOf('Carrier')].sort(), [`${customer.customerId}/BYG`, `${customer.customerId}/OFR`]);

      const { count, first = 0, label } = this.shape;
      const byNumber = new Map<string, any[]>();
      for (const r of held.registrations) byNumber.set(r.phoneNumber, [...(byNumber.get(r.phoneNumber) ?? []), r]);
      const duplicated = [...byNumber].filter(([, list]) => list.length > 1).map(([number]) => number);
      assert.deepEqual(duplicated, [], 'numbers registered more than once');
      const expected = Array.from({ length: count }, (_, k) => first + k);
      assert.deepEqual([...byNumber.keys()].sort(), expected.map(phoneNumber), 'the numbers in the emulator are not the declared ones');
      const stackIds = idsOf('Registration');
      const orphans = held.registrations.filter((r) => !stackIds.has(r.registrationId)).map((r) => `${r.phoneNumber} (${r.registrationId})`);
      assert.deepEqual(orphans, [], 'registrations in the emulator that the stack does not hold');
      assert.equal(stackIds.size, count, 'registrations in the stack');
      const wrongNames = expected.filter((i) => byNumber.get(phoneNumber(i))![0].displayName !== displayName(label, i));
      assert.deepEqual(wrongNames.map(phoneNumber), [], 'numbers whose display name is not the declared one');
      for (const r of held.registrations) assert.equal(r.customerId, customer.customerId);
    } finally {
      if (faults && Object.keys(faults).length > 0) this.emulator.setFaults(faults as never);
    }
  }

  /** After any run, failed ones included: one customer at most, each number once. */
  assertNoDuplicate(): void {
    const { customers, registrations } = this.held();
    assert.ok(customers.length <= 1, `customers in the emulator: ${customers.map((c) => c.customerId).join(', ')}`);
    const numbers = registrations.map((r) => r.phoneNumber as string);
    assert.deepEqual(numbers.filter((n, i) => numbers.indexOf(n) !== i), [], 'numbers registered more than once');
  }

  /** What the emulator holds for the demo client's account. */
  held(): { customers: any[]; carriers: any[]; registrations: any[] } {
    const dump = this.emulator.state() as { accounts: Record<string, any> };
    const accounts = Object.values(dump.accounts);
    assert.equal(accounts.length, 1);
    return accounts[0];
  }

  async stop(): Promise<void> {
    this.stack?.cleanup();
    if (this.programDir) fs.rmSync(this.programDir, { recursive: true, force: true });
    await this.emulator?.stop();
    fs.rmSync(this.workDir, { recursive: true, force: true });
  }
}


/**
 * A failed `pulumi up` must say, for each resource that failed, which resource and why:
 * a heading with its type and name, then an error naming the API call and its answer
 * (or the network failure). Returns the messages.
 */
export function assertFailuresExplained(run: RunResult): string[] {
  const output = run.stdout + run.stderr;
  const diagnostics = output.slice(output.indexOf('Diagnostics:'));
  assert.notEqual(output.indexOf('Diagnostics:'), -1, `a failed run without diagnostics:\n${tail(output)}`);
  const blocks = diagnostics.split(/\n(?=  \S)/).slice(1);
  const errors: string[] = [];
  for (const block of blocks) {
    const heading = /^  (\S+) \(([^)]+)\):/.exec(block);
    const error = /\n    error: ([\s\S]*?)(?=\n    \S|\n*$)/.exec(block);
    if (!heading || !error) continue;
    const [, type, name] = heading;
    if (type === 'pulumi:pulumi:Stack') {
      // The engine's summary ("update failed"), not a resource's error.
      assert.match(error[1], /update failed|one or more errors/i, `an error not tied to a resource:\n${block}`);
      continue;
    }
    assert.match(type, /brandedcalling:(Customer|Carrier|Registration)$/, `an error on an unexpected resource:\n${block}`);
    assert.match(
      error[1],
      /failed: (HTTP \d{3}|E[A-Z]+)|no longer exists|already registered|cannot list|was saved/,
      `the error of ${name} does not say which call failed and why:\n${block}`,
    );
    errors.push(`${name}: ${error[1].split('\n')[0]}`);
  }
  assert.ok(errors.length > 0, `a failed run that names no failed resource:\n${tail(output)}`);
  return errors;
}

export function tail(text: string, lines = 60): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

