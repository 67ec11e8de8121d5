/**
 * The HTTP layer: one got instance per client, configured by data (agent,
 * timeout, retry, hooks). Every call gets an x-correlator (the same across its
 * retries), waits for a slot under maxConcurrency, carries the shared bearer
 * token, and fails with an ApiError built from plain values only.
 */
import crypto from 'node:crypto';
import type { Got, Response } from 'got' with { 'resolution-mode': 'import' };
import { createAgents } from './agent';
import { createTokenManager, type IssuedToken } from './auth';
import { type Endpoint, ENDPOINTS, endpointPath } from './endpoints';
import { ApiError, ConfigurationError } from './errors';
import { ConcurrencyLimit } from './queue';
import { retryOptions } from './retry';
import type { NormalizedSettings } from './settings';

export interface Call {
  /** Named in errors, e.g. 'get customer 1234…'. */
  operation: string;
  endpoint: Endpoint;
  params?: Record<string, string>;
  json?: unknown;
  searchParams?: Record<string, string | number>;
  /** Answer undefined on 404 instead of failing. */
  notFoundIsAnswer?: boolean;
}

export interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  correlator: string;
}

export interface Transport {
  call(call: Call & { notFoundIsAnswer: true }): Promise<Answer | undefined>;
  call(call: Call): Promise<Answer>;
}

const USER_AGENT = 'pulumi-branded-calling-client';
/** Longest piece of a non-JSON error body quoted in an error message. */
const QUOTED_BODY_CHARS = 200;

/** got is ESM-only and heavy: required when a client is created, never at module load (see PULUMI-NOTES.md). */
function loadGot(): Got {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('got') as typeof import('got', { with: { 'resolution-mode': 'import' } })).default;
}

/** The secrets a message must never show (closure state, for the same reasons as the token manager). */
function createRedactor(): { add(secret: string | undefined): void; apply(text: string): string } {
  const secrets = new Set<string>();
  return {
    add(secret) {
      if (!secret || secret.length < 4) return;
      secrets.add(secret);
      // Tokens come and go; keep the most recent ones only.
      if (secrets.size > 16) secrets.delete(secrets.values().next().value as string);
    },
    apply(text) {
      let result = text;
      for (const secret of secrets) result = result.split(secret).join('[redacted]');
      return result;
    },
  };
}

function basicSecrets(basicAuthorization: string): string[] {
  const encoded = basicAuthorization.replace(/^Basic /, '');
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  return [basicAuthorization, encoded, decoded, decoded.slice(decoded.indexOf(':') + 1)];
}

/** A got failure (or anything thrown under it) as an ApiError; got's own objects are dropped. */
function toApiError(error: unknown, operation: string, correlator: string, redact: (text: string) => string): Error {
  if (error instanceof ApiError || error instanceof ConfigurationError) return error;
  const failure = error as { name?: string; code?: string; message?: string; cause?: unknown; response?: { statusCode?: number; body?: unknown } };
  // Our own errors thrown from a hook (the token request) come back wrapped by got.
  if (failure?.cause instanceof ApiError || failure?.cause instanceof ConfigurationError) return failure.cause;
  const response = failure?.response;
  if (response && typeof response.statusCode === 'number') {
    const body = response.body;
    let code: string | undefined;
    let message: string | undefined;
    if (body && typeof body === 'object') {
      const fields = body as Record<string, unknown>;
      // CAMARA `{status, code, message}`, or OAuth `{error, error_description}`.
      code = typeof fields.code === 'string' ? fields.code : typeof fields.error === 'string' ? fields.error : undefined;
      message =
        typeof fields.message === 'string' ? fields.message : typeof fields.error_description === 'string' ? fields.error_description : undefined;
    } else if (typeof body === 'string' && body.trim() !== '') {
      message = body.trim().slice(0, QUOTED_BODY_CHARS);
    }
    if (failure.name === 'ParseError') {
      code ??= 'INVALID_RESPONSE';
      message ??= 'the answer is not valid JSON';
    }
    return new ApiError({
      operation,
      correlator,
      status: response.statusCode,
      code,
      apiMessage: message === undefined ? undefined : redact(message),
    });
  }
  const code = typeof failure?.code === 'string' && failure.code !== 'ERR_GOT_REQUEST_ERROR' ? failure.code : undefined;
  const message = typeof failure?.message === 'string' ? failure.message : String(error);
  return new ApiError({ operation, correlator, code, apiMessage: redact(message) });
}

function asIssuedToken(body: unknown, operation: string, correlator: string): IssuedToken {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const accessToken = fields.access_token;
  const tokenType = fields.token_type;
  if (typeof accessToken !== 'string' || accessToken === '' || (typeof tokenType === 'string' && tokenType.toLowerCase() !== 'bearer')) {
    throw new ApiError({ operation, correlator, status: 200, code: 'INVALID_RESPONSE', apiMessage: 'the token answer has no bearer access_token' });
  }
  const expiresIn = Number(fields.expires_in);
  return { accessToken, expiresInSeconds: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600 };
}

function bearerOf(header: unknown): string | undefined {
  return typeof header === 'string' && /^Bearer /.test(header) ? header.slice('Bearer '.length) : undefined;
}

export function createTransport(settings: NormalizedSettings): Transport {
  const got = loadGot();
  const redactor = createRedactor();
  for (const secret of basicSecrets(settings.basicAuthorization)) redactor.add(secret);
  const redact = (text: string) => redactor.apply(text);
  const basicAuthorization = settings.basicAuthorization;
  const limit = new ConcurrencyLimit(settings.maxConcurrency);

  const base = got.extend({
    agent: createAgents(settings),
    timeout: { request: settings.timeoutMs },
    retry: retryOptions(settings.retryLimit),
    followRedirect: false,
    responseType: 'json',
    headers: { accept: 'application/json', 'user-agent': USER_AGENT },
  });

  async function fetchToken(): Promise<IssuedToken> {
    const operation = 'get access token';
    const correlator = crypto.randomUUID();
    try {
      const response = await base.post(`${settings.apiRoot}${endpointPath(ENDPOINTS.token)}`, {
        headers: { authorization: basicAuthorization, 'x-correlator': correlator },
        form: { grant_type: 'client_credentials' },
      });
      const issued = asIssuedToken(response.body, operation, correlator);
      redactor.add(issued.accessToken);
      return issued;
    } catch (error) {
      throw toApiError(error, operation, correlator, redact);
    }
  }

  const tokens = createTokenManager(fetchToken);

  const api = base.extend({
    hooks: {
      beforeRequest: [
        // Every attempt takes the current token: a retry after a long backoff gets a renewed one.
        async (options) => {
          options.headers.authorization = `Bearer ${await tokens.token()}`;
        },
      ],
      afterResponse: [
        // A rejected token is renewed once (shared by every call that saw it) and the call repeated once:
        // got drops afterResponse hooks on the repeat, so a second 401 is the call's answer.
        async (response, retryWithMergedOptions) => {
          if (response.statusCode !== 401) return response;
          await tokens.renew(bearerOf(response.request.options.headers.authorization));
          return retryWithMergedOptions({});
        },
      ],
    },
  });

  async function call(request: Call): Promise<Answer | undefined> {
    const correlator = crypto.randomUUID();
    const url = `${settings.apiRoot}${endpointPath(request.endpoint, { version: settings.registrationApiVersion, ...request.params })}`;
    return limit.run(async () => {
      let response: Response<unknown>;
      try {
        // Fetch (or wait for) the token outside got, so that its own retries do not eat this call's timeout.
        await tokens.token();
        response = await api(url, {
          method: request.endpoint.method,
          headers: { 'x-correlator': correlator },
          ...(request.json !== undefined ? { json: request.json } : {}),
          ...(request.searchParams ? { searchParams: request.searchParams } : {}),
        });
      } catch (error) {
        const failure = toApiError(error, request.operation, correlator, redact);
        if (request.notFoundIsAnswer && failure instanceof ApiError && failure.status === 404) return undefined;
        throw failure;
      }
      return { status: response.statusCode, body: response.body, headers: response.headers, correlator };
    });
  }

  return { call } as Transport;
}
