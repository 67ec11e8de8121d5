import { ApiError, invalidArgument, isPlainObject } from './http';
import { E164_PATTERN, Schema, ObjectSchema, StringSchema, findViolation } from './validation';

/*
 * Request bodies the emulator accepts, one table per body. Where the sources
 * are silent (the onboarding half), the required sets below are this
 * project's decision: company.legalName, countryOfRegistration and
 * registrationNumber, brand.name, and a contact's name.
 */

const text = (maxLength: number): StringSchema => ({ type: 'string', minLength: 1, maxLength });
const phoneNumber: StringSchema = { type: 'string', pattern: E164_PATTERN };
const email: StringSchema = { type: 'string', maxLength: 256, format: 'email' };
const webUrl: StringSchema = { type: 'string', maxLength: 2048, format: 'web-url' };

export const CARRIER_CODE_PATTERN = /^[A-Z]{3}$/;

export const customerBodySchema: ObjectSchema = {
  type: 'object',
  required: ['company', 'brand'],
  properties: {
    company: {
      type: 'object',
      required: ['legalName', 'countryOfRegistration', 'registrationNumber'],
      properties: {
        legalName: text(256),
        countryOfRegistration: { type: 'string', format: 'country' },
        corporateWebsite: webUrl,
        registrationNumber: text(64),
        dunsNumber: { type: 'string', pattern: /^[0-9]{9}$/ },
        legalForm: text(64),
        industry: { type: 'string', maxLength: 64, pattern: /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/ },
        address: {
          type: 'object',
          properties: { streetNumber: text(16), street: text(256), zipCode: text(16), city: text(128) },
        },
        employeeCount: { type: 'integer', minimum: 0 },
        contact: {
          type: 'object',
          required: ['name'],
          properties: { name: text(256), role: text(128), email, phoneNumber },
        },
      },
    },
    brand: {
      type: 'object',
      required: ['name'],
      properties: {
        tradingWebsite: webUrl,
        callPurpose: { type: 'string', maxLength: 64, pattern: /^[a-z][a-z0-9_-]*$/ },
        name: text(256),
        contact: {
          type: 'object',
          required: ['name'],
          properties: { name: text(256), title: text(128), email, phoneNumber },
        },
      },
    },
  },
};

export const carrierBodySchema: ObjectSchema = {
  type: 'object',
  required: ['carrierCode'],
  properties: { carrierCode: { type: 'string', pattern: CARRIER_CODE_PATTERN } },
};

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
export const REGISTRATION_STATUSES = ['pending', 'active', 'inactive', 'expired'] as const;

const registrationFields01: Record<string, Schema> = {
  phoneNumber,
  phoneNumberAlternate: phoneNumber,
  displayName: text(32),
  customerId: text(64),
  verifyCallerAction: { type: 'string', enum: VERIFY_CALLER_ACTIONS },
  terminatingCountryCode: { type: 'integer', minimum: 1, maximum: 999 },
  campaignName: { type: 'string' },
  // Orange extension: which of the customer's carriers to target.
  carrierCodes: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: CARRIER_CODE_PATTERN } },
};

/** 0.1.0 field set; terminatingCountryCode may be omitted (the server fills it in). */
export const registrationBodySchemaV01: ObjectSchema = {
  type: 'object',
  required: ['phoneNumber', 'displayName', 'customerId'],
  properties: registrationFields01,
};

const sinkSchema: Schema = {
  type: 'custom',
  check(value, path) {
    if (typeof value !== 'string') return invalidArgument(`${path}: must be a string.`);
    if (value.length > 2048) return invalidArgument(`${path}: must be at most 2048 characters.`);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return new ApiError(400, 'INVALID_SINK', `${path}: the sink URL is not valid.`);
    }
    if (url.protocol !== 'https:') return new ApiError(400, 'INVALID_PROTOCOL', 'Only HTTPS is supported for notification delivery.');
    return null;
  },
};

const accessTokenCredentialSchema: ObjectSchema = {
  type: 'object',
  required: ['credentialType', 'accessToken', 'accessTokenExpiresUtc', 'accessTokenType'],
  properties: {
    credentialType: { type: 'string' },
    accessToken: text(4096),
    accessTokenExpiresUtc: { type: 'string', maxLength: 64, format: 'date-time' },
    accessTokenType: { type: 'string', enum: ['bearer'] },
  },
};
const privateKeyJwtCredentialSchema: ObjectSchema = {
  type: 'object',
  required: ['credentialType'],
  properties: { credentialType: { type: 'string' } },
};

const sinkCredentialSchema: Schema = {
  type: 'custom',
  check(value, path) {
    if (!isPlainObject(value)) return invalidArgument(`${path}: must be an object.`);
    if (value.credentialType === 'ACCESSTOKEN') return findViolation(value, accessTokenCredentialSchema, path);
    if (value.credentialType === 'PRIVATE_KEY_JWT') return findViolation(value, privateKeyJwtCredentialSchema, path);
    return new ApiError(400, 'INVALID_CREDENTIAL', 'Only ACCESSTOKEN or PRIVATE_KEY_JWT credential types are supported.');
  },
};

/** 0.2 (wip) field set; terminatingCountryCode is required. */
export const registrationBodySchemaV02: ObjectSchema = {
  type: 'object',
  required: ['phoneNumber', 'displayName', 'customerId', 'terminatingCountryCode'],
  properties: {
    ...registrationFields01,
    phoneNumberAlternate: phoneNumber,
    campaignName: { type: 'string', maxLength: 64 },
    expiresAt: { type: 'string', maxLength: 10, format: 'date' },
    displayAsset: { type: 'string', maxLength: 2048, format: 'uri' },
    callPurpose: { type: 'string', enum: CALL_PURPOSES },
    sink: sinkSchema,
    sinkCredential: sinkCredentialSchema,
  },
};

/** Fields only the 0.2 set has: a v0.1 PUT cannot express them, so it keeps them. */
export const V02_ONLY_FIELDS = ['expiresAt', 'displayAsset', 'callPurpose', 'sink', 'sinkCredential'] as const;

export const decisionBodySchema: ObjectSchema = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['active', 'rejected'] }, reason: text(512) },
};
