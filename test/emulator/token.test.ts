import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../emulator/index';
import { Api, ONBOARDING, REG_V01, httpRequest, requestToken } from './helpers';

describe('emulator: token endpoint', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({
      tokenLifetimeSeconds: 120,
      clients: [
        { clientId: 'full-client', clientSecret: 's3cret:with:colons' },
        { clientId: 'reader', clientSecret: 'r', scopes: ['brand-registration:read'] },
      ],
    });
  });
  after(() => emulator.stop());

  it('issues a bearer token for client credentials given as Basic authorization', async () => {
    const answer = await requestToken(emulator.url, emulator.demoClient.authorizationHeader);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.token_type, 'Bearer');
    assert.equal(typeof answer.body.access_token, 'string');
    assert.equal(answer.body.expires_in, 120);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    const api = new Api(emulator.url, answer.body.access_token);
    assert.equal((await api.get(`${ONBOARDING}/customers`)).status, 200);
  });

  it('uses the first configured client as the demo client', () => {
    assert.equal(emulator.demoClient.clientId, 'full-client');
    assert.equal(emulator.demoClient.clientSecret, 's3cret:with:colons');
    assert.equal(emulator.demoClient.authorizationHeader, `Basic ${Buffer.from('full-client:s3cret:with:colons').toString('base64')}`);
  });

  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

  for (const [name, header] of [
    ['a wrong secret', basic('full-client', 'nope')],
    ['an unknown client', basic('nobody', 'r')],
    ['no credentials', ''],
    ['a bearer header', 'Bearer abc'],
  ] as const) {
    it(`answers 401 invalid_client for ${name}`, async () => {
      const answer = await httpRequest(`${emulator.url}/oauth/v3/token`, {
        method: 'POST',
        headers: { ...(header ? { authorization: header } : {}), 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
      assert.equal(answer.status, 401);
      assert.equal(answer.body.error, 'invalid_client');
      assert.match(answer.headers.get('www-authenticate') ?? '', /^Basic/);
    });
  }

  it('answers 400 unsupported_grant_type for another grant', async () => {
    const answer = await httpRequest(`${emulator.url}/oauth/v3/token`, {
      method: 'POST',
      headers: { authorization: emulator.demoClient.authorizationHeader, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&username=a&password=b',
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, 'unsupported_grant_type');
  });

  it('answers 400 invalid_request without grant_type or with a JSON body', async () => {
    for (const [contentType, body] of [
      ['application/x-www-form-urlencoded', ''],
      ['application/json', '{"grant_type":"client_credentials"}'],
    ]) {
      const answer = await httpRequest(`${emulator.url}/oauth/v3/token`, {
        method: 'POST',
        headers: { authorization: emulator.demoClient.authorizationHeader, 'content-type': contentType },
        body,
      });
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error, 'invalid_request');
    }
  });

  it('grants a requested subset of scopes and refuses scopes the client lacks', async () => {
    const refused = await requestToken(emulator.url, basic('reader', 'r'), 'brand-registration:create');
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'invalid_scope');

    const narrow = await Api.login(emulator.url, emulator.demoClient.authorizationHeader, 'brand-registration:read');
    const answer = await narrow.get(`${ONBOARDING}/customers`);
    assert.equal(answer.status, 403);
    assert.equal(answer.body.code, 'PERMISSION_DENIED');
    assert.equal((await narrow.get(`${REG_V01}/registrations/unknown`)).status, 404);
  });

  it('counts the tokens it issues', async () => {
    emulator.resetCounters();
    await requestToken(emulator.url, emulator.demoClient.authorizationHeader);
    await requestToken(emulator.url, basic('full-client', 'wrong'));
    const counters = emulator.counters();
    assert.equal(counters.tokensIssued, 1);
    assert.deepEqual(counters.requests['POST /oauth/v3/token'], { '200': 1, '401': 1 });
  });
});

describe('emulator: demo client', () => {
  it('creates a random demo client with every scope when none is configured', async () => {
    const emulator = await startEmulator();
    try {
      assert.match(emulator.demoClient.clientId, /^demo-[0-9a-f]{12}$/);
      assert.ok(emulator.demoClient.clientSecret.length >= 16);
      const api = await Api.login(emulator.url, emulator.demoClient.authorizationHeader);
      assert.equal((await api.get(`${ONBOARDING}/customers`)).status, 200);
      assert.equal((await api.get(`${REG_V01}/registrations/x`)).status, 404);
    } finally {
      await emulator.stop();
    }
  });

  it('uses given demo credentials', async () => {
    const emulator = await startEmulator({ demoClient: { clientId: 'my-app', clientSecret: 'my-secret' } });
    try {
      assert.equal(emulator.demoClient.clientId, 'my-app');
      assert.equal((await requestToken(emulator.url, `Basic ${Buffer.from('my-app:my-secret').toString('base64')}`)).status, 200);
    } finally {
      await emulator.stop();
    }
  });
});
