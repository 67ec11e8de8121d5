// The one way this project runs the Pulumi CLI: the end-to-end tests and the demo both go
// through here. Every run is local and offline: a file state backend and the stack's
// config in a temporary folder, a passphrase secrets provider, no update check, no plugin
// downloads, no prompts, no colours, and the toolchain's node and pulumi first on PATH
// (scripts/toolchain.js puts them there before anything runs).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface RunResult {
  command: string;
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Exit codes that count as success; default [0]. */
  expectCodes?: number[];
  /** The run is expected to fail: any non-zero exit code counts as success. */
  expectFailure?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Ends the run (SIGKILL, as killSignal) after this many ms. */
  timeoutMs?: number;
  /**
   * Ends the run when aborted, as a machine that dies would: SIGKILL to the process group
   * and to every process under it (Pulumi starts its plugins in groups of their own).
   */
  killSignal?: AbortSignal;
  /** Also hands the output over as it comes (the demo shows it live). */
  onOutput?: (chunk: string) => void;
  /** Told the process id as soon as the command starts (the benchmark watches its children). */
  onSpawn?: (pid: number) => void;
}

export class PulumiCommandError extends Error {
  constructor(readonly result: RunResult) {
    super(`${result.command} exited with ${result.code}\n--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`);
  }
}

function tail(text: string, lines = 80): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export interface StackOptions {
  /** The folder with Pulumi.yaml. */
  programDir: string;
  stack?: string;
  /** Where state, config and Pulumi's home go; a fresh temporary folder by default. */
  workDir?: string;
  /** Extra environment for every command (e.g. credentials read by the provider). */
  env?: NodeJS.ProcessEnv;
  passphrase?: string;
}

/** A stack of one program, with its own state backend. */
export class PulumiStack {
  readonly programDir: string;
  readonly stack: string;
  readonly workDir: string;
  readonly stateDir: string;
  readonly configFile: string;
  readonly env: NodeJS.ProcessEnv;
  private readonly ownsWorkDir: boolean;

  private constructor(options: StackOptions) {
    this.programDir = path.resolve(options.programDir);
    this.stack = options.stack ?? 'dev';
    this.ownsWorkDir = options.workDir === undefined;
    this.workDir = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bc-pulumi-'));
    this.stateDir = path.join(this.workDir, 'state');
    this.configFile = path.join(this.workDir, `Pulumi.${this.stack}.yaml`);
    fs.mkdirSync(this.stateDir, { recursive: true });
    fs.mkdirSync(path.join(this.workDir, 'home'), { recursive: true });
    this.env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: options.passphrase ?? 'branded-calling-local-passphrase',
      PULUMI_HOME: path.join(this.workDir, 'home'),
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
      PULUMI_SKIP_CONFIRMATIONS: 'true',
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: 'true',
      NO_COLOR: '1',
      ...options.env,
    };
  }

  /** Creates the stack (`pulumi stack init`) in a fresh backend. */
  static async create(options: StackOptions): Promise<PulumiStack> {
    const stack = new PulumiStack(options);
    // `stack init` has no --config-file: it writes the passphrase salt beside Pulumi.yaml.
    // Move that file to the stack's own config file, keeping the program folder untouched.
    const written = path.join(stack.programDir, `Pulumi.${stack.stack}.yaml`);
    const existed = fs.existsSync(written);
    await stack.run(['stack', 'init', stack.stack, '--secrets-provider', 'passphrase']);
    if (!existed && fs.existsSync(written)) {
      fs.copyFileSync(written, stack.configFile);
      fs.rmSync(written);
    }
    return stack;
  }

  /** Runs `pulumi ARGS` in the program's folder; rejects with the whole output on an unexpected exit code. */
  run(args: string[], options: RunOptions = {}): Promise<RunResult> {
    const flags = ['--non-interactive', '--color', 'never'];
    if (usesStackConfig(args[0])) flags.push('--stack', this.stack, '--config-file', this.configFile);
    // Flags go before any `--`, after which everything is a positional value.
    const end = args.includes('--') ? args.indexOf('--') : args.length;
    const fullArgs = [...args.slice(0, end), ...flags, ...args.slice(end)];
    return runCommand('pulumi', fullArgs, { cwd: this.programDir, env: { ...this.env, ...options.env } }, options);
  }

  setConfig(key: string, value: string, { secret = false } = {}): Promise<RunResult> {
    return this.run(['config', 'set', key, secret ? '--secret' : '--plaintext', '--', value]);
  }

  up(extra: string[] = [], options?: RunOptions): Promise<RunResult> {
    return this.run(['up', '--yes', '--skip-preview', ...extra], options);
  }

  preview(extra: string[] = [], options?: RunOptions): Promise<RunResult> {
    return this.run(['preview', ...extra], options);
  }

  refresh(extra: string[] = [], options?: RunOptions): Promise<RunResult> {
    return this.run(['refresh', '--yes', '--skip-preview', ...extra], options);
  }

  destroy(extra: string[] = [], options?: RunOptions): Promise<RunResult> {
    return this.run(['destroy', '--yes', '--skip-preview', ...extra], options);
  }

  async outputs(): Promise<Record<string, unknown>> {
    const result = await this.run(['stack', 'output', '--json']);
    return JSON.parse(result.stdout);
  }

  /** `pulumi stack export`: the state exactly as stored, secrets still encrypted. */
  async exportState(): Promise<any> {
    const result = await this.run(['stack', 'export']);
    return JSON.parse(result.stdout);
  }

  /** The resources of the state, without the stack and provider entries. */
  async resources(): Promise<any[]> {
    const state = await this.exportState();
    return (state.deployment.resources ?? []).filter(
      (r: any) => !r.type.startsWith('pulumi:pulumi:') && !r.type.startsWith('pulumi:providers:'),
    );
  }

  cleanup(): void {
    if (this.ownsWorkDir) fs.rmSync(this.workDir, { recursive: true, force: true });
  }
}

// Commands that read the stack's config file.
function usesStackConfig(command: string | undefined): boolean {
  return ['up', 'preview', 'refresh', 'destroy', 'config', 'import'].includes(command ?? '');
}

/** Runs a command in its own process group, keeping its output for assertion messages. */
export function runCommand(
  file: string,
  args: string[],
  spawnOptions: { cwd: string; env: NodeJS.ProcessEnv },
  options: RunOptions = {},
): Promise<RunResult> {
  const expectCodes = options.expectCodes ?? [0];
  const command = `${file} ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onOutput?.(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onOutput?.(chunk);
    });
    const killGroup = () => {
      if (child.pid) killTree(child.pid);
    };
    const timer = options.timeoutMs ? setTimeout(killGroup, options.timeoutMs) : undefined;
    if (options.killSignal?.aborted) killGroup();
    options.killSignal?.addEventListener('abort', killGroup, { once: true });
    child.on('error', (error) => reject(new Error(`${command}: ${error.message} (is the toolchain on PATH? run it through scripts/toolchain.js)`)));
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      options.killSignal?.removeEventListener('abort', killGroup);
      const result = { command, code: code ?? (signal ? 128 : 1), stdout, stderr };
      const expected = options.expectFailure ? result.code !== 0 : expectCodes.includes(result.code);
      if (expected) resolve(result);
      else reject(new PulumiCommandError(result));
    });
  });
}

/** Every process under `pid`, however deep (Linux: read from /proc; none elsewhere). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  for (const entry of entries) {
    try {
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const child of parents.get(parent) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/** SIGKILL to a process's group and to every process under it, wherever their groups. */
function killTree(pid: number): void {
  const under = descendants(pid);
  for (const target of [-pid, ...under]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}
