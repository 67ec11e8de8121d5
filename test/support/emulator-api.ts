// Direct calls to the emulator, as someone working outside Pulumi would make them: to
// change or delete objects behind Pulumi's back, and to read what the server holds.
import type { RunningEmulator } from '../../emulator';

export class DirectApi {
  private token?: string;

  constructor(
    private readonly emulator: RunningEmulator,
    private readonly version: 'v0.1' | 'v0.2' = 'v0.2',
  ) {}

  private async bearer(): Promise<string> {
    if (this.token) return this.token;
    const response = await fetch(`${this.emulator.url}/oauth/v3/token`, {
      method: 'POST',
      headers: { authorization: this.emulator.demoClient.authorizationHeader, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const body = (await response.json()) as { access_token: string };
    this.token = body.access_token;
    return this.token;
  }

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.emulator.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.bearer()}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  registrations(path = ''): string {
    return `/camara/brand-registration/${this.version}/registrations${path}`;
  }

  async listRegistrations(): Promise<any[]> {
    const result = await this.call('GET', `/camara/brand-registration/v0.2/registrations?perPage=100`);
    return result.body?.registrations ?? [];
  }

  async listCustomers(): Promise<any[]> {
    return (await this.call('GET', '/branded-calling/v0.1/customers')).body.customers;
  }

  async listCarriers(customerId: string): Promise<any[]> {
    return (await this.call('GET', `/branded-calling/v0.1/customers/${customerId}/carriers`)).body.carriers;
  }
}

/** Requests the emulator answered, summed over routes and statuses. */
export function totalRequests(emulator: RunningEmulator): number {
  let total = 0;
  for (const byStatus of Object.values(emulator.counters().requests)) {
    for (const count of Object.values(byStatus)) total += count;
  }
  return total;
}

/** Requests to routes matching a pattern (e.g. /^POST .*registrations$/). */
export function requestsTo(emulator: RunningEmulator, route: RegExp): number {
  let total = 0;
  for (const [key, byStatus] of Object.entries(emulator.counters().requests)) {
    if (route.test(key)) for (const count of Object.values(byStatus)) total += count;
  }
  return total;
}
