import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ALL_SCOPES } from './scopes';

/** An API client (an Orange Developer application). Objects belong to its account. */
export interface ClientConfig {
  clientId: string;
  clientSecret: string;
  /** Defaults to every scope. */
  scopes?: string[];
  /** Several clients may share an account (e.g. a read-only one); defaults to the client id. */
  account?: string;
}

export interface Client {
  clientId: string;
  clientSecret: string;
  scopes: string[];
  account: string;
}

export interface Caller {
  clientId: string;
  account: string;
  scopes: string[];
}

const ACCOUNTS_FILE = 'accounts.json';

interface AccountsFile {
  tokenKey: string;
  clients: Client[];
}

export function basicAuthorizationHeader(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

export function normalizeClient(config: ClientConfig): Client {
  if (typeof config.clientId !== 'string' || !/^[\x21-\x39\x3b-\x7e]{1,128}$/.test(config.clientId)) {
    throw new Error('clientId must be 1-128 printable ASCII characters without ":"');
  }
  if (typeof config.clientSecret !== 'string' || !/^[\x21-\x7e]{1,256}$/.test(config.clientSecret)) {
    throw new Error('clientSecret must be 1-256 printable ASCII characters');
  }
  if (config.scopes !== undefined && (!Array.isArray(config.scopes) || !config.scopes.every((s) => typeof s === 'string'))) {
    throw new Error('scopes must be an array of strings');
  }
  if (config.account !== undefined && (typeof config.account !== 'string' || config.account.length === 0)) {
    throw new Error('account must be a non-empty string');
  }
  return {
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    scopes: [...(config.scopes ?? ALL_SCOPES)],
    account: config.account ?? config.clientId,
  };
}

function randomDemoClient(): Client {
  return normalizeClient({
    clientId: `demo-${crypto.randomBytes(6).toString('hex')}`,
    clientSecret: crypto.randomBytes(16).toString('hex'),
  });
}

/**
 * The clients and the key that signs tokens. With a data dir both are kept in
 * accounts.json, so that a restarted emulator keeps its demo credentials (and
 * tokens it issued stay valid) and the stored objects keep their owner.
 */
export class ClientRegistry {
  private readonly clients = new Map<string, Client>();

  private constructor(
    private readonly file: string | undefined,
    readonly tokenKey: Buffer,
    readonly demoClientId: string,
    clients: Client[],
  ) {
    for (const client of clients) this.clients.set(client.clientId, client);
  }

  static open(
    dataDir: string | undefined,
    options: { clients?: ClientConfig[]; demoClient?: Partial<Pick<ClientConfig, 'clientId' | 'clientSecret'>> },
  ): ClientRegistry {
    const file = dataDir ? path.join(dataDir, ACCOUNTS_FILE) : undefined;
    const persisted = file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as AccountsFile) : null;
    const tokenKey = persisted ? Buffer.from(persisted.tokenKey, 'hex') : crypto.randomBytes(32);

    let clients: Client[];
    let demoClientId: string;
    if (options.clients && options.clients.length > 0) {
      clients = options.clients.map(normalizeClient);
      demoClientId = clients[0].clientId;
    } else {
      clients = persisted ? persisted.clients.map(normalizeClient) : [];
      const wanted = options.demoClient;
      if (wanted?.clientId || wanted?.clientSecret) {
        const random = randomDemoClient();
        const demo = normalizeClient({
          clientId: wanted.clientId ?? random.clientId,
          clientSecret: wanted.clientSecret ?? random.clientSecret,
        });
        clients = [demo, ...clients.filter((c) => c.clientId !== demo.clientId)];
      } else if (clients.length === 0) {
        clients = [randomDemoClient()];
      }
      demoClientId = clients[0].clientId;
    }
    const registry = new ClientRegistry(file, tokenKey, demoClientId, clients);
    registry.persist();
    return registry;
  }

  list(): Client[] {
    return [...this.clients.values()].map((c) => ({ ...c, scopes: [...c.scopes] }));
  }

  get(clientId: string): Client | undefined {
    return this.clients.get(clientId);
  }

  demoClient(): Client {
    return this.clients.get(this.demoClientId)!;
  }

  add(config: ClientConfig): Client {
    const client = normalizeClient(config);
    this.clients.set(client.clientId, client);
    this.persist();
    return client;
  }

  /** Checks an `Authorization: Basic …` header; null when it does not name a known client. */
  authenticate(header: string | undefined): Client | null {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
    if (!match) return null;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const client = this.clients.get(decoded.slice(0, colon));
    if (!client) return null;
    const given = crypto.createHash('sha256').update(decoded.slice(colon + 1)).digest();
    const expected = crypto.createHash('sha256').update(client.clientSecret).digest();
    return crypto.timingSafeEqual(given, expected) ? client : null;
  }

  private persist(): void {
    if (!this.file) return;
    const content: AccountsFile = { tokenKey: this.tokenKey.toString('hex'), clients: this.list() };
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(content, null, 2), { mode: 0o600 });
    const fd = fs.openSync(tmp, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, this.file);
  }
}

interface TokenPayload {
  c: string;
  s: string[];
  e: number;
  n: string;
}

export type TokenCheck = { ok: true; clientId: string; scopes: string[] } | { ok: false; reason: 'unknown' | 'expired' };

/** Self-contained HMAC-signed tokens: no token table to persist or to lose. */
export class TokenIssuer {
  constructor(private readonly key: Buffer) {}

  issue(clientId: string, scopes: string[], lifetimeSeconds: number): string {
    const payload: TokenPayload = {
      c: clientId,
      s: scopes,
      e: Date.now() + lifetimeSeconds * 1000,
      n: crypto.randomBytes(8).toString('hex'),
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  check(token: string): TokenCheck {
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) return { ok: false, reason: 'unknown' };
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: 'unknown' };
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
    if (Date.now() >= payload.e) return { ok: false, reason: 'expired' };
    return { ok: true, clientId: payload.c, scopes: payload.s };
  }

  private sign(body: string): string {
    return crypto.createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
