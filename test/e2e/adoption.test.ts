// Adoption with the real CLI: objects made directly on the emulator (as by hand or by
// script) brought under a program with existingId, without creating or deleting anything.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator, RunningEmulator } from '../../emulator';
import type { PulumiStack } from '../../scripts/lib/pulumi-cli';
import { DirectApi, requestsTo } from '../support/emulator-api';
import { makeProgram, stackOnEmulator } from '../support/installed-package';

const COMPANY = { legalName: 'ACME SAS', countryOfRegistration: 'FR', registrationNumber: '552100554' };

interface Existing {
  customerId: string;
  registrationId: string;
}

/** What was made outside Pulumi: a customer on OFR and BYG, and one number. */
async function makeByHand(api: DirectApi): Promise<Existing> {
  const customer = await api.call('POST', '/branded-calling/v0.1/customers', { company: COMPANY, brand: { name: 'ACME' } });
  assert.equal(customer.status, 201);
  const customerId = customer.body.customerId as string;
  for (const carrierCode of ['OFR', 'BYG']) {
    assert.equal((await api.call('POST', `/branded-calling/v0.1/customers/${customerId}/carriers`, { carrierCode })).status, 201);
  }
  const registration = await api.call('POST', api.registrations(), {
    customerId,
    phoneNumber: '+33140000001',
    displayName: 'ACME Support',
    carrierCodes: ['OFR', 'BYG'],
    terminatingCountryCode: 33,
  });
  assert.equal(registration.status, 201);
  return { customerId, registrationId: registration.body.registrationId };
}

/** The program a user writes to adopt them; the arguments are what the tests vary. */
function adoptingProgram(ids: { customer: string; ofr: string; byg: string; registration: string }, displayName = 'ACME Support', brandName = 'ACME'): string {
  return `
const bc = require('pulumi-branded-calling');
const acme = new bc.Customer('acme', { existingId: ${JSON.stringify(ids.customer)}, company: ${JSON.stringify(COMPANY)}, brand: { name: ${JSON.stringify(brandName)} } });
const ofr = new bc.Carrier('acme-ofr', { existingId: ${JSON.stringify(ids.ofr)}, customerId: acme.customerId, carrierCode: 'OFR' });
const byg = new bc.Carrier('acme-byg', { existingId: ${JSON.stringify(ids.byg)}, customerId: acme.customerId, carrierCode: 'BYG' });
new bc.Registration('support', {
  existingId: ${JSON.stringify(ids.registration)},
  customerId: acme.customerId,
  phoneNumber: '+33140000001',
  displayName: ${JSON.stringify(displayName)},
  carrierCodes: [ofr.carrierCode, byg.carrierCode],
  terminatingCountryCode: 33,
});
`;
}

function idsOf(existing: Existing) {
  return {
    customer: existing.customerId,
    ofr: `${existing.customerId}/OFR`,
    byg: `${existing.customerId}/BYG`,
    registration: existing.registrationId,
  };
}

describe('adopting existing objects with existingId, with the real engine', function () {
  let emulator: RunningEmulator;
  let api: DirectApi;
  const cleanups: (() => void)[] = [];

  before(async () => {
    emulator = await startEmulator({ decisionDelayMs: -1 });
    api = new DirectApi(emulator);
  });
  beforeEach(async () => {
    await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
  });
  after(async () => {
    for (const cleanup of cleanups) cleanup();
    await emulator?.stop();
  });

  async function stackFor(name: string, source: string): Promise<{ stack: PulumiStack; programDir: string }> {
    const programDir = makeProgram(name, source);
    const stack = await stackOnEmulator(programDir, emulator);
    cleanups.push(() => {
      stack.cleanup();
      fs.rmSync(programDir, { recursive: true, force: true });
    });
    return { stack, programDir };
  }

  it('records a customer, its carriers and a registration as they are: no write, then no change', async () => {
    const existing = await makeByHand(api);
    const { stack } = await stackFor('adopt-as-is', adoptingProgram(idsOf(existing)));
    emulator.resetCounters();

    // With --diff, Pulumi prints diagnostics on stderr.
    const preview = await stack.preview(['--diff']);
    const notes = preview.stdout + preview.stderr;
    assert.match(notes, new RegExp(`Registration \\+33140000001: existing registration "${existing.registrationId}" will be adopted as it is: nothing created, nothing changed`));
    assert.match(notes, new RegExp(`Customer ACME SAS: existing customer "${existing.customerId}" will be adopted as it is`));
    assert.match(notes, /Carrier BYG: existing carrier ".*\/BYG" will be adopted as it is/);
    await stack.up();
    assert.equal(emulator.counters().writes, 0, 'adoption writes nothing');
    assert.equal(requestsTo(emulator, /^POST \/(branded-calling|camara)/), 0, 'no create was attempted');

    const byType = Object.fromEntries((await stack.resources()).filter((r) => r.type.includes('brandedcalling')).map((r) => [r.urn.split('::').pop(), r.id]));
    assert.deepEqual(byType, { acme: existing.customerId, 'acme-ofr': `${existing.customerId}/OFR`, 'acme-byg': `${existing.customerId}/BYG`, support: existing.registrationId });

    await stack.preview(['--expect-no-changes']);
    await stack.refresh(['--expect-no-changes']);
    assert.equal(emulator.counters().writes, 0);
    assert.equal((await api.listCustomers()).length, 1);
    assert.equal((await api.listRegistrations()).length, 1);
  });

  it('updates in place what the program declares differently, creating nothing', async () => {
    const existing = await makeByHand(api);
    const { stack } = await stackFor('adopt-and-update', adoptingProgram(idsOf(existing), 'ACME Help', 'ACME Group'));
    emulator.resetCounters();

    const preview = await stack.preview(['--diff']);
    const notes = preview.stdout + preview.stderr;
    assert.match(notes, /Registration \+33140000001: existing registration ".*" will be adopted and updated in place \(nothing created\): displayName: "ACME Support" -> "ACME Help"/);
    assert.match(notes, /Customer ACME SAS: existing customer ".*" will be adopted and updated in place \(nothing created\): brand\.name: "ACME" -> "ACME Group"\./);
    assert.match(notes, /Carrier BYG: existing carrier ".*\/BYG" will be adopted as it is: nothing created, nothing changed \(customerId: compared once known, during up\)/);
    assert.equal(emulator.counters().writes, 0, 'preview writes nothing');

    await stack.up();
    assert.equal(emulator.counters().writes, 2, 'one PUT for the customer, one for the registration');
    assert.equal(requestsTo(emulator, /^POST \/(branded-calling|camara)/), 0);
    const [registration] = await api.listRegistrations();
    assert.equal(registration.registrationId, existing.registrationId);
    assert.equal(registration.displayName, 'ACME Help');
    assert.equal((await api.listCustomers())[0].brand.name, 'ACME Group');
    await stack.preview(['--expect-no-changes']);

    // Drift after adoption: refresh shows it, and the next preview shows only the drifted
    // field going back, not existingId as if it were new.
    const { registrationId, status, carriers, createdAt, updatedAt, quota, quotaThreshold, ...body } = registration;
    const edited = await api.call('PUT', api.registrations(`/${registrationId}`), { ...body, displayName: 'Edited by hand', carrierCodes: carriers.map((c: any) => c.carrierCode) });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    await stack.refresh();
    const drift = await stack.preview(['--diff']);
    assert.match(drift.stdout, /~ displayName\s*: "Edited by hand" => "ACME Help"/);
    assert.match(drift.stdout, /^ +existingId +: "/m, 'existingId is shown unchanged');
    assert.doesNotMatch(drift.stdout, /^ *[-+~] *existingId/m);
  });

  it('fails at preview, with no write, for an id that does not exist or belongs to another account', async () => {
    const existing = await makeByHand(api);
    const other = await fetch(`${emulator.url}/_emulator/clients`, { method: 'POST', body: JSON.stringify({ account: 'someone-else' }), headers: { 'content-type': 'application/json' } });
    assert.equal(other.ok, true);
    const otherApi = new DirectApi({ ...emulator, demoClient: await other.json() } as RunningEmulator);
    const foreign = await otherApi.call('POST', '/branded-calling/v0.1/customers', { company: { ...COMPANY, registrationNumber: '999999999' }, brand: { name: 'Other' } });
    assert.equal(foreign.status, 201);

    const missing = { ...idsOf(existing), registration: 'does-not-exist' };
    const { stack } = await stackFor('adopt-missing', adoptingProgram(missing));
    emulator.resetCounters();
    const result = await stack.preview([], { expectFailure: true });
    const output = result.stdout + result.stderr;
    assert.match(output, /support/);
    assert.match(output, /existingId: there is no Registration "does-not-exist" in the account that the brandedcalling credentials reach/);

    const { stack: foreignStack } = await stackFor('adopt-foreign', adoptingProgram({ ...idsOf(existing), customer: foreign.body.customerId }));
    const foreignResult = await foreignStack.up([], { expectFailure: true });
    assert.match(foreignResult.stdout + foreignResult.stderr, new RegExp(`there is no Customer "${foreign.body.customerId}"`));
    assert.equal(emulator.counters().writes, 0);
    assert.deepEqual(await foreignStack.resources(), []);
  });

  it("refuses a registration of another customer, naming both, and writes nothing", async () => {
    const existing = await makeByHand(api);
    const second = await api.call('POST', '/branded-calling/v0.1/customers', { company: { ...COMPANY, registrationNumber: '552100555' }, brand: { name: 'Labs' } });
    const source = `
const bc = require('pulumi-branded-calling');
new bc.Registration('support', {
  existingId: ${JSON.stringify(existing.registrationId)},
  customerId: ${JSON.stringify(second.body.customerId)},
  phoneNumber: '+33140000001',
  displayName: 'ACME Support',
});
`;
    const { stack } = await stackFor('adopt-wrong-customer', source);
    emulator.resetCounters();
    const result = await stack.up([], { expectFailure: true });
    const output = result.stdout + result.stderr;
    assert.match(output, new RegExp(`customerId is "${existing.customerId}" there, "${second.body.customerId}" here, which cannot change in place`));
    assert.equal(emulator.counters().writes, 0);
    assert.deepEqual(await stack.resources(), []);
  });

  it('refuses naming another object once the resource is in the stack', async () => {
    const existing = await makeByHand(api);
    const { stack, programDir } = await stackFor('adopt-then-rename', adoptingProgram(idsOf(existing)));
    await stack.up();
    fs.writeFileSync(path.join(programDir, 'index.js'), adoptingProgram({ ...idsOf(existing), registration: 'another-one' }));
    emulator.resetCounters();
    const result = await stack.preview([], { expectFailure: true });
    assert.match(result.stdout + result.stderr, /existingId "another-one" differs from the id this resource already has in the stack/);
    // Removing existingId after adoption is no change at all.
    const withoutAdoption = adoptingProgram(idsOf(existing)).replace(/existingId: [^,]+, /g, '').replace(/existingId: [^,]+,\n/g, '');
    fs.writeFileSync(path.join(programDir, 'index.js'), withoutAdoption);
    await stack.preview(['--expect-no-changes']);
    assert.equal(emulator.counters().writes, 0);
  });
});
