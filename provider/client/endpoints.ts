/**
 * Every path, method and answer shape the client relies on, in one table.
 * Orange publishes only part of the API (see API-CONTRACT.md): the entries
 * marked "decided" are this project's reading, to correct here (and only here)
 * once Orange's full reference is at hand.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Endpoint {
  method: HttpMethod;
  /** Path below apiRoot; `{name}` placeholders are filled (URL-encoded) per call. */
  path: string;
  /** For lists: the key of the answer's object that holds the array. */
  listKey?: string;
}

const ONBOARDING = '/branded-calling/v0.1';
/** `{version}` is the client's registrationApiVersion (v0.1 or v0.2). */
const REGISTRATION = '/camara/brand-registration/{version}';

export const ENDPOINTS = {
  /** Known: OAuth2 client credentials, HTTP Basic client authentication, form body. */
  token: { method: 'POST', path: '/oauth/v3/token' },

  /** Known. */
  createCustomer: { method: 'POST', path: `${ONBOARDING}/customers` },
  /** Decided: `{customers: [...]}`. */
  listCustomers: { method: 'GET', path: `${ONBOARDING}/customers`, listKey: 'customers' },
  /** Decided. */
  getCustomer: { method: 'GET', path: `${ONBOARDING}/customers/{customerId}` },
  /** Decided: full replacement, same body as create. */
  replaceCustomer: { method: 'PUT', path: `${ONBOARDING}/customers/{customerId}` },
  /** Decided: 204; 409 while it has carriers or registrations. */
  deleteCustomer: { method: 'DELETE', path: `${ONBOARDING}/customers/{customerId}` },

  /** Known: body `{carrierCode}`. */
  addCarrier: { method: 'POST', path: `${ONBOARDING}/customers/{customerId}/carriers` },
  /** Decided: `{carriers: [...]}`. */
  listCarriers: { method: 'GET', path: `${ONBOARDING}/customers/{customerId}/carriers`, listKey: 'carriers' },
  /** Decided. */
  getCarrier: { method: 'GET', path: `${ONBOARDING}/customers/{customerId}/carriers/{carrierCode}` },
  /** Decided: 204; 409 while a registration targets it. */
  removeCarrier: { method: 'DELETE', path: `${ONBOARDING}/customers/{customerId}/carriers/{carrierCode}` },

  /** Known (CAMARA 0.1.0). */
  createRegistration: { method: 'POST', path: `${REGISTRATION}/registrations` },
  getRegistration: { method: 'GET', path: `${REGISTRATION}/registrations/{registrationId}` },
  replaceRegistration: { method: 'PUT', path: `${REGISTRATION}/registrations/{registrationId}` },
  deleteRegistration: { method: 'DELETE', path: `${REGISTRATION}/registrations/{registrationId}` },
  /** Known from 0.2 only: `{registrations: [...]}`, paginated (see REGISTRATION_PAGINATION). */
  listRegistrations: { method: 'GET', path: `${REGISTRATION}/registrations`, listKey: 'registrations' },
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

/** Registration versions that serve the list. */
export const LIST_REGISTRATIONS_VERSIONS = ['v0.2'] as const;

/** How the 0.2 list pages: query `page` (from 1) and `perPage` (at most 100); header `x-total-pages` (answer 206 while partial). */
export const REGISTRATION_PAGINATION = {
  pageParam: 'page',
  perPageParam: 'perPage',
  perPage: 100,
  totalPagesHeader: 'x-total-pages',
  /** Safety stop for a server that keeps announcing more pages. */
  maxPages: 10_000,
} as const;

/** The path of an endpoint with its placeholders filled in. */
export function endpointPath(endpoint: Endpoint, params: Record<string, string> = {}): string {
  return endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    // '.' and '..' (even percent-encoded) would be resolved away by the URL parser.
    if (typeof value !== 'string' || value === '' || /^\.{1,2}$/.test(value)) {
      throw new TypeError(`${name} must be a non-empty string other than '.' and '..'.`);
    }
    return name === 'version' ? value : encodeURIComponent(value);
  });
}
