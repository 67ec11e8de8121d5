import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/index';

export const ONBOARDING = '/branded-calling/v0.1';
export const REG_V01 = '/camara/brand-registration/v0.1';
export const REG_V02 = '/camara/brand-registration/v0.2';

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON (undefined for an empty body). */
  body: any;
  text: string;
}

export async function httpRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<ApiResponse> {
  const response = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body });
  const text = await response.text();
  let body: unknown;
  if (text.length > 0 && (response.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body, text };
}

export async function requestToken(baseUrl: string, authorizationHeader: string, scope?: string): Promise<ApiResponse> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (scope !== undefined) form.set('scope', scope);
  return httpRequest(`${baseUrl}/oauth/v3/token`, {
    method: 'POST',
    headers: { authorization: authorizationHeader, 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
}

/** A client of the emulated API holding one bearer token. */
export class Api {
  constructor(
    readonly baseUrl: string,
    public token: string,
  ) {}

  static async login(baseUrl: string, authorizationHeader: string, scope?: string): Promise<Api> {
    const answer = await requestToken(baseUrl, authorizationHeader, scope);
    if (answer.status !== 200) throw new Error(`token request failed: ${answer.status} ${answer.text}`);
    return new Api(baseUrl, answer.body.access_token);
  }

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const allHeaders: Record<string, string> = { authorization: `Bearer ${this.token}`, ...headers };
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      allHeaders['content-type'] ??= 'application/json';
    }
    return httpRequest(`${this.baseUrl}${path}`, { method, headers: allHeaders, body: payload });
  }

  get = (path: string, headers?: Record<string, string>) => this.request('GET', path, undefined, headers);
  post = (path: string, body?: unknown, headers?: Record<string, string>) => this.request('POST', path, body, headers);
  put = (path: string, body?: unknown, headers?: Record<string, string>) => this.request('PUT', path, body, headers);
  del = (path: string, headers?: Record<string, string>) => this.request('DELETE', path, undefined, headers);

  async createCustomer(registrationNumber = uniqueNumber(), country = 'FR'): Promise<string> {
    const answer = await this.post(`${ONBOARDING}/customers`, customerBody({ registrationNumber, countryOfRegistration: country }));
    if (answer.status !== 201) throw new Error(`create customer failed: ${answer.status} ${answer.text}`);
    return answer.body.customerId;
  }

  async addCarrier(customerId: string, carrierCode: string): Promise<void> {
    const answer = await this.post(`${ONBOARDING}/customers/${customerId}/carriers`, { carrierCode });
    if (answer.status !== 201) throw new Error(`add carrier failed: ${answer.status} ${answer.text}`);
  }

  async customerWithCarriers(...codes: string[]): Promise<string> {
    const customerId = await this.createCustomer();
    for (const code of codes) await this.addCarrier(customerId, code);
    return customerId;
  }

  async createRegistration(body: Record<string, unknown>, base = REG_V01): Promise<any> {
    const answer = await this.post(`${base}/registrations`, body);
    if (answer.status !== 201) throw new Error(`create registration failed: ${answer.status} ${answer.text}`);
    return answer.body;
  }
}

/** Starts an emulator and a logged-in client of its demo account. */
export async function startWithApi(options: EmulatorOptions = {}): Promise<{ emulator: RunningEmulator; api: Api }> {
  const emulator = await startEmulator({ decisionDelayMs: -1, ...options });
  const api = await Api.login(emulator.url, emulator.demoClient.authorizationHeader);
  return { emulator, api };
}

let counter = 0;
export function uniqueNumber(): string {
  counter++;
  return `RCS${process.pid}${String(counter).padStart(6, '0')}`;
}

let phoneCounter = 0;
/** A fresh E.164 number each call. */
export function uniquePhone(): string {
  phoneCounter++;
  return `+336${String(10000000 + phoneCounter * 7 + (process.pid % 1000)).slice(-8)}`;
}

/** The getting-started page's customer, with overrides of company fields. */
export function customerBody(company: Record<string, unknown> = {}, brand: Record<string, unknown> = {}): any {
  return {
    company: {
      legalName: 'ACME Corp',
      countryOfRegistration: 'FR',
      corporateWebsite: 'https://www.acme.com',
      registrationNumber: '123456789',
      dunsNumber: '123456789',
      legalForm: 'SA',
      industry: 'water_supply_waste',
      address: { streetNumber: '10', street: 'Main Street', zipCode: '75001', city: 'Paris' },
      employeeCount: 50,
      contact: { name: 'John Doe', role: 'CEO', email: 'john@acme.com', phoneNumber: '+33600000001' },
      ...company,
    },
    brand: {
      tradingWebsite: 'https://www.acme.com',
      callPurpose: 'survey',
      name: 'ACME',
      contact: { name: 'Jane Doe', title: 'Marketing Director', email: 'jane@acme.com', phoneNumber: '+33698765432' },
      ...brand,
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a value (or throws after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 3000, stepMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(stepMs);
  }
}

export function expectError(answer: ApiResponse, status: number, code: string): void {
  if (answer.status !== status || answer.body?.code !== code || answer.body?.status !== status || typeof answer.body?.message !== 'string') {
    throw new Error(`expected ${status} ${code}, got ${answer.status} ${answer.text}`);
  }
}
