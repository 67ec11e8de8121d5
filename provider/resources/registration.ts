// Registration: a phone number shown with a brand name, tracked per carrier from
// pending to active (CAMARA Brand Registration API). id = registrationId.
// Every field updates in place (the API replaces the whole registration, number
// included), except the customer: another customer replaces it, deleting first, since
// a number can be registered only once per account.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isApiError, type RegistrationBody, type RegistrationRecord } from '../client';
import * as fields from '../fields';
import {
  apiBody,
  checkWithSchema,
  CheckFailure,
  CreatedButFailedError,
  diffInputs,
  goneHint,
  isUnknown,
  keysOf,
  Lifecycle,
  LifecycleContext,
  pickInputs,
  Props,
} from '../lifecycle';

export const VERIFY_CALLER_ACTIONS = ['BLOCK_UNVERIFIED', 'DO_NOT_BRAND'] as const;
export const CALL_PURPOSES = [
  'Customer-Service',
  'Survey',
  'Telemarketing',
  'Debt-Collection',
  'Charity',
  'Informational',
  'Do-Not-Originate',
] as const;

const sinkCredential = z.discriminatedUnion('credentialType', [
  z.strictObject({
    credentialType: z.literal('ACCESSTOKEN'),
    accessToken: z.string().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters').describe('The token the API presents to the sink.'),
    accessTokenExpiresUtc: z.iso.datetime({ offset: true, message: 'must be an RFC 3339 date-time' }).max(64).describe('When the token expires.'),
    accessTokenType: z.literal('bearer'),
  }),
  z.strictObject({ credentialType: z.literal('PRIVATE_KEY_JWT') }),
]);

/** The scheme is case-insensitive: HTTPS://hooks.example is an https URL too. */
function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

export const registrationInputsSchema = z.strictObject({
  phoneNumber: fields.phoneNumber.describe('The calling number, E.164 (e.g. +33123456789). Unique per account.'),
  displayName: fields.text(32).describe("The brand name shown on the callee's phone: at most 32 characters (code points)."),
  customerId: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters').describe('The customer this number belongs to (its customerId). Changing it replaces the registration.'),
  phoneNumberAlternate: fields.phoneNumber.optional().describe('An alternate calling number, E.164.'),
  verifyCallerAction: z.enum(VERIFY_CALLER_ACTIONS).optional().describe('What to do with calls that fail caller verification: BLOCK_UNVERIFIED or DO_NOT_BRAND (absent: no verification).'),
  terminatingCountryCode: z.int('must be a whole number').min(1, 'must be between 1 and 999').max(999, 'must be between 1 and 999').optional()
    .describe('Country code of the called numbers (e.g. 33). Optional under v0.1 (the API fills it in), required under v0.2.'),
  campaignName: fields.text(64).optional().describe('A campaign name, for your own reference.'),
  carrierCodes: z
    .array(fields.carrierCode)
    .min(1, 'must name at least one carrier')
    .refine((codes) => {
      // Values not known yet at preview are all the same placeholder: not duplicates.
      const known = codes.filter((code) => !isUnknown(code));
      return new Set(known).size === known.length;
    }, 'must not name a carrier twice')
    .optional()
    .describe("The carriers to register with, among the customer's: when absent, the API takes those the customer has at creation, and later carriers are not added. Name them, wired to Carrier resources' carrierCode outputs, to order creates and deletes and to follow changes. Their order does not matter."),
  expiresAt: z.iso.date('must be a date YYYY-MM-DD').optional().describe('v0.2: the date the registration expires (YYYY-MM-DD).'),
  displayAsset: z.url('must be a URI').max(2048).optional().describe('v0.2: a logo, image or video shown to the callee.'),
  callPurpose: z.enum(CALL_PURPOSES).optional().describe('v0.2: the purpose of the calls.'),
  sink: z
    .url('must be an https URL')
    .max(2048)
    .refine(isHttpsUrl, 'must be an https URL')
    .optional()
    .describe('v0.2: the https URL that receives notifications about this registration.'),
  sinkCredential: sinkCredential.optional().meta({ secret: true }).describe('v0.2: how the API authenticates to the sink. Write-only and secret: never read back, kept from your program.'),
  waitForActiveSeconds: z.int('must be a whole number').min(1, 'must be between 1 and 86400').max(86_400, 'must be between 1 and 86400').optional()
    .describe('If set, create and number/name changes wait up to this many seconds for the registration to become active; a timeout fails the update but keeps the registration in state.'),
  existingId: fields.existingId('registration', 'its registrationId'),
  configNamespace: fields.configNamespace,
});

export type RegistrationInputs = z.infer<typeof registrationInputsSchema>;

export const registrationOutputsSchema = registrationInputsSchema.omit({ sinkCredential: true }).extend({
  sinkCredentialDigest: z.string().optional().describe('A SHA-256 digest of the sink credential, which is write-only: it tells a change without holding the credential.'),
  registrationId: z.string().describe('The id the API gave the registration; also the resource id.'),
  status: z.enum(['pending', 'active', 'inactive', 'expired']).describe('pending until a carrier accepts the number, then active.'),
  carrierStatuses: z
    .array(
      z.strictObject({
        carrierCode: z.string().describe('The carrier.'),
        status: z.enum(['pending', 'active', 'rejected']).describe("The carrier's decision."),
        reason: z.string().optional().describe("Why the carrier rejected it."),
      }),
    )
    .describe('Where each carrier stands: pending, active, or rejected with its reason.'),
  createdAt: z.string().optional().describe('When the API created it.'),
  updatedAt: z.string().optional().describe('When the API last changed it.'),
});

const INPUT_KEYS = keysOf(registrationInputsSchema);
const V02_ONLY = ['expiresAt', 'displayAsset', 'callPurpose', 'sink', 'sinkCredential'] as const;
export const REGISTRATION_REPLACE_KEYS = ['customerId', 'configNamespace'];
/** Compared as they are; the sink credential is compared by its digest. */
const COMPARED_KEYS = INPUT_KEYS.filter((key) => key !== 'sinkCredential');
const POLL_INTERVAL_MS = 2_000;

/**
 * What the API says, as outputs beside the echoed inputs. The write-only sink credential
 * is no output: outputs travel back to the program, where Pulumi's own debug logging
 * (-v=9) prints them, secrets included. A digest stands in for it, to tell a change.
 */
function outputsOf(inputs: Props, record: RegistrationRecord): Props {
  const { sinkCredential, ...echoed } = inputs;
  return {
    ...echoed,
    ...(sinkCredential === undefined ? {} : { sinkCredentialDigest: digest(sinkCredential) }),
    registrationId: record.registrationId,
    status: record.status,
    carrierStatuses: (record.carriers ?? []).map(({ carrierCode, status, reason }) => (reason ? { carrierCode, status, reason } : { carrierCode, status })),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** A one-way fingerprint of a value, independent of key order. */
function digest(value: unknown): string {
  const canonical = JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
  return `sha256:${createHash('sha256').update(`branded-calling/sinkCredential:${canonical}`).digest('hex')}`;
}

function describeCarriers(record: RegistrationRecord): string {
  return (record.carriers ?? []).map((c) => `${c.carrierCode} ${c.status}${c.reason ? ` (${c.reason})` : ''}`).join(', ');
}

function warnOnRejections(record: RegistrationRecord, ctx: LifecycleContext): void {
  for (const carrier of record.carriers ?? []) {
    if (carrier.status === 'rejected') {
      ctx.warn(`Registration ${record.phoneNumber} ("${record.displayName}"): carrier ${carrier.carrierCode} rejected it${carrier.reason ? `: ${carrier.reason}` : ''}`);
    }
  }
}

/** The live object as inputs, so that refresh shows drift (and no diff where there is none). */
function liveInputs(record: RegistrationRecord, props: Props): Props {
  const declaredCodes = props.carrierCodes as string[] | undefined;
  const liveCodes = (record.carriers ?? []).map((c) => c.carrierCode);
  return pickInputs(INPUT_KEYS, {
    phoneNumber: record.phoneNumber,
    displayName: record.displayName,
    customerId: record.customerId,
    phoneNumberAlternate: record.phoneNumberAlternate,
    verifyCallerAction: record.verifyCallerAction,
    // The API fills in a country code that was not given: it is the API's, not drift.
    terminatingCountryCode: props.terminatingCountryCode === undefined ? undefined : record.terminatingCountryCode,
    campaignName: record.campaignName,
    // Declared codes keep their order; undeclared ones mean "all of the customer's".
    carrierCodes: declaredCodes === undefined
      ? undefined
      : sameSet(declaredCodes, liveCodes) ? declaredCodes : liveCodes,
    expiresAt: record.expiresAt,
    displayAsset: record.displayAsset,
    callPurpose: record.callPurpose,
    sink: record.sink,
    // Write-only: the API never returns it; its digest stays in the outputs.
    waitForActiveSeconds: props.waitForActiveSeconds,
    configNamespace: props.configNamespace,
  });
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((code) => b.includes(code));
}

/** Waits for "active"; on timeout the object exists, so the error keeps it in state. */
async function waitForActive(record: RegistrationRecord, inputs: RegistrationInputs, ctx: LifecycleContext): Promise<RegistrationRecord> {
  const seconds = inputs.waitForActiveSeconds;
  if (!seconds || record.status === 'active') return record;
  const deadline = Date.now() + seconds * 1000;
  let current = record;
  while (current.status !== 'active') {
    const allRejected = (current.carriers ?? []).length > 0 && current.carriers.every((c) => c.status === 'rejected');
    if (allRejected || Date.now() >= deadline) {
      const why = allRejected ? 'every carrier rejected it' : `it is not active after ${seconds}s`;
      const message = `Registration ${inputs.phoneNumber} ("${inputs.displayName}") was saved (id ${current.registrationId}) but ${why}: ${describeCarriers(current)}. It stays in the stack; run pulumi up again to wait again, or pulumi refresh to see its status.`;
      throw new CreatedButFailedError(message, current.registrationId, outputsOf(inputs, current));
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_INTERVAL_MS, Math.max(0, deadline - Date.now()))));
    const fresh = await ctx.client(inputs.configNamespace).registrations.get(current.registrationId);
    if (!fresh) throw new Error(`Registration ${inputs.phoneNumber} (id ${current.registrationId}) disappeared while waiting for it to become active`);
    current = fresh;
  }
  return current;
}

/** carrierCodes is a set to the API: its order is no change. */
function comparable(props: Props): Props {
  const codes = props.carrierCodes;
  return Array.isArray(codes) && !codes.some(isUnknown) ? { ...props, carrierCodes: [...codes].sort() } : props;
}

/**
 * A create that meets 409: the number is registered already. Ours (same customer: a
 * create whose answer was lost, or one made by hand) is taken over and brought to the
 * declared values; anyone else's is explained. The v0.2 list finds it, whatever the
 * configured version, since both versions see the same registrations.
 */
async function takeOverExisting(inputs: RegistrationInputs, body: RegistrationBody, conflict: Error, ctx: LifecycleContext): Promise<RegistrationRecord> {
  const lookup = ctx.client(inputs.configNamespace, { registrationApiVersion: 'v0.2' });
  const adopt = 'declare this resource with existingId set to its registrationId (npx pulumi-branded-calling discover lists them)';
  let ours: RegistrationRecord[];
  try {
    ours = await lookup.registrations.list({ customerId: inputs.customerId });
  } catch (error) {
    throw new Error(
      `Registration ${inputs.phoneNumber}: the number is already registered in this account (a create whose answer was lost, or one made outside Pulumi), ` +
        `and listing the registrations of customer ${inputs.customerId} to find it failed: ${(error as Error).message}. ` +
        `Run pulumi up again to take it over, or ${adopt}. (${conflict.message})`,
    );
  }
  const existing = ours.find((r) => r.phoneNumber === inputs.phoneNumber && r.customerId === inputs.customerId);
  if (existing) {
    ctx.info(`Registration ${inputs.phoneNumber}: registration ${existing.registrationId} of this customer already holds the number (a create whose answer was lost, or one made outside Pulumi): taken over and brought to the declared values.`);
    return ctx.client(inputs.configNamespace).registrations.replace(existing.registrationId, body);
  }
  const elsewhere = await lookup.registrations.list().then((list) => list.find((r) => r.phoneNumber === inputs.phoneNumber), () => undefined);
  if (elsewhere) {
    throw new Error(
      `Registration ${inputs.phoneNumber}: the number is already registered in this account, by registration ${elsewhere.registrationId} of customer ${elsewhere.customerId}. ` +
        `A number exists once per account: delete that registration, or declare this one with its customer (customerId ${elsewhere.customerId}) and existingId ${elsewhere.registrationId} to adopt it. (${conflict.message})`,
    );
  }
  throw new Error(
    `Registration ${inputs.phoneNumber}: the number is already registered in this account, by a registration this program cannot look up. ` +
      `A number exists once per account: delete that registration, or ${adopt}. (${conflict.message})`,
  );
}

/** Rules that depend on the configured API version: known from settings, no API call. */
function versionFailures(news: Props, ctx: LifecycleContext): CheckFailure[] {
  // A namespace not known yet (preview) has a version not known yet either: judged at up.
  // One that is no string is the schema's to report.
  if (isUnknown(news.configNamespace) || !['string', 'undefined'].includes(typeof news.configNamespace)) return [];
  let version: string;
  const namespace = news.configNamespace as string | undefined;
  try {
    version = ctx.settings(namespace).registrationApiVersion;
  } catch (error) {
    return [{ property: 'configNamespace', reason: (error as Error).message }];
  }
  const setting = `${namespace ?? 'brandedcalling'}:registrationApiVersion`;
  const failures: CheckFailure[] = [];
  if (version === 'v0.1') {
    for (const key of V02_ONLY) {
      if (news[key] !== undefined) {
        failures.push({ property: key, reason: `${key}: exists only in the v0.2 registration API; set ${setting} to v0.2 to use it` });
      }
    }
  } else if (news.terminatingCountryCode === undefined) {
    failures.push({ property: 'terminatingCountryCode', reason: `terminatingCountryCode: is required by the v0.2 registration API (${setting} is v0.2)` });
  }
  return failures;
}

export const registrationLifecycle: Lifecycle<RegistrationInputs> = {
  type: 'Registration',
  description:
    "A phone number shown with a brand name on the customer's carriers (CAMARA Brand Registration API). Its id is the registrationId; every field updates in place except the customer, which replaces it (deleting first).",
  outputSchema: registrationOutputsSchema,
  replaceOnChanges: REGISTRATION_REPLACE_KEYS,
  schema: registrationInputsSchema,

  check(news, ctx) {
    return { inputs: news, failures: [...checkWithSchema(registrationInputsSchema, news), ...versionFailures(news, ctx)] };
  },

  diff(_id, olds, news) {
    const result = diffInputs(COMPARED_KEYS, comparable(olds), comparable(news), REGISTRATION_REPLACE_KEYS, true);
    const credentialDigest = news.sinkCredential === undefined ? undefined : digest(news.sinkCredential);
    if (credentialDigest !== olds.sinkCredentialDigest) {
      result.changes = true;
      result.changedKeys.push('sinkCredential');
    }
    return result;
  },

  async create(inputs, ctx) {
    const body = apiBody(inputs, fields.PULUMI_ONLY_INPUTS) as RegistrationBody;
    const created = await ctx.client(inputs.configNamespace).registrations.create(body).catch((error: unknown) => {
      if (isApiError(error, 409)) return takeOverExisting(inputs, body, error as Error, ctx);
      throw error;
    });
    warnOnRejections(created, ctx);
    const record = await waitForActive(created, inputs, ctx);
    return { id: record.registrationId, outs: outputsOf(inputs, record) };
  },

  async read(id, props, ctx) {
    const record = await ctx.client(props.configNamespace as string | undefined).registrations.get(id);
    if (!record) return {};
    warnOnRejections(record, ctx);
    const inputs = liveInputs(record, props);
    const outputs = outputsOf(inputs, record);
    if (props.sinkCredentialDigest !== undefined) outputs.sinkCredentialDigest = props.sinkCredentialDigest;
    return { id, props: outputs, inputs };
  },

  async update(id, olds, news, ctx) {
    const apiChanged = diffInputs(COMPARED_KEYS, comparable(olds), comparable(news as Props), []).changedKeys.some((key) => !fields.PULUMI_ONLY_INPUTS.includes(key as never))
      || (news.sinkCredential === undefined ? undefined : digest(news.sinkCredential)) !== olds.sinkCredentialDigest;
    if (!apiChanged) {
      // Only Pulumi's own inputs changed (e.g. the wait), or a run left it pending: nothing
      // to tell the API; wait again where asked.
      const current = news.waitForActiveSeconds && olds.status !== 'active'
        ? await ctx.client(news.configNamespace).registrations.get(id)
        : (olds as unknown as RegistrationRecord);
      if (!current) throw new Error(`Registration ${news.phoneNumber} (id ${id}) no longer exists: run pulumi refresh, then pulumi up to create it again`);
      const record = await waitForActive({ ...current, carriers: current.carriers ?? (olds.carrierStatuses as never) }, news, ctx);
      return { outs: outputsOf(news, record) };
    }
    const updated = await ctx.client(news.configNamespace).registrations
      .replace(id, apiBody(news, fields.PULUMI_ONLY_INPUTS) as RegistrationBody)
      .catch((error: unknown) => goneHint(`Registration ${news.phoneNumber} (id ${id})`, error));
    warnOnRejections(updated, ctx);
    const record = await waitForActive(updated, news, ctx);
    return { outs: outputsOf(news, record) };
  },

  async delete(id, props, ctx) {
    await ctx.client(props.configNamespace as string | undefined).registrations.delete(id);
  },
};
