// The provider plugin through the real CLI and Pulumi's YAML language host, against the
// emulator over HTTP, with the package installed as a user installs it: the YAML example
// as it is (up, a one-field update in place, destroy), and a write-only secret kept secret.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator, RunningEmulator } from '../../emulator';
import { PulumiStack } from '../../scripts/lib/pulumi-cli';
import { DirectApi, requestsTo, totalRequests } from '../support/emulator-api';
import { copyProgram, languageHostEnv, makeYamlProgram, pluginEnv, REPO_ROOT } from '../support/installed-package';

describe('the provider plugin in a Pulumi YAML program', function () {
  let emulator: RunningEmulator;
  let api: DirectApi;
  let hostEnv: NodeJS.ProcessEnv;
  const cleanups: Array<() => void> = [];

  before(async function () {
    // The first run on a machine builds the YAML language host (minutes, once).
    this.timeout(40 * 60_000);
    hostEnv = await languageHostEnv(['yaml']);
    emulator = await startEmulator({ decisionDelayMs: -1 });
    api = new DirectApi(emulator);
  });
  after(async () => {
    for (const cleanup of cleanups) cleanup();
    await emulator?.stop();
  });

  async function stackOf(programDir: string, env: NodeJS.ProcessEnv = {}): Promise<PulumiStack> {
    const stack = await PulumiStack.create({ programDir, env: { PATH: hostEnv.PATH, ...pluginEnv(emulator), ...env } });
    cleanups.push(() => {
      stack.cleanup();
      fs.rmSync(programDir, { recursive: true, force: true });
    });
    return stack;
  }

  describe('examples/yaml, as it is', () => {
    let programDir: string;
    let stack: PulumiStack;
    before(async () => {
      programDir = copyProgram(path.join(REPO_ROOT, 'examples', 'yaml'));
      stack = await stackOf(programDir);
    });
    beforeEach(() => emulator.resetCounters());

    it('creates the customer, its two carriers and two numbers', async () => {
      const result = await stack.up();
      assert.match(result.stdout, /\+ 6 created/, result.stdout); // stack + customer + 2 carriers + 2 registrations
      assert.equal(emulator.counters().writes, 5);
      const outputs = await stack.outputs();
      const registrations = await api.listRegistrations();
      const support = registrations.find((r) => r.phoneNumber === '+33140000001');
      assert.equal(outputs.supportId, support.registrationId);
      assert.equal(outputs.supportStatus, 'pending');
      assert.deepEqual(support.carriers.map((c: any) => c.carrierCode).sort(), ['BYG', 'OFR']);
      assert.deepEqual((await api.listCarriers(outputs.customerId as string)).map((c) => c.carrierCode).sort(), ['BYG', 'OFR']);
      const types = (await stack.resources()).map((r) => r.type).sort();
      assert.deepEqual(types, ['brandedcalling:index:Carrier', 'brandedcalling:index:Carrier', 'brandedcalling:index:Customer', 'brandedcalling:index:Registration', 'brandedcalling:index:Registration']);
    });

    it('previews no change right after, without calling the API', async () => {
      await stack.preview(['--expect-no-changes']);
      assert.equal(totalRequests(emulator), 0);
    });

    it('updates one field in place: the preview names it, up sends one PUT', async () => {
      const before = await stack.outputs();
      const file = path.join(programDir, 'Pulumi.yaml');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('displayName: ACME Support', 'displayName: ACME Help'));
      const preview = await stack.preview(['--diff']);
      assert.match(preview.stdout, /~ brandedcalling:index:Registration: \(update\)/);
      assert.match(preview.stdout, /~ displayName\s*: "ACME Support" => "ACME Help"/);
      assert.match(preview.stdout, /~ 1 to update/);
      assert.doesNotMatch(preview.stdout, /verifyCallerAction|carrierCodes|phoneNumber/, 'the diff shows fields that did not change');
      assert.equal(totalRequests(emulator), 0, 'preview made API calls');

      await stack.up();
      assert.equal(emulator.counters().writes, 1);
      assert.equal(requestsTo(emulator, /^PUT .*\/registrations\/\{registrationId\}$/), 1);
      const support = (await api.listRegistrations()).find((r) => r.phoneNumber === '+33140000001');
      assert.equal(support.displayName, 'ACME Help');
      assert.equal(support.registrationId, before.supportId, 'the registration was re-created');
      await stack.preview(['--expect-no-changes']);
    });

    it('destroys everything, in dependency order', async () => {
      await stack.destroy();
      assert.deepEqual(await stack.resources(), []);
      assert.deepEqual(await api.listRegistrations(), []);
      assert.deepEqual(await api.listCustomers(), []);
    });
  });

  describe('secrets', () => {
    it('keeps a sink credential secret: encrypted in state, absent from outputs, never in clear', async () => {
      const token = 'sink-token-that-must-never-show';
      const customer = (await api.call('POST', '/branded-calling/v0.1/customers', {
        company: { legalName: 'Secret Corp', countryOfRegistration: 'FR', registrationNumber: '552100999' },
        brand: { name: 'Secret' },
      })).body;
      await api.call('POST', `/branded-calling/v0.1/customers/${customer.customerId}/carriers`, { carrierCode: 'OFR' });
      const programDir = makeYamlProgram(
        'yaml-secrets',
        `resources:
  hotline:
    type: brandedcalling:index:Registration
    properties:
      customerId: ${customer.customerId}
      phoneNumber: "+33140000077"
      displayName: Secret Hotline
      terminatingCountryCode: 33
      sink: https://hooks.example.com/branding
      sinkCredential:
        credentialType: ACCESSTOKEN
        accessToken: ${token}
        accessTokenExpiresUtc: "2030-01-01T00:00:00Z"
        accessTokenType: bearer
outputs:
  hotline: \${hotline}
`,
      );
      const stack = await stackOf(programDir, { BRANDED_CALLING_REGISTRATION_API_VERSION: 'v0.2' });
      const up = await stack.up();
      await stack.preview(['--expect-no-changes']);
      const state = await stack.exportState();
      const [registration] = (await stack.resources()).filter((r) => r.type === 'brandedcalling:index:Registration');
      assert.ok(registration.inputs.sinkCredential.ciphertext, 'sinkCredential is not encrypted in state');
      assert.equal(registration.outputs.sinkCredential, undefined);
      assert.match(registration.outputs.sinkCredentialDigest, /^sha256:/);
      const outputs = JSON.stringify(await stack.outputs());
      for (const text of [JSON.stringify(state), up.stdout, up.stderr, outputs]) assert.ok(!text.includes(token), 'the token shows in clear');
      const live = (await api.listRegistrations()).find((r) => r.phoneNumber === '+33140000077');
      assert.equal(live.sink, 'https://hooks.example.com/branding');
      await stack.destroy();
    });
  });
});
