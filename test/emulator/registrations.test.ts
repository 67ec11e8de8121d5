import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator/index';
import { Api, REG_V01, REG_V02, expectError, httpRequest, startWithApi, uniquePhone } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('emulator: registrations', () => {
  let emulator: RunningEmulator;
  let api: Api;
  let customerId: string;
  before(async () => {
    ({ emulator, api } = await startWithApi());
    customerId = await api.customerWithCarriers('OFR', 'BYG');
  });
  after(() => emulator.stop());

  const v01Body = (extra: Record<string, unknown> = {}) => ({
    phoneNumber: uniquePhone(),
    displayName: 'Acme Support',
    customerId,
    verifyCallerAction: 'DO_NOT_BRAND',
    ...extra,
  });
  const v02Body = (extra: Record<string, unknown> = {}) => ({ ...v01Body(), terminatingCountryCode: 33, ...extra });

  describe('v0.1', () => {
    it('creates Orange’s example: 201, a UUID, 33 filled in, every carrier of the customer pending', async () => {
      const body = v01Body();
      const answer = await api.post(`${REG_V01}/registrations`, body);
      assert.equal(answer.status, 201);
      assert.match(answer.body.registrationId, UUID);
      assert.equal(answer.body.phoneNumber, body.phoneNumber);
      assert.equal(answer.body.displayName, 'Acme Support');
      assert.equal(answer.body.customerId, customerId);
      assert.equal(answer.body.verifyCallerAction, 'DO_NOT_BRAND');
      assert.equal(answer.body.terminatingCountryCode, 33);
      assert.equal(answer.body.status, 'pending');
      assert.deepEqual(answer.body.carriers, [
        { carrierCode: 'OFR', status: 'pending' },
        { carrierCode: 'BYG', status: 'pending' },
      ]);
      assert.ok(Date.parse(answer.body.createdAt) > 0);
      assert.equal(answer.body.updatedAt, answer.body.createdAt);
      assert.deepEqual(Object.keys(answer.body), [...Object.keys(answer.body)].sort(), 'keys are sorted, not in request order');
      assert.deepEqual((await api.get(`${REG_V01}/registrations/${answer.body.registrationId}`)).body, answer.body);
    });

    it('keeps a given terminatingCountryCode and targets only the given carrierCodes', async () => {
      const answer = await api.post(`${REG_V01}/registrations`, v01Body({ terminatingCountryCode: 44, carrierCodes: ['BYG'] }));
      assert.equal(answer.status, 201);
      assert.equal(answer.body.terminatingCountryCode, 44);
      assert.deepEqual(answer.body.carriers, [{ carrierCode: 'BYG', status: 'pending' }]);
      assert.equal(answer.body.carrierCodes, undefined);
    });

    it('counts displayName in code points: 32 emoji pass, 33 characters do not', async () => {
      const emoji = '😀'.repeat(32);
      const answer = await api.post(`${REG_V01}/registrations`, v01Body({ displayName: emoji }));
      assert.equal(answer.status, 201);
      assert.equal(answer.body.displayName, emoji);
      expectError(await api.post(`${REG_V01}/registrations`, v01Body({ displayName: 'x'.repeat(33) })), 400, 'INVALID_ARGUMENT');
      expectError(await api.post(`${REG_V01}/registrations`, v01Body({ displayName: '😀'.repeat(33) })), 400, 'INVALID_ARGUMENT');
    });

    const invalid: Array<[string, Record<string, unknown>]> = [
      ['a phone number that is not E.164', { phoneNumber: '0612345678' }],
      ['a phone number too long', { phoneNumber: '+3361234567890123' }],
      ['a bad alternate number', { phoneNumberAlternate: '+33 6 12' }],
      ['an empty displayName', { displayName: '' }],
      ['an unknown verifyCallerAction', { verifyCallerAction: 'BLOCK' }],
      ['terminatingCountryCode 0', { terminatingCountryCode: 0 }],
      ['terminatingCountryCode 1000', { terminatingCountryCode: 1000 }],
      ['terminatingCountryCode as a string', { terminatingCountryCode: '33' }],
      ['a 0.2 field (expiresAt)', { expiresAt: '2030-01-01' }],
      ['an unknown property', { brand: 'ACME' }],
      ['a server field (status)', { status: 'active' }],
      ['an empty carrierCodes', { carrierCodes: [] }],
      ['a repeated carrier code', { carrierCodes: ['OFR', 'OFR'] }],
      ['a malformed carrier code', { carrierCodes: ['ofr'] }],
    ];
    for (const [name, extra] of invalid) {
      it(`answers 400 INVALID_ARGUMENT for ${name}`, async () => {
        expectError(await api.post(`${REG_V01}/registrations`, v01Body(extra)), 400, 'INVALID_ARGUMENT');
      });
    }

    it('requires customerId, phoneNumber and displayName (400)', async () => {
      for (const field of ['customerId', 'phoneNumber', 'displayName']) {
        const body: Record<string, unknown> = v01Body();
        delete body[field];
        expectError(await api.post(`${REG_V01}/registrations`, body), 400, 'INVALID_ARGUMENT');
      }
    });

    it('answers 422 for an unknown customer, a customer without carriers, and an undeclared carrier', async () => {
      expectError(
        await api.post(`${REG_V01}/registrations`, v01Body({ customerId: '00000000-0000-4000-8000-000000000000' })),
        422,
        'SERVICE_NOT_APPLICABLE',
      );
      const bare = await api.createCustomer();
      expectError(await api.post(`${REG_V01}/registrations`, v01Body({ customerId: bare })), 422, 'SERVICE_NOT_APPLICABLE');
      expectError(await api.post(`${REG_V01}/registrations`, v01Body({ carrierCodes: ['SFR'] })), 422, 'SERVICE_NOT_APPLICABLE');
    });

    it('keeps one registration per phone number (409), on create and on replace', async () => {
      const first = await api.createRegistration(v01Body());
      expectError(await api.post(`${REG_V01}/registrations`, v01Body({ phoneNumber: first.phoneNumber })), 409, 'CONFLICT');
      const second = await api.createRegistration(v01Body());
      expectError(
        await api.put(`${REG_V01}/registrations/${second.registrationId}`, v01Body({ phoneNumber: first.phoneNumber })),
        409,
        'CONFLICT',
      );
    });

    it('replaces, reads and deletes; then 404', async () => {
      const created = await api.createRegistration(v01Body({ campaignName: 'Spring' }));
      const id = created.registrationId;
      const replaced = await api.put(`${REG_V01}/registrations/${id}`, v01Body({ phoneNumber: created.phoneNumber, terminatingCountryCode: 44 }));
      assert.equal(replaced.status, 200);
      assert.equal(replaced.body.campaignName, undefined, 'PUT is a full replacement');
      assert.equal(replaced.body.terminatingCountryCode, 44);
      assert.equal(replaced.body.createdAt, created.createdAt);
      assert.equal((await api.del(`${REG_V01}/registrations/${id}`)).status, 204);
      expectError(await api.get(`${REG_V01}/registrations/${id}`), 404, 'NOT_FOUND');
      expectError(await api.put(`${REG_V01}/registrations/${id}`, v01Body()), 404, 'NOT_FOUND');
      expectError(await api.del(`${REG_V01}/registrations/${id}`), 404, 'NOT_FOUND');
    });

    it('has no list operation (405)', async () => {
      const answer = await api.get(`${REG_V01}/registrations`);
      assert.equal(answer.status, 405);
      assert.equal(answer.headers.get('allow'), 'POST');
    });
  });

  describe('v0.2', () => {
    it('creates with the 0.2 fields and shows quota, status, carriers; v0.1 sees the same record without 0.2 fields', async () => {
      const body = v02Body({
        expiresAt: '2099-07-03',
        displayAsset: 'https://ims.operator-name.com/brand-logo.bmp;purpose=icon',
        callPurpose: 'Survey',
        campaignName: 'Q3',
        sink: 'https://endpoint.example.com/sink',
        sinkCredential: { credentialType: 'PRIVATE_KEY_JWT' },
      });
      const answer = await api.post(`${REG_V02}/registrations`, body);
      assert.equal(answer.status, 201);
      for (const key of ['expiresAt', 'displayAsset', 'callPurpose', 'campaignName', 'sink', 'terminatingCountryCode']) {
        assert.deepEqual(answer.body[key], (body as Record<string, unknown>)[key], key);
      }
      assert.equal(answer.body.quota, 100000);
      assert.equal(answer.body.quotaThreshold, 95000);
      assert.equal(answer.body.status, 'pending');
      assert.equal(answer.body.sinkCredential, undefined);

      const viaV01 = await api.get(`${REG_V01}/registrations/${answer.body.registrationId}`);
      assert.equal(viaV01.status, 200);
      for (const key of ['expiresAt', 'displayAsset', 'callPurpose', 'sink', 'quota', 'quotaThreshold']) assert.equal(viaV01.body[key], undefined, key);
      assert.equal(viaV01.body.campaignName, 'Q3');
    });

    it('requires terminatingCountryCode (400)', async () => {
      expectError(await api.post(`${REG_V02}/registrations`, v01Body()), 400, 'INVALID_ARGUMENT');
    });

    for (const [name, extra, code] of [
      ['an invalid date', { expiresAt: '2030-02-30' }, 'INVALID_ARGUMENT'],
      ['an unknown callPurpose', { callPurpose: 'survey' }, 'INVALID_ARGUMENT'],
      ['a campaignName over 64 characters', { campaignName: 'c'.repeat(65) }, 'INVALID_ARGUMENT'],
      ['a displayAsset that is no URI', { displayAsset: 'logo.bmp' }, 'INVALID_ARGUMENT'],
      ['an http sink', { sink: 'http://endpoint.example.com/sink' }, 'INVALID_PROTOCOL'],
      ['a sink that is no URL', { sink: 'not a url' }, 'INVALID_SINK'],
      ['an unknown credential type', { sink: 'https://e.example.com', sinkCredential: { credentialType: 'PLAIN' } }, 'INVALID_CREDENTIAL'],
      ['an incomplete access token credential', { sink: 'https://e.example.com', sinkCredential: { credentialType: 'ACCESSTOKEN', accessToken: 'x' } }, 'INVALID_ARGUMENT'],
      ['an unknown property in sinkCredential', { sink: 'https://e.example.com', sinkCredential: { credentialType: 'PRIVATE_KEY_JWT', key: 'k' } }, 'INVALID_ARGUMENT'],
      ['a sinkCredential without sink', { sinkCredential: { credentialType: 'PRIVATE_KEY_JWT' } }, 'INVALID_ARGUMENT'],
      ['a record-only field (quota)', { quota: 10 }, 'INVALID_ARGUMENT'],
    ] as const) {
      it(`answers 400 ${code} for ${name}`, async () => {
        expectError(await api.post(`${REG_V02}/registrations`, v02Body(extra)), 400, code);
      });
    }

    it('never returns the sink credential: not in answers, lists, the state dump or the data files', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-sink-'));
      const own = await startEmulator({ dataDir, decisionDelayMs: -1 });
      try {
        const ownApi = await Api.login(own.url, own.demoClient.authorizationHeader);
        const ownCustomer = await ownApi.customerWithCarriers('OFR');
        const secret = 'eyJ-very-secret-token-value';
        const credential = { credentialType: 'ACCESSTOKEN', accessToken: secret, accessTokenExpiresUtc: '2030-07-03T12:27:08.312Z', accessTokenType: 'bearer' };
        const body = { phoneNumber: uniquePhone(), displayName: 'ACME', customerId: ownCustomer, terminatingCountryCode: 33, sink: 'https://endpoint.example.com/sink', sinkCredential: credential };
        const created = await ownApi.post(`${REG_V02}/registrations`, body);
        assert.equal(created.status, 201);
        const id = created.body.registrationId;
        const replaced = await ownApi.put(`${REG_V02}/registrations/${id}`, body);
        assert.equal(replaced.status, 200);
        const texts = [
          created.text,
          replaced.text,
          (await ownApi.get(`${REG_V02}/registrations/${id}`)).text,
          (await ownApi.get(`${REG_V01}/registrations/${id}`)).text,
          (await ownApi.get(`${REG_V02}/registrations`)).text,
          (await httpRequest(`${own.url}/_emulator/state`)).text,
          JSON.stringify(own.state()),
          ...fs.readdirSync(dataDir).map((f) => fs.readFileSync(path.join(dataDir, f), 'utf8')),
        ];
        for (const text of texts) {
          assert.ok(!text.includes(secret), `secret leaked in ${text.slice(0, 80)}`);
          assert.ok(!text.includes('accessToken"'), 'no accessToken field');
        }
        assert.equal(created.body.sink, body.sink);
      } finally {
        await own.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('a v0.1 replacement keeps the 0.2-only fields; a v0.2 replacement drops what it omits', async () => {
      const created = (await api.post(`${REG_V02}/registrations`, v02Body({ expiresAt: '2099-01-01', callPurpose: 'Charity', sink: 'https://s.example.com' }))).body;
      const id = created.registrationId;
      const base = { phoneNumber: created.phoneNumber, displayName: created.displayName, customerId };
      assert.equal((await api.put(`${REG_V01}/registrations/${id}`, base)).status, 200);
      let v02 = (await api.get(`${REG_V02}/registrations/${id}`)).body;
      assert.equal(v02.expiresAt, '2099-01-01');
      assert.equal(v02.callPurpose, 'Charity');
      assert.equal(v02.sink, 'https://s.example.com');
      assert.equal((await api.put(`${REG_V02}/registrations/${id}`, { ...base, terminatingCountryCode: 33 })).status, 200);
      v02 = (await api.get(`${REG_V02}/registrations/${id}`)).body;
      assert.equal(v02.expiresAt, undefined);
      assert.equal(v02.sink, undefined);
    });

    describe('list', () => {
      let listEmulator: RunningEmulator;
      let listApi: Api;
      let customerA: string;
      let customerB: string;
      before(async () => {
        ({ emulator: listEmulator, api: listApi } = await startWithApi());
        customerA = await listApi.customerWithCarriers('OFR');
        customerB = await listApi.customerWithCarriers('BYG');
        for (let i = 0; i < 5; i++) {
          await listApi.createRegistration(
            {
              phoneNumber: uniquePhone(),
              displayName: i % 2 === 0 ? 'Even' : 'Odd',
              customerId: i < 3 ? customerA : customerB,
              terminatingCountryCode: i === 4 ? 44 : 33,
              callPurpose: i === 0 ? 'Survey' : 'Charity',
              expiresAt: i === 1 ? '2099-12-31' : '2098-01-01',
            },
            REG_V02,
          );
        }
      });
      after(() => listEmulator.stop());

      it('lists every registration of the account with pagination data', async () => {
        const answer = await listApi.get(`${REG_V02}/registrations`);
        assert.equal(answer.status, 200);
        assert.equal(answer.body.registrations.length, 5);
        assert.deepEqual(answer.body.pagination, { page: 1, perPage: 20, totalCount: 5, totalPages: 1 });
        assert.equal(answer.headers.get('x-total-count'), '5');
        assert.equal(answer.headers.get('x-total-pages'), '1');
      });

      it('filters by each field, combined with AND', async () => {
        const count = async (query: string) => (await listApi.get(`${REG_V02}/registrations?${query}`)).body.registrations.length;
        assert.equal(await count(`customerId=${customerA}`), 3);
        assert.equal(await count('displayName=Even'), 3);
        assert.equal(await count('status=pending'), 5);
        assert.equal(await count('status=active'), 0);
        assert.equal(await count('expiresAt=2099-12-31'), 1);
        assert.equal(await count('terminatingCountryCode=44'), 1);
        assert.equal(await count('callPurpose=Survey'), 1);
        assert.equal(await count(`customerId=${customerB}&displayName=Even`), 1);
        assert.equal(await count('customerId=someone-else'), 0);
      });

      it('pages: 206 with the page asked for while more pages exist', async () => {
        const first = await listApi.get(`${REG_V02}/registrations?perPage=2`);
        assert.equal(first.status, 206);
        assert.equal(first.body.registrations.length, 2);
        assert.deepEqual(first.body.pagination, { page: 1, perPage: 2, totalCount: 5, totalPages: 3 });
        const last = await listApi.get(`${REG_V02}/registrations?perPage=2&page=3`);
        assert.equal(last.body.registrations.length, 1);
        const all = [first, await listApi.get(`${REG_V02}/registrations?perPage=2&page=2`), last].flatMap((a) => a.body.registrations.map((r: any) => r.registrationId));
        assert.equal(new Set(all).size, 5);
        const beyond = await listApi.get(`${REG_V02}/registrations?perPage=2&page=4`);
        assert.equal(beyond.status, 200);
        assert.deepEqual(beyond.body.registrations, []);
      });

      for (const query of ['page=0', 'perPage=101', 'perPage=abc', 'status=done', 'terminatingCountryCode=1000', 'expiresAt=tomorrow', 'callPurpose=Spam', 'sort=asc', 'page=1&page=2']) {
        it(`answers 400 for ${query}`, async () => {
          expectError(await listApi.get(`${REG_V02}/registrations?${query}`), 400, 'INVALID_ARGUMENT');
        });
      }
    });
  });

  it('answers 429 QUOTA_EXCEEDED beyond the registrations an account may hold', async () => {
    const { emulator: small, api: smallApi } = await startWithApi({ maxRegistrationsPerAccount: 1 });
    try {
      const id = await smallApi.customerWithCarriers('OFR');
      await smallApi.createRegistration({ phoneNumber: uniquePhone(), displayName: 'One', customerId: id });
      const answer = await smallApi.post(`${REG_V01}/registrations`, { phoneNumber: uniquePhone(), displayName: 'Two', customerId: id });
      expectError(answer, 429, 'QUOTA_EXCEEDED');
      assert.equal(answer.headers.get('retry-after'), null, 'a spent quota is not worth retrying');
    } finally {
      await small.stop();
    }
  });
});
