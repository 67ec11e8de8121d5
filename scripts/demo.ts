// npm run demo: the emulator, then `pulumi up` of the repository's own Pulumi project
// (examples/manifest: examples/manifest/branding.yaml) against it, then what the stack and
// the emulator now hold.
// Everything is local: the emulator's data and the stack's state go to .demo/ in the clone.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator } from '../emulator';
import { PulumiStack } from './lib/pulumi-cli';

const REPO_ROOT = path.resolve(__dirname, '../..');
const DEMO_DIR = path.join(REPO_ROOT, '.demo');

/**
 * The program requires the package by name, as a user's does: put this build where
 * Node finds it (node_modules/pulumi-branded-calling), from the same tarball npm publishes.
 */
function installThisBuild(): void {
  const target = path.join(REPO_ROOT, 'node_modules', 'pulumi-branded-calling');
  const tarball = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', DEMO_DIR], { cwd: REPO_ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(DEMO_DIR, tarball), '-C', target, '--strip-components=1']);
}

async function main(): Promise<void> {
  fs.rmSync(DEMO_DIR, { recursive: true, force: true });
  fs.mkdirSync(DEMO_DIR, { recursive: true });
  installThisBuild();

  const emulator = await startEmulator({ dataDir: path.join(DEMO_DIR, 'emulator-data'), decisionDelayMs: 1500 });
  console.log(`Emulator of the Branded Calling API at ${emulator.url} (demo client ${emulator.demoClient.clientId})\n`);
  const stack = await PulumiStack.create({ programDir: REPO_ROOT, workDir: path.join(DEMO_DIR, 'pulumi'), stack: 'demo' });
  try {
    await stack.setConfig('brandedcalling:apiRoot', emulator.url);
    await stack.setConfig('brandedcalling:clientId', emulator.demoClient.clientId);
    await stack.setConfig('brandedcalling:clientSecret', emulator.demoClient.clientSecret, { secret: true });

    await stack.up([], { onOutput: (chunk) => process.stdout.write(chunk) });

    // Carriers decide a moment later, as the real ones do.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // up --refresh reads every object back first, so the outputs show the carriers' decisions.
    await stack.up(['--refresh']);
    console.log('\nStack outputs after the carriers decided (pulumi up --refresh):');
    console.log(JSON.stringify(await stack.outputs(), null, 2));
    console.log('\nWhat the emulator holds (GET /_emulator/state):');
    const state = emulator.state() as { accounts: Record<string, { customers: any[]; carriers: any[]; registrations: any[] }> };
    for (const account of Object.values(state.accounts)) {
      for (const customer of account.customers) console.log(`  customer ${customer.customerId}  ${customer.company.legalName} / brand "${customer.brand.name}"`);
      for (const carrier of account.carriers) console.log(`  carrier  ${carrier.carrierCode ?? JSON.stringify(carrier)}`);
      for (const r of account.registrations) {
        const carriers = (r.carriers ?? []).map((c: any) => `${c.carrierCode} ${c.status}`).join(', ');
        console.log(`  number   ${r.phoneNumber} -> "${r.displayName}"  ${r.status}  (${carriers})`);
      }
    }
    console.log(`\nState and emulator data are in ${path.relative(process.cwd(), DEMO_DIR) || '.'}/ (run the demo again to start afresh).`);
  } finally {
    await emulator.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
