// Where the provider's settings come from: the stack config of a namespace
// ("brandedcalling" by default), else an environment variable. Read when the provider
// runs, never when the program is serialized, so no setting is frozen into state.
import { z } from 'zod';

export const DEFAULT_NAMESPACE = 'brandedcalling';
export const DEFAULT_API_ROOT = 'https://api.orange.com';

/** The provider config: one entry per setting, with its environment fallback. */
export const providerConfigSchema = z.object({
  apiRoot: z
    .string()
    .optional()
    .meta({ env: 'BRANDED_CALLING_API_ROOT', default: DEFAULT_API_ROOT })
    .describe("The API root. Default Orange's production root, https://api.orange.com; the emulator's URL in tests."),
  clientId: z
    .string()
    .optional()
    .meta({ env: 'BRANDED_CALLING_CLIENT_ID' })
    .describe('The OAuth2 client id of the Orange Developer application.'),
  clientSecret: z
    .string()
    .optional()
    .meta({ env: 'BRANDED_CALLING_CLIENT_SECRET', secret: true })
    .describe('The OAuth2 client secret. Set it with `pulumi config set --secret`.'),
  authorizationHeader: z
    .string()
    .optional()
    .meta({ env: 'BRANDED_CALLING_AUTHORIZATION_HEADER', secret: true })
    .describe(
      "The console's ready authorization header (`Basic …`, with or without the prefix), instead of clientId and clientSecret.",
    ),
  registrationApiVersion: z
    .enum(['v0.1', 'v0.2'])
    .optional()
    .meta({ env: 'BRANDED_CALLING_REGISTRATION_API_VERSION', default: 'v0.1' })
    .describe('Which Brand Registration API to use: v0.1 (default, as Orange documents) or v0.2.'),
});

export type ProviderConfig = z.infer<typeof providerConfigSchema>;
export type SettingName = keyof ProviderConfig;

export function environmentVariableOf(name: SettingName): string {
  return (providerConfigSchema.shape[name].meta() as { env: string }).env;
}

export class SettingsError extends Error {}

/**
 * The settings of one namespace: `lookup` reads the stack config by its fully qualified
 * key ("brandedcalling:clientSecret"), the environment fills what the config lacks.
 */
export function readSettings(
  lookup: (key: string) => string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  namespace: string = DEFAULT_NAMESPACE,
) {
  const value = (name: SettingName): string | undefined => {
    const fromConfig = lookup(`${namespace}:${name}`);
    if (fromConfig !== undefined && fromConfig !== '') return fromConfig;
    const fromEnv = env[environmentVariableOf(name)];
    return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
  };
  const version = value('registrationApiVersion') ?? 'v0.1';
  if (version !== 'v0.1' && version !== 'v0.2') {
    throw new SettingsError(
      `${namespace}:registrationApiVersion (or ${environmentVariableOf('registrationApiVersion')}) must be v0.1 or v0.2, not "${version}"`,
    );
  }
  return {
    namespace,
    apiRoot: value('apiRoot') ?? DEFAULT_API_ROOT,
    clientId: value('clientId'),
    clientSecret: value('clientSecret'),
    authorizationHeader: value('authorizationHeader'),
    registrationApiVersion: version as 'v0.1' | 'v0.2',
  };
}

export type Settings = ReturnType<typeof readSettings>;
