// npm run bench [-- --quick | --sizes 100,500 | --latency-ms 20 | --skip-checkpoints | --out DIR]
//
// How long pulumi takes over stacks of N registrations (one customer, two carriers)
// against the emulator answering every API call after a fixed latency, beside two
// references measured in the same run on the same machine:
// - the floor: N do-nothing dynamic resources in a program of their own (Pulumi's own cost);
// - the latency bound: ceil(N / P) x calls per resource x latency, P being the engine's
//   --parallel (at 3.276 its default is 4 x GOMAXPROCS: pkg/cmd/pulumi/operations/up.go,
//   defaultParallel(); the bench passes it explicitly so that both agree).
// For each N: create (up), a no-change preview, an update of every displayName, destroy;
// the emulator's counters for each; CPU time of the engine, the program and the dynamic
// provider, and the provider's peak memory; state bytes. The floor's and the branded
// program's commands alternate, so that both see the same machine load.
// Writes bench/results/<date>.{json,md,svg}; a run of the default sizes also writes latest.*.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from '../emulator';
import { makeProgram, stackOnEmulator } from '../test/support/installed-package';
import { brandedProgram, floorProgram } from './lib/bench-programs';
import { alignedTable, chart, cpuTable, OPERATIONS, table, type BenchResult, type BrandedMeasure, type CommandMeasure, type Operation, type SizeResult } from './lib/bench-report';
import { watchProcesses } from './lib/process-usage';
import { PulumiStack, type RunOptions, type RunResult } from './lib/pulumi-cli';

const REPO_ROOT = path.resolve(__dirname, '../..');
const FULL_SIZES = [100, 500, 1000];
const QUICK_SIZES = [10, 50];
const DEFAULT_LATENCY_MS = 20;
/** The processes pulumi starts: the Node.js program (@pulumi/pulumi's runner) and the dynamic provider. */
const PROCESSES = { program: /@pulumi\/pulumi\/cmd\/run/, provider: /@pulumi\/pulumi\/cmd\/dynamic-provider/ };

interface Options {
  sizes: number[];
  latencyMs: number;
  skipCheckpoints: boolean;
  outDir: string;
  writeLatest: boolean;
}

const USAGE = 'npm run bench [-- --quick | --sizes 100,500,1000 | --latency-ms 20 | --skip-checkpoints | --out bench/results]';

function parseOptions(argv: string[]): Options {
  let sizes = FULL_SIZES;
  let latencyMs = DEFAULT_LATENCY_MS;
  let skipCheckpoints = false;
  let outDir = path.join(REPO_ROOT, 'bench', 'results');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value (${USAGE})`);
      return next;
    };
    if (arg === '--quick') sizes = QUICK_SIZES;
    else if (arg === '--sizes') sizes = value().split(',').map((s) => Number(s.trim()));
    else if (arg === '--latency-ms') latencyMs = Number(value());
    else if (arg === '--skip-checkpoints') skipCheckpoints = true;
    else if (arg === '--out') outDir = path.resolve(value());
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${arg} (${USAGE})`);
  }
  if (sizes.length === 0 || !sizes.every((n) => Number.isInteger(n) && n > 0)) throw new Error('--sizes takes positive whole numbers, e.g. 100,500');
  if (!Number.isInteger(latencyMs) || latencyMs < 0) throw new Error('--latency-ms takes a whole number of milliseconds');
  sizes = [...new Set(sizes)].sort((a, b) => a - b);
  const standard = sizes.join(',') === FULL_SIZES.join(',') && latencyMs === DEFAULT_LATENCY_MS && !skipCheckpoints;
  return { sizes, latencyMs, skipCheckpoints, outDir, writeLatest: standard };
}

/** The engine's default --parallel at 3.276: PULUMI_PARALLEL if set, else 4 x GOMAXPROCS (the CPUs). */
function engineParallel(): number {
  const fromEnv = Number(process.env.PULUMI_PARALLEL);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 4 * os.availableParallelism();
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Runs one pulumi command, timing it and watching the processes it starts. */
async function timed(run: (options: RunOptions) => Promise<RunResult>): Promise<CommandMeasure & { result: RunResult }> {
  let watcher: ReturnType<typeof watchProcesses<keyof typeof PROCESSES>> | undefined;
  const started = performance.now();
  const result = await run({ onSpawn: (pid) => (watcher = watchProcesses(pid, PROCESSES)) });
  const seconds = (performance.now() - started) / 1000;
  const usage = watcher?.stop();
  const peak = usage?.provider.peakKiB;
  return {
    seconds,
    cpuSeconds: { engine: usage?.root.cpuSeconds ?? 0, program: usage?.program.cpuSeconds ?? 0, provider: usage?.provider.cpuSeconds ?? 0 },
    providerPeakMiB: peak === undefined ? undefined : peak / 1024,
    result,
  };
}

function sumRequests(requests: Record<string, Record<string, number>>, include: (route: string) => boolean): number {
  let total = 0;
  for (const [route, byStatus] of Object.entries(requests)) if (include(route)) for (const count of Object.values(byStatus)) total += count;
  return total;
}

/** Average `pulumi stack export` bytes of the entries of a type, and of the whole export per n. */
async function stateBytes(stack: PulumiStack, n: number, type: RegExp): Promise<{ perEntry: number; perN: number }> {
  const state = await stack.exportState();
  const entries = (state.deployment.resources ?? []).filter((r: any) => type.test(r.type));
  const entryBytes = entries.reduce((sum: number, r: unknown) => sum + Buffer.byteLength(JSON.stringify(r)), 0);
  return { perEntry: Math.round(entryBytes / Math.max(1, entries.length)), perN: Math.round(Buffer.byteLength(JSON.stringify(state)) / n) };
}

/** One program's stack of n: its commands, each after writing the program with a label every name carries. */
class BenchStack {
  private constructor(
    readonly name: 'floor' | 'branded',
    readonly stack: PulumiStack,
    private readonly program: (label: string) => string,
    private readonly parallel: number,
  ) {}

  static async create(name: 'floor' | 'branded', programDir: string, n: number, parallel: number, env: NodeJS.ProcessEnv, emulator?: RunningEmulator): Promise<BenchStack> {
    const stack = emulator ? await stackOnEmulator(programDir, emulator, { env }) : await PulumiStack.create({ programDir, env });
    await stack.setConfig('bench:count', String(n));
    return new BenchStack(name, stack, name === 'floor' ? floorProgram : brandedProgram, parallel);
  }

  /** Writes the program (outside the clock), then runs the command; the no-change preview fails if it sees a change. */
  command(op: Operation): (options: RunOptions) => Promise<RunResult> {
    const p = ['--parallel', String(this.parallel)];
    const write = (label: string) => fs.writeFileSync(path.join(this.stack.programDir, 'index.js'), this.program(label));
    if (op === 'create') write('Desk');
    if (op === 'update') write('Line');
    return {
      create: (o: RunOptions) => this.stack.up(p, o),
      preview: (o: RunOptions) => this.stack.preview(['--expect-no-changes', ...p], o),
      update: (o: RunOptions) => this.stack.up(p, o),
      destroy: (o: RunOptions) => this.stack.destroy(p, o),
    }[op];
  }
}

async function measureSize(n: number, options: Options, parallel: number, emulator: RunningEmulator, dirs: { floor: string; branded: string }): Promise<SizeResult> {
  const env = options.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: 'true' } : {};
  emulator.reset();
  const floor = await BenchStack.create('floor', dirs.floor, n, parallel, env);
  const branded = await BenchStack.create('branded', dirs.branded, n, parallel, env, emulator);
  const floorOps = {} as Record<Operation, CommandMeasure>;
  const brandedOps = {} as Record<Operation, BrandedMeasure>;
  let brandedState = { perEntry: 0, perN: 0 };
  let floorState = { perEntry: 0, perN: 0 };
  try {
    for (const op of OPERATIONS) {
      const { result: floorResult, ...floorMeasure } = await timed(floor.command(op));
      floorOps[op] = floorMeasure;
      const command = branded.command(op);
      emulator.resetCounters();
      const { result, ...measure } = await timed(command);
      const counters = emulator.counters();
      for (const [name, updated] of [['floor', floorResult], ['branded', result]] as const) {
        const count = Number(/~ (\d+) updated/.exec(updated.stdout)?.[1] ?? 0);
        if (op === 'update' && count !== n) throw new Error(`the ${name} update changed ${count} resources, not ${n}`);
      }
      const apiRequests = sumRequests(counters.requests, (route) => !route.endsWith('/oauth/v3/token'));
      brandedOps[op] = {
        ...measure,
        apiRequests,
        // Per resource the command acts on: all n + 3, except the update, which changes the n registrations.
        callsPerResource: apiRequests / (op === 'update' ? n : n + 3),
        writes: counters.writes,
        tokensIssued: counters.tokensIssued,
        connectionsOpened: counters.connectionsOpened,
        requests: counters.requests,
      };
      if (op === 'create') {
        brandedState = await stateBytes(branded.stack, n, /:Registration$/);
        floorState = await stateBytes(floor.stack, n, /:Noop/);
      }
      log(
        `N=${n} ${op.padEnd(7)} floor ${floorMeasure.seconds.toFixed(1)} s, branded ${measure.seconds.toFixed(1)} s: ` +
          `${apiRequests} API calls, ${counters.tokensIssued} token(s), ${counters.connectionsOpened} connection(s)`,
      );
    }
  } finally {
    floor.stack.cleanup();
    branded.stack.cleanup();
  }
  const boundSeconds = {} as Record<Operation, number>;
  for (const op of OPERATIONS) boundSeconds[op] = (Math.ceil(n / parallel) * brandedOps[op].callsPerResource * options.latencyMs) / 1000;
  return {
    n,
    resources: n + 3,
    branded: brandedOps,
    floor: floorOps,
    boundSeconds,
    stateBytesPerRegistration: brandedState.perEntry,
    stateBytesPerN: brandedState.perN,
    floorStateBytesPerN: floorState.perN,
  };
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
  log(`sizes ${options.sizes.join(', ')}; emulator latency ${options.latencyMs} ms; --parallel ${parallel}${options.skipCheckpoints ? '; PULUMI_SKIP_CHECKPOINTS=true' : ''}`);
  const emulator = await startEmulator({ decisionDelayMs: -1, faults: { latencyMs: options.latencyMs } });
  const dirs = { floor: makeProgram('bench-floor', floorProgram('Desk')), branded: makeProgram('bench-branded', brandedProgram('Desk')) };
  const sizes: SizeResult[] = [];
  try {
    for (const n of options.sizes) sizes.push(await measureSize(n, options, parallel, emulator, dirs));
  } finally {
    await emulator.stop();
    for (const dir of Object.values(dirs)) fs.rmSync(dir, { recursive: true, force: true });
  }

  const result: BenchResult = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      pulumi: pulumiVersion(),
    },
    latencyMs: options.latencyMs,
    parallel,
    skipCheckpoints: options.skipCheckpoints,
    sizes,
  };
  console.log(`\n${alignedTable(result)}\n`);
  console.log(`time: wall time of the command; floor: the same N of a do-nothing dynamic resource; bound: ceil(N/${parallel}) x calls/res x ${options.latencyMs} ms.`);
  fs.mkdirSync(options.outDir, { recursive: true });
  const names = [result.date.replace(/[:.]/g, '-'), ...(options.writeLatest ? ['latest'] : [])];
  for (const name of names) {
    fs.writeFileSync(path.join(options.outDir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    fs.writeFileSync(path.join(options.outDir, `${name}.md`), `${table(result)}\n\nCPU time (user + system), same commands:\n\n${cpuTable(result)}\n`);
    fs.writeFileSync(path.join(options.outDir, `${name}.svg`), chart(result));
  }
  console.log(`Written: ${names.map((name) => path.relative(process.cwd(), path.join(options.outDir, `${name}.{json,md,svg}`))).join(', ')}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
