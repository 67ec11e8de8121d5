// The provider plugin's side: Customer, Carrier and Registration as the package
// "brandedcalling" (schema.json), for Pulumi programs in any language. A thin layer over
// the shared binding (../binding.ts), the same one the dynamic resources use: this file
// only maps type tokens to lifecycles, carries secrets through, and details the diff.
//
// Settings come from the BRANDED_CALLING_* environment variables of the process that runs
// pulumi: @pulumi/pulumi's provider server does not hand the provider its config.
import type * as pulumiProvider from '@pulumi/pulumi/provider';
import { createBinding, EngineLog, Kind, kindOfType, LIFECYCLES, settingVariables, type Binding } from '../binding';
import { CreatedButFailedError, DiffResult, Props, secretInputs, sameValue } from '../lifecycle';
import { conceal, reveal } from './secrets';

export const PACKAGE = 'brandedcalling';

/** PropertyDiff.Kind of Pulumi's provider protocol. */
export enum PropertyChange {
  ADD = 0,
  ADD_REPLACE = 1,
  DELETE = 2,
  DELETE_REPLACE = 3,
  UPDATE = 4,
  UPDATE_REPLACE = 5,
}

/** The lifecycle's diff, with what the engine shows per field: "company.legalName" -> UPDATE. */
export interface DetailedDiffResult extends DiffResult {
  detailedDiff: Record<string, PropertyChange>;
}

export interface PluginProvider extends pulumiProvider.Provider {
  /** The diff with its detail; `oldInputs` (the engine's stored inputs) tell an added field from a changed one. */
  diff(id: string, urn: string, olds: Props, news: Props, oldInputs?: Props): Promise<DetailedDiffResult>;
}

/** "urn:pulumi:stack::project::parent$brandedcalling:index:Registration::name" -> registration. */
export function kindOfUrn(urn: string): Kind {
  const type = urn.split('::')[2]?.split('$').pop() ?? '';
  const [pkg, module, name] = type.split(':');
  const kind = pkg === PACKAGE && module === 'index' ? kindOfType(name) : undefined;
  if (!kind) throw new Error(`${PACKAGE} has no resource type "${type}": it serves ${Object.values(LIFECYCLES).map((l) => `${PACKAGE}:index:${l.type}`).join(', ')}`);
  return kind;
}

/** Settings from the environment only: the plugin is not given the stack config. */
export function environmentBinding(log: EngineLog): Binding {
  return createBinding(
    {
      config: () => undefined,
      describeSettings() {
        const env = settingVariables();
        return (
          `the environment variables ${env.apiRoot}, ${env.clientId}, ${env.clientSecret} or ${env.authorizationHeader} ` +
          'of the process that runs pulumi (the provider plugin is not given the stack config)'
        );
      },
      describeCredentials() {
        const env = settingVariables();
        return (
          `set the environment variables ${env.clientId} and ${env.clientSecret} (or ${env.authorizationHeader}) where pulumi runs: ` +
          'the provider plugin is not given the stack config'
        );
      },
      // configNamespace picks a stack config namespace, which the plugin never sees:
      // refused rather than silently meaning the environment's account.
      refuseNamespace: () =>
        'configNamespace: the provider plugin takes its settings from the BRANDED_CALLING_* environment variables only, so it cannot pick ' +
        "a config namespace. Remove it; to manage a second account, run a second stack with that account's environment.",
    },
    log,
  );
}

/** One entry per changed field; nested objects down to the leaves that differ. */
export function detailFields(changedKeys: readonly string[], replaces: readonly string[], oldInputs: Props, news: Props): Record<string, PropertyChange> {
  const detail: Record<string, PropertyChange> = {};
  const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);
  const visit = (path: string, before: unknown, after: unknown, replace: boolean) => {
    if (isObject(before) && isObject(after)) {
      for (const key of new Set([...Object.keys(before as Props), ...Object.keys(after as Props)])) {
        if (!sameValue((before as Props)[key], (after as Props)[key])) visit(`${path}.${key}`, (before as Props)[key], (after as Props)[key], replace);
      }
      return;
    }
    const change = before === undefined ? PropertyChange.ADD : after === undefined ? PropertyChange.DELETE : PropertyChange.UPDATE;
    detail[path] = replace ? change + 1 : change;
  };
  for (const key of changedKeys) {
    const replace = replaces.includes(key);
    // A field that compares equal in the old inputs changed by what the API holds (the
    // write-only sink credential, compared by digest): an update of the whole field.
    if (sameValue(oldInputs[key], news[key])) detail[key] = replace ? PropertyChange.UPDATE_REPLACE : PropertyChange.UPDATE;
    else visit(key, oldInputs[key], news[key], replace);
  }
  return detail;
}

export function createPluginProvider(options: { version: string; schema: () => Promise<string>; binding: Binding }): PluginProvider {
  const { binding } = options;

  /** Runs a call on plain values; what came in secret goes out secret, at the same place. */
  const withSecrets = (props: Props | undefined, forced: string[] = []) => {
    const { plain, secrets } = reveal(props);
    return { plain, conceal: (value: Props | undefined) => conceal(value, [...secrets, ...forced.map((key) => [key])]) };
  };

  const concealFailure = (error: unknown, hide: (value: Props | undefined) => Props | undefined): never => {
    if (error instanceof CreatedButFailedError) Object.assign(error, { properties: hide(error.properties) });
    throw error;
  };

  return {
    version: options.version,
    getSchema: options.schema,

    async check(urn, olds, news) {
      const kind = kindOfUrn(urn);
      // A field the schema marks secret is secret whatever the program passed.
      const input = withSecrets(news, secretInputs(LIFECYCLES[kind].schema));
      const { inputs, failures } = await binding.check(kind, reveal(olds).plain, input.plain);
      return { inputs: input.conceal(inputs), failures };
    },

    async diff(id, urn, olds, news, oldInputs) {
      const kind = kindOfUrn(urn);
      const before = reveal(olds).plain;
      const after = reveal(news).plain;
      const result = binding.diff(kind, id, before, after);
      return { ...result, detailedDiff: detailFields(result.changedKeys, result.replaces, oldInputs ? reveal(oldInputs).plain : before, after) };
    },

    async create(urn, inputs) {
      const kind = kindOfUrn(urn);
      const input = withSecrets(inputs);
      const { id, outs } = await binding.create(kind, input.plain).catch((error: unknown) => concealFailure(error, input.conceal));
      return { id, outs: input.conceal(outs) };
    },

    async read(id, urn, props) {
      const kind = kindOfUrn(urn);
      // With an id alone (pulumi import) props are empty: the lifecycle reads inputs and outputs from the API.
      const state = withSecrets(props);
      const result = await binding.read(kind, id, state.plain);
      // No id: the object is gone, and the engine drops it from the stack.
      if (!result.id) return { id: '', props: {} };
      return { id: result.id, props: state.conceal(result.props), inputs: state.conceal(result.inputs) };
    },

    async update(id, urn, olds, news) {
      const kind = kindOfUrn(urn);
      const input = withSecrets(news);
      const { outs } = await binding.update(kind, id, reveal(olds).plain, input.plain).catch((error: unknown) => concealFailure(error, input.conceal));
      return { outs: input.conceal(outs) };
    },

    async delete(id, urn, props) {
      await binding.delete(kindOfUrn(urn), id, reveal(props).plain);
    },
  };
}
