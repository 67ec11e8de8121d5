// The branding manifest's shape, built from the resources' own zod schemas: a field of a
// Customer or a Registration is judged in the file by the very rule that judges it in a
// program. Only what the file adds is declared here: keys, formerKeys, the carriers list,
// registration defaults and secrets referenced from stack config.
import { z } from 'zod';
import { carrierInputsSchema } from '../resources/carrier';
import { customerInputsSchema } from '../resources/customer';
import { registrationInputsSchema } from '../resources/registration';

export const MANIFEST_VERSION = 1;

/** A key of the file is a Pulumi resource name: kept to what reads well in a URN and a diff. */
export const manifestKey = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, - and _, starting with a letter or digit (e.g. acme, support-fr)');

const formerKeys = z
  .array(manifestKey)
  .optional()
  .describe('Keys this entry had before: renaming it keeps the object (Pulumi aliases) instead of re-creating it.');

/** "key" (in the project's namespace) or "namespace:key". */
const CONFIG_KEY = /^(?:[A-Za-z][A-Za-z0-9_-]*:)?[A-Za-z][A-Za-z0-9_.-]*$/;

export interface SecretReference {
  /** The stack config key holding the secret (as JSON), read as a secret. */
  secretConfig: string;
}

function isSecretReference(value: unknown): value is SecretReference {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as SecretReference).secretConfig === 'string' &&
    CONFIG_KEY.test((value as SecretReference).secretConfig)
  );
}

const HOW_TO_REFERENCE =
  "secrets never go in the file: put the JSON in the stack config (pulumi config set --secret acmeSink '{\"credentialType\":\"PRIVATE_KEY_JWT\"}') and write sinkCredential: { secretConfig: acmeSink }";

/** A secret is never written in the file, only the stack config key that holds it. */
const secretReference = z.custom<SecretReference>(isSecretReference, {
  error: (issue) => {
    const input = issue.input as Record<string, unknown> | undefined;
    if (input && typeof input === 'object' && !Array.isArray(input) && 'secretConfig' in input) {
      return Object.keys(input).length === 1
        ? 'secretConfig must be a stack config key: "key" (in the project\'s namespace) or "namespace:key", e.g. acmeSink or acmeAccount:sink'
        : `must hold secretConfig only; ${HOW_TO_REFERENCE}`;
    }
    return `must not be written in the file; ${HOW_TO_REFERENCE}`;
  },
});

/** A carrier: its code, or { code, existingId } to adopt one the customer already has. */
const carrierEntry = z
  .union([
    carrierInputsSchema.shape.carrierCode,
    z.strictObject({ code: carrierInputsSchema.shape.carrierCode, existingId: carrierInputsSchema.shape.existingId }),
  ])
  .transform((entry) => (typeof entry === 'string' ? { code: entry } : entry));

/** What a registration may take from its customer's defaults: not its number, name, owner or adoption. */
export const registrationDefaultsSchema = registrationInputsSchema
  .omit({ phoneNumber: true, displayName: true, customerId: true, existingId: true, configNamespace: true, sinkCredential: true })
  .extend({ sinkCredential: secretReference.optional() });

/** One number; its customer and config namespace come from the customer it is under. */
export const manifestRegistrationSchema = registrationInputsSchema
  .omit({ customerId: true, configNamespace: true, sinkCredential: true })
  .extend({ sinkCredential: secretReference.optional(), formerKeys });

export const manifestCustomerSchema = customerInputsSchema.extend({
  formerKeys,
  carriers: z.array(carrierEntry).default([]).describe("The customer's carriers: a code (OFR), or { code, existingId } to adopt one."),
  registrationDefaults: registrationDefaultsSchema.optional().describe('Registration inputs every number of this customer takes unless it sets its own.'),
  registrations: z.record(manifestKey, manifestRegistrationSchema).default({}).describe('The numbers, by key (the Registration resource name).'),
});

export const manifestSchema = z.strictObject({
  version: z.literal(MANIFEST_VERSION, `must be ${MANIFEST_VERSION} (the only version of this format)`),
  customers: z.record(manifestKey, manifestCustomerSchema).describe('The customers, by key (the Customer resource name).'),
});

/** A manifest as read and validated: carriers normalised to { code, existingId? }. */
export type Manifest = z.output<typeof manifestSchema>;
export type ManifestCustomer = Manifest['customers'][string];
export type ManifestRegistration = ManifestCustomer['registrations'][string];
export type RegistrationDefaults = z.output<typeof registrationDefaultsSchema>;
