import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../emulator/index';
import { Api, ONBOARDING, REG_V01, customerBody, expectError, httpRequest, requestToken, sleep, startWithApi, uniqueNumber } from './helpers';

describe('emulator: faults on demand', () => {
  let emulator: RunningEmulator;
  let api: Api;
  before(async () => ({ emulator, api } = await startWithApi()));
  afterEach(() => emulator.clearFaults());
  after(() => emulator.stop());

  const putFaults = (faults: unknown) =>
    httpRequest(`${emulator.url}/_emulator/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });

  it('adds latency', async () => {
    assert.equal((await putFaults({ latencyMs: 200 })).status, 200);
    const started = Date.now();
    assert.equal((await api.get(`${ONBOARDING}/customers`)).status, 200);
    assert.ok(Date.now() - started >= 200, 'at least the added latency');
  });

  it('answers 500 INTERNAL for the configured share', async () => {
    await putFaults({ internalErrorShare: 1 });
    expectError(await api.get(`${ONBOARDING}/customers`), 500, 'INTERNAL');
  });

  it('answers 503 UNAVAILABLE for the configured share', async () => {
    await putFaults({ unavailableShare: 1 });
    expectError(await api.get(`${ONBOARDING}/customers`), 503, 'UNAVAILABLE');
  });

  it('answers 429 TOO_MANY_REQUESTS with Retry-After', async () => {
    await putFaults({ tooManyRequestsShare: 1, retryAfterSeconds: 7 });
    const answer = await api.get(`${ONBOARDING}/customers`);
    expectError(answer, 429, 'TOO_MANY_REQUESTS');
    assert.equal(answer.headers.get('retry-after'), '7');
  });

  it('answers 429 QUOTA_EXCEEDED without Retry-After', async () => {
    await putFaults({ quotaExceededShare: 1 });
    const answer = await api.get(`${ONBOARDING}/customers`);
    expectError(answer, 429, 'QUOTA_EXCEEDED');
    assert.equal(answer.headers.get('retry-after'), null);
  });

  it('draws shares from a seeded generator: same seed, same sequence, both outcomes', async () => {
    const run = async () => {
      await putFaults({ seed: 42, unavailableShare: 0.5 });
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await api.get(`${ONBOARDING}/customers`)).status);
      return out;
    };
    const first = await run();
    const second = await run();
    assert.deepEqual(first, second);
    assert.ok(first.includes(200) && first.includes(503), first.join(','));
  });

  it('can be scoped to methods and routes, and leaves the token endpoint alone by default', async () => {
    await putFaults({ unavailableShare: 1, methods: ['POST'], routes: [`${ONBOARDING}/customers`] });
    assert.equal((await api.get(`${ONBOARDING}/customers`)).status, 200);
    expectError(await api.post(`${ONBOARDING}/customers`, customerBody({ registrationNumber: uniqueNumber() })), 503, 'UNAVAILABLE');
    assert.equal((await requestToken(emulator.url, emulator.demoClient.authorizationHeader)).status, 200);

    await putFaults({ unavailableShare: 1, routes: ['/oauth/*'] });
    assert.equal((await requestToken(emulator.url, emulator.demoClient.authorizationHeader)).status, 503);
    assert.equal((await api.get(`${ONBOARDING}/customers`)).status, 200);
  });

  it('never touches the control API', async () => {
    await putFaults({ internalErrorShare: 1 });
    assert.equal((await httpRequest(`${emulator.url}/_emulator/state`)).status, 200);
  });

  it('issues short-lived tokens that expire into 401', async () => {
    await putFaults({ tokenLifetimeSeconds: 1 });
    const token = await requestToken(emulator.url, emulator.demoClient.authorizationHeader);
    assert.equal(token.body.expires_in, 1);
    const shortApi = new Api(emulator.url, token.body.access_token);
    assert.equal((await shortApi.get(`${ONBOARDING}/customers`)).status, 200);
    await sleep(1100);
    expectError(await shortApi.get(`${ONBOARDING}/customers`), 401, 'UNAUTHENTICATED');
  });

  it('commits then drops the connection: the client sees a socket error, yet the object exists', async () => {
    await putFaults({ dropAfterCommitShare: 1 });
    emulator.resetCounters();
    const registrationNumber = uniqueNumber();
    await assert.rejects(api.post(`${ONBOARDING}/customers`, customerBody({ registrationNumber })));
    emulator.clearFaults();
    const customers = (await api.get(`${ONBOARDING}/customers`)).body.customers;
    const created = customers.find((c: any) => c.company.registrationNumber === registrationNumber);
    assert.ok(created, 'the write was applied');
    const counters = emulator.counters();
    assert.equal(counters.requests[`POST ${ONBOARDING}/customers`].dropped, 1);
    assert.equal(counters.writes, 1);
  });

  it('drops only writes, and only successful ones', async () => {
    await putFaults({ dropAfterCommitShare: 1 });
    assert.equal((await api.get(`${ONBOARDING}/customers`)).status, 200);
    expectError(await api.get(`${REG_V01}/registrations/missing`), 404, 'NOT_FOUND');
    expectError(await api.post(`${ONBOARDING}/customers`, { company: {} }), 400, 'INVALID_ARGUMENT');
  });

  it('is set from start options too', async () => {
    const { emulator: faulty, api: faultyApi } = await startWithApi({ faults: { unavailableShare: 1 } });
    try {
      expectError(await faultyApi.get(`${ONBOARDING}/customers`), 503, 'UNAVAILABLE');
      const faults = await httpRequest(`${faulty.url}/_emulator/faults`);
      assert.deepEqual(faults.body, { unavailableShare: 1 });
    } finally {
      await faulty.stop();
    }
  });

  it('rejects invalid fault settings (400) and clears with DELETE', async () => {
    expectError(await putFaults({ internalErrorShare: 2 }), 400, 'INVALID_ARGUMENT');
    expectError(await putFaults({ unavailableShare: 0.7, internalErrorShare: 0.7 }), 400, 'INVALID_ARGUMENT');
    expectError(await putFaults({ surprise: 1 }), 400, 'INVALID_ARGUMENT');
    await putFaults({ unavailableShare: 1 });
    assert.equal((await httpRequest(`${emulator.url}/_emulator/faults`, { method: 'DELETE' })).status, 204);
    assert.equal((await api.get(`${ONBOARDING}/customers`)).status, 200);
  });
});
