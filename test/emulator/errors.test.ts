import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../emulator/index';
import { Api, ONBOARDING, REG_V01, REG_V02, expectError, httpRequest, requestToken, sleep, startWithApi, uniquePhone } from './helpers';

describe('emulator: authentication, scopes and error bodies', () => {
  let emulator: RunningEmulator;
  let api: Api;
  before(async () => ({ emulator, api } = await startWithApi()));
  after(() => emulator.stop());

  const protectedRoutes: Array<[string, string]> = [
    ['POST', `${ONBOARDING}/customers`],
    ['GET', `${ONBOARDING}/customers`],
    ['GET', `${ONBOARDING}/customers/x`],
    ['PUT', `${ONBOARDING}/customers/x`],
    ['DELETE', `${ONBOARDING}/customers/x`],
    ['POST', `${ONBOARDING}/customers/x/carriers`],
    ['GET', `${ONBOARDING}/customers/x/carriers`],
    ['GET', `${ONBOARDING}/customers/x/carriers/OFR`],
    ['DELETE', `${ONBOARDING}/customers/x/carriers/OFR`],
    ['POST', `${REG_V01}/registrations`],
    ['GET', `${REG_V01}/registrations/x`],
    ['PUT', `${REG_V01}/registrations/x`],
    ['DELETE', `${REG_V01}/registrations/x`],
    ['GET', `${REG_V02}/registrations`],
    ['POST', `${REG_V02}/registrations`],
  ];

  it('answers 401 UNAUTHENTICATED on every API route without a token', async () => {
    for (const [method, path] of protectedRoutes) {
      const answer = await httpRequest(`${emulator.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' || method === 'PUT' ? '{}' : undefined });
      expectError(answer, 401, 'UNAUTHENTICATED');
      assert.equal(answer.headers.get('www-authenticate'), 'Bearer');
    }
  });

  it('answers 401 for an unknown or tampered token', async () => {
    expectError(await new Api(emulator.url, 'not-a-token').get(`${ONBOARDING}/customers`), 401, 'UNAUTHENTICATED');
    const [body, signature] = api.token.split('.');
    const tampered = `${body}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expectError(await new Api(emulator.url, tampered).get(`${ONBOARDING}/customers`), 401, 'UNAUTHENTICATED');
    expectError(await api.get(`${ONBOARDING}/customers`, { authorization: emulator.demoClient.authorizationHeader }), 401, 'UNAUTHENTICATED');
  });

  it('answers 401 for an expired token', async () => {
    const { emulator: shortLived, api: shortApi } = await startWithApi({ tokenLifetimeSeconds: 1 });
    try {
      assert.equal((await shortApi.get(`${ONBOARDING}/customers`)).status, 200);
      await sleep(1100);
      const answer = await shortApi.get(`${ONBOARDING}/customers`);
      expectError(answer, 401, 'UNAUTHENTICATED');
      assert.match(answer.body.message, /expired/);
    } finally {
      await shortLived.stop();
    }
  });

  it('answers 403 PERMISSION_DENIED when the token lacks the operation’s scope', async () => {
    const { emulator: scoped } = await startWithApi({
      clients: [
        { clientId: 'owner', clientSecret: 'o' },
        { clientId: 'auditor', clientSecret: 'a', account: 'owner', scopes: ['branded-calling:customers:read', 'brand-registration:read'] },
      ],
    });
    try {
      const owner = await Api.login(scoped.url, `Basic ${Buffer.from('owner:o').toString('base64')}`);
      const auditor = await Api.login(scoped.url, `Basic ${Buffer.from('auditor:a').toString('base64')}`);
      const customerId = await owner.customerWithCarriers('OFR');
      const registration = await owner.createRegistration({ phoneNumber: uniquePhone(), displayName: 'ACME', customerId });
      const regPath = `${REG_V01}/registrations/${registration.registrationId}`;

      assert.equal((await auditor.get(`${ONBOARDING}/customers/${customerId}`)).status, 200, 'same account, read scope');
      assert.equal((await auditor.get(regPath)).status, 200);
      expectError(await auditor.post(`${ONBOARDING}/customers`, {}), 403, 'PERMISSION_DENIED');
      expectError(await auditor.del(`${ONBOARDING}/customers/${customerId}`), 403, 'PERMISSION_DENIED');
      expectError(await auditor.get(`${ONBOARDING}/customers/${customerId}/carriers`), 403, 'PERMISSION_DENIED');
      expectError(await auditor.post(`${ONBOARDING}/customers/${customerId}/carriers`, { carrierCode: 'BYG' }), 403, 'PERMISSION_DENIED');
      expectError(await auditor.post(`${REG_V01}/registrations`, {}), 403, 'PERMISSION_DENIED');
      expectError(await auditor.put(regPath, {}), 403, 'PERMISSION_DENIED');
      expectError(await auditor.del(regPath), 403, 'PERMISSION_DENIED');
      assert.match((await auditor.del(regPath)).body.message, /brand-registration:delete/);
    } finally {
      await scoped.stop();
    }
  });

  it('echoes x-correlator on success, on CAMARA errors and on the token endpoint', async () => {
    const correlator = 'b4333c46-49c0-4f62-80d7-f0ef930f1c46';
    const ok = await api.get(`${ONBOARDING}/customers`, { 'x-correlator': correlator });
    assert.equal(ok.headers.get('x-correlator'), correlator);
    const missing = await api.get(`${REG_V01}/registrations/nope`, { 'x-correlator': correlator });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('x-correlator'), correlator);
    const unauthenticated = await httpRequest(`${emulator.url}${ONBOARDING}/customers`, { headers: { 'x-correlator': correlator } });
    assert.equal(unauthenticated.headers.get('x-correlator'), correlator);
    const token = await httpRequest(`${emulator.url}/oauth/v3/token`, {
      method: 'POST',
      headers: { 'x-correlator': correlator, authorization: emulator.demoClient.authorizationHeader, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    assert.equal(token.headers.get('x-correlator'), correlator);
    assert.equal((await api.get(`${ONBOARDING}/customers`)).headers.get('x-correlator'), null, 'nothing to echo');
  });

  it('answers 400 for an x-correlator outside its pattern', async () => {
    expectError(await api.get(`${ONBOARDING}/customers`, { 'x-correlator': 'has spaces' }), 400, 'INVALID_ARGUMENT');
  });

  it('answers 404 NOT_FOUND for an unknown path and 405 for a method a path does not serve', async () => {
    expectError(await api.get('/branded-calling/v0.2/customers'), 404, 'NOT_FOUND');
    const answer = await api.request('PATCH', `${ONBOARDING}/customers/x`);
    assert.equal(answer.status, 405);
    assert.equal(answer.body.code, 'METHOD_NOT_ALLOWED');
    assert.equal(answer.headers.get('allow'), 'GET, PUT, DELETE');
  });

  it('counts a fresh token request as issued', async () => {
    const before = emulator.counters().tokensIssued;
    assert.equal((await requestToken(emulator.url, emulator.demoClient.authorizationHeader)).status, 200);
    assert.equal(emulator.counters().tokensIssued, before + 1);
  });
});
