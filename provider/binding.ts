// What the two bindings share: the engine's calls on a resource (check, diff, create,
// read, update, delete) turned into lifecycle calls, adoption (existingId) around them,
// settings read when the provider runs, and notes sent to the engine's log.
// provider/dynamic/runtime.ts (the dynamic resources) and provider/plugin/ (the provider
// plugin) are each a thin layer over this one: what their protocols differ in (the
// dynamic provider's __provider key, the plugin's secret wrappers and type tokens,
// where settings come from) stays theirs. No Pulumi import here either.
import { ConfigurationError, getApiClient } from './client';
import { DEFAULT_NAMESPACE, readSettings, environmentVariableOf } from './config';
import { checkAdoption, createOrAdopt, diffWithAdoption, withoutExistingId } from './adoption';
import { CheckFailure, DiffResult, Lifecycle, LifecycleContext, Props, ReadResult, UNKNOWN } from './lifecycle';
import { carrierLifecycle } from './resources/carrier';
import { customerLifecycle } from './resources/customer';
import { registrationLifecycle } from './resources/registration';

export const LIFECYCLES = {
  customer: customerLifecycle,
  carrier: carrierLifecycle,
  registration: registrationLifecycle,
} as const satisfies Record<string, Lifecycle<any>>;

export type Kind = keyof typeof LIFECYCLES;

/** The kind of a resource type name ("Registration"), or undefined. */
export function kindOfType(type: string): Kind | undefined {
  return (Object.keys(LIFECYCLES) as Kind[]).find((kind) => LIFECYCLES[kind].type === type);
}

/** Where a binding's settings come from. */
export interface SettingsSource {
  /** The stack config by its fully qualified key ("brandedcalling:clientId"), where the binding has it. */
  config(key: string): string | undefined;
  /** Where a namespace's settings are given, in words: completes "Settings come from ...". */
  describeSettings(namespace: string): string;
  /** How to give a namespace's credentials, in words: completes "no credentials for ns: ...". */
  describeCredentials(namespace: string): string;
  /** Why a resource may not name this config namespace, where the binding cannot honour it. */
  refuseNamespace?(namespace: string): string | undefined;
}

/** The engine's calls, each on one resource kind, with props free of the binding's own keys. */
export interface Binding {
  readonly context: LifecycleContext;
  check(kind: Kind, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }>;
  diff(kind: Kind, id: string, olds: Props, news: Props): DiffResult;
  create(kind: Kind, inputs: Props): Promise<{ id: string; outs: Props }>;
  read(kind: Kind, id: string, props: Props): Promise<ReadResult>;
  update(kind: Kind, id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(kind: Kind, id: string, props: Props): Promise<void>;
}

export type EngineLog = (message: string, severity: 'WARNING' | 'INFO') => void;

export function createBinding(source: SettingsSource, log: EngineLog): Binding {
  const context: LifecycleContext = {
    settings(namespace) {
      return readSettings((key) => source.config(key), process.env, namespace ?? DEFAULT_NAMESPACE);
    },
    client(namespace, override) {
      const settings = context.settings(namespace);
      try {
        return getApiClient({ ...settings, ...override });
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        throw new Error(`${error.message} Settings come from ${source.describeSettings(settings.namespace)}.`);
      }
    },
    warn: (message) => log(message, 'WARNING'),
    info: (message) => log(message, 'INFO'),
  };

  /** Missing credentials are known before any API call: say so at preview. */
  function credentialFailures(configNamespace: unknown): CheckFailure[] {
    // A namespace not known yet (preview) has credentials not known yet either: judged at up.
    if (configNamespace === UNKNOWN) return [];
    const namespace = typeof configNamespace === 'string' ? configNamespace : undefined;
    let settings;
    try {
      settings = context.settings(namespace);
    } catch {
      return []; // a bad setting is reported by the lifecycle's own check
    }
    if (settings.authorizationHeader || (settings.clientId && settings.clientSecret)) return [];
    return [{ property: 'configNamespace', reason: `no credentials for ${settings.namespace}: ${source.describeCredentials(settings.namespace)}` }];
  }

  return {
    context,

    async check(kind, olds, news) {
      const result = LIFECYCLES[kind].check(news, context);
      const refusal = typeof news.configNamespace === 'string' ? source.refuseNamespace?.(news.configNamespace) : undefined;
      if (refusal) result.failures.push({ property: 'configNamespace', reason: refusal });
      // A bad namespace is reported once: its (absent) credentials are no news.
      const badNamespace = result.failures.some((failure) => failure.property === 'configNamespace');
      const failures = [...result.failures, ...(badNamespace ? [] : credentialFailures(news.configNamespace))];
      // Adoption reads the existing object: only once the inputs are known to be good.
      if (failures.length === 0) failures.push(...(await checkAdoption(LIFECYCLES[kind], olds, result.inputs, context)));
      return { inputs: result.inputs, failures };
    },

    diff(kind, id, olds, news) {
      return diffWithAdoption(LIFECYCLES[kind], id, olds, news, context);
    },

    async create(kind, inputs) {
      return keepExistingId(inputs, await createOrAdopt(LIFECYCLES[kind], inputs, context));
    },

    async read(kind, id, props) {
      const result = await LIFECYCLES[kind].read(id, withoutExistingId(props), context);
      // Read gives the live object; the declared existingId stays, so that a refresh does
      // not make it look like a new input on the next preview.
      if (result.inputs && result.props && typeof props.existingId === 'string') {
        result.inputs.existingId = props.existingId;
        result.props.existingId = props.existingId;
      }
      return result;
    },

    async update(kind, id, olds, news) {
      return keepExistingId(news, await LIFECYCLES[kind].update(id, withoutExistingId(olds), withoutExistingId(news) as never, context));
    },

    delete(kind, id, props) {
      return LIFECYCLES[kind].delete(id, props, context);
    },
  };
}

/** Outputs echo the declared existingId (read keeps it from them); lifecycles never see it. */
function keepExistingId<T extends { outs: Props }>(inputs: Props, result: T): T {
  if (typeof inputs.existingId === 'string') result.outs = { ...result.outs, existingId: inputs.existingId };
  return result;
}

/** The engine's address among a provider process's arguments (flags such as -v=9 skipped). */
export function engineAddressOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--tracing') i++;
    else if (!args[i].startsWith('-')) return args[i];
  }
  return undefined;
}

/**
 * Notes in the engine's diagnostics (shown by preview, up and refresh), through the
 * engine's gRPC address; @pulumi/pulumi's generated client is reused rather than adding
 * a dependency of our own. Without an engine (a unit test), they go to stderr.
 */
export function engineLog(address: () => string | undefined): EngineLog {
  let engine: { log(request: unknown, callback: (error: unknown) => void): void } | undefined;
  return (message, severity) => {
    try {
      const where = address();
      if (!engine && where) {
        const pulumiDir = require.resolve('@pulumi/pulumi');
        const grpc = require(require.resolve('@grpc/grpc-js', { paths: [pulumiDir] }));
        const services = require('@pulumi/pulumi/proto/engine_grpc_pb');
        engine = new services.EngineClient(where, grpc.credentials.createInsecure());
      }
      if (!engine) throw new Error('no engine address');
      const messages = require('@pulumi/pulumi/proto/engine_pb');
      const request = new messages.LogRequest();
      request.setSeverity(messages.LogSeverity[severity]);
      request.setMessage(message);
      engine.log(request, () => undefined);
    } catch {
      console.error(`${severity.toLowerCase()}: ${message}`);
    }
  };
}

/** The environment variables of every setting, for messages. */
export function settingVariables(): { apiRoot: string; clientId: string; clientSecret: string; authorizationHeader: string } {
  return {
    apiRoot: environmentVariableOf('apiRoot'),
    clientId: environmentVariableOf('clientId'),
    clientSecret: environmentVariableOf('clientSecret'),
    authorizationHeader: environmentVariableOf('authorizationHeader'),
  };
}
