import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { basicAuthorizationHeader, type Client } from './auth';
import type { EmulatorCore, Route } from './context';
import type { CarrierOutcome } from './decisions';
import { parseFaultSettings } from './faults';
import { conflict, invalidArgument, isPlainObject, notFound } from './http';
import { decisionBodySchema } from './schemas';
import { assertValid, findViolation } from './validation';
import { carrierView, customerView, registrationView } from './views';

export const CONTROL_BASE = '/_emulator';

/** The emulator's own OpenAPI document: next to this file in the sources, two levels up from dist/. */
export function openApiDocumentPath(): string {
  const candidates = [path.join(__dirname, 'openapi.yaml'), path.join(__dirname, '..', '..', 'emulator', 'openapi.yaml')];
  return candidates.find((candidate) => fs.existsSync(candidate)) ?? candidates[0];
}

export function clientView(client: Client, withSecret: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = { clientId: client.clientId, account: client.account, scopes: client.scopes };
  if (withSecret) {
    view.clientSecret = client.clientSecret;
    view.authorizationHeader = basicAuthorizationHeader(client.clientId, client.clientSecret);
  }
  return view;
}

/** Deletes every object of every account (journaled), clears faults and counters; clients stay. */
export function resetEmulator(emu: EmulatorCore): void {
  emu.store.commit([{ op: 'reset' }]);
  emu.decisions.rescheduleAll();
  emu.faults.clear();
  emu.counters.reset();
}

/** Whole state, by account; sink credentials only as fingerprints. */
export function stateDump(emu: EmulatorCore): Record<string, unknown> {
  const accounts: Record<string, { customers: unknown[]; carriers: unknown[]; registrations: unknown[] }> = {};
  const of = (account: string) => (accounts[account] ??= { customers: [], carriers: [], registrations: [] });
  for (const client of emu.clients.list()) of(client.account);
  const state = emu.store.state();
  for (const c of state.customers) of(c.account).customers.push(customerView(c));
  for (const c of state.carriers) of(c.account).carriers.push({ customerId: c.customerId, ...carrierView(c) });
  for (const r of state.registrations) {
    const view = registrationView(r, 'v0.2');
    if (r.sinkCredential) view.sinkCredential = r.sinkCredential;
    of(r.account).registrations.push(view);
  }
  return {
    demoClientId: emu.clients.demoClientId,
    clients: emu.clients.list().map((c) => clientView(c, false)),
    accounts,
    faults: emu.faults.current(),
    decisions: emu.decisions.current(),
  };
}

function parseOutcomes(value: unknown): Record<string, CarrierOutcome> {
  if (!isPlainObject(value)) throw invalidArgument('body.outcomes: must be an object.');
  for (const [code, outcome] of Object.entries(value)) {
    const violation = findViolation(outcome, decisionBodySchema, `body.outcomes.${code}`);
    if (violation) throw violation;
  }
  return value as Record<string, CarrierOutcome>;
}

/** Loopback test tool: no authentication, no faults, not counted. */
export function controlRoutes(emu: EmulatorCore): Route[] {
  const route = (method: string, suffix: string, handle: Route['handle'], body: Route['body'] = 'none'): Route => ({
    method,
    template: `${CONTROL_BASE}${suffix}`,
    access: { kind: 'control' },
    body,
    mutates: false,
    handle,
  });

  return [
    route('GET', '/health', () => ({ status: 200, body: { status: 'ok' } })),
    route('POST', '/reset', () => {
      resetEmulator(emu);
      return { status: 204 };
    }),
    route('GET', '/state', () => ({ status: 200, body: stateDump(emu) })),
    route('GET', '/faults', () => ({ status: 200, body: emu.faults.current() })),
    route(
      'PUT',
      '/faults',
      (ctx) => {
        emu.faults.set(parseFaultSettings(ctx.body));
        return { status: 200, body: emu.faults.current() };
      },
      'optional-json',
    ),
    route('DELETE', '/faults', () => {
      emu.faults.clear();
      return { status: 204 };
    }),
    route('GET', '/decisions', () => ({ status: 200, body: emu.decisions.current() })),
    route(
      'PUT',
      '/decisions',
      (ctx) => {
        const body = ctx.body;
        if (!isPlainObject(body)) throw invalidArgument('body: must be an object.');
        for (const key of Object.keys(body)) if (key !== 'delayMs' && key !== 'outcomes') throw invalidArgument(`body.${key}: unknown property.`);
        if (body.delayMs !== undefined && !Number.isInteger(body.delayMs)) throw invalidArgument('body.delayMs: must be an integer.');
        emu.decisions.configure({
          ...(body.delayMs !== undefined ? { delayMs: body.delayMs as number } : {}),
          ...(body.outcomes !== undefined ? { outcomes: parseOutcomes(body.outcomes) } : {}),
        });
        return { status: 200, body: emu.decisions.current() };
      },
      'optional-json',
    ),
    route(
      'POST',
      '/registrations/{registrationId}/carriers/{carrierCode}/decision',
      (ctx) => {
        const outcome = assertValid<CarrierOutcome>(ctx.body, decisionBodySchema);
        const registration = emu.store.registrations.get(ctx.params.registrationId);
        if (!registration) throw notFound(`Registration ${ctx.params.registrationId} is not found.`);
        if (!registration.carriers.some((c) => c.carrierCode === ctx.params.carrierCode)) {
          throw notFound(`Registration ${registration.registrationId} does not target carrier ${ctx.params.carrierCode}.`);
        }
        const updated = emu.decisions.decide(registration, ctx.params.carrierCode, outcome);
        return { status: 200, body: registrationView(updated, 'v0.2') };
      },
      'optional-json',
    ),
    route('GET', '/counters', () => ({ status: 200, body: emu.counters.snapshot() })),
    route('POST', '/counters/reset', () => {
      emu.counters.reset();
      return { status: 204 };
    }),
    route('GET', '/clients', () => ({
      status: 200,
      body: { demoClientId: emu.clients.demoClientId, clients: emu.clients.list().map((c) => clientView(c, true)) },
    })),
    route(
      'POST',
      '/clients',
      (ctx) => {
        const body = ctx.body;
        if (!isPlainObject(body)) throw invalidArgument('body: must be an object.');
        for (const key of Object.keys(body)) {
          if (!['clientId', 'clientSecret', 'scopes', 'account'].includes(key)) throw invalidArgument(`body.${key}: unknown property.`);
        }
        const clientId = (body.clientId as string | undefined) ?? `client-${crypto.randomBytes(6).toString('hex')}`;
        if (emu.clients.get(clientId)) throw conflict(`Client ${clientId} already exists.`);
        let client: Client;
        try {
          client = emu.clients.add({
            clientId,
            clientSecret: (body.clientSecret as string | undefined) ?? crypto.randomBytes(16).toString('hex'),
            scopes: body.scopes as string[] | undefined,
            account: body.account as string | undefined,
          });
        } catch (error) {
          throw invalidArgument(`body: ${(error as Error).message}.`);
        }
        return { status: 201, body: clientView(client, true) };
      },
      'optional-json',
    ),
    route('GET', '/openapi.yaml', () => {
      const documentPath = openApiDocumentPath();
      if (!fs.existsSync(documentPath)) throw notFound('The OpenAPI document is not installed next to the emulator.');
      return { status: 200, text: { contentType: 'application/yaml; charset=utf-8', content: fs.readFileSync(documentPath, 'utf8') } };
    }),
  ];
}
