// The field rules the three resources share, each written once. A rule carries its own
// description, which flows into check failures, the TypeScript docs and schema.json.
import { z } from 'zod';

/** E.164, as CAMARA defines a phone number. */
export const phoneNumber = z
  .string()
  .regex(/^\+[1-9][0-9]{4,14}$/, 'must be an E.164 number: "+" then 5 to 15 digits, e.g. +33123456789');

/** A length limit counted in Unicode code points, as JSON Schema (and the API) count it. */
export function text(maxCodePoints: number) {
  return z
    .string()
    .min(1, 'must not be empty')
    .refine((value) => [...value].length <= maxCodePoints, {
      message: `must be at most ${maxCodePoints} characters (counted as Unicode code points)`,
    });
}

export const email = z.email('must be an email address').max(256, 'must be at most 256 characters');

export const webUrl = z
  .string()
  .max(2048, 'must be at most 2048 characters')
  .refine(isWebUrl, 'must be an http(s) URL, e.g. https://www.example.com');

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
/**
 * Regions ICU knows that ISO 3166-1 does not assign to a country: codes reserved for
 * other uses (AC, CP, CQ Sark, DG, EA, EU, EZ, IC, TA, UN), user-assigned ones (QO, XA,
 * XB, XK, ZZ). ICU grows this list with new Node.js versions; the bad-input test holds
 * check to the ISO table on every two-letter code.
 */
const NOT_ISO_COUNTRIES = new Set(['AC', 'CP', 'CQ', 'DG', 'EA', 'EU', 'EZ', 'IC', 'QO', 'TA', 'UN', 'XA', 'XB', 'XK', 'ZZ']);

/** Assigned ISO 3166-1 alpha-2: known to ICU, not an alias (UK is GB), not an ICU-only region. */
function isIsoCountry(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_ISO_COUNTRIES.has(code)) return false;
  const name = regionNames.of(code);
  return name !== code && name !== 'Unknown Region' && Intl.getCanonicalLocales(`und-${code}`)[0] === `und-${code}`;
}

/** ISO 3166-1 alpha-2, checked against the region data Node.js ships with (ICU). */
export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code, e.g. FR')
  // Only judged once the shape is right (zod runs every rule).
  .refine((code) => !/^[A-Z]{2}$/.test(code) || isIsoCountry(code), 'is not an assigned ISO 3166-1 country code (e.g. GB, not UK)');

/** Carrier codes are three capital letters; which exist is the API's to say. */
export const carrierCode = z.string().regex(/^[A-Z]{3}$/, 'must be a carrier code of three capital letters, e.g. OFR');

/** The config namespace whose settings (API root, credentials) this resource uses. */
export const configNamespace = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/, 'must be a Pulumi config namespace, e.g. brandedcalling or acmeAccount')
  .optional()
  .describe(
    'The stack config namespace holding the API root and credentials for this resource (default "brandedcalling"). Name another namespace to manage a second account from the same program.',
  );

/**
 * Adoption: the id of an object that already exists (made by hand, by script, or listed
 * by `pulumi-branded-calling discover`). Read when the resource enters the stack; the
 * first `up` records that object, updating what differs, instead of creating one.
 */
export function existingId(what: string, idShape: string) {
  return z
    .string()
    .min(1, 'must not be empty')
    .max(256, 'must be at most 256 characters')
    .optional()
    .describe(
      `Adopt the existing ${what} with this id (${idShape}) instead of creating one: the first preview reads it and shows what will change, the first up records it and updates what differs. Read only when the resource enters the stack; ignored afterwards.`,
    );
}

/** Pulumi-only inputs: kept in state, never sent to the API. */
export const PULUMI_ONLY_INPUTS = ['configNamespace', 'waitForActiveSeconds', 'existingId'] as const;
