import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../emulator/index';
import { Api, ONBOARDING, REG_V01, expectError, startWithApi, uniquePhone } from './helpers';

describe('emulator: carriers', () => {
  let emulator: RunningEmulator;
  let api: Api;
  before(async () => ({ emulator, api } = await startWithApi()));
  after(() => emulator.stop());

  it('adds, lists, reads and removes a carrier; the record is {carrierCode, status, createdAt}', async () => {
    const customerId = await api.createCustomer();
    const added = await api.post(`${ONBOARDING}/customers/${customerId}/carriers`, { carrierCode: 'OFR' });
    assert.equal(added.status, 201);
    assert.deepEqual(Object.keys(added.body).sort(), ['carrierCode', 'createdAt', 'status']);
    assert.equal(added.body.carrierCode, 'OFR');
    assert.equal(added.body.status, 'active');
    await api.addCarrier(customerId, 'BYG');

    const list = await api.get(`${ONBOARDING}/customers/${customerId}/carriers`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.carriers.map((c: any) => c.carrierCode), ['OFR', 'BYG']);

    const read = await api.get(`${ONBOARDING}/customers/${customerId}/carriers/OFR`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, added.body);

    assert.equal((await api.del(`${ONBOARDING}/customers/${customerId}/carriers/OFR`)).status, 204);
    expectError(await api.get(`${ONBOARDING}/customers/${customerId}/carriers/OFR`), 404, 'NOT_FOUND');
    expectError(await api.del(`${ONBOARDING}/customers/${customerId}/carriers/OFR`), 404, 'NOT_FOUND');
    assert.deepEqual((await api.get(`${ONBOARDING}/customers/${customerId}/carriers`)).body.carriers.map((c: any) => c.carrierCode), ['BYG']);
  });

  it('knows SFR and FRM besides OFR and BYG', async () => {
    const customerId = await api.createCustomer();
    for (const code of ['SFR', 'FRM']) await api.addCarrier(customerId, code);
  });

  it('answers 409 when the carrier is added twice', async () => {
    const customerId = await api.customerWithCarriers('OFR');
    expectError(await api.post(`${ONBOARDING}/customers/${customerId}/carriers`, { carrierCode: 'OFR' }), 409, 'CONFLICT');
  });

  it('answers 422 for a well-formed but unknown carrier code', async () => {
    const customerId = await api.createCustomer();
    expectError(await api.post(`${ONBOARDING}/customers/${customerId}/carriers`, { carrierCode: 'XYZ' }), 422, 'SERVICE_NOT_APPLICABLE');
  });

  for (const [name, body] of [
    ['a lower-case code', { carrierCode: 'ofr' }],
    ['a four-letter code', { carrierCode: 'OFRA' }],
    ['a missing code', {}],
    ['an unknown property', { carrierCode: 'OFR', name: 'Orange' }],
  ] as const) {
    it(`answers 400 for ${name}`, async () => {
      const customerId = await api.createCustomer();
      expectError(await api.post(`${ONBOARDING}/customers/${customerId}/carriers`, body), 400, 'INVALID_ARGUMENT');
    });
  }

  it('answers 404 for the carriers of an unknown customer', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expectError(await api.post(`${ONBOARDING}/customers/${unknown}/carriers`, { carrierCode: 'OFR' }), 404, 'NOT_FOUND');
    expectError(await api.get(`${ONBOARDING}/customers/${unknown}/carriers`), 404, 'NOT_FOUND');
    expectError(await api.get(`${ONBOARDING}/customers/${unknown}/carriers/OFR`), 404, 'NOT_FOUND');
  });

  it('refuses to remove a carrier a registration of the customer targets (409), not one it does not', async () => {
    const customerId = await api.customerWithCarriers('OFR', 'BYG');
    const registration = await api.createRegistration({
      phoneNumber: uniquePhone(),
      displayName: 'ACME',
      customerId,
      carrierCodes: ['OFR'],
    });
    expectError(await api.del(`${ONBOARDING}/customers/${customerId}/carriers/OFR`), 409, 'CONFLICT');
    assert.equal((await api.del(`${ONBOARDING}/customers/${customerId}/carriers/BYG`)).status, 204);
    assert.equal((await api.del(`${REG_V01}/registrations/${registration.registrationId}`)).status, 204);
    assert.equal((await api.del(`${ONBOARDING}/customers/${customerId}/carriers/OFR`)).status, 204);
  });
});
