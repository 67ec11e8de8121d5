/**
 * When a failed attempt is tried again, as got `retry` options. Plain data plus
 * one delay function: got runs the loop, counts the attempts and reads
 * Retry-After; this only says how long to wait, or 0 for "do not retry".
 */
import type { RetryObject, RetryOptions } from 'got' with { 'resolution-mode': 'import' };
import { ApiError, ConfigurationError } from './errors';

export const RETRY_POLICY = {
  /** 429 only as TOO_MANY_REQUESTS (see noRetryCodes); 408, 413 and CDN 52x are not retried. */
  statusCodes: [429, 500, 502, 503, 504],
  /** Network errors (a socket hang up is ECONNRESET; a got timeout is ETIMEDOUT). */
  errorCodes: ['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'EAI_AGAIN'],
  /** Every method: creates are guarded server-side by uniqueness (a repeated create answers 409). */
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  /** API codes that are never retried, whatever the status. */
  noRetryCodes: ['QUOTA_EXCEEDED'],
  /** Backoff: base × 2^(attempt-1), capped, then "equal jitter" (half fixed, half random). */
  baseDelayMs: 250,
  backoffLimitMs: 8_000,
  /** A Retry-After longer than this fails the call instead of waiting. */
  maxRetryAfterMs: 60_000,
  /** Random extra wait added to a Retry-After, so that many clients do not come back at once. */
  retryAfterJitterMs: 100,
} as const;

function apiCode(body: unknown): string | undefined {
  if (body && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string') return (body as { code: string }).code;
  return undefined;
}

/** got's `retry.calculateDelay`: called only when got's own rules (limit, method, status, error code) allow a retry. */
export function calculateDelay({ attemptCount, error, retryAfter, computedValue }: RetryObject): number {
  if (computedValue <= 0) return 0;
  // got's internal "retry now" (an afterResponse hook asked for it: the 401 renewal).
  if (error.name === 'RetryError') return computedValue;
  // A failure of ours raised inside a hook (e.g. the token request, already retried): do not multiply attempts.
  if (error.cause instanceof ApiError || error.cause instanceof ConfigurationError) return 0;
  const code = apiCode(error.response?.body);
  if (code !== undefined && (RETRY_POLICY.noRetryCodes as readonly string[]).includes(code)) return 0;
  if (error.response && retryAfter !== undefined) return computedValue + Math.random() * RETRY_POLICY.retryAfterJitterMs;
  const ceiling = Math.min(RETRY_POLICY.backoffLimitMs, RETRY_POLICY.baseDelayMs * 2 ** (attemptCount - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

export function retryOptions(limit: number): Partial<RetryOptions> {
  return {
    limit,
    methods: [...RETRY_POLICY.methods],
    statusCodes: [...RETRY_POLICY.statusCodes],
    errorCodes: [...RETRY_POLICY.errorCodes],
    maxRetryAfter: RETRY_POLICY.maxRetryAfterMs,
    backoffLimit: RETRY_POLICY.backoffLimitMs,
    enforceRetryRules: true,
    calculateDelay,
  };
}
