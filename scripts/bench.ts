// npm run bench [-- --quick | --sizes 100,500 | --latency-ms 20 | --out DIR]
//
// How long pulumi takes over stacks of N registrations (one customer, two carriers)
// against the emulator answering every API call after a fixed latency, beside two
// references measured in the same run on the same machine:
// - the floor: N do-nothing dynamic resources in a program of their own (Pulumi's own cost);
// - the latency bound: ceil(N / P) x calls per resource x latency, P being the engine's
//   --parallel (at 3.276 its default is 4 x GOMAXPROCS: pkg/cmd/pulumi/operations/up.go,
//   defaultParallel(); the bench passes it explicitly so that both agree).
// For each N: create (up), a no-change preview, an update of every displayName, destroy;
// the emulator's counters for each; the dynamic provider process's peak memory; state bytes.
// Writes bench/results/<date>.json and .svg; a run of the default sizes also writes latest.*.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startEmulator, type RunningEmulator } from '../emulator';
import { makeProgram, stackOnEmulator } from '../test/support/installed-package';
import { brandedProgram, floorProgram } from './lib/bench-programs';
import { alignedTable, chart, OPERATIONS, table, type BenchResult, type BrandedMeasure, type FloorMeasure, type Operation, type SizeResult } from './lib/bench-report';
import { watchPeakMemory } from './lib/peak-memory';
import { PulumiStack, type RunOptions, type RunResult } from './lib/pulumi-cli';

const REPO_ROOT = path.resolve(__dirname, '../..');
const FULL_SIZES = [100, 500, 1000];
const QUICK_SIZES = [10, 50];
/** The process the engine starts for dynamic resources (node .../cmd/dynamic-provider). */
const PROVIDER_PROCESS = /@pulumi\/pulumi\/cmd\/dynamic-provider/;

interface Options {
  sizes: number[];
  latencyMs: number;
  outDir: string;
  writeLatest: boolean;
}

function parseOptions(argv: string[]): Options {
  let sizes = FULL_SIZES;
  let latencyMs = 20;
  let outDir = path.join(REPO_ROOT, 'bench', 'results');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--quick') sizes = QUICK_SIZES;
    else if (arg === '--sizes') sizes = value().split(',').map((s) => Number(s.trim()));
    else if (arg === '--latency-ms') latencyMs = Number(value());
    else if (arg === '--out') outDir = path.resolve(value());
    else if (arg === '--help' || arg === '-h') {
      console.log('npm run bench [-- --quick | --sizes 100,500,1000 | --latency-ms 20 | --out bench/results]');
      process.exit(0);
    } else throw new Error(`unknown option ${arg} (try --help)`);
  }
  if (sizes.length === 0 || !sizes.every((n) => Number.isInteger(n) && n > 0)) throw new Error('--sizes takes positive whole numbers, e.g. 100,500');
  if (!Number.isInteger(latencyMs) || latencyMs < 0) throw new Error('--latency-ms takes a whole number of milliseconds');
  sizes = [...new Set(sizes)].sort((a, b) => a - b);
  return { sizes, latencyMs, outDir, writeLatest: sizes.join(',') === FULL_SIZES.join(',') && latencyMs === 20 };
}

/** The engine's default --parallel at 3.276: PULUMI_PARALLEL if set, else 4 x GOMAXPROCS (the CPUs). */
function engineParallel(): number {
  const fromEnv = Number(process.env.PULUMI_PARALLEL);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 4 * os.availableParallelism();
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Runs one pulumi command, timing it and watching its dynamic provider process. */
async function timed(run: (options: RunOptions) => Promise<RunResult>): Promise<{ seconds: number; providerPeakMiB: number | undefined; providerCpuSeconds: number; result: RunResult }> {
  let watcher: ReturnType<typeof watchPeakMemory> | undefined;
  const started = performance.now();
  const result = await run({ onSpawn: (pid) => (watcher = watchPeakMemory(pid, PROVIDER_PROCESS)) });
  const seconds = (performance.now() - started) / 1000;
  const peak = watcher?.stop();
  return { seconds, providerPeakMiB: peak?.peakKiB === undefined ? undefined : peak.peakKiB / 1024, providerCpuSeconds: peak?.cpuSeconds ?? 0, result };
}

function sumRequests(requests: Record<string, Record<string, number>>, include: (route: string) => boolean): number {
  let total = 0;
  for (const [route, byStatus] of Object.entries(requests)) if (include(route)) for (const count of Object.values(byStatus)) total += count;
  return total;
}

/**
 * The four commands over one stack. Before the create and the update (outside the clock)
 * the program is written with a label that every displayName carries; the no-change
 * preview fails if it sees a change.
 */
function commands(stack: PulumiStack, parallel: number, program: (label: string) => string): Record<Operation, { before?: () => void; run: (options: RunOptions) => Promise<RunResult> }> {
  const p = ['--parallel', String(parallel)];
  const write = (label: string) => fs.writeFileSync(path.join(stack.programDir, 'index.js'), program(label));
  return {
    create: { before: () => write('Desk'), run: (o) => stack.up(p, o) },
    preview: { run: (o) => stack.preview(['--expect-no-changes', ...p], o) },
    update: { before: () => write('Line'), run: (o) => stack.up(p, o) },
    destroy: { run: (o) => stack.destroy(p, o) },
  };
}

function updatedCount(result: RunResult): number {
  return Number(/~ (\d+) updated/.exec(result.stdout)?.[1] ?? 0);
}

function exportBytes(state: any): { total: number; perType: (type: RegExp) => number } {
  const resources: any[] = state.deployment.resources ?? [];
  return {
    total: Buffer.byteLength(JSON.stringify(state)),
    perType(type) {
      const matching = resources.filter((r) => type.test(r.type));
      return matching.length === 0 ? 0 : Math.round(matching.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r)), 0) / matching.length);
    },
  };
}

async function measureFloor(programDir: string, n: number, parallel: number): Promise<{ ops: Record<Operation, FloorMeasure>; stateBytesPerN: number }> {
  const stack = await PulumiStack.create({ programDir });
  try {
    await stack.setConfig('bench:count', String(n));
    const run = commands(stack, parallel, floorProgram);
    const ops = {} as Record<Operation, FloorMeasure>;
    let stateBytesPerN = 0;
    for (const op of OPERATIONS) {
      run[op].before?.();
      const { seconds, providerPeakMiB, providerCpuSeconds, result } = await timed(run[op].run);
      if (op === 'update' && updatedCount(result) !== n) throw new Error(`floor update changed ${updatedCount(result)} resources, not ${n}`);
      if (op === 'create') stateBytesPerN = Math.round(exportBytes(await stack.exportState()).total / n);
      ops[op] = { seconds, providerPeakMiB, providerCpuSeconds };
      log(`floor   N=${n} ${op.padEnd(7)} ${seconds.toFixed(1)} s`);
    }
    return { ops, stateBytesPerN };
  } finally {
    stack.cleanup();
  }
}

async function measureBranded(programDir: string, emulator: RunningEmulator, n: number, parallel: number) {
  emulator.reset();
  const stack = await stackOnEmulator(programDir, emulator);
  try {
    await stack.setConfig('bench:count', String(n));
    const run = commands(stack, parallel, brandedProgram);
    const ops = {} as Record<Operation, BrandedMeasure>;
    let stateBytesPerRegistration = 0;
    let stateBytesPerN = 0;
    for (const op of OPERATIONS) {
      run[op].before?.();
      emulator.resetCounters();
      const { seconds, providerPeakMiB, providerCpuSeconds, result } = await timed(run[op].run);
      const counters = emulator.counters();
      if (op === 'update' && updatedCount(result) !== n) throw new Error(`update changed ${updatedCount(result)} resources, not ${n}`);
      const apiRequests = sumRequests(counters.requests, (route) => !route.endsWith('/oauth/v3/token'));
      ops[op] = {
        seconds,
        apiRequests,
        // Per resource the command acts on: all n + 3, except the update, which changes the n registrations.
        callsPerResource: apiRequests / (op === 'update' ? n : n + 3),
        writes: counters.writes,
        tokensIssued: counters.tokensIssued,
        connectionsOpened: counters.connectionsOpened,
        providerPeakMiB,
        providerCpuSeconds,
        requests: counters.requests,
      };
      if (op === 'create') {
        const bytes = exportBytes(await stack.exportState());
        stateBytesPerRegistration = bytes.perType(/:Registration$/);
        stateBytesPerN = Math.round(bytes.total / n);
      }
      log(`branded N=${n} ${op.padEnd(7)} ${seconds.toFixed(1)} s, ${apiRequests} API calls, ${counters.tokensIssued} token(s), ${counters.connectionsOpened} connection(s)`);
    }
    return { ops, stateBytesPerRegistration, stateBytesPerN };
  } finally {
    stack.cleanup();
  }
}

function pulumiVersion(): string {
  try {
    return execFileSync('pulumi', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const parallel = engineParallel();
  log(`sizes ${options.sizes.join(', ')}; emulator latency ${options.latencyMs} ms; --parallel ${parallel}`);
  const emulator = await startEmulator({ decisionDelayMs: -1, faults: { latencyMs: options.latencyMs } });
  const brandedDir = makeProgram('bench-branded', brandedProgram('Desk'));
  const floorDir = makeProgram('bench-floor', floorProgram('Desk'));
  const sizes: SizeResult[] = [];
  try {
    for (const n of options.sizes) {
      const floor = await measureFloor(floorDir, n, parallel);
      const branded = await measureBranded(brandedDir, emulator, n, parallel);
      const boundSeconds = {} as Record<Operation, number>;
      for (const op of OPERATIONS) {
        boundSeconds[op] = (Math.ceil(n / parallel) * branded.ops[op].callsPerResource * options.latencyMs) / 1000;
      }
      sizes.push({
        n,
        resources: n + 3,
        branded: branded.ops,
        floor: floor.ops,
        boundSeconds,
        stateBytesPerRegistration: branded.stateBytesPerRegistration,
        stateBytesPerN: branded.stateBytesPerN,
        floorStateBytesPerN: floor.stateBytesPerN,
      });
    }
  } finally {
    await emulator.stop();
    for (const dir of [brandedDir, floorDir]) fs.rmSync(dir, { recursive: true, force: true });
  }

  const cpus = os.cpus();
  const result: BenchResult = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.availableParallelism(),
      cpuModel: cpus[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      pulumi: pulumiVersion(),
    },
    latencyMs: options.latencyMs,
    parallel,
    sizes,
  };
  console.log(`\n${alignedTable(result)}\n`);
  console.log(`time: wall time of the command; floor: the same N of a do-nothing dynamic resource; bound: ceil(N/${parallel}) x calls/res x ${options.latencyMs} ms.`);
  fs.mkdirSync(options.outDir, { recursive: true });
  const stamp = result.date.replace(/[:.]/g, '-');
  const names = [stamp, ...(options.writeLatest ? ['latest'] : [])];
  for (const name of names) {
    fs.writeFileSync(path.join(options.outDir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    fs.writeFileSync(path.join(options.outDir, `${name}.svg`), chart(result));
    fs.writeFileSync(path.join(options.outDir, `${name}.md`), `${table(result)}\n`);
  }
  console.log(`Written: ${names.map((name) => path.relative(process.cwd(), path.join(options.outDir, `${name}.{json,svg,md}`))).join(', ')}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
