/** CAMARA Brand Registration, at the client's registrationApiVersion (v0.1 or v0.2). */
import { listOf, recordWith } from './answers';
import { ENDPOINTS, LIST_REGISTRATIONS_VERSIONS, REGISTRATION_PAGINATION } from './endpoints';
import { ConfigurationError } from './errors';
import type { Transport } from './transport';
import type { RegistrationApiVersion, RegistrationBody, RegistrationRecord } from './types';

export interface RegistrationsApi {
  create(body: RegistrationBody): Promise<RegistrationRecord>;
  /** undefined when there is no such registration (404). */
  get(registrationId: string): Promise<RegistrationRecord | undefined>;
  replace(registrationId: string, body: RegistrationBody): Promise<RegistrationRecord>;
  /** false when it was already gone (404). */
  delete(registrationId: string): Promise<boolean>;
  /** Every page, with the API's filters (customerId, displayName, status, …). v0.2 only. */
  list(filters?: Record<string, string | number>): Promise<RegistrationRecord[]>;
}

function totalPages(headers: Record<string, string | string[] | undefined>, body: unknown): number | undefined {
  const header = headers[REGISTRATION_PAGINATION.totalPagesHeader];
  const fromHeader = Number(Array.isArray(header) ? header[0] : header);
  if (header !== undefined && Number.isInteger(fromHeader) && fromHeader >= 0) return fromHeader;
  const fromBody = (body as { pagination?: { totalPages?: unknown } } | undefined)?.pagination?.totalPages;
  return typeof fromBody === 'number' && Number.isInteger(fromBody) ? fromBody : undefined;
}

export function registrationsApi(transport: Transport, version: RegistrationApiVersion): RegistrationsApi {
  return {
    async create(body) {
      const operation = 'create registration';
      const answer = await transport.call({ operation, endpoint: ENDPOINTS.createRegistration, json: body });
      return recordWith<RegistrationRecord>(operation, answer, 'registrationId');
    },
    async get(registrationId) {
      const operation = `get registration ${registrationId}`;
      const answer = await transport.call({
        operation,
        endpoint: ENDPOINTS.getRegistration,
        params: { registrationId },
        notFoundIsAnswer: true,
      });
      return answer && recordWith<RegistrationRecord>(operation, answer, 'registrationId');
    },
    async replace(registrationId, body) {
      const operation = `replace registration ${registrationId}`;
      const answer = await transport.call({ operation, endpoint: ENDPOINTS.replaceRegistration, params: { registrationId }, json: body });
      return recordWith<RegistrationRecord>(operation, answer, 'registrationId');
    },
    async delete(registrationId) {
      const operation = `delete registration ${registrationId}`;
      const answer = await transport.call({
        operation,
        endpoint: ENDPOINTS.deleteRegistration,
        params: { registrationId },
        notFoundIsAnswer: true,
      });
      return answer !== undefined;
    },
    async list(filters = {}) {
      if (!(LIST_REGISTRATIONS_VERSIONS as readonly string[]).includes(version)) {
        throw new ConfigurationError(
          `Listing registrations needs registrationApiVersion ${LIST_REGISTRATIONS_VERSIONS.join(' or ')}; this client uses ${version}.`,
        );
      }
      const { pageParam, perPageParam, perPage, maxPages } = REGISTRATION_PAGINATION;
      const records: RegistrationRecord[] = [];
      for (let page = 1; page <= maxPages; page++) {
        const operation = `list registrations (page ${page})`;
        const answer = await transport.call({
          operation,
          endpoint: ENDPOINTS.listRegistrations,
          searchParams: { ...filters, [pageParam]: page, [perPageParam]: perPage },
        });
        const items = listOf<RegistrationRecord>(operation, answer, ENDPOINTS.listRegistrations.listKey);
        records.push(...items);
        const pages = totalPages(answer.headers, answer.body);
        // Without a page count, a short page is the last one.
        if (items.length === 0 || (pages !== undefined ? page >= pages : items.length < perPage)) break;
      }
      return records;
    },
  };
}
