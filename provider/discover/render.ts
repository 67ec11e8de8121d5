// A discovery written out, ready to commit: a YAML manifest or a TypeScript program in
// which every object is declared with its existingId, so the first `up` adopts all of
// them, creating and deleting nothing, and the next preview shows no change.
import { dump } from 'js-yaml';
import { nameResources, type Discovery } from './discover';

export type OutputFormat = 'manifest' | 'typescript';

function header(discovery: Discovery, comment: string, version: 'v0.1' | 'v0.2', when: Date): string {
  const lines = [
    `Written by \`pulumi-branded-calling discover\` on ${when.toISOString().slice(0, 10)}: what the account held then.`,
    'Every object carries its existingId: the first `pulumi up` adopts them all, creating and deleting nothing.',
    ...(version === 'v0.2' ? ['Read through the v0.2 registration API: set brandedcalling:registrationApiVersion to v0.2 in the stack.'] : []),
    ...discovery.notes.map((note) => `Note: ${note}`),
  ];
  return lines.map((line) => `${comment} ${line}`).join('\n');
}

export function renderManifest(discovery: Discovery, version: 'v0.1' | 'v0.2', when = new Date()): string {
  const names = nameResources(discovery);
  const customers: Record<string, unknown> = {};
  discovery.customers.forEach((customer, i) => {
    const registrations: Record<string, unknown> = {};
    customer.registrations.forEach((registration, j) => {
      const allCarriers = [...registration.carrierCodes].sort().join() === customer.carrierCodes.join();
      registrations[names[i].registrations[j]] = {
        existingId: registration.registrationId,
        ...registration.inputs,
        // Absent means all the customer's carriers.
        ...(allCarriers ? {} : { carrierCodes: registration.carrierCodes }),
      };
    });
    customers[names[i].customer] = {
      existingId: customer.customerId,
      ...customer.inputs,
      carriers: customer.carrierCodes.map((code) => ({ code, existingId: `${customer.customerId}/${code}` })),
      ...(customer.registrations.length > 0 ? { registrations } : {}),
    };
  });
  const body = dump({ version: 1, customers }, { lineWidth: 120, noRefs: true });
  return `${header(discovery, '#', version, when)}\n${body}`;
}

export function renderTypeScript(discovery: Discovery, version: 'v0.1' | 'v0.2', when = new Date()): string {
  const names = nameResources(discovery);
  const variables = new Set<string>(['bc']); // the import's name
  const variable = (name: string) => {
    const camel = name.replace(/[-_]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/^[^a-zA-Z_$]/, '_$&');
    const base = RESERVED_WORDS.has(camel) ? `${camel}_` : camel;
    let candidate = base;
    for (let n = 2; variables.has(candidate); n++) candidate = `${base}${n}`;
    variables.add(candidate);
    return candidate;
  };
  const lines = [header(discovery, '//', version, when), "import * as bc from 'pulumi-branded-calling';", ''];
  discovery.customers.forEach((customer, i) => {
    const customerVar = variable(names[i].customer);
    lines.push(`const ${customerVar} = new bc.Customer(${literal(names[i].customer)}, ${literal({ existingId: customer.customerId, ...customer.inputs }, 0)});`);
    const carrierVars = new Map<string, string>();
    for (const code of customer.carrierCodes) {
      const name = `${names[i].customer}-${code}`;
      const carrierVar = variable(name);
      carrierVars.set(code, carrierVar);
      lines.push(
        `const ${carrierVar} = new bc.Carrier(${literal(name)}, { existingId: ${literal(`${customer.customerId}/${code}`)}, customerId: ${customerVar}.customerId, carrierCode: ${literal(code)} });`,
      );
    }
    customer.registrations.forEach((registration, j) => {
      // Wired to the carriers' outputs, so that creates and deletes keep their order.
      const codes = registration.carrierCodes.map((code) => (carrierVars.has(code) ? `${carrierVars.get(code)}.carrierCode` : literal(code)));
      const inputs = literal({ existingId: registration.registrationId, ...registration.inputs }, 0).replace(/\n}$/, '');
      lines.push(`new bc.Registration(${literal(names[i].registrations[j])}, ${inputs}\n  customerId: ${customerVar}.customerId,\n  carrierCodes: [${codes.join(', ')}],\n});`);
    });
    lines.push('');
  });
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Words a variable cannot be named in a strict-mode module (a brand may be called Switch or Class). */
const RESERVED_WORDS = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'implements import in instanceof interface let new null package private protected public return static super switch this ' +
    'throw true try typeof var void while with yield await arguments eval').split(' '),
);

/** A TypeScript literal: identifier keys unquoted, two-space indent, trailing commas. */
function literal(value: unknown, depth = 0): string {
  const pad = '  '.repeat(depth + 1);
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, depth)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const body = entries.map(([k, v]) => `${pad}${/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k)}: ${literal(v, depth + 1)},`).join('\n');
    return `{\n${body}\n${'  '.repeat(depth)}}`;
  }
  return typeof value === 'string' ? `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'` : JSON.stringify(value);
}
