// Reading a branding manifest: YAML, then the manifest schema (the resources' own rules),
// then the rules that span entries (keys and numbers used twice, carriers a number names
// but its customer lacks, formerKeys claimed twice). Every error of the file comes back
// at once, each with its place: file, line, column, path and the rule broken. A YAML
// syntax error or a key written twice stops reading there. No Pulumi here: the validate
// command and the unit tests use it as it is.
import * as fs from 'node:fs';
import { z } from 'zod';
import { propertyPath, schemaIssues } from '../lifecycle';
import { manifestSchema, type Manifest } from './schema';
import { readYaml, YamlSyntaxError, type Position, type YamlFile } from './yaml';

export interface ManifestError {
  file: string;
  /** e.g. customers.acme.registrations.support.displayName; '' for the whole file. */
  path: string;
  line?: number;
  column?: number;
  /** The rule broken, in words. */
  message: string;
}

export type ManifestResult =
  | {
      ok: true;
      manifest: Manifest;
      /** "branding.yaml:12:9 customers.acme.brand.name", to name a place in a later error. */
      placeOf(path: readonly PropertyKey[]): string;
    }
  | { ok: false; errors: ManifestError[] };

/** "branding.yaml:12:9: customers.acme.brand.name: must not be empty". */
export function formatManifestError(error: ManifestError): string {
  const where = [error.file, error.line, error.line === undefined ? undefined : error.column].filter((part) => part !== undefined).join(':');
  return `${where}: ${error.path ? `${error.path}: ` : ''}${error.message}`;
}

const MAX_ERRORS_SHOWN = 200;

/** All the errors of a file, one a line (the first 200), with a count first. */
export function describeManifestErrors(errors: readonly ManifestError[]): string {
  const file = errors[0]?.file ?? 'the manifest';
  const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
  // A file repeated through aliases can multiply its errors: the first ones say enough.
  const shown = errors.slice(0, MAX_ERRORS_SHOWN).map((error) => `  ${formatManifestError(error)}`);
  if (errors.length > MAX_ERRORS_SHOWN) shown.push(`  ... and ${errors.length - MAX_ERRORS_SHOWN} more`);
  return `${file}: ${count}\n${shown.join('\n')}`;
}

/** Reads a manifest file; errors name it `shownAs`, by default the path as given. */
export function loadManifest(filePath: string, shownAs = filePath): ManifestResult {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return { ok: false, errors: [{ file: shownAs, path: '', message: `cannot read the manifest: ${reason}` }] };
  }
  return parseManifest(text, shownAs);
}

/** Reads and validates a manifest's text; `fileName` is only used to name places. */
export function parseManifest(text: string, fileName: string): ManifestResult {
  let yaml: YamlFile;
  try {
    yaml = readYaml(text, fileName);
  } catch (error) {
    if (!(error instanceof YamlSyntaxError)) throw error;
    return { ok: false, errors: [{ file: fileName, path: error.path, ...error.position, message: error.reason }] };
  }
  const errorAt = (at: readonly PropertyKey[], message: string): ManifestError => ({
    file: fileName,
    path: propertyPath([...at]),
    ...yaml.positionOf(at),
    message,
  });
  const placeOf = (at: readonly PropertyKey[]): string => {
    const { line, column } = yaml.positionOf(at);
    return `${fileName}:${line}:${column} ${propertyPath([...at])}`;
  };

  const errors: ManifestError[] = [];
  for (const issue of schemaIssues(manifestSchema, yaml.value)) {
    errors.push(errorAt(issue.path, explain(issue, yaml)));
  }
  for (const issue of crossChecks(yaml.value, (at) => `${propertyPath([...at])} (line ${yaml.positionOf(at).line})`)) {
    errors.push(errorAt(issue.path, issue.message));
  }
  if (errors.length > 0) {
    errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    return { ok: false, errors };
  }
  return { ok: true, manifest: manifestSchema.parse(yaml.value), placeOf };
}

/** A rule in words a person who writes YAML, not TypeScript, can act on. */
function explain(issue: ReturnType<typeof schemaIssues>[number], yaml: YamlFile): string {
  if (issue.unknownKey) {
    const key = String(issue.path[issue.path.length - 1]);
    if (key === '<<') return 'YAML merge keys (<<) are not read in a manifest: write the fields out, or put what numbers share in registrationDefaults';
    const known = knownKeysAt(manifestSchema, issue.path.slice(0, -1));
    const close = known.find((candidate) => candidate.toLowerCase() === key.toLowerCase()) ?? known.find((candidate) => editDistance(candidate, key) <= 2);
    if (close) return `is not a known key: did you mean ${close}?`;
    return known.length > 0 ? `is not a known key (known here: ${known.join(', ')})` : 'is not a known key';
  }
  const plain = yaml.plainTextAt(issue.path);
  if (issue.issue?.code === 'invalid_type' && issue.issue.expected === 'string' && plain !== undefined) {
    const value = issue.path.reduce<unknown>((parent, key) => (isMap(parent) || Array.isArray(parent) ? (parent as Raw)[key as string] : undefined), yaml.value);
    const kind = typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'true/false' : undefined;
    if (kind) return `${issue.message}: YAML reads ${plain} as ${kind}; write it in quotes: "${plain}"`;
  }
  return issue.message;
}

/** The keys an object schema knows at a path of the manifest (through records, lists, defaults). */
function knownKeysAt(schema: z.ZodType, at: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const key of at) {
    if (current instanceof z.ZodObject) current = current.shape[String(key)] as z.ZodType | undefined;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else return [];
    current = current && unwrap(current);
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

/** Past optional, default and transform wrappers; a union to its object alternative. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else if (current instanceof z.ZodUnion) current = ((current.options as z.ZodType[]).find((o) => o instanceof z.ZodObject) ?? current.options[0]) as z.ZodType;
    else return current;
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

interface CrossIssue {
  path: PropertyKey[];
  message: string;
}

type Raw = Record<string, unknown>;
const isMap = (value: unknown): value is Raw => value !== null && typeof value === 'object' && !Array.isArray(value);
const entriesOf = (value: unknown): [string, unknown][] => (isMap(value) ? Object.entries(value) : []);
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The rules that span entries, judged on whatever of the file is well-formed enough
 * (so that they add to the schema's errors instead of waiting for them to be fixed).
 */
function crossChecks(root: unknown, where: (at: readonly PropertyKey[]) => string): CrossIssue[] {
  const issues: CrossIssue[] = [];
  const customers = entriesOf(isMap(root) ? root.customers : undefined);
  const registrationKeys = new Map<string, PropertyKey[]>();
  const numbers = new Map<string, PropertyKey[]>();
  const customerKeys = new Map(customers.map(([key]) => [key, ['customers', key] as PropertyKey[]]));
  // An object adopted by two entries would be managed by both, each undoing the other.
  const adopted = new Map<string, PropertyKey[]>();
  const adoptOnce = (at: PropertyKey[], existingId: unknown) => {
    if (typeof existingId !== 'string' || existingId.length === 0) return;
    const earlier = adopted.get(existingId);
    if (earlier) issues.push({ path: at, message: `${existingId} is also adopted by ${where(earlier)}: an object can be managed by one entry only` });
    else adopted.set(existingId, at);
  };

  for (const [customerKey, customer] of customers) {
    if (!isMap(customer)) continue;
    const customerPath: PropertyKey[] = ['customers', customerKey];
    const account = text(customer.configNamespace) ?? 'brandedcalling';
    adoptOnce([...customerPath, 'existingId'], customer.existingId);

    // Its carriers: each once; an adopted one is this customer's carrier of that code.
    const codes: string[] = [];
    listOf(customer.carriers).forEach((entry, index) => {
      const code = text(entry) ?? (isMap(entry) ? text(entry.code) : undefined);
      if (code === undefined) return;
      const at = [...customerPath, 'carriers', index];
      const first = codes.indexOf(code);
      if (first >= 0) issues.push({ path: at, message: `${code} is listed twice: also at ${where([...customerPath, 'carriers', first])}` });
      codes.push(code);
      const existingId = isMap(entry) ? text(entry.existingId) : undefined;
      if (existingId === undefined) return;
      adoptOnce([...at, 'existingId'], existingId);
      const customerId = text(customer.existingId);
      if (!existingId.endsWith(`/${code}`)) {
        issues.push({ path: [...at, 'existingId'], message: `must be the id of this ${code} carrier: "<customerId>/${code}"` });
      } else if (customerId !== undefined && existingId !== `${customerId}/${code}`) {
        issues.push({ path: [...at, 'existingId'], message: `is a carrier of another customer: this customer's existingId is ${customerId}, so its ${code} carrier is "${customerId}/${code}"` });
      }
    });

    const carrierCodesRule = (at: PropertyKey[], value: unknown) => {
      listOf(value).forEach((code, index) => {
        if (typeof code === 'string' && codes.length > 0 && !codes.includes(code)) {
          issues.push({ path: [...at, index], message: `${code} is not one of this customer's carriers (${[...new Set(codes)].join(', ')}): add it to ${propertyPath([...customerPath, 'carriers'])} first` });
        }
      });
    };
    const defaults = isMap(customer.registrationDefaults) ? customer.registrationDefaults : {};
    carrierCodesRule([...customerPath, 'registrationDefaults', 'carrierCodes'], defaults.carrierCodes);

    const registrations = entriesOf(customer.registrations);
    if (registrations.length > 0 && codes.length === 0) {
      issues.push({ path: [...customerPath, 'carriers'], message: 'has registrations but no carriers: list the carriers their numbers are shown on, e.g. carriers: [OFR, BYG]' });
    }
    for (const [key, registration] of registrations) {
      const at: PropertyKey[] = [...customerPath, 'registrations', key];
      const other = registrationKeys.get(key);
      if (other) issues.push({ path: at, message: `the key ${key} is also used by ${where(other)}: a registration's key is its resource name, unique in the file` });
      else registrationKeys.set(key, at);
      if (!isMap(registration)) continue;
      adoptOnce([...at, 'existingId'], registration.existingId);
      carrierCodesRule([...at, 'carrierCodes'], registration.carrierCodes);
      const number = text(registration.phoneNumber);
      if (number !== undefined) {
        const earlier = numbers.get(`${account}\n${number}`);
        if (earlier) issues.push({ path: [...at, 'phoneNumber'], message: `${number} is also registered by ${where(earlier)}: a number is registered once per account` });
        else numbers.set(`${account}\n${number}`, [...at, 'phoneNumber']);
      }
    }
  }

  // formerKeys: names an entry had. Each old resource can become one entry only, and a
  // name in use now is not a former one.
  const formerRule = (kind: string, current: Map<string, PropertyKey[]>, owners: Array<[PropertyKey[], unknown]>) => {
    const claimed = new Map<string, PropertyKey[]>();
    for (const [owner, entry] of owners) {
      if (!isMap(entry)) continue;
      listOf(entry.formerKeys).forEach((former, index) => {
        if (typeof former !== 'string') return;
        const at = [...owner, 'formerKeys', index];
        const holder = current.get(former);
        if (holder && propertyPath(holder) === propertyPath(owner)) {
          issues.push({ path: at, message: `${former} is this ${kind}'s own key: list only the keys it had before` });
        } else if (holder) {
          issues.push({ path: at, message: `${former} is the key of ${where(holder)} now: a former key must be free` });
        } else if (claimed.has(former)) {
          issues.push({ path: at, message: `${former} is also a former key of ${where(claimed.get(former)!)}: the old ${kind} can become only one of them` });
        } else {
          claimed.set(former, owner);
        }
      });
    }
  };
  formerRule('customer', customerKeys, customers.map(([key, customer]) => [['customers', key], customer]));
  const allRegistrations = customers.flatMap(([customerKey, customer]) =>
    entriesOf(isMap(customer) ? customer.registrations : undefined).map(([key, registration]): [PropertyKey[], unknown] => [['customers', customerKey, 'registrations', key], registration]),
  );
  formerRule('registration', registrationKeys, allRegistrations);
  return issues;
}

export type { Position };
