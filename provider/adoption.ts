// Adoption: a resource declared with `existingId` takes over an object that already
// exists instead of creating one. Pulumi's own `import` option cannot serve dynamic
// resources (pulumi/pulumi#16175), so this layer wraps any lifecycle, for both
// bindings: the first check reads the object (the one network call check ever makes)
// and says what the first `up` will change; create then records it, updating what
// differs, and writes nothing when nothing differs.
import type { z } from 'zod';
import { isUnknown, secretInputs, type CheckFailure, type DiffResult, type Lifecycle, type LifecycleContext, type Props } from './lifecycle';

export const ADOPTION_INPUT = 'existingId';

/** The inputs less existingId: lifecycles never see it, outputs never echo it. */
export function withoutExistingId(props: Props): Props {
  const { [ADOPTION_INPUT]: _existingId, ...rest } = props;
  return rest;
}

type Plan =
  | { ok: true; id: string; live: Props; diff: DiffResult; summary: string }
  | { ok: false; reason: string };

function declaredExistingId(news: Props): string | undefined {
  const value = news[ADOPTION_INPUT];
  return typeof value === 'string' && value.length > 0 && !isUnknown(value) ? value : undefined;
}

/** Reads the object named by existingId and compares it with the declared inputs. */
async function planAdoption(lifecycle: Lifecycle<any>, existingId: string, news: Props, ctx: LifecycleContext): Promise<Plan> {
  const declared = withoutExistingId(news);
  const what = `${lifecycle.type} ${JSON.stringify(existingId)}`;
  let found;
  try {
    found = await lifecycle.read(existingId, declared, ctx);
  } catch (error) {
    return { ok: false, reason: `existingId: cannot read ${what}: ${(error as Error).message}` };
  }
  if (!found.id || !found.props) {
    const namespace = (declared.configNamespace as string | undefined) ?? 'brandedcalling';
    return {
      ok: false,
      reason:
        `existingId: there is no ${what} in the account that the ${namespace} credentials reach (${ctx.settings(namespace).apiRoot}). ` +
        'Check the id (npx pulumi-branded-calling discover lists what the account holds), or remove existingId to create a new one.',
    };
  }
  const live = found.props;
  const diff = lifecycle.diff(existingId, live, declared, ctx);
  // A value not known yet (an id another resource gets in this run) is checked at create.
  const replaces = diff.replaces.filter((key) => !isUnknown(declared[key]));
  if (replaces.length > 0) {
    const differences = replaces.map((key) => `${key} is ${JSON.stringify(live[key])} there, ${JSON.stringify(declared[key])} here`).join('; ');
    return {
      ok: false,
      reason:
        `existingId: ${what} cannot be adopted as declared: ${differences}, which cannot change in place. ` +
        'Declare it with the values it has, or remove existingId to create a new one.',
    };
  }
  const changes = describeChanges(lifecycle.schema, live, declared);
  const existing = `existing ${lifecycle.type.toLowerCase()} ${JSON.stringify(existingId)}`;
  const notYetKnown = Object.keys(declared).filter((key) => isUnknown(declared[key]));
  const later = notYetKnown.length > 0 ? ` (${notYetKnown.join(', ')}: compared once known, during up)` : '';
  const summary = changes.length === 0
    ? `${existing} will be adopted as it is: nothing created, nothing changed${later}.`
    : `${existing} will be adopted and updated in place (nothing created): ${changes.join('; ')}${later}.`;
  return { ok: true, id: found.id, live, diff, summary };
}

/**
 * The check's part: when a resource with existingId enters the stack (no old inputs),
 * read the object once and report what `up` will do; a missing or foreign id fails here,
 * at preview, before anything is written. Later checks read nothing.
 */
export async function checkAdoption(lifecycle: Lifecycle<any>, olds: Props, news: Props, ctx: LifecycleContext): Promise<CheckFailure[]> {
  const existingId = declaredExistingId(news);
  if (!existingId || Object.keys(olds).length > 0) return [];
  const plan = await planAdoption(lifecycle, existingId, news, ctx);
  if (!plan.ok) return [{ property: ADOPTION_INPUT, reason: plan.reason }];
  ctx.info(`${lifecycle.type} ${describeDeclared(news)}: ${plan.summary} (Pulumi shows it as a create: the resource enters the stack.)`);
  return [];
}

/** Create, or adopt the object named by existingId: read it, update what differs, record it. */
export async function createOrAdopt(lifecycle: Lifecycle<any>, inputs: Props, ctx: LifecycleContext): Promise<{ id: string; outs: Props }> {
  const existingId = declaredExistingId(inputs);
  const declared = withoutExistingId(inputs);
  if (!existingId) return lifecycle.create(declared, ctx);
  const plan = await planAdoption(lifecycle, existingId, inputs, ctx);
  if (!plan.ok) throw new Error(`${lifecycle.type} ${describeDeclared(inputs)}: ${plan.reason} Nothing was written.`);
  if (!plan.diff.changes) return { id: plan.id, outs: plan.live };
  const { outs } = await lifecycle.update(plan.id, plan.live, declared, ctx);
  return { id: plan.id, outs };
}

/**
 * The diff's part: existingId is read once, when the resource enters the stack. Naming
 * another object afterwards is refused rather than silently ignored or re-created.
 */
export function diffWithAdoption(lifecycle: Lifecycle<any>, id: string, olds: Props, news: Props, ctx: LifecycleContext): DiffResult {
  const existingId = declaredExistingId(news);
  if (existingId && existingId !== id) {
    throw new Error(
      `${lifecycle.type} ${describeDeclared(news)}: existingId ${JSON.stringify(existingId)} differs from the id this resource already has in the stack (${JSON.stringify(id)}). ` +
        'existingId only applies when a resource enters the stack: set it to that id or remove it. To manage the other object instead, ' +
        'remove this resource from the stack first (pulumi state delete <urn> leaves its object untouched).',
    );
  }
  return lifecycle.diff(id, withoutExistingId(olds), withoutExistingId(news), ctx);
}

/** Something a person recognises: the number, the company, or the carrier. */
function describeDeclared(inputs: Props): string {
  const company = inputs.company as { legalName?: unknown } | undefined;
  const label = inputs.phoneNumber ?? company?.legalName ?? (inputs.carrierCode ? `${inputs.carrierCode}` : undefined);
  return typeof label === 'string' && !isUnknown(label) ? label : '(declared)';
}

/** "displayName: "Old" -> "New"", one entry per changed leaf; secrets named, never shown. */
function describeChanges(schema: z.ZodType, live: Props, declared: Props): string[] {
  const secrets = new Set(secretInputs(schema));
  const changes: string[] = [];
  const visit = (path: string, before: unknown, after: unknown) => {
    if (isUnknown(after)) return;
    const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);
    if (isObject(before) && isObject(after)) {
      const keys = new Set([...Object.keys(before as Props), ...Object.keys(after as Props)]);
      for (const key of keys) visit(`${path}.${key}`, (before as Props)[key], (after as Props)[key]);
      return;
    }
    if (JSON.stringify(before) !== JSON.stringify(after)) changes.push(`${path}: ${shown(before)} -> ${shown(after)}`);
  };
  for (const key of Object.keys(declared)) {
    if (secrets.has(key)) {
      changes.push(`${key}: set (secret, write-only: always sent when adopting)`);
      continue;
    }
    if (key === 'carrierCodes' && Array.isArray(live[key]) && Array.isArray(declared[key])) {
      const sorted = (value: unknown) => JSON.stringify([...(value as string[])].sort());
      if (sorted(live[key]) === sorted(declared[key])) continue;
    }
    if (live[key] === undefined && declared[key] === undefined) continue;
    visit(key, live[key], declared[key]);
  }
  return changes;
}

function shown(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
