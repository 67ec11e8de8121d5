import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/index';
import { createApiClient, type ApiClient, type ClientSettings, type CustomerBody } from '../../provider/client/index';

export async function emulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ decisionDelayMs: -1, ...options });
}

/** A fresh client of the emulator's demo account. */
export function clientOf(emu: RunningEmulator, settings: Partial<ClientSettings> = {}): ApiClient {
  return createApiClient({ apiRoot: emu.url, clientId: emu.demoClient.clientId, clientSecret: emu.demoClient.clientSecret, ...settings });
}

let counter = 0;
export function uniqueNumber(): string {
  counter++;
  return `CLI${process.pid}${String(counter).padStart(6, '0')}`;
}

let phones = 0;
export function uniquePhone(): string {
  phones++;
  return `+337${String(10000000 + phones * 13 + (process.pid % 1000)).slice(-8)}`;
}

export function customerBody(registrationNumber = uniqueNumber()): CustomerBody {
  return {
    company: {
      legalName: 'ACME Corp',
      countryOfRegistration: 'FR',
      corporateWebsite: 'https://www.acme.com',
      registrationNumber,
      dunsNumber: '123456789',
      legalForm: 'SA',
      industry: 'water_supply_waste',
      address: { streetNumber: '10', street: 'Main Street', zipCode: '75001', city: 'Paris' },
      employeeCount: 50,
      contact: { name: 'John Doe', role: 'CEO', email: 'john@acme.com', phoneNumber: '+33600000001' },
    },
    brand: {
      tradingWebsite: 'https://www.acme.com',
      callPurpose: 'survey',
      name: 'ACME',
      contact: { name: 'Jane Doe', title: 'Marketing Director', email: 'jane@acme.com', phoneNumber: '+33698765432' },
    },
  };
}

/** A customer with carriers, ready for registrations. */
export async function customerWithCarriers(client: ApiClient, ...codes: string[]): Promise<string> {
  const { customerId } = await client.customers.create(customerBody());
  for (const code of codes) await client.carriers.add(customerId, code);
  return customerId;
}

/** How many requests the emulator saw on a route (every status, or one). */
export function requestCount(emu: RunningEmulator, route: string, status?: number): number {
  const byStatus = emu.counters().requests[route] ?? {};
  if (status !== undefined) return byStatus[String(status)] ?? 0;
  return Object.values(byStatus).reduce((a, b) => a + b, 0);
}

/** Awaits a rejection and returns it. */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

/** Asserts that none of the secrets shows in the error's string, stack or JSON. */
export function assertNoSecret(error: unknown, secrets: string[]): void {
  const views = [String(error), String((error as Error)?.stack), JSON.stringify(error)];
  for (const secret of secrets.filter(Boolean)) {
    for (const view of views) assert.ok(!view.includes(secret), `a secret shows in ${view.slice(0, 200)}`);
  }
  assert.equal((error as { cause?: unknown }).cause, undefined, 'no cause attached');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A local HTTP server on 127.0.0.1 that records what it saw. */
export async function localServer(
  handler: http.RequestListener,
): Promise<{ url: string; server: http.Server; seen: http.IncomingHttpHeaders[]; close(): Promise<void> }> {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** JSON answer helper for local servers. */
export function answer(res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const payload = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** Sets environment variables for the duration of fn (restored after, even on failure). */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(vars)) {
    saved[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    return await fn();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Every proxy variable unset: tests must not depend on the machine's proxy. */
export const NO_PROXY_ENV = { HTTP_PROXY: undefined, http_proxy: undefined, HTTPS_PROXY: undefined, https_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined };
