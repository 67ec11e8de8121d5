import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Caller } from './auth';
import type { EmulatorCore, RequestContext, Route } from './context';
import { controlRoutes } from './control';
import {
  ApiError,
  type Reply,
  internal,
  invalidArgument,
  notFound,
  parseJsonBody,
  parseOptionalJsonBody,
  permissionDenied,
  readRawBody,
  sortKeysDeep,
  unauthenticated,
} from './http';
import { matchRoute } from './router';
import { onboardingRoutes } from './routes/onboarding';
import { registrationRoutes } from './routes/registrations';
import { tokenRoutes } from './routes/token';
import { OPERATION_SCOPES } from './scopes';

const CORRELATOR_PATTERN = /^[a-zA-Z0-9-_:;./<>{}]{0,256}$/;

export function allRoutes(emu: EmulatorCore): Route[] {
  return [
    ...tokenRoutes(emu),
    ...onboardingRoutes(emu),
    ...registrationRoutes(emu, 'v0.1'),
    ...registrationRoutes(emu, 'v0.2'),
    ...controlRoutes(emu),
  ];
}

function authenticate(emu: EmulatorCore, route: Route, header: string | undefined): Caller {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) throw unauthenticated('Request not authenticated: no bearer token.');
  const check = emu.tokens.check(match[1]);
  if (!check.ok) {
    throw unauthenticated(check.reason === 'expired' ? 'Request not authenticated: the token has expired.' : 'Request not authenticated: unknown token.');
  }
  const client = emu.clients.get(check.clientId);
  if (!client) throw unauthenticated('Request not authenticated: the token names an unknown client.');
  if (route.access.kind === 'api') {
    const needed = OPERATION_SCOPES[route.access.operation];
    if (!check.scopes.includes(needed)) throw permissionDenied(`Client does not have sufficient permissions: scope ${needed} is required.`);
  }
  return { clientId: client.clientId, account: client.account, scopes: check.scopes };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Request pipeline: route → faults → authentication → body → handler → answer (or dropped connection). */
export function createServer(emu: EmulatorCore): http.Server {
  const routes = allRoutes(emu);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const correlator = req.headers['x-correlator'];
    const echoed = typeof correlator === 'string' && CORRELATOR_PATTERN.test(correlator) ? correlator : undefined;
    let routeKey = 'unmatched';
    let counted = true;
    let reply: Reply;
    let committed = false;
    let drop = false;
    try {
      const rawBody = await readRawBody(req);
      if (correlator !== undefined && echoed === undefined) throw invalidArgument('x-correlator header does not match its pattern.');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const match = matchRoute(routes, method, url.pathname);
      if (match.kind === 'none') throw notFound(`No route ${url.pathname}.`);
      if (match.kind === 'wrong-method') {
        throw new ApiError(405, 'METHOD_NOT_ALLOWED', `Method ${method} is not allowed here.`, { allow: match.allowed.join(', ') });
      }
      const { route, params } = match;
      routeKey = `${method} ${route.template}`;
      counted = route.access.kind !== 'control';
      const faulty = route.access.kind !== 'control' && emu.faults.appliesTo(method, route.template);
      if (faulty) {
        const latency = emu.faults.latencyMs();
        if (latency > 0) await sleep(latency);
        const injected = emu.faults.drawError();
        if (injected) throw injected;
      }
      const ctx: RequestContext = {
        method,
        path: url.pathname,
        params,
        query: url.searchParams,
        headers: req.headers,
        rawBody,
        body: undefined,
        caller: { clientId: '', account: '', scopes: [] },
      };
      if (route.access.kind === 'api') ctx.caller = authenticate(emu, route, req.headers.authorization);
      if (route.body === 'json') ctx.body = parseJsonBody(rawBody, req.headers['content-type']);
      if (route.body === 'optional-json') ctx.body = parseOptionalJsonBody(rawBody);
      reply = await route.handle(ctx);
      committed = route.mutates && reply.status < 300;
      drop = committed && faulty && emu.faults.shouldDropAfterCommit();
    } catch (error) {
      reply = error instanceof ApiError ? error.toReply() : internal(`Internal server error: ${(error as Error).message}`).toReply();
    }

    if (counted) emu.counters.recordRequest(routeKey, drop ? 'dropped' : reply.status);
    if (committed) emu.counters.recordWrite();
    if (drop) {
      // The write is on disk; the client only sees the connection go.
      req.socket.destroy();
      return;
    }
    send(res, reply, echoed);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, internal(String(error)).toReply(), undefined);
      else res.destroy();
    });
  });
  server.on('connection', () => emu.counters.recordConnection());
  return server;
}

function send(res: ServerResponse, reply: Reply, correlator: string | undefined): void {
  const headers: Record<string, string | number> = { ...(reply.headers ?? {}) };
  if (correlator !== undefined) headers['x-correlator'] = correlator;
  let payload: string | undefined;
  if (reply.text) {
    headers['content-type'] = reply.text.contentType;
    payload = reply.text.content;
  } else if (reply.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(sortKeysDeep(reply.body));
  }
  if (payload !== undefined) headers['content-length'] = Buffer.byteLength(payload);
  res.writeHead(reply.status, headers);
  res.end(payload);
}
