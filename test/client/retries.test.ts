import assert from 'node:assert/strict';
import net from 'node:net';
import type { RunningEmulator } from '../../emulator/index';
import { ApiError, createApiClient } from '../../provider/client/index';
import { answer, assertNoSecret, clientOf, customerBody, emulator, localServer, rejection, requestCount } from './helpers';

const CUSTOMERS = 'GET /branded-calling/v0.1/customers';
const CREATE_CUSTOMER = 'POST /branded-calling/v0.1/customers';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const tokenAnswer = { token_type: 'Bearer', access_token: 'local-token-value', expires_in: 3600 };

describe('client: retries and timeouts', () => {
  let emu: RunningEmulator;

  before(async () => {
    emu = await emulator();
  });
  after(() => emu.stop());
  beforeEach(() => emu.reset());

  it('retries 503 and 500 until the call succeeds', async () => {
    const client = clientOf(emu, { retryLimit: 8 });
    await client.customers.list(); // the token first: faults do not hit the token endpoint anyway
    emu.resetCounters();
    emu.setFaults({ seed: 7, unavailableShare: 0.25, internalErrorShare: 0.25 });
    for (let i = 0; i < 6; i++) assert.deepEqual(await client.customers.list(), []);
    assert.equal(requestCount(emu, CUSTOMERS, 200), 6);
    assert.ok(requestCount(emu, CUSTOMERS, 503) + requestCount(emu, CUSTOMERS, 500) > 0, 'faults were injected');
  });

  it('retries a write (POST) on 503', async () => {
    const client = clientOf(emu);
    emu.setFaults({ unavailableShare: 1, methods: ['POST'] });
    setTimeout(() => emu.clearFaults(), 50);
    const created = await client.customers.create(customerBody());
    assert.ok(created.customerId);
    assert.ok(requestCount(emu, CREATE_CUSTOMER, 503) >= 1);
    assert.equal(requestCount(emu, CREATE_CUSTOMER, 201), 1);
  });

  it('waits for Retry-After on 429 TOO_MANY_REQUESTS, then succeeds', async () => {
    const client = clientOf(emu);
    await client.customers.list();
    emu.resetCounters();
    emu.setFaults({ tooManyRequestsShare: 1, retryAfterSeconds: 1 });
    setTimeout(() => emu.clearFaults(), 200);
    const started = Date.now();
    assert.deepEqual(await client.customers.list(), []);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 1000, `waited ${elapsed} ms`);
    assert.equal(requestCount(emu, CUSTOMERS, 429), 1);
    assert.equal(requestCount(emu, CUSTOMERS, 200), 1);
  });

  it('does not retry 429 QUOTA_EXCEEDED', async () => {
    const client = clientOf(emu);
    emu.setFaults({ quotaExceededShare: 1 });
    const error = await rejection(client.customers.create(customerBody()));
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 429);
    assert.equal(error.code, 'QUOTA_EXCEEDED');
    assert.equal(requestCount(emu, CREATE_CUSTOMER), 1);
    assert.equal(requestCount(emu, CREATE_CUSTOMER, 429), 1);
  });

  it('does not retry other 4xx', async () => {
    const client = clientOf(emu);
    await rejection(client.customers.create({ company: {}, brand: {} } as never));
    assert.equal(requestCount(emu, CREATE_CUSTOMER), 1);
  });

  it('fails with the last status once the retries are spent', async () => {
    const client = clientOf(emu, { retryLimit: 2 });
    emu.setFaults({ unavailableShare: 1 });
    const error = await rejection(client.customers.list());
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 503);
    assert.equal(error.code, 'UNAVAILABLE');
    assert.equal(error.operation, 'list customers');
    assert.equal(requestCount(emu, CUSTOMERS, 503), 3, 'one attempt and two retries');
    assertNoSecret(error, [emu.demoClient.clientSecret, emu.demoClient.authorizationHeader.slice(6)]);
  });

  it('keeps one x-correlator across the retries of a call, and uses a new one per call', async () => {
    let calls = 0;
    const api = await localServer((req, res) => {
      if (req.url === '/oauth/v3/token') return answer(res, 200, tokenAnswer);
      calls++;
      if (calls <= 2) return answer(res, 503, { status: 503, code: 'UNAVAILABLE', message: 'busy' });
      answer(res, 200, { customers: [] });
    });
    try {
      const client = createApiClient({ apiRoot: api.url, clientId: 'id', clientSecret: 'secret-value' });
      await client.customers.list();
      await client.customers.list();
      const correlators = api.seen.filter((h) => h.authorization === 'Bearer local-token-value').map((h) => h['x-correlator']);
      assert.equal(correlators.length, 4);
      assert.match(String(correlators[0]), UUID);
      assert.deepEqual(correlators.slice(0, 3), [correlators[0], correlators[0], correlators[0]]);
      assert.notEqual(correlators[3], correlators[0]);
      const tokenRequest = api.seen.find((h) => h.authorization?.startsWith('Basic '));
      assert.match(String(tokenRequest?.['x-correlator']), UUID);
    } finally {
      await api.close();
    }
  });

  it('retries a dropped connection (socket hang up)', async () => {
    let calls = 0;
    const api = await localServer((req, res) => {
      if (req.url === '/oauth/v3/token') return answer(res, 200, tokenAnswer);
      if (++calls === 1) return req.socket.destroy();
      answer(res, 200, { customers: [] });
    });
    try {
      const client = createApiClient({ apiRoot: api.url, clientId: 'id', clientSecret: 'secret-value' });
      assert.deepEqual(await client.customers.list(), []);
      assert.equal(calls, 2);
    } finally {
      await api.close();
    }
  });

  it('times out each attempt, retries, and fails with ETIMEDOUT when every attempt hangs', async () => {
    let calls = 0;
    const api = await localServer((req, res) => {
      if (req.url === '/oauth/v3/token') return answer(res, 200, tokenAnswer);
      calls++;
      if (req.url === '/branded-calling/v0.1/customers' && calls === 1) return; // never answered
      if (req.url === '/branded-calling/v0.1/customers') return answer(res, 200, { customers: [] });
      // Other paths hang forever.
    });
    try {
      const client = createApiClient({ apiRoot: api.url, clientId: 'id', clientSecret: 'secret-value', timeoutMs: 300, retryLimit: 1 });
      const started = Date.now();
      assert.deepEqual(await client.customers.list(), []);
      assert.ok(Date.now() - started >= 300);
      assert.equal(calls, 2);

      const error = await rejection(client.customers.get('hangs'));
      assert.ok(error instanceof ApiError);
      assert.equal(error.status, undefined);
      assert.equal(error.code, 'ETIMEDOUT');
      assert.equal(error.operation, 'get customer hangs');
      assert.equal(calls, 4);
      assertNoSecret(error, ['secret-value', 'local-token-value', Buffer.from('id:secret-value').toString('base64')]);
    } finally {
      await api.close();
    }
  });

  it('fails with the network code when nothing listens, without showing a secret', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const client = createApiClient({ apiRoot: `http://127.0.0.1:${port}`, clientId: 'id', clientSecret: 'secret-value', retryLimit: 1 });
    const error = await rejection(client.customers.list());
    assert.ok(error instanceof ApiError);
    assert.equal(error.operation, 'get access token');
    assert.equal(error.status, undefined);
    assert.equal(error.code, 'ECONNREFUSED');
    assert.match(error.message, /^get access token failed: ECONNREFUSED: .*\(x-correlator [0-9a-f-]{36}\)$/);
    assertNoSecret(error, ['secret-value', Buffer.from('id:secret-value').toString('base64')]);
  });

  it('redacts a secret that the server echoes', async () => {
    const api = await localServer((req, res) => {
      if (req.url === '/oauth/v3/token') return answer(res, 200, tokenAnswer);
      answer(res, 400, { status: 400, code: 'INVALID_ARGUMENT', message: `bad header ${req.headers.authorization}` });
    });
    try {
      const client = createApiClient({ apiRoot: api.url, clientId: 'id', clientSecret: 'secret-value' });
      const error = await rejection(client.customers.list());
      assert.equal(error.apiMessage, 'bad header Bearer [redacted]');
      assertNoSecret(error, ['local-token-value']);
    } finally {
      await api.close();
    }
  });
});
