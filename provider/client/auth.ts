/**
 * One OAuth2 access token per client, shared by all its calls: concurrent
 * first calls wait for a single token request; the token is renewed shortly
 * before it expires, and at once when the API rejects it (401).
 */

/** What the token endpoint gave. */
export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

/** Renew when less than min(maxMarginMs, marginShare × lifetime) is left. */
export const TOKEN_RENEWAL = {
  maxMarginMs: 60_000,
  marginShare: 0.1,
} as const;

export interface TokenManager {
  /** The current token, fetched (once, however many callers wait) when there is none or it is about to expire. */
  token(): Promise<string>;
  /** After the API rejected `rejected`: a new token, unless another call already renewed it. */
  renew(rejected: string | undefined): Promise<string>;
}

/**
 * State lives in this closure, not in fields: the token stays out of
 * JSON.stringify and util.inspect, and no method relies on private-field
 * syntax (Pulumi may serialize methods one by one).
 */
export function createTokenManager(fetchToken: () => Promise<IssuedToken>, now: () => number = Date.now): TokenManager {
  let current: { value: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  function refresh(): Promise<string> {
    inFlight ??= (async () => {
      // Lifetime counts from when the request left, not from when the answer came.
      const requestedAt = now();
      const issued = await fetchToken();
      const lifetimeMs = issued.expiresInSeconds * 1000;
      const marginMs = Math.min(TOKEN_RENEWAL.maxMarginMs, lifetimeMs * TOKEN_RENEWAL.marginShare);
      current = { value: issued.accessToken, renewAt: requestedAt + lifetimeMs - marginMs };
      return issued.accessToken;
    })().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  function token(): Promise<string> {
    if (current && now() < current.renewAt) return Promise.resolve(current.value);
    return refresh();
  }

  return {
    token,
    renew(rejected) {
      if (current && current.value === rejected) current = undefined;
      return token();
    },
  };
}
