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
 * A copy of a program folder (e.g. an example with its branding.yaml), every file but
 * node_modules, with a link to the installed package's node_modules.
 */
export function copyProgram(sourceDir: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bc-${path.basename(sourceDir)}-`));
  fs.cpSync(sourceDir, dir, { recursive: true, filter: (source) => path.basename(source) !== 'node_modules' });
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

/** Where a Pulumi.yaml finds the provider plugin in a program folder made here. */
export const PLUGIN_PATH = 'node_modules/pulumi-branded-calling/bin';

/**
 * A Pulumi YAML program folder: Pulumi.yaml (the given resources and outputs, after a
 * header pointing at the installed package's provider plugin) and a link to the
 * installed package's node_modules.
 */
export function makeYamlProgram(name: string, body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bc-${name}-`));
  fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), yamlProgram(name, body));
  fs.symlinkSync(installedNodeModules(), path.join(dir, 'node_modules'));
  return dir;
}

export function yamlProgram(name: string, body: string): string {
  return `name: ${name}\nruntime: yaml\nplugins:\n  providers:\n    - name: brandedcalling\n      path: ${PLUGIN_PATH}\n${body}`;
}

/** The environment that gives the provider plugin an emulator's demo client. */
export function pluginEnv(emulator: { url: string; demoClient: { clientId: string; clientSecret: string } }): NodeJS.ProcessEnv {
  return {
    BRANDED_CALLING_API_ROOT: emulator.url,
    BRANDED_CALLING_CLIENT_ID: emulator.demoClient.clientId,
    BRANDED_CALLING_CLIENT_SECRET: emulator.demoClient.clientSecret,
  };
}

/**
 * The toolchain's environment with these language hosts built (first time only) and on
 * PATH: `yaml` for Pulumi YAML programs (scripts/language-hosts.js).
 */
export async function languageHostEnv(languages: string[]): Promise<NodeJS.ProcessEnv> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hosts = require(path.join(REPO_ROOT, 'scripts', 'language-hosts.js'));
  return hosts.ensureLanguageHosts(languages, process.env);
}
