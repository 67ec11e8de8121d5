import assert from 'node:assert/strict';
import yaml from 'js-yaml';
import type { RunningEmulator } from '../../emulator/index';
import { Api, ONBOARDING, REG_V01, REG_V02, customerBody, expectError, httpRequest, startWithApi, uniqueNumber, uniquePhone } from './helpers';

describe('emulator: control API', () => {
  let emulator: RunningEmulator;
  let api: Api;
  beforeEach(async () => ({ emulator, api } = await startWithApi()));
  afterEach(() => emulator.stop());

  const control = (method: string, path: string, body?: unknown) =>
    httpRequest(`${emulator.url}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('counts requests by route template and status, writes, tokens and connections; and resets them', async () => {
    const id = await api.createCustomer();
    await api.get(`${ONBOARDING}/customers/${id}`);
    await api.get(`${ONBOARDING}/customers/00000000-0000-4000-8000-000000000000`);
    await api.post(`${ONBOARDING}/customers`, { company: {} });
    await api.get('/nowhere');
    const counters = (await control('GET', '/counters')).body;
    assert.deepEqual(counters.requests, {
      'POST /oauth/v3/token': { '200': 1 },
      [`POST ${ONBOARDING}/customers`]: { '201': 1, '400': 1 },
      [`GET ${ONBOARDING}/customers/{customerId}`]: { '200': 1, '404': 1 },
      unmatched: { '404': 1 },
    });
    assert.equal(counters.writes, 1);
    assert.equal(counters.tokensIssued, 1);
    assert.ok(counters.connectionsOpened >= 1);

    assert.equal((await control('POST', '/counters/reset')).status, 204);
    assert.deepEqual((await control('GET', '/counters')).body, { requests: {}, writes: 0, tokensIssued: 0, connectionsOpened: 0 });
  });

  it('dumps the state by account, names the demo client, and resets every object', async () => {
    const customerId = await api.customerWithCarriers('OFR');
    const registration = await api.createRegistration({ phoneNumber: uniquePhone(), displayName: 'ACME', customerId });
    const state = (await control('GET', '/state')).body;
    const demoId = emulator.demoClient.clientId;
    assert.equal(state.demoClientId, demoId);
    assert.deepEqual(state.clients.map((c: any) => c.clientId), [demoId]);
    assert.equal(state.clients[0].clientSecret, undefined);
    const account = state.accounts[demoId];
    assert.deepEqual(account.customers.map((c: any) => c.customerId), [customerId]);
    assert.deepEqual(account.carriers.map((c: any) => `${c.customerId}/${c.carrierCode}`), [`${customerId}/OFR`]);
    assert.deepEqual(account.registrations.map((r: any) => r.registrationId), [registration.registrationId]);

    assert.equal((await control('POST', '/reset')).status, 204);
    expectError(await api.get(`${ONBOARDING}/customers/${customerId}`), 404, 'NOT_FOUND');
    expectError(await api.get(`${REG_V01}/registrations/${registration.registrationId}`), 404, 'NOT_FOUND');
    assert.deepEqual((await control('GET', '/state')).body.accounts[demoId], { customers: [], carriers: [], registrations: [] });
    assert.equal((await api.get(`${ONBOARDING}/customers`)).status, 200, 'clients and tokens survive a reset');
  });

  it('lists clients with their credentials and adds clients for other accounts', async () => {
    const listed = (await control('GET', '/clients')).body;
    assert.equal(listed.demoClientId, emulator.demoClient.clientId);
    assert.equal(listed.clients[0].authorizationHeader, emulator.demoClient.authorizationHeader);

    const added = await control('POST', '/clients', { clientId: 'tenant-b', clientSecret: 'b-secret' });
    assert.equal(added.status, 201);
    assert.equal(added.body.account, 'tenant-b');
    const other = await Api.login(emulator.url, added.body.authorizationHeader);
    assert.equal((await other.get(`${ONBOARDING}/customers`)).status, 200);
    expectError(await control('POST', '/clients', { clientId: 'tenant-b' }), 409, 'CONFLICT');
    expectError(await control('POST', '/clients', { clientId: 'a:b' }), 400, 'INVALID_ARGUMENT');

    const sameAccount = await control('POST', '/clients', { account: emulator.demoClient.clientId, scopes: ['branded-calling:customers:read'] });
    const reader = await Api.login(emulator.url, sameAccount.body.authorizationHeader);
    const id = await api.createCustomer();
    assert.equal((await reader.get(`${ONBOARDING}/customers/${id}`)).status, 200);
    expectError(await reader.post(`${ONBOARDING}/customers`, customerBody({ registrationNumber: uniqueNumber() })), 403, 'PERMISSION_DENIED');
  });

  it('needs no token and is not counted', async () => {
    for (const path of ['/state', '/counters', '/faults', '/decisions', '/clients', '/health']) {
      assert.equal((await control('GET', path)).status, 200, path);
    }
    assert.deepEqual((await control('GET', '/counters')).body.requests, { 'POST /oauth/v3/token': { '200': 1 } });
  });

  it('serves its OpenAPI document, which describes every route it serves and only those', async () => {
    const answer = await control('GET', '/openapi.yaml');
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /yaml/);
    const document = yaml.load(answer.text) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.match(document.openapi, /^3\./);
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => ['get', 'post', 'put', 'delete', 'patch'].includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    const expected = [
      'POST /oauth/v3/token',
      `POST ${ONBOARDING}/customers`,
      `GET ${ONBOARDING}/customers`,
      `GET ${ONBOARDING}/customers/{customerId}`,
      `PUT ${ONBOARDING}/customers/{customerId}`,
      `DELETE ${ONBOARDING}/customers/{customerId}`,
      `POST ${ONBOARDING}/customers/{customerId}/carriers`,
      `GET ${ONBOARDING}/customers/{customerId}/carriers`,
      `GET ${ONBOARDING}/customers/{customerId}/carriers/{carrierCode}`,
      `DELETE ${ONBOARDING}/customers/{customerId}/carriers/{carrierCode}`,
      `POST ${REG_V01}/registrations`,
      `GET ${REG_V01}/registrations/{registrationId}`,
      `PUT ${REG_V01}/registrations/{registrationId}`,
      `DELETE ${REG_V01}/registrations/{registrationId}`,
      `POST ${REG_V02}/registrations`,
      `GET ${REG_V02}/registrations`,
      `GET ${REG_V02}/registrations/{registrationId}`,
      `PUT ${REG_V02}/registrations/{registrationId}`,
      `DELETE ${REG_V02}/registrations/{registrationId}`,
      'GET /_emulator/health',
      'POST /_emulator/reset',
      'GET /_emulator/state',
      'GET /_emulator/faults',
      'PUT /_emulator/faults',
      'DELETE /_emulator/faults',
      'GET /_emulator/decisions',
      'PUT /_emulator/decisions',
      'POST /_emulator/registrations/{registrationId}/carriers/{carrierCode}/decision',
      'GET /_emulator/counters',
      'POST /_emulator/counters/reset',
      'GET /_emulator/clients',
      'POST /_emulator/clients',
      'GET /_emulator/openapi.yaml',
    ];
    assert.deepEqual([...documented].sort(), [...expected].sort());
    // Every documented operation is served: no 404 "no route" and no 405.
    for (const operation of documented) {
      const [method, template] = operation.split(' ');
      const path = template.replace(/\{[^}]+\}/g, 'x');
      if (method === 'POST' && path === '/_emulator/reset') continue;
      const answer = await httpRequest(`${emulator.url}${path}`, { method });
      assert.notEqual(answer.status, 405, operation);
      assert.ok(!(answer.status === 404 && /No route/.test(answer.body?.message ?? '')), operation);
    }
  });
});
