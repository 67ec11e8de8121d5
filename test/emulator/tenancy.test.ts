import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../emulator/index';
import { Api, ONBOARDING, REG_V01, REG_V02, customerBody, expectError, startWithApi, uniquePhone } from './helpers';

describe('emulator: tenancy', () => {
  let emulator: RunningEmulator;
  let alice: Api;
  let bob: Api;
  let customerId: string;
  let registration: any;
  before(async () => {
    ({ emulator } = await startWithApi({
      clients: [
        { clientId: 'alice', clientSecret: 'a' },
        { clientId: 'bob', clientSecret: 'b' },
      ],
    }));
    alice = await Api.login(emulator.url, `Basic ${Buffer.from('alice:a').toString('base64')}`);
    bob = await Api.login(emulator.url, `Basic ${Buffer.from('bob:b').toString('base64')}`);
    customerId = await alice.customerWithCarriers('OFR');
    registration = await alice.createRegistration({ phoneNumber: uniquePhone(), displayName: 'Alice', customerId });
  });
  after(() => emulator.stop());

  it('answers 404 to another account for every object of the first', async () => {
    const regId = registration.registrationId;
    expectError(await bob.get(`${ONBOARDING}/customers/${customerId}`), 404, 'NOT_FOUND');
    expectError(await bob.put(`${ONBOARDING}/customers/${customerId}`, customerBody()), 404, 'NOT_FOUND');
    expectError(await bob.del(`${ONBOARDING}/customers/${customerId}`), 404, 'NOT_FOUND');
    expectError(await bob.get(`${ONBOARDING}/customers/${customerId}/carriers`), 404, 'NOT_FOUND');
    expectError(await bob.get(`${ONBOARDING}/customers/${customerId}/carriers/OFR`), 404, 'NOT_FOUND');
    expectError(await bob.post(`${ONBOARDING}/customers/${customerId}/carriers`, { carrierCode: 'BYG' }), 404, 'NOT_FOUND');
    expectError(await bob.del(`${ONBOARDING}/customers/${customerId}/carriers/OFR`), 404, 'NOT_FOUND');
    for (const base of [REG_V01, REG_V02]) {
      expectError(await bob.get(`${base}/registrations/${regId}`), 404, 'NOT_FOUND');
      expectError(await bob.del(`${base}/registrations/${regId}`), 404, 'NOT_FOUND');
    }
    expectError(
      await bob.put(`${REG_V01}/registrations/${regId}`, { phoneNumber: uniquePhone(), displayName: 'Bob', customerId }),
      404,
      'NOT_FOUND',
    );
    // Nothing of Alice's changed.
    assert.equal((await alice.get(`${REG_V01}/registrations/${regId}`)).body.displayName, 'Alice');
    assert.equal((await alice.get(`${ONBOARDING}/customers/${customerId}/carriers/OFR`)).status, 200);
  });

  it('lists only the account’s own objects', async () => {
    assert.deepEqual((await bob.get(`${ONBOARDING}/customers`)).body.customers, []);
    assert.deepEqual((await bob.get(`${REG_V02}/registrations`)).body.registrations, []);
    assert.deepEqual((await bob.get(`${REG_V02}/registrations?customerId=${customerId}`)).body.registrations, []);
    assert.equal((await alice.get(`${REG_V02}/registrations`)).body.registrations.length, 1);
  });

  it('refuses a registration naming another account’s customer (422)', async () => {
    expectError(
      await bob.post(`${REG_V01}/registrations`, { phoneNumber: uniquePhone(), displayName: 'Bob', customerId }),
      422,
      'SERVICE_NOT_APPLICABLE',
    );
  });

  it('applies uniqueness per account: the same company and phone number are free in another account', async () => {
    const aliceCustomer = (await alice.get(`${ONBOARDING}/customers/${customerId}`)).body;
    const bobCustomer = await bob.post(`${ONBOARDING}/customers`, { company: aliceCustomer.company, brand: aliceCustomer.brand });
    assert.equal(bobCustomer.status, 201);
    await bob.addCarrier(bobCustomer.body.customerId, 'OFR');
    const bobRegistration = await bob.post(`${REG_V01}/registrations`, {
      phoneNumber: registration.phoneNumber,
      displayName: 'Bob',
      customerId: bobCustomer.body.customerId,
    });
    assert.equal(bobRegistration.status, 201);
  });
});
