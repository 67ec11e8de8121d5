// What every resource's lifecycle shares: the shape of a lifecycle, its check (zod, with
// preview's unknown values let through), its diff (inputs against the inputs echoed in
// the old outputs) and the context that hands out API clients. No Pulumi import here:
// the dynamic resources and the provider plugin are two thin bindings over this.
import type { z } from 'zod';
import { isApiError, type ApiClient } from './client';
import type { Settings } from './config';

/** The string Pulumi puts where a value is not known yet (pulumi.runtime.unknownValue). */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

export type Props = Record<string, unknown>;

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Top-level inputs that differ, for the plugin binding's detailed diff. */
  changedKeys: string[];
}

export interface ReadResult {
  /** Undefined when the object is gone: the engine then drops it from state. */
  id?: string;
  props?: Props;
  inputs?: Props;
}

/** What a lifecycle needs from its binding. */
export interface LifecycleContext {
  /** The settings of the resource's config namespace (read when the provider runs). */
  settings(namespace: string | undefined): Settings;
  /**
   * The shared API client of a namespace: one token and one connection pool per run.
   * `registrationApiVersion` overrides the configured one (to look a registration up
   * with the v0.2 list, which sees the same registrations).
   */
  client(namespace: string | undefined, override?: { registrationApiVersion?: 'v0.1' | 'v0.2' }): ApiClient;
  /** A warning the user sees in the output of preview, up and refresh. */
  warn(message: string): void;
  /** A note the user sees in the output of preview, up and refresh. */
  info(message: string): void;
}

export interface Lifecycle<Inputs extends Props = Props> {
  /** The resource type, e.g. "Registration". */
  readonly type: string;
  /** What it is, for the docs and schema.json. */
  readonly description: string;
  readonly schema: z.ZodType<Inputs>;
  /** The outputs: the inputs echoed, and what the API adds. */
  readonly outputSchema: z.ZodObject;
  /** Inputs whose change replaces the object instead of updating it. */
  readonly replaceOnChanges: readonly string[];
  check(news: Props, ctx: LifecycleContext): { inputs: Props; failures: CheckFailure[] };
  diff(id: string, olds: Props, news: Props, ctx: LifecycleContext): DiffResult;
  create(inputs: Inputs, ctx: LifecycleContext): Promise<{ id: string; outs: Props }>;
  read(id: string, props: Props, ctx: LifecycleContext): Promise<ReadResult>;
  update(id: string, olds: Props, news: Inputs, ctx: LifecycleContext): Promise<{ outs: Props }>;
  delete(id: string, props: Props, ctx: LifecycleContext): Promise<void>;
}

/**
 * An error raised after the object was created, so that the engine records it (as
 * created but failed to initialise) instead of losing it: the next `up` retries the
 * part that failed, never the create.
 */
export class CreatedButFailedError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Props,
    readonly reasons: string[] = [message],
  ) {
    super(message);
  }
}

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** "company.address.city", "carrierCodes[1]". */
export function propertyPath(path: PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/** One rule a value breaks, at its path: an unknown key is an issue of its own. */
export interface SchemaIssue {
  path: PropertyKey[];
  /** The rule broken, in words, e.g. "must be at most 32 characters". */
  message: string;
  /** The zod issue behind it (its code, the type expected, ...); absent for an unknown key. */
  issue?: z.core.$ZodIssue;
  /** Set when the key at `path` is not one the schema knows. */
  unknownKey?: boolean;
}

/**
 * Every rule a value breaks against a zod schema, each with its path. A failed union is
 * explained by the alternative of the value's own kind (a string by the string one).
 */
export function schemaIssues(schema: z.ZodType, value: unknown): SchemaIssue[] {
  const result = schema.safeParse(value);
  return result.success ? [] : explainIssues(result.error.issues, value, []);
}

function explainIssues(issues: readonly z.core.$ZodIssue[], root: unknown, prefix: PropertyKey[]): SchemaIssue[] {
  const explained: SchemaIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as PropertyKey[])];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) explained.push({ path: [...path, key], message: 'is not a known property', unknownKey: true });
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      explained.push(...explainIssues(closestAlternative(issue.errors), root, path));
    } else if (issue.code === 'invalid_key' && issue.issues.length > 0) {
      explained.push({ path, message: `is not a valid key: ${issue.issues[0].message}`, issue });
    } else {
      explained.push({ path, message: describeIssue(issue, valueAt(root, path)), issue });
    }
  }
  return explained;
}

/** The alternative whose type matched (no type error at its root), else the first. */
function closestAlternative(alternatives: z.core.$ZodIssue[][]): z.core.$ZodIssue[] {
  return alternatives.find((issues) => !issues.some((i) => i.code === 'invalid_type' && i.path.length === 0)) ?? alternatives[0];
}

/**
 * Validates inputs with a resource's zod schema, reporting every failure with its
 * property. A value (or any of its parents) not known yet during preview is not judged.
 */
export function checkWithSchema(schema: z.ZodType, news: Props): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const { path, message, unknownKey } of schemaIssues(schema, news)) {
    const judged = unknownKey ? path.slice(0, -1) : path;
    if (judged.some((_, i) => isUnknown(valueAt(news, judged.slice(0, i + 1))))) continue;
    const property = propertyPath(path) || '(inputs)';
    failures.push({ property, reason: `${property}: ${message}` });
  }
  return failures;
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'invalid_type') {
    if (value === undefined) return 'is required';
    return `must be ${article(issue.expected)}, not ${describeValue(value)}`;
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    const values = issue.values.map((v) => JSON.stringify(v));
    return values.length === 1 ? `must be ${values[0]}` : `must be one of ${values.join(', ')}`;
  }
  return issue.message;
}

/** null is a value given (a program's `x ?? null`), not a missing one; NaN is no JSON number. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return `${typeof value} ${JSON.stringify(value)}`;
}

function article(expected: string): string {
  const names: Record<string, string> = { string: 'a string', number: 'a number', int: 'a whole number', array: 'a list', object: 'an object', boolean: 'true or false' };
  return names[expected] ?? expected;
}

/** Deep equality that ignores key order and treats a missing key as undefined. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (!sameValue((a as Props)[key], (b as Props)[key])) return false;
  }
  return true;
}

/**
 * Compares the declared inputs with the inputs echoed in the old outputs, over the keys
 * of the schema only: server-filled fields and key order never make a diff. A changed
 * key in `replaceKeys` replaces the object; `deleteBeforeReplace` when the API cannot
 * hold the old and the new at once.
 */
export function diffInputs(
  inputKeys: readonly string[],
  olds: Props,
  news: Props,
  replaceKeys: readonly string[],
  deleteBeforeReplace = false,
): DiffResult {
  const changedKeys = inputKeys.filter((key) => !sameValue(olds[key], news[key]));
  const replaces = changedKeys.filter((key) => replaceKeys.includes(key));
  return {
    changes: changedKeys.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && deleteBeforeReplace,
    changedKeys,
  };
}

/** Only the declared inputs, without undefined values (what the engine stores and diffs). */
export function pickInputs(inputKeys: readonly string[], props: Props): Props {
  const picked: Props = {};
  for (const key of inputKeys) {
    if (props[key] !== undefined && props[key] !== null) picked[key] = props[key];
  }
  return picked;
}

/** The API's body: the inputs less what only Pulumi uses. */
export function apiBody(inputs: Props, pulumiOnly: readonly string[]): Props {
  const body: Props = {};
  for (const [key, value] of Object.entries(inputs)) {
    if (!pulumiOnly.includes(key) && value !== undefined && value !== null) body[key] = value;
  }
  return body;
}

/** The inputs a schema marks secret (`.meta({ secret: true })`), e.g. sinkCredential. */
export function secretInputs(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  return Object.keys(shape).filter((key) => (shape[key].meta() as { secret?: boolean } | undefined)?.secret);
}

/** The keys of a zod object schema. */
export function keysOf(schema: z.ZodObject): string[] {
  return Object.keys(schema.shape);
}

/** An update that meets 404: the object was deleted outside Pulumi; say how to recover. */
export function goneHint(what: string, error: unknown): never {
  if (isApiError(error, 404)) {
    throw new Error(`${what} no longer exists in the API (deleted outside Pulumi?): run pulumi refresh to drop it from the stack, then pulumi up to create it again. (${(error as Error).message})`);
  }
  throw error;
}
