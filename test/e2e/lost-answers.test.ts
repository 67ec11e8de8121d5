// Creates whose answer is lost: the API saves the object, the connection drops before
// the answer. The client retries, meets 409, and the resource takes the object over
// instead of failing forever or making a duplicate.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { startEmulator, RunningEmulator } from '../../emulator';
import type { PulumiStack } from '../../scripts/lib/pulumi-cli';
import { DirectApi } from '../support/emulator-api';
import { makeProgram, stackOnEmulator } from '../support/installed-package';

const PROGRAM = `
const bc = require('pulumi-branded-calling');
const acme = new bc.Customer('acme', {
  company: { legalName: 'ACME Corp', countryOfRegistration: 'FR', registrationNumber: '123456789' },
  brand: { name: 'ACME' },
});
const ofr = new bc.Carrier('acme-ofr', { customerId: acme.customerId, carrierCode: 'OFR' });
new bc.Registration('support', { customerId: acme.customerId, carrierCodes: [ofr.carrierCode], phoneNumber: '+33140000001', displayName: 'ACME Support' });
`;

describe('creates whose answer is lost, with the real engine', function () {
  let emulator: RunningEmulator;
  let programDir: string;
  let stack: PulumiStack;

  before(async () => {
    emulator = await startEmulator({ decisionDelayMs: -1 });
    programDir = makeProgram('lost-answers', PROGRAM);
    stack = await stackOnEmulator(programDir, emulator);
  });
  after(async () => {
    stack?.cleanup();
    if (programDir) fs.rmSync(programDir, { recursive: true, force: true });
    await emulator?.stop();
  });

  it('converges in one up, with one customer, one carrier and one registration', async () => {
    emulator.setFaults({ dropAfterCommitShare: 1, methods: ['POST'] });
    await stack.up();
    emulator.clearFaults();
    const dropped = Object.values(emulator.counters().requests).reduce((n, byStatus) => n + (byStatus.dropped ?? 0), 0);
    assert.equal(dropped, 3, 'each create should have lost its first answer');

    const api = new DirectApi(emulator);
    const customers = await api.listCustomers();
    assert.equal(customers.length, 1);
    assert.deepEqual((await api.listCarriers(customers[0].customerId)).map((c) => c.carrierCode), ['OFR']);
    const registrations = await api.listRegistrations();
    assert.equal(registrations.length, 1);
    const state = await stack.resources();
    assert.equal(state.find((r) => r.urn.endsWith('::support')).id, registrations[0].registrationId);
    assert.equal(state.find((r) => r.urn.endsWith('::acme')).id, customers[0].customerId);
    await stack.preview(['--expect-no-changes']);
  });

  it("explains a number registered by another customer instead of taking it", async () => {
    const api = new DirectApi(emulator);
    const other = (await api.call('POST', '/branded-calling/v0.1/customers', {
      company: { legalName: 'Other SAS', countryOfRegistration: 'FR', registrationNumber: '999999999' },
      brand: { name: 'Other' },
    })).body;
    await api.call('POST', `/branded-calling/v0.1/customers/${other.customerId}/carriers`, { carrierCode: 'OFR' });
    const taken = (await api.call('POST', api.registrations(), { customerId: other.customerId, phoneNumber: '+33140000002', displayName: 'Other', terminatingCountryCode: 33 })).body;
    fs.appendFileSync(`${programDir}/index.js`, `new bc.Registration('sales', { customerId: acme.customerId, carrierCodes: [ofr.carrierCode], phoneNumber: '+33140000002', displayName: 'ACME Sales' });\n`);
    const result = await stack.up([], { expectFailure: true });
    assert.match(result.stdout + result.stderr, new RegExp(`already registered in this account, by registration ${taken.registrationId} of customer ${other.customerId}`));
    const registrations = await api.listRegistrations();
    assert.equal(registrations.filter((r) => r.phoneNumber === '+33140000002').length, 1);
    assert.equal(registrations.find((r) => r.phoneNumber === '+33140000002').customerId, other.customerId);
  });
});
