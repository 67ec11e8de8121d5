// The dynamic provider's side: what the serialized providers call, inside the provider
// process the engine starts. A thin layer over the shared binding (../binding.ts): settings
// come from the stack config handed to `configure` (never from state), else the
// environment; Pulumi's own __provider key is kept out of the lifecycles' way.
import { createBinding, engineAddressOf, engineLog, Kind, LIFECYCLES, settingVariables } from '../binding';
import { isApiError } from '../client';
import { CreatedButFailedError, Props } from '../lifecycle';

export { LIFECYCLES };
export type { Kind };

interface ConfigSource {
  get(key: string): string | undefined;
}

let stackConfig: ConfigSource | undefined;

const binding = createBinding(
  {
    config: (key) => stackConfig?.get(key),
    describeSettings(ns) {
      const env = settingVariables();
      return (
        `the stack config ${ns}:apiRoot, ${ns}:clientId, ${ns}:clientSecret (secret) or ${ns}:authorizationHeader (secret), ` +
        `else the environment variables ${env.apiRoot}, ${env.clientId}, ${env.clientSecret}, ${env.authorizationHeader}`
      );
    },
    describeCredentials(ns) {
      const env = settingVariables();
      return (
        `set ${ns}:clientId and ${ns}:clientSecret (pulumi config set --secret), or ${ns}:authorizationHeader ` +
        `(secret), or the environment variables ${env.clientId} and ${env.clientSecret} (or ${env.authorizationHeader})`
      );
    },
  },
  // The dynamic provider process gets the engine's address as its argument.
  engineLog(() => engineAddressOf(process.argv.slice(2))),
);

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
  return binding.check(kind, withoutPulumiKeys(olds), withoutPulumiKeys(news));
}

/** Only these reach the engine from a dynamic provider (no detailed diff). */
export async function diff(kind: Kind, id: string, olds: Props, news: Props) {
  const { changes, replaces, deleteBeforeReplace } = binding.diff(kind, id, withoutPulumiKeys(olds), withoutPulumiKeys(news));
  return { changes, replaces, deleteBeforeReplace };
}

/** The engine records a created-but-failed object only if it can find its provider again. */
function keepProvider(error: unknown, props: Props): never {
  if (error instanceof CreatedButFailedError) error.properties.__provider = props.__provider;
  throw error;
}

export async function create(kind: Kind, inputs: Props) {
  return binding.create(kind, withoutPulumiKeys(inputs)).catch((error: unknown) => keepProvider(error, inputs));
}

export async function read(kind: Kind, id: string, props: Props) {
  return binding.read(kind, id, withoutPulumiKeys(props)).catch(withoutStackTrace);
}

export async function update(kind: Kind, id: string, olds: Props, news: Props) {
  return binding.update(kind, id, withoutPulumiKeys(olds), withoutPulumiKeys(news)).catch((error: unknown) => keepProvider(error, news));
}

export async function remove(kind: Kind, id: string, props: Props) {
  await binding.delete(kind, id, withoutPulumiKeys(props)).catch(withoutStackTrace);
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
