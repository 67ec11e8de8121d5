import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../emulator/index';
import { Api, REG_V01, REG_V02, eventually, expectError, httpRequest, startWithApi, uniquePhone } from './helpers';

const statuses = (registration: any) => Object.fromEntries(registration.carriers.map((c: any) => [c.carrierCode, c.status]));

describe('emulator: carrier decisions', () => {
  describe('after the configured delay', () => {
    let emulator: RunningEmulator;
    let api: Api;
    before(async () => {
      ({ emulator, api } = await startWithApi({
        decisionDelayMs: 150,
        carrierOutcomes: { BYG: { status: 'rejected', reason: 'Brand not verified' } },
      }));
    });
    after(() => emulator.stop());

    it('starts pending, then each carrier decides its configured outcome; one acceptance makes the registration active', async () => {
      const customerId = await api.customerWithCarriers('OFR', 'BYG');
      const created = await api.createRegistration({ phoneNumber: uniquePhone(), displayName: 'ACME', customerId });
      assert.equal(created.status, 'pending');
      assert.deepEqual(statuses(created), { OFR: 'pending', BYG: 'pending' });
      const decided = await eventually(async () => {
        const r = (await api.get(`${REG_V01}/registrations/${created.registrationId}`)).body;
        return r.carriers.every((c: any) => c.status !== 'pending') ? r : undefined;
      });
      assert.equal(decided.status, 'active');
      assert.deepEqual(decided.carriers, [
        { carrierCode: 'OFR', status: 'active' },
        { carrierCode: 'BYG', status: 'rejected', reason: 'Brand not verified' },
      ]);
    });

    it('is inactive when every carrier rejected', async () => {
      const customerId = await api.customerWithCarriers('BYG');
      const created = await api.createRegistration({ phoneNumber: uniquePhone(), displayName: 'ACME', customerId });
      const decided = await eventually(async () => {
        const r = (await api.get(`${REG_V02}/registrations/${created.registrationId}`)).body;
        return r.carriers[0].status === 'rejected' ? r : undefined;
      });
      assert.equal(decided.status, 'inactive');
    });

    it('sends carriers back to pending when the number or name changes, and decides again', async () => {
      const customerId = await api.customerWithCarriers('OFR');
      const created = await api.createRegistration({ phoneNumber: uniquePhone(), displayName: 'ACME', customerId });
      const path = `${REG_V01}/registrations/${created.registrationId}`;
      await eventually(async () => ((await api.get(path)).body.status === 'active' ? true : undefined));
      const renamed = await api.put(path, { phoneNumber: created.phoneNumber, displayName: 'ACME Support', customerId });
      assert.equal(renamed.body.status, 'pending');
      await eventually(async () => ((await api.get(path)).body.status === 'active' ? true : undefined));
    });
  });

  describe('manual (through the control API)', () => {
    let emulator: RunningEmulator;
    let api: Api;
    let customerId: string;
    before(async () => {
      ({ emulator, api } = await startWithApi({ decisionDelayMs: -1 }));
      customerId = await api.customerWithCarriers('OFR', 'BYG');
    });
    after(() => emulator.stop());

    const decide = (id: string, code: string, body: unknown) =>
      httpRequest(`${emulator.url}/_emulator/registrations/${id}/carriers/${code}/decision`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    async function activeRegistration(): Promise<any> {
      const created = await api.createRegistration({ phoneNumber: uniquePhone(), phoneNumberAlternate: uniquePhone(), displayName: 'ACME', customerId });
      assert.equal((await decide(created.registrationId, 'OFR', { status: 'active' })).status, 200);
      const rejected = await decide(created.registrationId, 'BYG', { status: 'rejected', reason: 'Unknown brand' });
      assert.deepEqual(rejected.body.carriers, [
        { carrierCode: 'OFR', status: 'active' },
        { carrierCode: 'BYG', status: 'rejected', reason: 'Unknown brand' },
      ]);
      return created;
    }

    it('stays pending until a carrier is decided, then shows the decision', async () => {
      const created = await api.createRegistration({ phoneNumber: uniquePhone(), displayName: 'ACME', customerId });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const path = `${REG_V01}/registrations/${created.registrationId}`;
      assert.equal((await api.get(path)).body.status, 'pending');
      await decide(created.registrationId, 'BYG', { status: 'active' });
      const read = (await api.get(path)).body;
      assert.equal(read.status, 'active');
      assert.deepEqual(statuses(read), { OFR: 'pending', BYG: 'active' });
    });

    for (const field of ['phoneNumber', 'phoneNumberAlternate', 'displayName'] as const) {
      it(`a PUT changing ${field} sends every carrier back to pending`, async () => {
        const created = await activeRegistration();
        const body: Record<string, unknown> = {
          phoneNumber: created.phoneNumber,
          phoneNumberAlternate: created.phoneNumberAlternate,
          displayName: created.displayName,
          customerId,
        };
        body[field] = field === 'displayName' ? 'ACME Calling' : uniquePhone();
        const answer = await api.put(`${REG_V01}/registrations/${created.registrationId}`, body);
        assert.equal(answer.status, 200);
        assert.equal(answer.body.status, 'pending');
        assert.deepEqual(answer.body.carriers, [
          { carrierCode: 'OFR', status: 'pending' },
          { carrierCode: 'BYG', status: 'pending' },
        ]);
      });
    }

    it('a PUT changing other fields keeps the decisions; a newly targeted carrier starts pending', async () => {
      const created = await activeRegistration();
      const body = {
        phoneNumber: created.phoneNumber,
        phoneNumberAlternate: created.phoneNumberAlternate,
        displayName: created.displayName,
        customerId,
        campaignName: 'Autumn',
        verifyCallerAction: 'BLOCK_UNVERIFIED',
        terminatingCountryCode: 44,
      };
      const answer = await api.put(`${REG_V01}/registrations/${created.registrationId}`, body);
      assert.equal(answer.body.status, 'active');
      assert.deepEqual(statuses(answer.body), { OFR: 'active', BYG: 'rejected' });

      await api.addCarrier(customerId, 'SFR');
      const wider = await api.put(`${REG_V01}/registrations/${created.registrationId}`, { ...body, carrierCodes: ['OFR', 'SFR'] });
      assert.deepEqual(wider.body.carriers, [
        { carrierCode: 'OFR', status: 'active' },
        { carrierCode: 'SFR', status: 'pending' },
      ]);
    });

    it('answers 404 for an unknown registration or carrier, 400 for a bad decision', async () => {
      const created = await api.createRegistration({ phoneNumber: uniquePhone(), displayName: 'ACME', customerId, carrierCodes: ['OFR'] });
      expectError(await decide('00000000-0000-4000-8000-000000000000', 'OFR', { status: 'active' }), 404, 'NOT_FOUND');
      expectError(await decide(created.registrationId, 'BYG', { status: 'active' }), 404, 'NOT_FOUND');
      expectError(await decide(created.registrationId, 'OFR', { status: 'approved' }), 400, 'INVALID_ARGUMENT');
    });

    it('starts deciding when a delay is set later through the control API', async () => {
      const created = await api.createRegistration({ phoneNumber: uniquePhone(), displayName: 'ACME', customerId, carrierCodes: ['OFR'] });
      const set = await httpRequest(`${emulator.url}/_emulator/decisions`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ delayMs: 50, outcomes: { OFR: { status: 'rejected', reason: 'No' } } }),
      });
      assert.equal(set.status, 200);
      const decided = await eventually(async () => {
        const r = (await api.get(`${REG_V01}/registrations/${created.registrationId}`)).body;
        return r.carriers[0].status !== 'pending' ? r : undefined;
      });
      assert.deepEqual(decided.carriers, [{ carrierCode: 'OFR', status: 'rejected', reason: 'No' }]);
      emulator.setDecisions({ delayMs: -1, outcomes: {} });
    });
  });
});
