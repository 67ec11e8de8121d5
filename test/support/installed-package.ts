// The package as a user gets it: `npm pack` of this clone, `npm install`ed into a fresh
// folder. Done once per test run; every end-to-end program links that node_modules.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PulumiStack } from '../../scripts/lib/pulumi-cli';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

let installed: string | undefined;

/** The node_modules folder of a fresh install of the packed package. */
export function installedNodeModules(): string {
  if (installed) return installed;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-install-'));
  const tarball = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dir], { cwd: REPO_ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'branded-calling-user', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', path.join(dir, tarball)], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  installed = path.join(dir, 'node_modules');
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return installed;
}

/**
 * A Pulumi program folder: Pulumi.yaml, package.json, index.js (the given source) and a
 * link to the installed package's node_modules.
 */
export function makeProgram(name: string, source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bc-${name}-`));
  fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, main: 'index.js' }));
  fs.writeFileSync(path.join(dir, 'index.js'), source);
  fs.symlinkSync(installedNodeModules(), path.join(dir, 'node_modules'));
  return dir;
}

/**
 * A stack of a program, pointed at an emulator with its demo client's id and secret
 * (the secret set as a secret), as a user would configure it.
 */
export async function stackOnEmulator(
  programDir: string,
  emulator: { url: string; demoClient: { clientId: string; clientSecret: string } },
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<PulumiStack> {
  const stack = await PulumiStack.create({ programDir, env: options.env });
  await stack.setConfig('brandedcalling:apiRoot', emulator.url);
  await stack.setConfig('brandedcalling:clientId', emulator.demoClient.clientId);
  await stack.setConfig('brandedcalling:clientSecret', emulator.demoClient.clientSecret, { secret: true });
  return stack;
}
