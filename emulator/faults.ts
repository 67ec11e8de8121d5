import { ApiError, internal, invalidArgument, isPlainObject, quotaExceeded, tooManyRequests, unavailable } from './http';

/**
 * Faults injected on demand. Shares are probabilities in 0..1 drawn from a
 * seeded generator, so a test that sets a seed sees the same sequence every run.
 * By default they hit every API route except the token endpoint; `methods`
 * and `routes` narrow them (a route is a template such as
 * `/camara/brand-registration/v0.2/registrations/{registrationId}`, or a prefix
 * ending in `*`; name `/oauth/v3/token` explicitly to hit the token endpoint).
 */
export interface FaultSettings {
  seed?: number;
  latencyMs?: number;
  internalErrorShare?: number;
  unavailableShare?: number;
  tooManyRequestsShare?: number;
  retryAfterSeconds?: number;
  quotaExceededShare?: number;
  /** Lifetime of tokens issued while set (whatever the route scope). */
  tokenLifetimeSeconds?: number;
  /** Share of successful writes applied and journaled, then answered by a dropped connection. */
  dropAfterCommitShare?: number;
  methods?: string[];
  routes?: string[];
}

const SHARE_KEYS = [
  'internalErrorShare',
  'unavailableShare',
  'tooManyRequestsShare',
  'quotaExceededShare',
  'dropAfterCommitShare',
] as const;
const NUMBER_KEYS = ['seed', 'latencyMs', 'retryAfterSeconds', 'tokenLifetimeSeconds'] as const;

export const TOKEN_ROUTE = '/oauth/v3/token';

export function parseFaultSettings(input: unknown): FaultSettings {
  if (!isPlainObject(input)) throw invalidArgument('faults: must be an object.');
  const known = new Set<string>([...SHARE_KEYS, ...NUMBER_KEYS, 'methods', 'routes']);
  for (const key of Object.keys(input)) if (!known.has(key)) throw invalidArgument(`faults.${key}: unknown property.`);
  for (const key of SHARE_KEYS) {
    const value = input[key];
    if (value !== undefined && (typeof value !== 'number' || !(value >= 0 && value <= 1))) {
      throw invalidArgument(`faults.${key}: must be a number between 0 and 1.`);
    }
  }
  for (const key of NUMBER_KEYS) {
    const value = input[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
      throw invalidArgument(`faults.${key}: must be a non-negative integer.`);
    }
  }
  if (input.tokenLifetimeSeconds === 0) throw invalidArgument('faults.tokenLifetimeSeconds: must be at least 1.');
  for (const key of ['methods', 'routes'] as const) {
    const value = input[key];
    if (value !== undefined && (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))) {
      throw invalidArgument(`faults.${key}: must be an array of strings.`);
    }
  }
  const shares = (['internalErrorShare', 'unavailableShare', 'tooManyRequestsShare', 'quotaExceededShare'] as const)
    .map((key) => (input[key] as number | undefined) ?? 0)
    .reduce((a, b) => a + b, 0);
  if (shares > 1) throw invalidArgument('faults: the error shares add up to more than 1.');
  return input as FaultSettings;
}

/** mulberry32: tiny, seedable, good enough to pick faults. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private settings: FaultSettings = {};
  private random: () => number = seededRandom(1);

  constructor(initial?: FaultSettings) {
    if (initial) this.set(initial);
  }

  set(settings: FaultSettings): void {
    this.settings = parseFaultSettings(settings);
    this.random = seededRandom(this.settings.seed ?? 1);
  }

  clear(): void {
    this.set({});
  }

  current(): FaultSettings {
    return { ...this.settings };
  }

  tokenLifetimeSeconds(): number | undefined {
    return this.settings.tokenLifetimeSeconds;
  }

  appliesTo(method: string, routeTemplate: string): boolean {
    const { methods, routes } = this.settings;
    if (methods && !methods.some((m) => m.toUpperCase() === method)) return false;
    if (!routes) return routeTemplate !== TOKEN_ROUTE;
    return routes.some((r) => (r.endsWith('*') ? routeTemplate.startsWith(r.slice(0, -1)) : r === routeTemplate));
  }

  latencyMs(): number {
    return this.settings.latencyMs ?? 0;
  }

  /** One draw per request picks at most one injected error. */
  drawError(): ApiError | null {
    const s = this.settings;
    const bands: Array<[number, () => ApiError]> = [
      [s.tooManyRequestsShare ?? 0, () => tooManyRequests(s.retryAfterSeconds ?? 1)],
      [s.quotaExceededShare ?? 0, () => quotaExceeded('Quota exceeded (injected fault).')],
      [s.unavailableShare ?? 0, () => unavailable('Service unavailable (injected fault).')],
      [s.internalErrorShare ?? 0, () => internal('Internal server error (injected fault).')],
    ];
    if (bands.every(([share]) => share === 0)) return null;
    const draw = this.random();
    let edge = 0;
    for (const [share, make] of bands) {
      edge += share;
      if (draw < edge) return make();
    }
    return null;
  }

  shouldDropAfterCommit(): boolean {
    const share = this.settings.dropAfterCommitShare ?? 0;
    return share > 0 && this.random() < share;
  }
}
