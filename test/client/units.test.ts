import assert from 'node:assert/strict';
import sinon from 'sinon';
import { TOKEN_RENEWAL, createTokenManager, type IssuedToken } from '../../provider/client/auth';
import { ENDPOINTS, endpointPath } from '../../provider/client/endpoints';
import { ApiError } from '../../provider/client/errors';
import { ConcurrencyLimit } from '../../provider/client/queue';
import { RETRY_POLICY, calculateDelay } from '../../provider/client/retry';
import { createApiClient } from '../../provider/client/index';
import { answer, localServer, sleep } from './helpers';

describe('client: units', () => {
  describe('TokenManager', () => {
    function manager(lifetimeSeconds = 3600) {
      let now = 1_000_000;
      let issued = 0;
      let release: (() => void) | undefined;
      const fetch = sinon.spy(async (): Promise<IssuedToken> => {
        await new Promise<void>((resolve) => (release = resolve));
        return { accessToken: `t${++issued}`, expiresInSeconds: lifetimeSeconds };
      });
      const tokens = createTokenManager(fetch, () => now);
      return {
        tokens,
        fetch,
        advance: (ms: number) => (now += ms),
        release: async () => {
          await sleep(0);
          release?.();
        },
      };
    }

    it('shares one request between concurrent callers', async () => {
      const m = manager();
      const waiting = Promise.all([m.tokens.token(), m.tokens.token(), m.tokens.token()]);
      await m.release();
      assert.deepEqual(await waiting, ['t1', 't1', 't1']);
      assert.equal(m.fetch.callCount, 1);
    });

    it('renews min(60 s, 10 %) before expiry', async () => {
      for (const [lifetime, margin] of [
        [3600, TOKEN_RENEWAL.maxMarginMs],
        [10, 1000],
      ]) {
        const m = manager(lifetime);
        const first = m.tokens.token();
        await m.release();
        await first;
        m.advance(lifetime * 1000 - margin - 1);
        assert.equal(await m.tokens.token(), 't1');
        m.advance(1);
        const second = m.tokens.token();
        await m.release();
        assert.equal(await second, 't2');
      }
    });

    it('renews a rejected token once, however many calls saw it rejected', async () => {
      const m = manager();
      const first = m.tokens.token();
      await m.release();
      await first;
      const renewals = Promise.all([m.tokens.renew('t1'), m.tokens.renew('t1')]);
      await m.release();
      assert.deepEqual(await renewals, ['t2', 't2']);
      // A late 401 for the old token does not renew again.
      assert.equal(await m.tokens.renew('t1'), 't2');
      assert.equal(m.fetch.callCount, 2);
    });

    it('lets the next caller try again after a failed request', async () => {
      let fail = true;
      const tokens = createTokenManager(async () => {
        if (fail) throw new Error('down');
        return { accessToken: 'ok', expiresInSeconds: 60 };
      });
      await assert.rejects(tokens.token(), /down/);
      fail = false;
      assert.equal(await tokens.token(), 'ok');
    });

    it('does not show the token in JSON or inspection', async () => {
      const tokens = createTokenManager(async () => ({ accessToken: 'secret-token', expiresInSeconds: 60 }));
      await tokens.token();
      assert.ok(!JSON.stringify(tokens).includes('secret-token'));
      assert.ok(!require('node:util').inspect(tokens, { depth: 5 }).includes('secret-token'));
    });
  });

  describe('ConcurrencyLimit', () => {
    it('runs at most `limit` tasks at once, in order', async () => {
      const limit = new ConcurrencyLimit(3);
      let active = 0;
      let peak = 0;
      const order: number[] = [];
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          limit.run(async () => {
            active++;
            peak = Math.max(peak, active);
            order.push(i);
            await sleep(5);
            active--;
            if (i === 4) throw new Error('a failure frees its slot');
          }).catch(() => undefined),
        ),
      );
      assert.equal(peak, 3);
      assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.equal(limit.pending, 0);
    });

    it('caps concurrent requests and sockets over HTTP', async () => {
      let active = 0;
      let peak = 0;
      let connections = 0;
      const api = await localServer((req, res) => {
        if (req.url === '/oauth/v3/token') return answer(res, 200, { token_type: 'Bearer', access_token: 'tok', expires_in: 3600 });
        active++;
        peak = Math.max(peak, active);
        setTimeout(() => {
          active--;
          answer(res, 200, { customers: [] });
        }, 20);
      });
      api.server.on('connection', () => connections++);
      try {
        const client = createApiClient({ apiRoot: api.url, clientId: 'id', clientSecret: 'secret', maxConcurrency: 3 });
        await Promise.all(Array.from({ length: 12 }, () => client.customers.list()));
        assert.equal(peak, 3);
        assert.ok(connections <= 3, `${connections} connections`);
      } finally {
        await api.close();
      }
    });
  });

  describe('retry delay', () => {
    const response = (statusCode: number, body: unknown) => ({ statusCode, body });
    const delay = (attemptCount: number, error: object, retryAfter?: number, computedValue = 1234) =>
      calculateDelay({ attemptCount, error, retryAfter, computedValue, retryOptions: {} } as never);
    afterEach(() => sinon.restore());

    it('backs off exponentially with jitter, up to the limit', () => {
      const random = sinon.stub(Math, 'random');
      const error = { name: 'HTTPError', response: response(503, { code: 'UNAVAILABLE' }) };
      random.returns(0);
      assert.equal(delay(1, error), RETRY_POLICY.baseDelayMs / 2);
      assert.equal(delay(3, error), (RETRY_POLICY.baseDelayMs * 4) / 2);
      random.returns(0.999999);
      assert.ok(delay(1, error) <= RETRY_POLICY.baseDelayMs);
      assert.ok(delay(30, error) <= RETRY_POLICY.backoffLimitMs);
      assert.ok(delay(30, error) >= RETRY_POLICY.backoffLimitMs / 2);
    });

    it('honours Retry-After (got hands it over as computedValue)', () => {
      const error = { name: 'HTTPError', response: response(429, { code: 'TOO_MANY_REQUESTS' }) };
      const wait = delay(1, error, 3000, 3000);
      assert.ok(wait >= 3000 && wait <= 3000 + RETRY_POLICY.retryAfterJitterMs);
    });

    it('never retries QUOTA_EXCEEDED, nor a failure of ours from a hook', () => {
      assert.equal(delay(1, { name: 'HTTPError', response: response(429, { code: 'QUOTA_EXCEEDED' }) }, 1000, 1000), 0);
      assert.equal(delay(1, { name: 'RequestError', code: 'ECONNREFUSED', cause: new ApiError({ operation: 'x', correlator: 'c' }) }), 0);
      assert.equal(delay(1, { name: 'RetryError' }, undefined, 1), 1);
      assert.equal(delay(1, { name: 'HTTPError', response: response(503, {}) }, undefined, 0), 0);
    });
  });

  describe('endpoints', () => {
    it('fills and encodes placeholders', () => {
      assert.equal(
        endpointPath(ENDPOINTS.getCarrier, { customerId: 'a b/c', carrierCode: 'OFR' }),
        '/branded-calling/v0.1/customers/a%20b%2Fc/carriers/OFR',
      );
      assert.equal(endpointPath(ENDPOINTS.listRegistrations, { version: 'v0.2' }), '/camara/brand-registration/v0.2/registrations');
      assert.throws(() => endpointPath(ENDPOINTS.getCustomer, {}), TypeError);
      assert.throws(() => endpointPath(ENDPOINTS.getCustomer, { customerId: '..' }), TypeError);
    });
  });
});
