import crypto from 'node:crypto';
import type { EmulatorCore, RequestContext, Route } from '../context';
import { conflict, invalidArgument, notFound, quotaExceeded, serviceNotApplicable } from '../http';
import {
  CALL_PURPOSES,
  REGISTRATION_STATUSES,
  V02_ONLY_FIELDS,
  registrationBodySchemaV01,
  registrationBodySchemaV02,
} from '../schemas';
import type { RegistrationCarrier, RegistrationRecord, StoredSinkCredential } from '../store';
import { assertValid, codePointLength, isValidDate } from '../validation';
import { type ApiVersion, registrationStatus, registrationView } from '../views';

export const registrationBase = (version: ApiVersion) => `/camara/brand-registration/${version}`;

interface RegistrationBody {
  phoneNumber: string;
  phoneNumberAlternate?: string;
  displayName: string;
  customerId: string;
  terminatingCountryCode?: number;
  carrierCodes?: string[];
  sink?: string;
  sinkCredential?: { credentialType: string; accessToken?: string; accessTokenExpiresUtc?: string; accessTokenType?: string };
  [field: string]: unknown;
}

/** Changing any of these sends every carrier back to pending: the carriers must review the new brand. */
const REVIEWED_FIELDS = ['phoneNumber', 'phoneNumberAlternate', 'displayName', 'customerId'] as const;

const LIST_FILTERS = ['customerId', 'displayName', 'status', 'expiresAt', 'terminatingCountryCode', 'callPurpose'] as const;

function fingerprint(credential: NonNullable<RegistrationBody['sinkCredential']>): StoredSinkCredential {
  const stored: StoredSinkCredential = { credentialType: credential.credentialType };
  if (credential.accessTokenType) stored.accessTokenType = credential.accessTokenType;
  if (credential.accessTokenExpiresUtc) stored.accessTokenExpiresUtc = credential.accessTokenExpiresUtc;
  if (credential.accessToken) stored.accessTokenSha256 = crypto.createHash('sha256').update(credential.accessToken).digest('hex');
  return stored;
}

/**
 * CAMARA Brand Registration, served at v0.1 (0.1.0 field set) and v0.2
 * (wip field set, plus the list). Both versions share one store.
 */
export function registrationRoutes(emu: EmulatorCore, version: ApiVersion): Route[] {
  const { store, settings, decisions } = emu;
  const base = registrationBase(version);
  const schema = version === 'v0.1' ? registrationBodySchemaV01 : registrationBodySchemaV02;

  function findRegistration(ctx: RequestContext): RegistrationRecord {
    const registration = store.registrationOf(ctx.caller.account, ctx.params.registrationId);
    if (!registration) throw notFound(`Registration ${ctx.params.registrationId} is not found.`);
    return registration;
  }

  /** Validates a create or replace body against the business rules; returns the record to store. */
  function prepare(ctx: RequestContext, existing?: RegistrationRecord): RegistrationRecord {
    const body = assertValid<RegistrationBody>(ctx.body, schema);
    const account = ctx.caller.account;
    if (body.sinkCredential && !body.sink) throw invalidArgument('body.sinkCredential: requires body.sink.');

    const customer = store.customerOf(account, body.customerId);
    if (!customer) throw serviceNotApplicable(`Customer ${body.customerId} is not known to this account.`);
    const declared = store
      .carriersOfCustomer(customer.customerId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((c) => c.carrierCode);
    if (declared.length === 0) throw serviceNotApplicable(`Customer ${customer.customerId} has no carriers.`);
    const codes = body.carrierCodes ?? declared;
    const undeclared = codes.filter((code) => !declared.includes(code));
    if (undeclared.length > 0) {
      throw serviceNotApplicable(`Carrier(s) ${undeclared.join(', ')} not declared for customer ${customer.customerId}.`);
    }

    const sameNumber = store
      .registrationsOf(account)
      .find((r) => r.registrationId !== existing?.registrationId && r.fields.phoneNumber === body.phoneNumber);
    if (sameNumber) throw conflict(`Phone number ${body.phoneNumber} is already registered (${sameNumber.registrationId}).`);

    const fields: Record<string, unknown> = { ...body };
    delete fields.sinkCredential;
    fields.terminatingCountryCode ??= settings.defaultTerminatingCountryCode;
    let sinkCredential = body.sinkCredential ? fingerprint(body.sinkCredential) : undefined;
    if (version === 'v0.1' && existing) {
      // A v0.1 client cannot express the 0.2-only fields: its replacement keeps them.
      for (const key of V02_ONLY_FIELDS) if (existing.fields[key] !== undefined) fields[key] = existing.fields[key];
      sinkCredential = existing.sinkCredential;
    }

    const now = new Date().toISOString();
    const reviewAgain = existing !== undefined && REVIEWED_FIELDS.some((key) => existing.fields[key] !== fields[key]);
    const carriers: RegistrationCarrier[] = codes.map((carrierCode) => {
      const previous = existing?.carriers.find((c) => c.carrierCode === carrierCode);
      return previous && !reviewAgain ? previous : { carrierCode, status: 'pending', pendingSince: now };
    });

    const record: RegistrationRecord = {
      account,
      registrationId: existing?.registrationId ?? crypto.randomUUID(),
      fields,
      carriers,
      quota: existing?.quota ?? settings.registrationQuota,
      quotaThreshold: existing?.quotaThreshold ?? settings.registrationQuotaThreshold,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    if (sinkCredential) record.sinkCredential = sinkCredential;
    return record;
  }

  const routes: Route[] = [
    {
      method: 'POST',
      template: `${base}/registrations`,
      access: { kind: 'api', operation: 'createRegistration' },
      body: 'json',
      mutates: true,
      handle(ctx) {
        const record = prepare(ctx);
        if (store.registrationsOf(ctx.caller.account).length >= settings.maxRegistrationsPerAccount) {
          throw quotaExceeded(`This account may hold at most ${settings.maxRegistrationsPerAccount} registrations.`);
        }
        store.commit([{ op: 'putRegistration', value: record }]);
        decisions.schedule(record.registrationId);
        return { status: 201, body: registrationView(record, version) };
      },
    },
    {
      method: 'GET',
      template: `${base}/registrations/{registrationId}`,
      access: { kind: 'api', operation: 'readRegistration' },
      body: 'none',
      mutates: false,
      handle(ctx) {
        return { status: 200, body: registrationView(findRegistration(ctx), version) };
      },
    },
    {
      method: 'PUT',
      template: `${base}/registrations/{registrationId}`,
      access: { kind: 'api', operation: 'updateRegistration' },
      body: 'json',
      mutates: true,
      handle(ctx) {
        const existing = findRegistration(ctx);
        const record = prepare(ctx, existing);
        store.commit([{ op: 'putRegistration', value: record }]);
        decisions.schedule(record.registrationId);
        return { status: 200, body: registrationView(record, version) };
      },
    },
    {
      method: 'DELETE',
      template: `${base}/registrations/{registrationId}`,
      access: { kind: 'api', operation: 'deleteRegistration' },
      body: 'none',
      mutates: true,
      handle(ctx) {
        const registration = findRegistration(ctx);
        store.commit([{ op: 'deleteRegistration', registrationId: registration.registrationId }]);
        decisions.cancel(registration.registrationId);
        return { status: 204 };
      },
    },
  ];

  if (version === 'v0.2') {
    routes.push({
      method: 'GET',
      template: `${base}/registrations`,
      access: { kind: 'api', operation: 'listRegistrations' },
      body: 'none',
      mutates: false,
      handle(ctx) {
        const query = parseListQuery(ctx.query);
        const matching = store
          .registrationsOf(ctx.caller.account)
          .filter((r) =>
            LIST_FILTERS.every((name) => {
              const wanted = query.filters[name];
              if (wanted === undefined) return true;
              const actual = name === 'status' ? registrationStatus(r) : r.fields[name];
              return actual === wanted;
            }),
          )
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.registrationId.localeCompare(b.registrationId));
        const totalCount = matching.length;
        const totalPages = Math.ceil(totalCount / query.perPage);
        const page = matching.slice((query.page - 1) * query.perPage, query.page * query.perPage);
        return {
          // 206 when this is one page of several, as the 0.2 definition allows.
          status: totalPages > 1 && page.length > 0 ? 206 : 200,
          headers: { 'x-total-count': String(totalCount), 'x-total-pages': String(totalPages) },
          body: {
            registrations: page.map((r) => registrationView(r, version)),
            pagination: { page: query.page, perPage: query.perPage, totalCount, totalPages },
          },
        };
      },
    });
  }
  return routes;
}

interface ListQuery {
  page: number;
  perPage: number;
  filters: Partial<Record<(typeof LIST_FILTERS)[number], string | number>>;
}

function parseListQuery(query: URLSearchParams): ListQuery {
  const allowed = new Set<string>(['page', 'perPage', ...LIST_FILTERS]);
  for (const name of new Set(query.keys())) {
    if (!allowed.has(name)) throw invalidArgument(`query.${name}: unknown parameter.`);
    if (query.getAll(name).length > 1) throw invalidArgument(`query.${name}: given more than once.`);
  }
  const integer = (name: string, min: number, max: number, fallback?: number): number | undefined => {
    const raw = query.get(name);
    if (raw === null) return fallback;
    const value = /^[0-9]{1,10}$/.test(raw) ? Number(raw) : NaN;
    if (!(value >= min && value <= max)) throw invalidArgument(`query.${name}: must be an integer from ${min} to ${max}.`);
    return value;
  };
  const filters: ListQuery['filters'] = {};
  const customerId = query.get('customerId');
  if (customerId !== null) {
    if (customerId.length === 0 || codePointLength(customerId) > 64) throw invalidArgument('query.customerId: must be 1 to 64 characters.');
    filters.customerId = customerId;
  }
  const displayName = query.get('displayName');
  if (displayName !== null) {
    if (displayName.length === 0 || codePointLength(displayName) > 32) throw invalidArgument('query.displayName: must be 1 to 32 characters.');
    filters.displayName = displayName;
  }
  const status = query.get('status');
  if (status !== null) {
    if (!(REGISTRATION_STATUSES as readonly string[]).includes(status)) {
      throw invalidArgument(`query.status: must be one of ${REGISTRATION_STATUSES.join(', ')}.`);
    }
    filters.status = status;
  }
  const expiresAt = query.get('expiresAt');
  if (expiresAt !== null) {
    if (!isValidDate(expiresAt)) throw invalidArgument('query.expiresAt: must be a date (YYYY-MM-DD).');
    filters.expiresAt = expiresAt;
  }
  const callPurpose = query.get('callPurpose');
  if (callPurpose !== null) {
    if (!(CALL_PURPOSES as readonly string[]).includes(callPurpose)) {
      throw invalidArgument(`query.callPurpose: must be one of ${CALL_PURPOSES.join(', ')}.`);
    }
    filters.callPurpose = callPurpose;
  }
  const terminatingCountryCode = integer('terminatingCountryCode', 1, 999);
  if (terminatingCountryCode !== undefined) filters.terminatingCountryCode = terminatingCountryCode;
  return {
    page: integer('page', 1, 2147483647, 1)!,
    perPage: integer('perPage', 1, 100, 20)!,
    filters,
  };
}
