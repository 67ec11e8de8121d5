// Discovery with the real CLI: an account filled outside Pulumi, `discover` writes a
// manifest and a TypeScript program, and the first `up` of each adopts everything,
// creating and deleting nothing; then the preview shows no change.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startEmulator, RunningEmulator } from '../../emulator';
import type { PulumiStack } from '../../scripts/lib/pulumi-cli';
import { DirectApi, requestsTo } from '../support/emulator-api';
import { makeProgram, REPO_ROOT, stackOnEmulator } from '../support/installed-package';

const run = promisify(execFile);

describe('discover, then adopt what it wrote, with the real engine', function () {
  let emulator: RunningEmulator;
  let api: DirectApi;
  const cleanups: (() => void)[] = [];

  before(async () => {
    emulator = await startEmulator({ decisionDelayMs: -1 });
    api = new DirectApi(emulator);
    // Two customers, three carriers, three numbers, one of them on a single carrier.
    const acme = await api.call('POST', '/branded-calling/v0.1/customers', {
      company: { legalName: 'ACME SAS', countryOfRegistration: 'FR', registrationNumber: '552100554', address: { city: 'Paris' } },
      brand: { name: 'ACME', callPurpose: 'customer_service' },
    });
    const labs = await api.call('POST', '/branded-calling/v0.1/customers', {
      company: { legalName: 'ACME Labs SAS', countryOfRegistration: 'FR', registrationNumber: '552100555' },
      brand: { name: 'ACME Labs' },
    });
    for (const [customerId, codes] of [[acme.body.customerId, ['OFR', 'BYG']], [labs.body.customerId, ['OFR']]] as const) {
      for (const carrierCode of codes) assert.equal((await api.call('POST', `/branded-calling/v0.1/customers/${customerId}/carriers`, { carrierCode })).status, 201);
    }
    const numbers = [
      { customerId: acme.body.customerId, phoneNumber: '+33140000001', displayName: 'ACME Support', verifyCallerAction: 'DO_NOT_BRAND' },
      { customerId: acme.body.customerId, phoneNumber: '+33140000002', displayName: 'ACME Sales', carrierCodes: ['OFR'], callPurpose: 'Telemarketing' },
      { customerId: labs.body.customerId, phoneNumber: '+33140000003', displayName: 'ACME Labs' },
    ];
    for (const body of numbers) assert.equal((await api.call('POST', api.registrations(), { terminatingCountryCode: 33, ...body })).status, 201);
  });
  after(async () => {
    for (const cleanup of cleanups) cleanup();
    await emulator?.stop();
  });

  async function discover(...args: string[]): Promise<{ stdout: string; stderr: string }> {
    return run(process.execPath, [path.join(REPO_ROOT, 'bin', 'pulumi-branded-calling.js'), 'discover', ...args], {
      env: {
        ...process.env,
        BRANDED_CALLING_API_ROOT: emulator.url,
        BRANDED_CALLING_CLIENT_ID: emulator.demoClient.clientId,
        BRANDED_CALLING_CLIENT_SECRET: emulator.demoClient.clientSecret,
      },
    });
  }

  async function adoptAndExpectNoChange(programDir: string): Promise<PulumiStack> {
    const stack = await stackOnEmulator(programDir, emulator);
    cleanups.push(() => stack.cleanup());
    await stack.setConfig('brandedcalling:registrationApiVersion', 'v0.2');
    emulator.resetCounters();
    await stack.up();
    assert.equal(emulator.counters().writes, 0, 'the first up writes nothing');
    assert.equal(requestsTo(emulator, /^(POST|DELETE) \/(branded-calling|camara)/), 0, 'nothing created or deleted');
    const ids = (await stack.resources()).filter((r) => r.type.includes('brandedcalling:') && r.id).map((r) => r.id).sort();
    assert.equal(ids.length, 2 + 3 + 3, 'two customers, three carriers, three registrations recorded');
    await stack.preview(['--expect-no-changes']);
    assert.equal(emulator.counters().writes, 0);
    return stack;
  }

  it('writes a manifest that a Branding component adopts with no change', async () => {
    const { stdout, stderr } = await discover('--format', 'manifest');
    assert.match(stderr, /2 customers, 3 carriers, 3 registrations/);
    assert.doesNotMatch(stdout + stderr, new RegExp(emulator.demoClient.clientSecret));
    const programDir = makeProgram('discovered-manifest', "const bc = require('pulumi-branded-calling');\nnew bc.Branding('branding', { file: 'branding.yaml' });\n");
    cleanups.push(() => fs.rmSync(programDir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(programDir, 'branding.yaml'), stdout);
    await adoptAndExpectNoChange(programDir);
  });

  it('writes a TypeScript program that adopts everything with no change', async () => {
    const programDir = makeProgram('discovered-typescript', '');
    cleanups.push(() => fs.rmSync(programDir, { recursive: true, force: true }));
    fs.rmSync(path.join(programDir, 'index.js'));
    fs.writeFileSync(path.join(programDir, 'Pulumi.yaml'), 'name: discovered-typescript\nruntime: nodejs\nmain: index.ts\n');
    await discover('--format', 'typescript', '--out', path.join(programDir, 'index.ts'));
    const source = fs.readFileSync(path.join(programDir, 'index.ts'), 'utf8');
    assert.match(source, /new bc\.Registration\('acme-33140000002', \{\n  existingId: '[^']+',/);
    await adoptAndExpectNoChange(programDir);
  });

  it('says what it could not see under v0.1', async () => {
    const { stdout, stderr } = await discover('--registration-api-version', 'v0.1');
    assert.match(stderr, /Registrations were not listed: the v0.1 registration API has no list/);
    assert.match(stdout, /^# Note: Registrations were not listed/m);
    assert.doesNotMatch(stdout, /registrations:/);
  });
});
