import type { IncomingHttpHeaders } from 'node:http';
import type { Caller, ClientRegistry, TokenIssuer } from './auth';
import type { Counters } from './counters';
import type { DecisionScheduler } from './decisions';
import type { Faults } from './faults';
import type { Reply } from './http';
import type { Operation } from './scopes';
import type { Store } from './store';

/** Settings the routes read; all come from start options (see options.ts). */
export interface EmulatorSettings {
  /** Carrier code → carrier name. */
  knownCarriers: Record<string, string>;
  /** Filled in when a v0.1 registration omits terminatingCountryCode. */
  defaultTerminatingCountryCode: number;
  tokenLifetimeSeconds: number;
  /** Beyond it, creating a registration answers 429 QUOTA_EXCEEDED. */
  maxRegistrationsPerAccount: number;
  registrationQuota: number;
  registrationQuotaThreshold: number;
}

/** Everything a route may use. */
export interface EmulatorCore {
  settings: EmulatorSettings;
  store: Store;
  clients: ClientRegistry;
  tokens: TokenIssuer;
  faults: Faults;
  counters: Counters;
  decisions: DecisionScheduler;
}

export interface RequestContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Parsed body when the route declares one. */
  body: unknown;
  /** The authenticated client (API routes only). */
  caller: Caller;
}

export type RouteAccess =
  | { kind: 'api'; operation: Operation }
  | { kind: 'token' }
  | { kind: 'control' };

export interface Route {
  method: string;
  /** Path template with `{param}` segments; also the key of the request counters. */
  template: string;
  access: RouteAccess;
  body: 'json' | 'optional-json' | 'form' | 'none';
  /** A successful answer means a committed write (counted; may be dropped by the fault). */
  mutates: boolean;
  handle(ctx: RequestContext): Reply | Promise<Reply>;
}
