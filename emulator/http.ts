import type { IncomingMessage } from 'node:http';

/** What a handler answers; the server writes it (or drops it, for the commit-then-drop fault). */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Non-JSON payload (the OpenAPI document). */
  text?: { contentType: string; content: string };
}

/** A CAMARA error: body `{status, code, message}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toReply(): Reply {
    return { status: this.status, body: { status: this.status, code: this.code, message: this.message }, headers: this.headers };
  }
}

export const invalidArgument = (message: string) => new ApiError(400, 'INVALID_ARGUMENT', message);
export const unauthenticated = (message: string) =>
  new ApiError(401, 'UNAUTHENTICATED', message, { 'www-authenticate': 'Bearer' });
export const permissionDenied = (message: string) => new ApiError(403, 'PERMISSION_DENIED', message);
export const notFound = (message: string) => new ApiError(404, 'NOT_FOUND', message);
export const conflict = (message: string) => new ApiError(409, 'CONFLICT', message);
export const serviceNotApplicable = (message: string) => new ApiError(422, 'SERVICE_NOT_APPLICABLE', message);
export const quotaExceeded = (message: string) => new ApiError(429, 'QUOTA_EXCEEDED', message);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new ApiError(429, 'TOO_MANY_REQUESTS', 'Rate limit reached: retry later.', { 'retry-after': String(retryAfterSeconds) });
export const internal = (message = 'Internal server error') => new ApiError(500, 'INTERNAL', message);
export const unavailable = (message = 'Service unavailable') => new ApiError(503, 'UNAVAILABLE', message);

/**
 * Answers list keys in sorted order, never the request's, so that a client
 * comparing records by key order (instead of by value) fails here first.
 */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Keep draining so that the connection stays usable for the error answer.
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else chunks.push(chunk as Buffer);
  }
  if (tooLarge) throw invalidArgument(`Request body larger than ${MAX_BODY_BYTES} bytes.`);
  return Buffer.concat(chunks);
}

export function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) throw invalidArgument('A JSON request body is required.');
  if (!contentType || !/^application\/json\s*(;|$)/i.test(contentType)) {
    throw invalidArgument('Content-Type must be application/json.');
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalidArgument('Request body is not valid JSON.');
  }
}

/** Optional JSON body (control API): empty means `{}`. */
export function parseOptionalJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalidArgument('Request body is not valid JSON.');
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
