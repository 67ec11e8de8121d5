import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../emulator/index';
import { ConfigurationError, type ApiClient } from '../../provider/client/index';
import { clientOf, customerWithCarriers, emulator, rejection, requestCount, uniquePhone } from './helpers';

const V02 = '/camara/brand-registration/v0.2';

describe('client: registrations', () => {
  let emu: RunningEmulator;
  let v01: ApiClient;
  let v02: ApiClient;

  before(async () => {
    emu = await emulator();
    v01 = clientOf(emu);
    v02 = clientOf(emu, { registrationApiVersion: 'v0.2' });
  });
  after(() => emu.stop());

  it('round-trips under v0.1 (the default)', async () => {
    assert.equal(v01.registrationApiVersion, 'v0.1');
    const customerId = await customerWithCarriers(v01, 'OFR', 'BYG');
    const body = { phoneNumber: uniquePhone(), displayName: 'ACME Support', customerId, verifyCallerAction: 'DO_NOT_BRAND' };
    const created = await v01.registrations.create(body);
    assert.match(created.registrationId, /^[0-9a-f-]{36}$/);
    assert.equal(created.phoneNumber, body.phoneNumber);
    assert.equal(created.terminatingCountryCode, 33, 'filled in by the server');
    assert.equal(created.status, 'pending');
    assert.deepEqual(
      created.carriers.map((c) => [c.carrierCode, c.status]),
      [
        ['OFR', 'pending'],
        ['BYG', 'pending'],
      ],
    );

    emu.decide(created.registrationId, 'OFR', { status: 'active' });
    emu.decide(created.registrationId, 'BYG', { status: 'rejected', reason: 'brand unknown' });
    const read = await v01.registrations.get(created.registrationId);
    assert.equal(read?.status, 'active');
    assert.deepEqual(read?.carriers, [
      { carrierCode: 'OFR', status: 'active' },
      { carrierCode: 'BYG', status: 'rejected', reason: 'brand unknown' },
    ]);

    const replaced = await v01.registrations.replace(created.registrationId, { ...body, campaignName: 'spring', carrierCodes: ['OFR'] });
    assert.equal(replaced.campaignName, 'spring');
    assert.deepEqual(replaced.carriers, [{ carrierCode: 'OFR', status: 'active' }]);

    assert.equal(await v01.registrations.delete(created.registrationId), true);
    assert.equal(await v01.registrations.get(created.registrationId), undefined);
    assert.equal(await v01.registrations.delete(created.registrationId), false);
  });

  it('round-trips under v0.2 with the 0.2 fields', async () => {
    assert.equal(v02.registrationApiVersion, 'v0.2');
    const customerId = await customerWithCarriers(v02, 'OFR');
    const created = await v02.registrations.create({
      phoneNumber: uniquePhone(),
      displayName: 'ACME Sales',
      customerId,
      terminatingCountryCode: 33,
      callPurpose: 'Customer-Service',
      expiresAt: '2099-12-31',
      sink: 'https://hooks.example.com/branded',
      sinkCredential: { credentialType: 'ACCESSTOKEN', accessToken: 'sink-token', accessTokenExpiresUtc: '2099-12-31T00:00:00Z', accessTokenType: 'bearer' },
    });
    assert.equal(created.callPurpose, 'Customer-Service');
    assert.equal(created.expiresAt, '2099-12-31');
    assert.equal(created.sinkCredential, undefined, 'write-only');
    assert.equal(typeof created.quota, 'number');
    const read = await v02.registrations.get(created.registrationId);
    assert.equal(read?.sink, 'https://hooks.example.com/branded');
    // The same registration seen through v0.1 lacks the 0.2 fields.
    const old = await v01.registrations.get(created.registrationId);
    assert.equal(old?.callPurpose, undefined);
    assert.equal(await v02.registrations.delete(created.registrationId), true);
  });

  it('fails with the API code (409 on a taken number, 422 without carriers)', async () => {
    const customerId = await customerWithCarriers(v01, 'OFR');
    const phoneNumber = uniquePhone();
    await v01.registrations.create({ phoneNumber, displayName: 'First', customerId });
    const taken = await rejection(v01.registrations.create({ phoneNumber, displayName: 'Second', customerId }));
    assert.equal(taken.operation, 'create registration');
    assert.equal(taken.status, 409);
    assert.equal(taken.code, 'CONFLICT');

    const bare = await customerWithCarriers(v01);
    const inapplicable = await rejection(v01.registrations.create({ phoneNumber: uniquePhone(), displayName: 'X', customerId: bare }));
    assert.equal(inapplicable.status, 422);
    assert.equal(inapplicable.code, 'SERVICE_NOT_APPLICABLE');
  });

  it('lists every page under v0.2, with filters', async function () {
    const customerId = await customerWithCarriers(v02, 'OFR');
    const ids = new Set<string>();
    for (let i = 0; i < 105; i++) {
      const r = await v02.registrations.create({ phoneNumber: uniquePhone(), displayName: `Bulk ${i}`, customerId, terminatingCountryCode: 33 });
      ids.add(r.registrationId);
    }
    emu.resetCounters();
    const all = await v02.registrations.list({ customerId });
    assert.equal(all.length, 105);
    assert.deepEqual(new Set(all.map((r) => r.registrationId)), ids);
    assert.equal(requestCount(emu, `GET ${V02}/registrations`, 206), 2, 'two pages of 100');

    const one = await v02.registrations.list({ customerId, displayName: 'Bulk 7' });
    assert.deepEqual(
      one.map((r) => r.displayName),
      ['Bulk 7'],
    );
    assert.deepEqual(await v02.registrations.list({ customerId: 'nobody' }), []);
  });

  it('refuses to list under v0.1, naming the setting', async () => {
    const error = await rejection(v01.registrations.list());
    assert.ok(error instanceof ConfigurationError);
    assert.match(error.message, /registrationApiVersion/);
  });
});
