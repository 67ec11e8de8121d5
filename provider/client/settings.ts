import net from 'node:net';
import { ConfigurationError } from './errors';
import type { RegistrationApiVersion } from './types';

/** What a caller gives to create a client. */
export interface ClientSettings {
  /** e.g. 'https://api.orange.com' or the emulator URL; no trailing slash needed. */
  apiRoot: string;
  clientId?: string;
  clientSecret?: string;
  /** The console's ready 'Basic …' header, with or without the 'Basic ' prefix. */
  authorizationHeader?: string;
  /** Default 'v0.1'. */
  registrationApiVersion?: RegistrationApiVersion;
  /** Per attempt; default 30000. */
  timeoutMs?: number;
  /** Cap on concurrent requests (and sockets) per client; default 8. */
  maxConcurrency?: number;
  /** Default 4. */
  retryLimit?: number;
  /** Extra PEM CA certificates, added to Node's roots. */
  caCertificates?: string;
}

/** Settings once checked, with defaults filled in and the credentials as one Basic header. */
export interface NormalizedSettings {
  apiRoot: string;
  /** `Basic base64(clientId:clientSecret)`. A secret: never put it in a message. */
  basicAuthorization: string;
  registrationApiVersion: RegistrationApiVersion;
  timeoutMs: number;
  maxConcurrency: number;
  retryLimit: number;
  caCertificates?: string;
}

export const DEFAULTS = {
  registrationApiVersion: 'v0.1',
  timeoutMs: 30_000,
  maxConcurrency: 8,
  retryLimit: 4,
} as const;

const VERSIONS: readonly RegistrationApiVersion[] = ['v0.1', 'v0.2'];

/** 127.0.0.0/8, ::1 and localhost: the only hosts a token may reach over plain HTTP. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  if (net.isIPv6(host)) return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(host);
  return false;
}

function normalizeApiRoot(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigurationError('apiRoot is required (e.g. https://api.orange.com).');
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConfigurationError('apiRoot is not a valid URL (e.g. https://api.orange.com).');
  }
  if (url.username || url.password) throw new ConfigurationError('apiRoot must not carry credentials; give clientId/clientSecret or authorizationHeader.');
  if (url.search || url.hash) throw new ConfigurationError('apiRoot must not have a query or a fragment.');
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      throw new ConfigurationError(
        `apiRoot ${url.origin} is plain HTTP to a non-loopback host: the access token is only sent over HTTPS or to a loopback address.`,
      );
    }
  } else if (url.protocol !== 'https:') {
    throw new ConfigurationError(`apiRoot must be an https:// URL (or http:// to a loopback address), not ${url.protocol}.`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** The credentials as one `Basic …` header, from either form. */
function basicAuthorization(settings: ClientSettings): string {
  const pairGiven = present(settings.clientId) || present(settings.clientSecret);
  const headerGiven = present(settings.authorizationHeader);
  if (pairGiven && headerGiven) {
    throw new ConfigurationError('Give either clientId/clientSecret or authorizationHeader, not both.');
  }
  if (headerGiven) {
    if (typeof settings.authorizationHeader !== 'string') throw new ConfigurationError('authorizationHeader must be a string.');
    const encoded = settings.authorizationHeader.trim().replace(/^basic\s+/i, '').trim();
    const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, 'base64').toString('utf8') : '';
    if (decoded.indexOf(':') < 1) {
      throw new ConfigurationError(
        "authorizationHeader is not the console's 'Basic base64(clientId:clientSecret)' header (its value is not shown here).",
      );
    }
    return `Basic ${encoded}`;
  }
  if (pairGiven) {
    const { clientId, clientSecret } = settings;
    if (typeof clientId !== 'string' || clientId === '') throw new ConfigurationError('clientId is required with clientSecret.');
    if (typeof clientSecret !== 'string' || clientSecret === '') throw new ConfigurationError('clientSecret is required with clientId.');
    if (clientId.includes(':')) throw new ConfigurationError('clientId must not contain ":".');
    return `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`;
  }
  throw new ConfigurationError('Credentials are required: give clientId and clientSecret, or authorizationHeader.');
}

function integer(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(`${name} must be an integer from ${min} to ${max}.`);
  }
  return value;
}

/** Checks settings and fills in defaults; throws ConfigurationError (never naming a secret's value). */
export function normalizeSettings(settings: ClientSettings): NormalizedSettings {
  if (settings === null || typeof settings !== 'object') throw new ConfigurationError('Client settings must be an object.');
  const version = settings.registrationApiVersion ?? DEFAULTS.registrationApiVersion;
  if (!VERSIONS.includes(version)) {
    throw new ConfigurationError(`registrationApiVersion must be one of ${VERSIONS.join(', ')}, not ${JSON.stringify(version)}.`);
  }
  const normalized: NormalizedSettings = {
    apiRoot: normalizeApiRoot(settings.apiRoot),
    basicAuthorization: basicAuthorization(settings),
    registrationApiVersion: version,
    timeoutMs: integer('timeoutMs', settings.timeoutMs, DEFAULTS.timeoutMs, 1, 600_000),
    maxConcurrency: integer('maxConcurrency', settings.maxConcurrency, DEFAULTS.maxConcurrency, 1, 256),
    retryLimit: integer('retryLimit', settings.retryLimit, DEFAULTS.retryLimit, 0, 20),
  };
  if (present(settings.caCertificates)) {
    if (typeof settings.caCertificates !== 'string' || !settings.caCertificates.includes('-----BEGIN CERTIFICATE-----')) {
      throw new ConfigurationError('caCertificates must be PEM text (-----BEGIN CERTIFICATE----- …).');
    }
    normalized.caCertificates = settings.caCertificates;
  }
  return normalized;
}
