import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../emulator/index';
import { ApiError, ConfigurationError, createApiClient, getApiClient } from '../../provider/client/index';
import { answer, assertNoSecret, clientOf, emulator, localServer, rejection, requestCount, sleep } from './helpers';

const CUSTOMERS = 'GET /branded-calling/v0.1/customers';
const TOKEN = 'POST /oauth/v3/token';

describe('client: authentication', () => {
  let emu: RunningEmulator;

  before(async () => {
    emu = await emulator();
  });
  after(() => emu.stop());
  beforeEach(() => emu.reset());

  describe('credentials', () => {
    it('works with clientId and clientSecret', async () => {
      assert.deepEqual(await clientOf(emu).customers.list(), []);
    });

    it("works with the console's header, with or without the 'Basic ' prefix", async () => {
      const header = emu.demoClient.authorizationHeader;
      assert.match(header, /^Basic /);
      const bare = header.slice('Basic '.length);
      for (const authorizationHeader of [header, bare, `basic ${bare}`, `  ${header}  `]) {
        assert.deepEqual(await createApiClient({ apiRoot: emu.url, authorizationHeader }).customers.list(), []);
      }
      assert.equal(emu.counters().tokensIssued, 4);
    });

    it('refuses both forms, or none, or half a pair, without showing a secret', () => {
      const { clientId, clientSecret, authorizationHeader } = emu.demoClient;
      const attempts = [
        { clientId, clientSecret, authorizationHeader },
        { clientId, authorizationHeader },
        {},
        { clientId },
        { clientSecret },
        { authorizationHeader: 'Basic not-base64!' },
        { authorizationHeader: `Basic ${Buffer.from('no-colon').toString('base64')}` },
      ];
      for (const credentials of attempts) {
        let error: unknown;
        try {
          createApiClient({ apiRoot: emu.url, ...credentials });
        } catch (caught) {
          error = caught;
        }
        assert.ok(error instanceof ConfigurationError, JSON.stringify(Object.keys(credentials)));
        assertNoSecret(error, [clientSecret, authorizationHeader, authorizationHeader.slice(6)]);
      }
      assert.throws(
        () => createApiClient({ apiRoot: emu.url, clientId, clientSecret, authorizationHeader }),
        (error: Error) => error instanceof ConfigurationError && /either clientId\/clientSecret or authorizationHeader, not both/i.test(error.message),
      );
    });

    it('fails with the OAuth code on wrong credentials, without showing a secret', async () => {
      const client = createApiClient({ apiRoot: emu.url, clientId: emu.demoClient.clientId, clientSecret: 'wrong-secret-value' });
      const error = await rejection(client.customers.list());
      assert.ok(error instanceof ApiError);
      assert.equal(error.operation, 'get access token');
      assert.equal(error.status, 401);
      assert.equal(error.code, 'invalid_client');
      assert.match(error.message, /^get access token failed: HTTP 401 invalid_client: .+ \(x-correlator [0-9a-f-]{36}\)$/);
      const basic = Buffer.from(`${emu.demoClient.clientId}:wrong-secret-value`).toString('base64');
      assertNoSecret(error, ['wrong-secret-value', basic]);
      assert.equal(requestCount(emu, TOKEN, 401), 1, 'a 401 from the token endpoint is not retried');
      assert.equal(requestCount(emu, CUSTOMERS), 0);
    });
  });

  describe('the token', () => {
    it('is requested once for 20 concurrent first calls, over at most maxConcurrency connections', async () => {
      emu.setFaults({ latencyMs: 20 });
      const client = clientOf(emu, { maxConcurrency: 4 });
      const answers = await Promise.all(Array.from({ length: 20 }, () => client.customers.list()));
      assert.equal(answers.length, 20);
      const counters = emu.counters();
      assert.equal(counters.tokensIssued, 1);
      assert.equal(requestCount(emu, CUSTOMERS, 200), 20);
      assert.ok(counters.connectionsOpened <= 4, `${counters.connectionsOpened} connections`);
      assert.ok(counters.connectionsOpened >= 1);
    });

    it('is kept across calls, and renewed before it expires', async () => {
      const client = clientOf(emu);
      await client.customers.list();
      await client.customers.list();
      assert.equal(emu.counters().tokensIssued, 1);

      emu.setFaults({ tokenLifetimeSeconds: 1 });
      const short = clientOf(emu);
      await short.customers.list();
      await sleep(1100);
      await short.customers.list();
      await short.customers.list();
      assert.equal(emu.counters().tokensIssued, 3);
      assert.equal(requestCount(emu, CUSTOMERS, 401), 0, 'renewed before the server refused it');
      assert.equal(requestCount(emu, CUSTOMERS, 200), 5);
    });

    it('is renewed once when the API rejects it, and the call repeated', async () => {
      // A restarted emulator without a data dir signs with a new key: tokens it did not issue are unknown (401).
      const fixed = { clientId: 'restart-client', clientSecret: 'restart-secret-0123456789' };
      const first = await emulator({ demoClient: fixed });
      const client = createApiClient({ apiRoot: first.url, ...fixed });
      await client.customers.list();
      await first.stop();
      const second = await emulator({ demoClient: fixed, port: first.port });
      try {
        const lists = await Promise.all(Array.from({ length: 5 }, () => client.customers.list()));
        assert.deepEqual(lists, [[], [], [], [], []]);
        assert.equal(second.counters().tokensIssued, 1, 'one renewal shared by the calls that saw the 401');
        assert.ok(requestCount(second, CUSTOMERS, 401) >= 1);
        assert.equal(requestCount(second, CUSTOMERS, 200), 5);
      } finally {
        await second.stop();
      }
    });

    it('is renewed only once per call: a second 401 is the answer', async () => {
      let issued = 0;
      const api = await localServer((req, res) => {
        if (req.url === '/oauth/v3/token') return answer(res, 200, { token_type: 'Bearer', access_token: `tok-${++issued}`, expires_in: 3600 });
        answer(res, 401, { status: 401, code: 'UNAUTHENTICATED', message: 'Request not authenticated: unknown token.' });
      });
      try {
        const client = createApiClient({ apiRoot: api.url, clientId: 'id', clientSecret: 'secret-value' });
        const error = await rejection(client.customers.get('c1'));
        assert.equal(error.status, 401);
        assert.equal(error.code, 'UNAUTHENTICATED');
        const calls = api.seen.filter((h) => h.authorization?.startsWith('Bearer '));
        assert.deepEqual(
          calls.map((h) => h.authorization),
          ['Bearer tok-1', 'Bearer tok-2'],
        );
        assert.equal(new Set(calls.map((h) => h['x-correlator'])).size, 1, 'the repeat keeps the correlator');
        assertNoSecret(error, ['secret-value', 'tok-1', 'tok-2', Buffer.from('id:secret-value').toString('base64')]);
      } finally {
        await api.close();
      }
    });
  });

  describe('getApiClient', () => {
    it('shares one client per distinct settings', () => {
      const settings = { apiRoot: emu.url, clientId: emu.demoClient.clientId, clientSecret: emu.demoClient.clientSecret };
      const a = getApiClient(settings);
      assert.equal(getApiClient({ ...settings, apiRoot: `${emu.url}/` }), a, 'the same once normalized');
      assert.notEqual(getApiClient({ ...settings, registrationApiVersion: 'v0.2' }), a);
      assert.notEqual(getApiClient({ ...settings, clientSecret: 'other' }), a);
      assert.notEqual(createApiClient(settings), a);
    });

    it('shares its token between callers', async () => {
      const settings = { apiRoot: emu.url, authorizationHeader: emu.demoClient.authorizationHeader, timeoutMs: 12345 };
      await Promise.all([getApiClient(settings).customers.list(), getApiClient({ ...settings }).customers.list()]);
      assert.equal(emu.counters().tokensIssued, 1);
    });
  });
});
