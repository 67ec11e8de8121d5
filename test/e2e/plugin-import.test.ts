// `pulumi import` with the provider plugin, in a Pulumi YAML project, with the real CLI
// against the emulator: objects made directly on the API come under management without
// a write. Each import records its object in the stack and writes the code that declares
// it; that code, put into the program, previews no change.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator, RunningEmulator } from '../../emulator';
import { PulumiStack } from '../../scripts/lib/pulumi-cli';
import { DirectApi } from '../support/emulator-api';
import { languageHostEnv, makeYamlProgram, pluginEnv, yamlProgram } from '../support/installed-package';

describe('pulumi import with the provider plugin, in a YAML project', function () {
  let emulator: RunningEmulator;
  let api: DirectApi;
  let programDir: string;
  let stack: PulumiStack;
  const ids: Record<string, string> = {};

  before(async function () {
    this.timeout(40 * 60_000); // the first run on a machine builds the YAML language host
    const hostEnv = await languageHostEnv(['yaml']);
    emulator = await startEmulator({ decisionDelayMs: -1 });
    api = new DirectApi(emulator);
    // Made outside Pulumi, as a console or a script makes them.
    const customer = await api.call('POST', '/branded-calling/v0.1/customers', {
      company: { legalName: 'ACME Corp', countryOfRegistration: 'FR', registrationNumber: '552100554', address: { city: 'Paris' } },
      brand: { name: 'ACME', callPurpose: 'customer_service' },
    });
    ids.customer = customer.body.customerId;
    await api.call('POST', `/branded-calling/v0.1/customers/${ids.customer}/carriers`, { carrierCode: 'OFR' });
    ids.carrier = `${ids.customer}/OFR`;
    const registration = await api.call('POST', api.registrations(), {
      customerId: ids.customer,
      phoneNumber: '+33140000001',
      displayName: 'ACME Support',
      verifyCallerAction: 'DO_NOT_BRAND',
      terminatingCountryCode: 33,
    });
    ids.registration = registration.body.registrationId;

    programDir = makeYamlProgram('imports', '');
    stack = await PulumiStack.create({ programDir, env: { PATH: hostEnv.PATH, ...pluginEnv(emulator) } });
  });
  after(async () => {
    stack?.cleanup();
    if (programDir) fs.rmSync(programDir, { recursive: true, force: true });
    await emulator?.stop();
  });

  const generated: Record<string, string> = {};

  for (const [type, name, idOf] of [
    ['Customer', 'acme', 'customer'],
    ['Carrier', 'acmeOfr', 'carrier'],
    ['Registration', 'support', 'registration'],
  ] as const) {
    it(`imports a ${type} by its id, recording it and writing the code that declares it, with no write`, async () => {
      emulator.resetCounters();
      const out = path.join(stack.workDir, `${name}.yaml`);
      const result = await stack.run(['import', `brandedcalling:index:${type}`, name, ids[idOf], '--yes', '--protect=false', '--out', out]);
      assert.match(result.stdout, /= 1 imported/, result.stdout);
      assert.equal(emulator.counters().writes, 0);
      const resource = (await stack.resources()).find((r) => r.urn.endsWith(`::${name}`));
      assert.equal(resource.id, ids[idOf]);
      assert.equal(resource.type, `brandedcalling:index:${type}`);
      generated[name] = fs.readFileSync(out, 'utf8');
      assert.match(generated[name], new RegExp(`^resources:\\n  ${name}:\\n    type: brandedcalling:(index:)?${type}\\n`));
    });
  }

  it('generates the inputs each object has: its fields, no output, no secret', () => {
    assert.match(generated.acme, /legalName: ACME Corp/);
    assert.match(generated.acme, /city: Paris/);
    assert.match(generated.acmeOfr, /carrierCode: OFR/);
    assert.match(generated.support, /displayName: ACME Support/);
    assert.match(generated.support, /verifyCallerAction: DO_NOT_BRAND/);
    for (const code of Object.values(generated)) assert.doesNotMatch(code, /status|createdAt|registrationId:/);
  });

  it('previews no change once the generated code is the program, still with no write', async () => {
    const resources = Object.values(generated).map((code) => code.replace(/^resources:\n/, '').trimEnd()).join('\n');
    fs.writeFileSync(path.join(programDir, 'Pulumi.yaml'), yamlProgram('imports', `resources:\n${resources}\n`));
    emulator.resetCounters();
    await stack.preview(['--expect-no-changes']);
    await stack.up(['--expect-no-changes']);
    assert.equal(emulator.counters().writes, 0);
  });

  it('manages them from then on: wired together as a program would be, updated in place, destroyed in order', async () => {
    // Generated code names other objects by their ids; wiring them as references gives the
    // engine the order of deletes (numbers, then carriers, then the customer).
    const file = path.join(programDir, 'Pulumi.yaml');
    const wired = fs
      .readFileSync(file, 'utf8')
      .replaceAll(`customerId: ${ids.customer}`, 'customerId: ${acme.customerId}')
      .replace('displayName: ACME Support', 'displayName: ACME Help\n      carrierCodes:\n        - ${acmeOfr.carrierCode}');
    fs.writeFileSync(file, wired);
    const preview = await stack.preview(['--diff']);
    assert.match(preview.stdout, /~ displayName\s*: "ACME Support" => "ACME Help"/);
    assert.match(preview.stdout, /~ 1 to update/, preview.stdout);
    emulator.resetCounters();
    await stack.up();
    assert.equal(emulator.counters().writes, 1);
    assert.equal((await api.listRegistrations())[0].registrationId, ids.registration);
    await stack.destroy();
    assert.deepEqual(await api.listCustomers(), []);
  });
});
