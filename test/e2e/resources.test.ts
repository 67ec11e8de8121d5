// Customer, Carrier and Registration through the real Pulumi CLI, against the emulator
// over HTTP, with the package installed as a user installs it. One stack walks the whole
// lifecycle: create, no-change preview, update in place, replacements, bad input at
// preview, refresh after changes made outside Pulumi, secrets, destroy.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator, RunningEmulator } from '../../emulator';
import type { PulumiStack } from '../../scripts/lib/pulumi-cli';
import { DirectApi, requestsTo, totalRequests } from '../support/emulator-api';
import { makeProgram, stackOnEmulator } from '../support/installed-package';

interface Shape {
  salesName?: string;
  salesCustomer?: 'acme' | 'labs';
  secondCarrier?: string;
  extra?: string;
}

/** The program a user would write; `shape` is what the tests edit between runs. */
function program(shape: Shape = {}): string {
  const { salesName = 'ACME Sales', salesCustomer = 'acme', secondCarrier = 'BYG', extra = '' } = shape;
  return `
const bc = require('pulumi-branded-calling');

const company = (legalName, registrationNumber) => ({
  legalName, countryOfRegistration: 'FR', registrationNumber,
  corporateWebsite: 'https://www.acme.example', dunsNumber: '123456789', industry: 'water_supply_waste',
  address: { streetNumber: '1', street: 'Rue de la Paix', zipCode: '75002', city: 'Paris' },
  employeeCount: 250,
  contact: { name: 'Alice Martin', role: 'CTO', email: 'alice@acme.example', phoneNumber: '+33123456789' },
});

const acme = new bc.Customer('acme', {
  company: company('ACME SAS', '552100554'),
  brand: { name: 'ACME', tradingWebsite: 'https://acme.example', callPurpose: 'customer_service',
           contact: { name: 'Bob Durand', title: 'Head of Support', email: 'bob@acme.example' } },
});
const labs = new bc.Customer('labs', {
  company: company('ACME Labs SAS', '552100555'),
  brand: { name: 'ACME Labs' },
});

const ofr = new bc.Carrier('acme-ofr', { customerId: acme.customerId, carrierCode: 'OFR' });
const second = new bc.Carrier('acme-second', { customerId: acme.customerId, carrierCode: '${secondCarrier}' });
const labsOfr = new bc.Carrier('labs-ofr', { customerId: labs.customerId, carrierCode: 'OFR' });

const support = new bc.Registration('support', {
  customerId: acme.customerId,
  phoneNumber: '+33140000001',
  displayName: 'ACME Support',
  carrierCodes: [ofr.carrierCode, second.carrierCode],
  verifyCallerAction: 'DO_NOT_BRAND',
});
const sales = ${salesCustomer === 'acme'
    ? `new bc.Registration('sales', { customerId: acme.customerId, phoneNumber: '+33140000002', displayName: ${JSON.stringify(salesName)}, carrierCodes: [ofr.carrierCode, second.carrierCode] });`
    : `new bc.Registration('sales', { customerId: labs.customerId, phoneNumber: '+33140000002', displayName: ${JSON.stringify(salesName)}, carrierCodes: [labsOfr.carrierCode] });`}
${extra}
exports.acmeId = acme.customerId;
exports.labsId = labs.customerId;
exports.supportId = support.registrationId;
exports.supportStatus = support.status;
exports.salesId = sales.registrationId;
exports.supportCarriers = support.carrierStatuses;
`;
}

describe('Customer, Carrier and Registration with the real engine', function () {
  let emulator: RunningEmulator;
  let api: DirectApi;
  let programDir: string;
  let stack: PulumiStack;

  function write(shape: Shape = {}): void {
    fs.writeFileSync(path.join(programDir, 'index.js'), program(shape));
  }

  before(async () => {
    emulator = await startEmulator({ decisionDelayMs: -1 });
    api = new DirectApi(emulator);
    programDir = makeProgram('branding', program());
    stack = await stackOnEmulator(programDir, emulator);
  });

  after(async () => {
    stack?.cleanup();
    if (programDir) fs.rmSync(programDir, { recursive: true, force: true });
    await emulator?.stop();
  });

  beforeEach(() => emulator.resetCounters());

  it('creates customers, carriers and registrations: one write each, one token for the run', async () => {
    const result = await stack.up();
    assert.match(result.stdout, /\+ 8 created/, result.stdout); // stack + 2 customers + 3 carriers + 2 registrations
    const counters = emulator.counters();
    assert.equal(counters.writes, 7);
    assert.equal(counters.tokensIssued, 1);
    assert.equal(requestsTo(emulator, /^POST .*\/registrations$/), 2);

    const outputs = await stack.outputs();
    const registrations = await api.listRegistrations();
    assert.equal(registrations.length, 2);
    const support = registrations.find((r) => r.phoneNumber === '+33140000001');
    assert.equal(outputs.supportId, support.registrationId);
    assert.equal(support.displayName, 'ACME Support');
    assert.equal(support.customerId, outputs.acmeId);
    assert.deepEqual(support.carriers.map((c: any) => c.carrierCode).sort(), ['BYG', 'OFR']);
    assert.equal(outputs.supportStatus, 'pending');
    assert.deepEqual(
      (await api.listCarriers(outputs.acmeId as string)).map((c) => c.carrierCode).sort(),
      ['BYG', 'OFR'],
    );
  });

  it('previews no change right after up, without calling the API', async () => {
    await stack.preview(['--expect-no-changes']);
    assert.equal(totalRequests(emulator), 0);
    assert.equal(emulator.counters().tokensIssued, 0);
  });

  it('updates a display name in place: the preview names the field, up sends one PUT', async () => {
    const before = await stack.outputs();
    write({ salesName: 'ACME Ventes' });
    const preview = await stack.preview(['--diff']);
    assert.match(preview.stdout, /~ pulumi-nodejs:dynamic\/brandedcalling:Registration: \(update\)/);
    assert.match(preview.stdout, /~ displayName\s*: "ACME Sales" => "ACME Ventes"/);
    assert.match(preview.stdout, /~ 1 to update/);
    assert.equal(totalRequests(emulator), 0, 'preview made API calls');

    await stack.up();
    assert.equal(emulator.counters().writes, 1);
    assert.equal(requestsTo(emulator, /^PUT .*\/registrations\/\{registrationId\}$/), 1);
    const sales = (await api.listRegistrations()).find((r) => r.phoneNumber === '+33140000002');
    assert.equal(sales.displayName, 'ACME Ventes');
    assert.equal(sales.registrationId, before.salesId, 'the registration was re-created');
    await stack.preview(['--expect-no-changes']);
  });

  it('replaces a carrier whose code changes, and updates the registrations wired to it', async () => {
    write({ salesName: 'ACME Ventes', secondCarrier: 'SFR' });
    const preview = await stack.preview(['--diff']);
    assert.match(preview.stdout, /\+-pulumi-nodejs:dynamic\/brandedcalling:Carrier: \(replace\)/);
    assert.match(preview.stdout, /~ carrierCode\s*: "BYG" => "SFR"/);

    await stack.up();
    const acmeId = (await stack.outputs()).acmeId as string;
    assert.deepEqual((await api.listCarriers(acmeId)).map((c) => c.carrierCode).sort(), ['OFR', 'SFR']);
    for (const registration of (await api.listRegistrations()).filter((r) => r.customerId === acmeId)) {
      assert.deepEqual(registration.carriers.map((c: any) => c.carrierCode).sort(), ['OFR', 'SFR']);
    }
    await stack.preview(['--expect-no-changes']);
  });

  it('replaces a registration moved to another customer, deleting it first (one number per account)', async () => {
    const before = await stack.outputs();
    write({ salesName: 'ACME Ventes', secondCarrier: 'SFR', salesCustomer: 'labs' });
    const preview = await stack.preview(['--diff']);
    assert.match(preview.stdout, /\+-pulumi-nodejs:dynamic\/brandedcalling:Registration: \(replace\)/);
    assert.match(preview.stdout, /~ customerId\s*: "[0-9a-f-]+" => "[0-9a-f-]+"/);

    const up = await stack.up();
    assert.match(up.stdout, /sales deleting original/);
    const sales = (await api.listRegistrations()).filter((r) => r.phoneNumber === '+33140000002');
    assert.equal(sales.length, 1);
    assert.equal(sales[0].customerId, before.labsId);
    assert.notEqual(sales[0].registrationId, before.salesId);
    await stack.preview(['--expect-no-changes']);
  });

  it('refuses bad input at preview, naming the resource and the property, with no API call', async () => {
    write({
      salesName: 'ACME Ventes', secondCarrier: 'SFR', salesCustomer: 'labs',
      extra: `new bc.Registration('broken', { customerId: acme.customerId, phoneNumber: '0140000003', displayName: 'A name far too long for any phone' , verifyCallerAction: 'BLOCK' });`,
    });
    const preview = await stack.preview([], { expectFailure: true });
    const output = preview.stdout + preview.stderr;
    assert.match(output, /broken/);
    assert.match(output, /phoneNumber: must be an E\.164 number/);
    assert.match(output, /displayName: must be at most 32 characters/);
    assert.match(output, /verifyCallerAction: must be one of "BLOCK_UNVERIFIED", "DO_NOT_BRAND"/);
    assert.equal(totalRequests(emulator), 0);
    write({ salesName: 'ACME Ventes', secondCarrier: 'SFR', salesCustomer: 'labs' });
  });

  it('refresh brings back a change made outside Pulumi, and up puts the declared value back', async () => {
    const { supportId } = await stack.outputs();
    const live = (await api.call('GET', api.registrations(`/${supportId}`))).body;
    const { registrationId, status, carriers, createdAt, updatedAt, quota, quotaThreshold, ...body } = live;
    const changed = await api.call('PUT', api.registrations(`/${supportId}`), { ...body, displayName: 'Hacked Name', carrierCodes: carriers.map((c: any) => c.carrierCode) });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));

    await stack.refresh();
    const state = await stack.resources();
    const support = state.find((r) => r.urn.endsWith('::support'));
    assert.equal(support.outputs.displayName, 'Hacked Name');
    const preview = await stack.preview(['--diff']);
    assert.match(preview.stdout, /~ displayName\s*: "Hacked Name" => "ACME Support"/);
    await stack.up();
    assert.equal((await api.call('GET', api.registrations(`/${supportId}`))).body.displayName, 'ACME Support');
  });

  it('refresh drops a registration deleted outside Pulumi, and up creates it again', async () => {
    const { supportId } = await stack.outputs();
    assert.equal((await api.call('DELETE', api.registrations(`/${supportId}`))).status, 204);
    await stack.refresh();
    assert.equal((await stack.resources()).some((r) => r.urn.endsWith('::support')), false);
    await stack.up();
    assert.equal((await api.listRegistrations()).filter((r) => r.phoneNumber === '+33140000001').length, 1);
    await stack.preview(['--expect-no-changes']);
  });

  it('shows a carrier rejection as a warning and in the outputs', async () => {
    const { supportId } = await stack.outputs();
    emulator.decide(supportId as string, 'OFR', { status: 'rejected', reason: 'brand not verified' });
    const refresh = await stack.refresh();
    assert.match(refresh.stdout + refresh.stderr, /carrier OFR rejected it: brand not verified/);
    const support = (await stack.resources()).find((r) => r.urn.endsWith('::support'));
    assert.deepEqual(
      support.outputs.carrierStatuses.find((c: any) => c.carrierCode === 'OFR'),
      { carrierCode: 'OFR', status: 'rejected', reason: 'brand not verified' },
    );
  });

  it('stores one small, identical serialized provider per type, and no credential', async () => {
    const exported = JSON.stringify(await stack.exportState());
    for (const secret of [emulator.demoClient.clientSecret, emulator.demoClient.authorizationHeader.replace('Basic ', '')]) {
      assert.equal(exported.includes(secret), false, 'a credential is in the state');
    }
    const resources = await stack.resources();
    const registrations = resources.filter((r) => r.type === 'pulumi-nodejs:dynamic/brandedcalling:Registration');
    assert.equal(registrations.length, 2);
    assert.equal(new Set(registrations.map((r) => r.inputs.__provider)).size, 1);
    assert.equal(new Set(resources.filter((r) => r.type.endsWith(':Carrier')).map((r) => r.inputs.__provider)).size, 1);
    for (const registration of registrations) {
      const bytes = Buffer.byteLength(JSON.stringify(registration));
      assert.ok(bytes <= 4096, `a registration takes ${bytes} bytes of state`);
    }
    assert.doesNotMatch(registrations[0].inputs.__provider, /\/tmp\/|\/home\/|\/root\/|127\.0\.0\.1/);
  });

  it('destroys everything in order, leaving the emulator empty', async () => {
    await stack.destroy();
    assert.deepEqual(await api.listRegistrations(), []);
    assert.deepEqual(await api.listCustomers(), []);
    assert.deepEqual(await stack.resources(), []);
  });
});
