/** Checks on what the API answered, so that callers get records of the promised shape or an ApiError. */
import { ApiError } from './errors';
import type { Answer } from './transport';

function invalid(operation: string, answer: Answer, what: string): ApiError {
  return new ApiError({ operation, correlator: answer.correlator, status: answer.status, code: 'INVALID_RESPONSE', apiMessage: what });
}

/** The answer's body as a record that has `key` as a non-empty string. */
export function recordWith<T>(operation: string, answer: Answer, key: string): T {
  const body = answer.body;
  if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as Record<string, unknown>)[key] !== 'string') {
    throw invalid(operation, answer, `the answer has no ${key}`);
  }
  return body as T;
}

/** The array under `listKey` (a bare array is accepted too). */
export function listOf<T>(operation: string, answer: Answer, listKey: string): T[] {
  const body = answer.body;
  if (Array.isArray(body)) return body as T[];
  const list = body && typeof body === 'object' ? (body as Record<string, unknown>)[listKey] : undefined;
  if (!Array.isArray(list)) throw invalid(operation, answer, `the answer has no ${listKey} list`);
  return list as T[];
}
