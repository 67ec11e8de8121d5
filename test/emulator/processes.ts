import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** Paths from dist/test/emulator. */
export const CLI_PATH = path.join(__dirname, '..', '..', 'emulator', 'cli.js');
export const BIN_PATH = path.join(__dirname, '..', '..', '..', 'bin', 'pulumi-branded-calling.js');

export interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnNode(script: string, args: string[]): Spawned {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves with stdout once it contains `marker`; rejects if the process exits first. */
export function waitForOutput(spawned: Spawned, marker: RegExp, timeoutMs = 10000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${marker} in time; stdout: ${spawned.stdout()} stderr: ${spawned.stderr()}`)), timeoutMs);
    const check = () => {
      if (marker.test(spawned.stdout())) done(null);
    };
    const onExit = () => done(new Error(`exited before ${marker}; stderr: ${spawned.stderr()}`));
    function done(error: Error | null) {
      clearTimeout(timer);
      spawned.child.stdout!.off('data', check);
      spawned.child.off('exit', onExit);
      if (error) reject(error);
      else resolve(spawned.stdout());
    }
    spawned.child.stdout!.on('data', check);
    spawned.child.on('exit', onExit);
    check();
  });
}

export interface StartedCli extends Spawned {
  url: string;
  clientId: string;
  clientSecret: string;
  authorizationHeader: string;
}

export async function startCli(args: string[]): Promise<StartedCli> {
  const spawned = spawnNode(CLI_PATH, ['--json', ...args]);
  const output = await waitForOutput(spawned, /\n/);
  return { ...spawned, ...(JSON.parse(output.split('\n')[0]) as Omit<StartedCli, keyof Spawned>) };
}
