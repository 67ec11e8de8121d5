/**
 * The client's two errors. Both are built from plain values only: never from
 * got's error objects (which carry the request's headers, hence the token or
 * the Basic credentials), and never with a `cause`.
 */

/** Bad client settings: missing or doubled credentials, an unsafe apiRoot, an unknown version… Never holds a secret. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

export interface ApiErrorDetails {
  operation: string;
  correlator: string;
  status?: number;
  code?: string;
  apiMessage?: string;
}

/** A call that failed: `<operation> failed: HTTP 409 CONFLICT: <api message> (x-correlator <id>)`. */
export class ApiError extends Error {
  readonly operation: string;
  readonly status?: number;
  readonly code?: string;
  readonly apiMessage?: string;
  readonly correlator: string;

  constructor(details: ApiErrorDetails) {
    super(describe(details));
    this.name = 'ApiError';
    this.operation = details.operation;
    this.correlator = details.correlator;
    // Only own enumerable keys that hold a value, so that JSON.stringify(error) stays short and exact.
    if (details.status !== undefined) this.status = details.status;
    if (details.code !== undefined) this.code = details.code;
    if (details.apiMessage !== undefined) this.apiMessage = details.apiMessage;
  }
}

function describe({ operation, status, code, apiMessage, correlator }: ApiErrorDetails): string {
  const what = [status !== undefined ? `HTTP ${status}` : undefined, code].filter(Boolean).join(' ');
  const parts = [what, apiMessage].filter((part) => part !== undefined && part !== '');
  return `${operation} failed: ${parts.join(': ') || 'unknown error'} (x-correlator ${correlator})`;
}

/**
 * True for an ApiError (with this HTTP status and code, when given). Checked by
 * shape, not instanceof: it holds across two copies of this module (e.g. one
 * required, one serialized by Pulumi).
 */
export function isApiError(error: unknown): error is ApiError;
export function isApiError(error: unknown, status: number | undefined, code?: string): boolean;
export function isApiError(error: unknown, status?: number, code?: string): boolean {
  if (!(error instanceof Error) || error.name !== 'ApiError') return false;
  const candidate = error as Error & Partial<Pick<ApiError, 'operation' | 'correlator' | 'status' | 'code'>>;
  return (
    typeof candidate.operation === 'string' &&
    typeof candidate.correlator === 'string' &&
    (status === undefined || candidate.status === status) &&
    (code === undefined || candidate.code === code)
  );
}
