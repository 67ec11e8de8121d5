// `pulumi-branded-calling discover`: lists what an account holds and writes a manifest
// or a TypeScript program adopting all of it. Credentials come from the environment,
// as for the provider; nothing secret is printed.
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createApiClient } from '../client';
import { environmentVariableOf, readSettings } from '../config';
import { discoverAccount } from './discover';
import { renderManifest, renderTypeScript, type OutputFormat } from './render';

export const USAGE = `Usage: pulumi-branded-calling discover [options]

Lists the customers, carriers and registrations of an account and writes, ready to
commit, a manifest (YAML) or a TypeScript program declaring each of them with its
existingId: the first \`pulumi up\` adopts them all, creating and deleting nothing.

Options:
  --format manifest|typescript     what to write (default manifest)
  --out FILE                       write there (default: standard output)
  --api-root URL                   the API root (default ${environmentVariableOf('apiRoot')}, else Orange's)
  --registration-api-version V     v0.2 (lists registrations; the default) or v0.1
                                   (cannot list them: says so)
  -h, --help                       show this help

Credentials: ${environmentVariableOf('clientId')} and ${environmentVariableOf('clientSecret')}
(or ${environmentVariableOf('authorizationHeader')}), as for the provider.
`;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        format: { type: 'string', default: 'manifest' },
        out: { type: 'string' },
        'api-root': { type: 'string' },
        'registration-api-version': { type: 'string', default: 'v0.2' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`discover: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const format = values.format as OutputFormat;
  const version = values['registration-api-version'];
  if (format !== 'manifest' && format !== 'typescript') return usageError(`--format must be manifest or typescript, not "${format}"`);
  if (version !== 'v0.1' && version !== 'v0.2') return usageError(`--registration-api-version must be v0.1 or v0.2, not "${version}"`);

  const settings = readSettings(() => undefined, { ...env, ...(values['api-root'] ? { [environmentVariableOf('apiRoot')]: values['api-root'] } : {}) });
  const client = createApiClient({ ...settings, registrationApiVersion: version });
  const discovery = await discoverAccount(client, version);
  const text = format === 'manifest' ? renderManifest(discovery, version) : renderTypeScript(discovery, version);
  if (values.out) fs.writeFileSync(values.out, text);
  else process.stdout.write(text);

  const registrations = discovery.customers.reduce((n, c) => n + c.registrations.length, 0);
  const carriers = discovery.customers.reduce((n, c) => n + c.carrierCodes.length, 0);
  process.stderr.write(
    `discover: ${count(discovery.customers.length, 'customer')}, ${count(carriers, 'carrier')}, ${count(registrations, 'registration')} at ${settings.apiRoot}` +
      `${values.out ? `, written to ${values.out}` : ''}\n${discovery.notes.map((note) => `discover: note: ${note}\n`).join('')}`,
  );
  return 0;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function usageError(message: string): number {
  process.stderr.write(`discover: ${message}\n\n${USAGE}`);
  return 2;
}
