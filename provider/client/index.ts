/**
 * The Branded Calling API client: plain async TypeScript, no Pulumi. Heavy and
 * ESM dependencies (got) are required when a client is created, not when this
 * module loads, so that Pulumi's dynamic provider can serialize code that calls it.
 */
import crypto from 'node:crypto';
import { carriersApi, customersApi, type CarriersApi, type CustomersApi } from './onboarding';
import { registrationsApi, type RegistrationsApi } from './registrations';
import { normalizeSettings, type ClientSettings } from './settings';
import { createTransport } from './transport';
import type { RegistrationApiVersion } from './types';

export { ApiError, ConfigurationError, isApiError } from './errors';
export type { ApiErrorDetails } from './errors';
export type { ClientSettings } from './settings';
export type { CustomersApi, CarriersApi } from './onboarding';
export type { RegistrationsApi } from './registrations';
export type * from './types';

export interface ApiClient {
  readonly registrationApiVersion: RegistrationApiVersion;
  customers: CustomersApi;
  carriers: CarriersApi;
  registrations: RegistrationsApi;
}

/** A new client: its own token, its own connection pool. */
export function createApiClient(settings: ClientSettings): ApiClient {
  const normalized = normalizeSettings(settings);
  const transport = createTransport(normalized);
  return {
    registrationApiVersion: normalized.registrationApiVersion,
    customers: customersApi(transport),
    carriers: carriersApi(transport),
    registrations: registrationsApi(transport, normalized.registrationApiVersion),
  };
}

/**
 * The process-wide cache lives on globalThis, created on first use: no module
 * state for Pulumi to capture (it cannot serialize a Map), and one cache even
 * when this module is loaded twice (required, and serialized by value).
 */
const CACHE_KEY = Symbol.for('pulumi-branded-calling.client.apiClients');

/** One client per distinct settings in this process: every resource of a run shares one token and one pool. */
export function getApiClient(settings: ClientSettings): ApiClient {
  const normalized = normalizeSettings(settings);
  const holder = globalThis as { [CACHE_KEY]?: Map<string, ApiClient> };
  const clients = (holder[CACHE_KEY] ??= new Map<string, ApiClient>());
  // Keyed by a digest, so that the cache's keys do not hold the credentials in clear.
  const key = crypto.createHash('sha256').update(JSON.stringify(normalized)).digest('hex');
  let client = clients.get(key);
  if (!client) {
    client = createApiClient(settings);
    clients.set(key, client);
  }
  return client;
}
