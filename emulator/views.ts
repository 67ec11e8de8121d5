import type { CarrierRecord, CustomerRecord, RegistrationRecord } from './store';
import { V02_ONLY_FIELDS } from './schemas';

/** How stored records are shown to clients: never the owning account, never the sink credential. */

export type ApiVersion = 'v0.1' | 'v0.2';

export function customerView(c: CustomerRecord): Record<string, unknown> {
  return { customerId: c.customerId, company: c.company, brand: c.brand, createdAt: c.createdAt, updatedAt: c.updatedAt };
}

export function carrierView(c: CarrierRecord): Record<string, unknown> {
  return { carrierCode: c.carrierCode, status: c.status, createdAt: c.createdAt };
}

/**
 * Overall status: active once a carrier accepts; inactive when every carrier
 * rejected; expired from the day after expiresAt; pending otherwise.
 */
export function registrationStatus(r: RegistrationRecord, today = new Date().toISOString().slice(0, 10)): string {
  const expiresAt = r.fields.expiresAt;
  if (typeof expiresAt === 'string' && expiresAt < today) return 'expired';
  if (r.carriers.some((c) => c.status === 'active')) return 'active';
  if (r.carriers.length > 0 && r.carriers.every((c) => c.status === 'rejected')) return 'inactive';
  return 'pending';
}

export function registrationView(r: RegistrationRecord, version: ApiVersion): Record<string, unknown> {
  const fields = { ...r.fields };
  delete fields.carrierCodes; // the request's selection; `carriers` is the answer's
  if (version === 'v0.1') for (const key of V02_ONLY_FIELDS) delete fields[key];
  const view: Record<string, unknown> = {
    ...fields,
    registrationId: r.registrationId,
    status: registrationStatus(r),
    carriers: r.carriers.map((c) => (c.reason === undefined ? { carrierCode: c.carrierCode, status: c.status } : { carrierCode: c.carrierCode, status: c.status, reason: c.reason })),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
  if (version === 'v0.2') {
    view.quota = r.quota;
    view.quotaThreshold = r.quotaThreshold;
  }
  return view;
}
