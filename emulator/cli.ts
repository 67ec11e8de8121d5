import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from './index';
import { parseFaultSettings } from './faults';

export const USAGE = `Usage: pulumi-branded-calling emulator [options]

Runs the local Branded Calling API emulator until SIGINT or SIGTERM.

Options:
  --port N                 port on 127.0.0.1 (default 0: a free port)
  --host H                 loopback address to bind (default 127.0.0.1)
  --data-dir D             keep state in D across restarts (default: in memory)
  --client-id X            demo client id (default: random, kept in the data dir)
  --client-secret Y        demo client secret (default: random, kept in the data dir)
  --clients FILE           JSON array of clients [{clientId, clientSecret, scopes?, account?}]
                           (replaces the demo client; the first one is printed)
  --known-carriers LIST    carrier codes the platform knows, e.g. OFR,BYG,SFR,FRM
  --decision-delay-ms N    carriers decide N ms after a registration (default 1000;
                           "manual": only through the control API)
  --token-lifetime S       token lifetime in seconds (default 3600)
  --max-registrations N    registrations per account before 429 QUOTA_EXCEEDED
  --faults JSON            faults active from the start (as PUT /_emulator/faults)
  --json                   print the start-up facts as one JSON line
  -h, --help               show this help
`;

class UsageError extends Error {}

function integerFlag(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^-?[0-9]+$/.test(raw) || Number(raw) < min) throw new UsageError(`--${name} must be an integer of at least ${min}`);
  return Number(raw);
}

export function parseCliArgs(argv: string[]): { options: EmulatorOptions; json: boolean; help: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        clients: { type: 'string' },
        'known-carriers': { type: 'string' },
        'decision-delay-ms': { type: 'string' },
        'token-lifetime': { type: 'string' },
        'max-registrations': { type: 'string' },
        faults: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const options: EmulatorOptions = {
    port: integerFlag('port', values.port, 0),
    host: values.host,
    dataDir: values['data-dir'],
    tokenLifetimeSeconds: integerFlag('token-lifetime', values['token-lifetime'], 1),
    maxRegistrationsPerAccount: integerFlag('max-registrations', values['max-registrations'], 0),
  };
  if (values['client-id'] !== undefined || values['client-secret'] !== undefined) {
    options.demoClient = { clientId: values['client-id'], clientSecret: values['client-secret'] };
  }
  if (values.clients !== undefined) {
    try {
      options.clients = JSON.parse(fs.readFileSync(values.clients, 'utf8'));
    } catch (error) {
      throw new UsageError(`--clients: ${(error as Error).message}`);
    }
    if (!Array.isArray(options.clients) || options.clients.length === 0) throw new UsageError('--clients: must hold a non-empty JSON array');
  }
  if (values['known-carriers'] !== undefined) {
    const codes = values['known-carriers'].split(',').map((code) => code.trim());
    if (!codes.every((code) => /^[A-Z]{3}$/.test(code))) throw new UsageError('--known-carriers: codes are three capital letters, comma-separated');
    options.knownCarriers = Object.fromEntries(codes.map((code) => [code, code]));
  }
  const delay = values['decision-delay-ms'];
  options.decisionDelayMs = delay === 'manual' ? -1 : integerFlag('decision-delay-ms', delay, 0);
  if (values.faults !== undefined) {
    try {
      options.faults = parseFaultSettings(JSON.parse(values.faults));
    } catch (error) {
      throw new UsageError(`--faults: ${(error as Error).message}`);
    }
  }
  return { options, json: values.json ?? false, help: values.help ?? false };
}

/** What the CLI prints once it listens: one `name: value` per line, then `ready`. */
export function startupLines(emulator: RunningEmulator): string[] {
  return [
    `url: ${emulator.url}`,
    `client_id: ${emulator.demoClient.clientId}`,
    `client_secret: ${emulator.demoClient.clientSecret}`,
    `authorization_header: ${emulator.demoClient.authorizationHeader}`,
    `data_dir: ${emulator.dataDir ?? '(none: state in memory)'}`,
    'ready',
  ];
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const emulator = await startEmulator(parsed.options);
  // Listen for the signals before saying "ready", so that a signal sent on "ready" is caught.
  const stopRequested = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  if (parsed.json) {
    const { url, port, demoClient, dataDir } = emulator;
    process.stdout.write(`${JSON.stringify({ url, port, ...demoClient, dataDir: dataDir ?? null })}\n`);
  } else {
    process.stdout.write(`${startupLines(emulator).join('\n')}\n`);
  }
  await stopRequested;
  await emulator.stop();
  process.stderr.write('emulator stopped\n');
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`emulator: ${(error as Error).message ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
