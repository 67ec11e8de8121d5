import { ApiError, invalidArgument, isPlainObject } from './http';
import { COUNTRY_CODES } from './countries';

/**
 * A small JSON-Schema-like checker: strict objects (unknown properties are
 * errors at any depth), lengths counted in Unicode code points as JSON Schema
 * counts them, and the formats this API uses.
 */
export type Schema = StringSchema | IntegerSchema | ObjectSchema | ArraySchema | CustomSchema;

export type StringFormat = 'email' | 'web-url' | 'uri' | 'date' | 'date-time' | 'country';

export interface StringSchema {
  type: 'string';
  minLength?: number;
  maxLength?: number;
  pattern?: RegExp;
  enum?: readonly string[];
  format?: StringFormat;
}
export interface IntegerSchema {
  type: 'integer';
  minimum?: number;
  maximum?: number;
}
export interface ObjectSchema {
  type: 'object';
  properties: Record<string, Schema>;
  required?: readonly string[];
}
export interface ArraySchema {
  type: 'array';
  items: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
}
/** For rules with their own error codes (sink, sinkCredential). */
export interface CustomSchema {
  type: 'custom';
  check(value: unknown, path: string): ApiError | null;
}

export const E164_PATTERN = /^\+[1-9][0-9]{4,14}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export function codePointLength(text: string): number {
  return [...text].length;
}

export function isValidDate(text: string): boolean {
  const m = DATE_PATTERN.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function checkFormat(format: StringFormat, value: string): string | null {
  switch (format) {
    case 'email':
      return EMAIL_PATTERN.test(value) ? null : 'must be an email address';
    case 'web-url': {
      const url = parseUrl(value);
      return url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? null : 'must be an http(s) URL';
    }
    case 'uri':
      return parseUrl(value) ? null : 'must be a URI';
    case 'date':
      return isValidDate(value) ? null : 'must be a date (YYYY-MM-DD)';
    case 'date-time':
      return DATE_TIME_PATTERN.test(value) && !Number.isNaN(Date.parse(value)) ? null : 'must be an RFC 3339 date-time with time zone';
    case 'country':
      return COUNTRY_CODES.has(value) ? null : 'must be an ISO 3166-1 alpha-2 country code';
  }
}

/** Returns the first violation, or null when the value conforms. */
export function findViolation(value: unknown, schema: Schema, path: string): ApiError | null {
  const fail = (reason: string) => invalidArgument(`${path}: ${reason}.`);
  switch (schema.type) {
    case 'custom':
      return schema.check(value, path);
    case 'string': {
      if (typeof value !== 'string') return fail('must be a string');
      const length = codePointLength(value);
      if (schema.minLength !== undefined && length < schema.minLength) return fail(`must be at least ${schema.minLength} characters`);
      if (schema.maxLength !== undefined && length > schema.maxLength) return fail(`must be at most ${schema.maxLength} characters`);
      if (schema.enum && !schema.enum.includes(value)) return fail(`must be one of ${schema.enum.join(', ')}`);
      if (schema.pattern && !schema.pattern.test(value)) return fail(`must match ${schema.pattern.source}`);
      if (schema.format) {
        const reason = checkFormat(schema.format, value);
        if (reason) return fail(reason);
      }
      return null;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail('must be an integer');
      if (schema.minimum !== undefined && value < schema.minimum) return fail(`must be at least ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) return fail(`must be at most ${schema.maximum}`);
      return null;
    }
    case 'array': {
      if (!Array.isArray(value)) return fail('must be an array');
      if (schema.minItems !== undefined && value.length < schema.minItems) return fail(`must have at least ${schema.minItems} items`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems) return fail(`must have at most ${schema.maxItems} items`);
      for (let i = 0; i < value.length; i++) {
        const violation = findViolation(value[i], schema.items, `${path}[${i}]`);
        if (violation) return violation;
      }
      if (schema.uniqueItems && new Set(value.map((item) => JSON.stringify(item))).size !== value.length) {
        return fail('must not repeat an item');
      }
      return null;
    }
    case 'object': {
      if (!isPlainObject(value)) return fail('must be an object');
      for (const key of Object.keys(value)) {
        if (!(key in schema.properties)) return invalidArgument(`${path}.${key}: unknown property.`);
      }
      for (const key of schema.required ?? []) {
        if (!(key in value)) return invalidArgument(`${path}.${key}: is required.`);
      }
      for (const [key, propertySchema] of Object.entries(schema.properties)) {
        if (!(key in value)) continue;
        const violation = findViolation(value[key], propertySchema, `${path}.${key}`);
        if (violation) return violation;
      }
      return null;
    }
  }
}

/** Throws the first violation as a 400 (or the custom rule's own error). */
export function assertValid<T>(value: unknown, schema: Schema, path = 'body'): T {
  const violation = findViolation(value, schema, path);
  if (violation) throw violation;
  return value as T;
}
