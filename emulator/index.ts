import fs from 'node:fs';
import net from 'node:net';
import { basicAuthorizationHeader, ClientRegistry, TokenIssuer, type ClientConfig } from './auth';
import type { EmulatorCore, EmulatorSettings } from './context';
import { Counters, type CounterSnapshot } from './counters';
import { DecisionScheduler, type CarrierOutcome, type DecisionSettings } from './decisions';
import { Faults, type FaultSettings } from './faults';
import { createServer } from './server';
import { Store } from './store';
import { resetEmulator, stateDump } from './control';
import { registrationView } from './views';

export type { ClientConfig } from './auth';
export type { CounterSnapshot } from './counters';
export type { CarrierOutcome, DecisionSettings } from './decisions';
export type { FaultSettings } from './faults';
export { OPERATION_SCOPES, ALL_SCOPES } from './scopes';

export const DEFAULT_KNOWN_CARRIERS: Readonly<Record<string, string>> = {
  OFR: 'Orange France',
  BYG: 'Bouygues Telecom',
  SFR: 'SFR',
  FRM: 'Free Mobile',
};

export interface EmulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Loopback only; default 127.0.0.1. */
  host?: string;
  /** Where state is kept across restarts; in memory when absent. */
  dataDir?: string;
  /** Configured clients; when none, a demo client with every scope is used (see demoClient). */
  clients?: ClientConfig[];
  /** Fixed credentials for the demo client (random when absent, kept in dataDir). */
  demoClient?: { clientId?: string; clientSecret?: string };
  /** Default 3600. */
  tokenLifetimeSeconds?: number;
  /** Default 1000; negative: carriers decide only through the control API. */
  decisionDelayMs?: number;
  /** Outcome per carrier code; default every carrier accepts. */
  carrierOutcomes?: Record<string, CarrierOutcome>;
  /** Carrier code → name; default OFR, BYG, SFR, FRM. */
  knownCarriers?: Record<string, string>;
  /** Filled in when a v0.1 registration omits it; default 33. */
  defaultTerminatingCountryCode?: number;
  /** Default unlimited; beyond it a create answers 429 QUOTA_EXCEEDED. */
  maxRegistrationsPerAccount?: number;
  /** Quota and threshold shown on 0.2 registrations; default 100000 and 95000. */
  registrationQuota?: number;
  registrationQuotaThreshold?: number;
  /** Faults active from the start. */
  faults?: FaultSettings;
  /** Journal writes between compactions; default 1000. */
  compactEvery?: number;
}

export interface DemoClient {
  clientId: string;
  clientSecret: string;
  /** `Basic base64(clientId:clientSecret)`, as the Orange Developer console shows it. */
  authorizationHeader: string;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:43127 (the API root: token at /oauth/v3/token). */
  url: string;
  port: number;
  demoClient: DemoClient;
  dataDir: string | undefined;
  stop(): Promise<void>;
  setFaults(faults: FaultSettings): void;
  clearFaults(): void;
  counters(): CounterSnapshot;
  resetCounters(): void;
  /** Deletes every object of every account, clears faults and counters; clients stay. */
  reset(): void;
  setDecisions(settings: Partial<DecisionSettings>): void;
  /** Decides a carrier of a registration now; returns the registration as v0.2 shows it. */
  decide(registrationId: string, carrierCode: string, outcome: CarrierOutcome): Record<string, unknown>;
  /** The same dump as GET /_emulator/state. */
  state(): Record<string, unknown>;
}

function assertLoopback(host: string): void {
  const loopback = host === 'localhost' || host === '::1' || (net.isIPv4(host) && host.startsWith('127.'));
  if (!loopback) throw new Error(`The emulator listens on loopback addresses only, not ${host}.`);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  assertLoopback(host);
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });

  const settings: EmulatorSettings = {
    knownCarriers: { ...(options.knownCarriers ?? DEFAULT_KNOWN_CARRIERS) },
    defaultTerminatingCountryCode: options.defaultTerminatingCountryCode ?? 33,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    maxRegistrationsPerAccount: options.maxRegistrationsPerAccount ?? Number.POSITIVE_INFINITY,
    registrationQuota: options.registrationQuota ?? 100000,
    registrationQuotaThreshold: options.registrationQuotaThreshold ?? 95000,
  };
  if (!Number.isInteger(settings.tokenLifetimeSeconds) || settings.tokenLifetimeSeconds < 1) {
    throw new Error('tokenLifetimeSeconds must be a positive integer');
  }

  const clients = ClientRegistry.open(options.dataDir, { clients: options.clients, demoClient: options.demoClient });
  const store = Store.open(options.dataDir, options.compactEvery);
  const decisions = new DecisionScheduler(store, {
    delayMs: options.decisionDelayMs ?? 1000,
    outcomes: { ...(options.carrierOutcomes ?? {}) },
  });
  const core: EmulatorCore = {
    settings,
    store,
    clients,
    tokens: new TokenIssuer(clients.tokenKey),
    faults: new Faults(options.faults),
    counters: new Counters(),
    decisions,
  };
  decisions.rescheduleAll();

  const server = createServer(core);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const demo = clients.demoClient();

  let stopping: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    dataDir: options.dataDir,
    demoClient: {
      clientId: demo.clientId,
      clientSecret: demo.clientSecret,
      authorizationHeader: basicAuthorizationHeader(demo.clientId, demo.clientSecret),
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        decisions.stop();
        server.close(() => {
          store.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return stopping;
    },
    setFaults: (faults) => core.faults.set(faults),
    clearFaults: () => core.faults.clear(),
    counters: () => core.counters.snapshot(),
    resetCounters: () => core.counters.reset(),
    reset: () => resetEmulator(core),
    setDecisions: (s) => decisions.configure(s),
    decide(registrationId, carrierCode, outcome) {
      const registration = store.registrations.get(registrationId);
      if (!registration?.carriers.some((c) => c.carrierCode === carrierCode)) {
        throw new Error(`Registration ${registrationId} with carrier ${carrierCode} is not found.`);
      }
      return registrationView(decisions.decide(registration, carrierCode, outcome), 'v0.2');
    },
    state: () => stateDump(core),
  };
}
