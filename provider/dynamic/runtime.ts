// The dynamic provider's side: what the serialized providers call, inside the
// provider process the engine starts. It turns the engine's calls into lifecycle calls,
// reading settings from the stack config handed to `configure` (never from state).
import { ConfigurationError, getApiClient, isApiError } from '../client';
import { DEFAULT_NAMESPACE, readSettings, environmentVariableOf } from '../config';
import { checkAdoption, createOrAdopt, diffWithAdoption, withoutExistingId } from '../adoption';
import { CreatedButFailedError, Lifecycle, LifecycleContext, Props, UNKNOWN } from '../lifecycle';
import { carrierLifecycle } from '../resources/carrier';
import { customerLifecycle } from '../resources/customer';
import { registrationLifecycle } from '../resources/registration';

export const LIFECYCLES = {
  customer: customerLifecycle,
  carrier: carrierLifecycle,
  registration: registrationLifecycle,
} as const satisfies Record<string, Lifecycle<any>>;

export type Kind = keyof typeof LIFECYCLES;

interface ConfigSource {
  get(key: string): string | undefined;
}

let stackConfig: ConfigSource | undefined;

const context: LifecycleContext = {
  settings(namespace) {
    return readSettings((key) => stackConfig?.get(key), process.env, namespace ?? DEFAULT_NAMESPACE);
  },
  client(namespace, override) {
    const settings = context.settings(namespace);
    try {
      return getApiClient({ ...settings, ...override });
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      const ns = settings.namespace;
      throw new Error(
        `${error.message} Settings come from the stack config ${ns}:apiRoot, ${ns}:clientId, ${ns}:clientSecret (secret) or ` +
          `${ns}:authorizationHeader (secret), else the environment variables ${environmentVariableOf('apiRoot')}, ` +
          `${environmentVariableOf('clientId')}, ${environmentVariableOf('clientSecret')}, ${environmentVariableOf('authorizationHeader')}.`,
      );
    }
  },
  warn(message) {
    engineLog(message, 'WARNING');
  },
  info(message) {
    engineLog(message, 'INFO');
  },
};

/** Pulumi's own keys (__provider) are the binding's business, never a lifecycle's. */
function withoutPulumiKeys(props: Props | undefined): Props {
  const out: Props = {};
  for (const [key, value] of Object.entries(props ?? {})) if (!key.startsWith('__')) out[key] = value;
  return out;
}

export async function configure(request: { config: ConfigSource }): Promise<void> {
  stackConfig = request.config;
}

export async function check(kind: Kind, olds: Props, news: Props) {
  const inputs = withoutPulumiKeys(news);
  const result = LIFECYCLES[kind].check(inputs, context);
  // A bad namespace is reported once, by the lifecycle: its (absent) credentials are no news.
  const badNamespace = result.failures.some((failure) => failure.property === 'configNamespace');
  const failures = [...result.failures, ...(badNamespace ? [] : credentialFailures(inputs.configNamespace))];
  // Adoption reads the existing object: only once the inputs are known to be good.
  if (failures.length === 0) failures.push(...(await checkAdoption(LIFECYCLES[kind], withoutPulumiKeys(olds), result.inputs, context)));
  return { inputs: result.inputs, failures };
}

/** Missing credentials are known before any API call: say so at preview. */
function credentialFailures(configNamespace: unknown) {
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
  const ns = settings.namespace;
  return [
    {
      property: 'configNamespace',
      reason:
        `no credentials for ${ns}: set ${ns}:clientId and ${ns}:clientSecret (pulumi config set --secret), or ${ns}:authorizationHeader ` +
        `(secret), or the environment variables ${environmentVariableOf('clientId')} and ${environmentVariableOf('clientSecret')} ` +
        `(or ${environmentVariableOf('authorizationHeader')})`,
    },
  ];
}

export async function diff(kind: Kind, id: string, olds: Props, news: Props) {
  const { changes, replaces, deleteBeforeReplace } = diffWithAdoption(LIFECYCLES[kind], id, withoutPulumiKeys(olds), withoutPulumiKeys(news), context);
  return { changes, replaces, deleteBeforeReplace };
}

export async function create(kind: Kind, inputs: Props) {
  try {
    return await createOrAdopt(LIFECYCLES[kind], withoutPulumiKeys(inputs), context);
  } catch (error) {
    // The engine records a created-but-failed object only if it can find its provider again.
    if (error instanceof CreatedButFailedError) error.properties.__provider = inputs.__provider;
    throw error;
  }
}

export async function read(kind: Kind, id: string, props: Props) {
  return LIFECYCLES[kind].read(id, withoutPulumiKeys(props), context).catch(withoutStackTrace);
}

export async function update(kind: Kind, id: string, olds: Props, news: Props) {
  try {
    return await LIFECYCLES[kind].update(id, withoutExistingId(withoutPulumiKeys(olds)), withoutExistingId(withoutPulumiKeys(news)) as never, context);
  } catch (error) {
    if (error instanceof CreatedButFailedError) error.properties.__provider = news.__provider;
    throw error;
  }
}

export async function remove(kind: Kind, id: string, props: Props) {
  await LIFECYCLES[kind].delete(id, withoutPulumiKeys(props), context).catch(withoutStackTrace);
}

/**
 * Pulumi's dynamic provider prints the stack of a failed read or delete under the stack's
 * diagnostics, beside the resource's own error: eight lines per resource when the API is
 * down. An answer of the API is no bug: its message (the call, the answer, the
 * x-correlator) is all there is to say, once, on the resource.
 */
function withoutStackTrace(error: unknown): never {
  if (isApiError(error)) error.stack = '';
  throw error;
}

let engine: { log(request: unknown, callback: (error: unknown) => void): void } | undefined;

/**
 * A warning in the engine's diagnostics (shown by up and refresh). The dynamic provider
 * process gets the engine's address as its first argument; @pulumi/pulumi's generated
 * gRPC client is reused rather than opening a dependency of our own.
 */
function engineLog(message: string, severity: 'WARNING' | 'INFO'): void {
  const address = process.argv[2];
  try {
    if (!engine && address) {
      const pulumiDir = require.resolve('@pulumi/pulumi');
      const grpc = require(require.resolve('@grpc/grpc-js', { paths: [pulumiDir] }));
      const services = require('@pulumi/pulumi/proto/engine_grpc_pb');
      engine = new services.EngineClient(address, grpc.credentials.createInsecure());
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
}

/** The methods of a dynamic provider for one kind, as Pulumi calls them. */
export function methodsFor(kind: Kind) {
  return {
    configure,
    check: (olds: Props, news: Props) => check(kind, olds, news),
    diff: (id: string, olds: Props, news: Props) => diff(kind, id, olds, news),
    create: (inputs: Props) => create(kind, inputs),
    read: (id: string, props: Props) => read(kind, id, props),
    update: (id: string, olds: Props, news: Props) => update(kind, id, olds, news),
    delete: (id: string, props: Props) => remove(kind, id, props),
  };
}
