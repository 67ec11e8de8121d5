// The examples a user copies, run as they are (their folder, unchanged) with the real
// CLI against the emulator: up, a no-change preview, destroy.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator, RunningEmulator } from '../../emulator';
import type { PulumiStack } from '../../scripts/lib/pulumi-cli';
import { copyProgram, REPO_ROOT, stackOnEmulator } from '../support/installed-package';

/** The example's folder as it is (its index.js and any file it reads, e.g. branding.yaml). */
function example(name: string): string {
  return copyProgram(path.join(REPO_ROOT, 'examples', name));
}

type Accounts = Record<string, { customers: any[]; carriers: any[]; registrations: any[] }>;

describe('the examples, with the real engine', function () {
  let emulator: RunningEmulator;
  const cleanups: Array<() => void> = [];

  before(async () => {
    emulator = await startEmulator({ decisionDelayMs: 300 });
  });
  after(async () => {
    for (const cleanup of cleanups) cleanup();
    await emulator?.stop();
  });

  async function stackFor(name: string): Promise<PulumiStack> {
    const programDir = example(name);
    const stack = await stackOnEmulator(programDir, emulator);
    cleanups.push(() => {
      stack.cleanup();
      fs.rmSync(programDir, { recursive: true, force: true });
    });
    return stack;
  }

  it('basics: ACME on OFR and BYG with three numbers', async () => {
    const stack = await stackFor('basics');
    await stack.up();
    const outputs = (await stack.outputs()) as { registrations: Record<string, { displayName: string }> };
    assert.deepEqual(Object.keys(outputs.registrations).sort(), ['billing', 'sales', 'support']);
    await stack.preview(['--expect-no-changes']);
    await stack.destroy();
    assert.deepEqual(await stack.resources(), []);
  });

  it('manifest: the branding declared in branding.yaml', async () => {
    const stack = await stackFor('manifest');
    await stack.up();
    const outputs = (await stack.outputs()) as { registrations: Record<string, { displayName: string }> };
    assert.deepEqual(
      Object.fromEntries(Object.entries(outputs.registrations).map(([key, r]) => [key, r.displayName])),
      { support: 'ACME Support', sales: 'ACME Sales', billing: 'ACME Billing' },
    );
    await stack.preview(['--expect-no-changes']);
    await stack.destroy();
    assert.deepEqual(await stack.resources(), []);
  });

  it('two accounts: each resource in the account its config namespace names', async () => {
    const partner = await fetch(`${emulator.url}/_emulator/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'partner-account' }),
    }).then((r) => r.json() as Promise<{ clientId: string; clientSecret: string }>);
    const stack = await stackFor('two-accounts');
    await stack.setConfig('partner:apiRoot', emulator.url);
    await stack.setConfig('partner:clientId', partner.clientId);
    await stack.setConfig('partner:clientSecret', partner.clientSecret, { secret: true });
    await stack.up();

    const accounts = (emulator.state() as { accounts: Accounts }).accounts;
    const names = (account: string) => accounts[account]?.customers.map((c) => c.company.legalName) ?? [];
    assert.deepEqual(names('partner-account'), ['Partner SAS']);
    const demoAccount = Object.keys(accounts).find((a) => a !== 'partner-account')!;
    assert.deepEqual(names(demoAccount), ['ACME Corp']);
    // The same number, once in each account.
    assert.deepEqual([accounts[demoAccount].registrations.length, accounts['partner-account'].registrations.length], [1, 1]);

    const state = JSON.stringify(await stack.exportState());
    assert.equal(state.includes(partner.clientSecret) || state.includes(emulator.demoClient.clientSecret), false);
    await stack.preview(['--expect-no-changes']);
    await stack.destroy();
  });

  it('wait for activation: up returns once a carrier has accepted the number', async () => {
    const stack = await stackFor('wait-for-activation');
    // The program reads waitSeconds from its own project's config.
    await stack.setConfig('branded-calling-wait-for-activation:waitSeconds', '60');
    await stack.up();
    const outputs = (await stack.outputs()) as { status: string; carriers: Array<{ status: string }> };
    assert.equal(outputs.status, 'active');
    assert.ok(outputs.carriers.some((c) => c.status === 'active'));
    await stack.destroy();
  });
});
