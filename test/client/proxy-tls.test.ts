import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { RunningEmulator } from '../../emulator/index';
import { ApiError, createApiClient } from '../../provider/client/index';
import { NO_PROXY_ENV, emulator, rejection, withEnv } from './helpers';

interface Listening {
  url: string;
  port: number;
  seen: string[];
  close(): Promise<void>;
}

async function listen(server: http.Server | https.Server, scheme: string, seen: string[], tunnels: Set<net.Socket> = new Set()): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of tunnels) socket.destroy();
      }),
  };
}

/** Sends one request on to `target` (an http:// URL) and pipes the answer back. */
function forward(req: http.IncomingMessage, res: http.ServerResponse, target: string): void {
  const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}

/** A forward proxy: absolute-form HTTP requests, and CONNECT tunnels (to loopback only). */
async function startProxy(): Promise<Listening> {
  const seen: string[] = [];
  const tunnels = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    forward(req, res, req.url ?? '');
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    if (host !== '127.0.0.1') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    tunnels.add(client);
    client.on('close', () => tunnels.delete(client));
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return listen(server, 'http', seen, tunnels);
}

/** A self-signed certificate for 127.0.0.1, or undefined when openssl is missing. */
function selfSigned(dir: string, name: string): { key: string; cert: string } | undefined {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.pem`);
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
        '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
      { stdio: 'ignore' },
    );
  } catch {
    return undefined;
  }
  return { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
}

describe('client: proxies and certificates', () => {
  let emu: RunningEmulator;
  let dir: string;

  before(async () => {
    emu = await emulator();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'client-tls-'));
  });
  after(async () => {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => emu.reset());

  const credentials = () => ({ clientId: emu.demoClient.clientId, clientSecret: emu.demoClient.clientSecret });

  describe('HTTP_PROXY for a loopback http:// root', () => {
    it('goes through a loopback proxy', async () => {
      const proxy = await startProxy();
      try {
        await withEnv({ ...NO_PROXY_ENV, HTTP_PROXY: proxy.url }, async () => {
          const client = createApiClient({ apiRoot: emu.url, ...credentials() });
          assert.deepEqual(await client.customers.list(), []);
        });
        assert.deepEqual(proxy.seen, [`POST ${emu.url}/oauth/v3/token`, `GET ${emu.url}/branded-calling/v0.1/customers`]);
      } finally {
        await proxy.close();
      }
    });

    it('bypasses it for hosts in NO_PROXY', async () => {
      const proxy = await startProxy();
      try {
        await withEnv({ ...NO_PROXY_ENV, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }, async () => {
          const client = createApiClient({ apiRoot: emu.url, ...credentials() });
          assert.deepEqual(await client.customers.list(), []);
        });
        assert.deepEqual(proxy.seen, []);
      } finally {
        await proxy.close();
      }
    });
  });

  describe('https:// roots', () => {
    let front: Listening;
    let cert: string;
    let otherCert: string;

    before(async function () {
      const pair = selfSigned(dir, 'front');
      const other = selfSigned(dir, 'other');
      if (!pair || !other) return this.skip();
      cert = pair.cert;
      otherCert = other.cert;
      const seen: string[] = [];
      // A TLS front for the emulator, with a certificate no default store trusts.
      const server = https.createServer({ key: pair.key, cert: pair.cert }, (req, res) => {
        seen.push(`${req.method} ${req.url}`);
        forward(req, res, `${emu.url}${req.url}`);
      });
      front = await listen(server, 'https', seen);
    });
    after(() => front?.close());
    beforeEach(() => {
      if (front) front.seen.length = 0;
    });

    it('refuses an unknown certificate, without retrying', async () => {
      await withEnv(NO_PROXY_ENV, async () => {
        const client = createApiClient({ apiRoot: front.url, ...credentials() });
        const error = await rejection(client.customers.list());
        assert.ok(error instanceof ApiError);
        assert.equal(error.status, undefined);
        assert.match(String(error.code), /SELF_SIGNED|UNABLE_TO_VERIFY/);
        assert.deepEqual(front.seen, []);
      });
    });

    it('trusts caCertificates on top of the default roots', async () => {
      await withEnv(NO_PROXY_ENV, async () => {
        const client = createApiClient({ apiRoot: front.url, ...credentials(), caCertificates: cert });
        assert.deepEqual(await client.customers.list(), []);
        const wrong = createApiClient({ apiRoot: front.url, ...credentials(), caCertificates: otherCert });
        assert.ok((await rejection(wrong.customers.list())) instanceof ApiError);
      });
      assert.deepEqual(front.seen, ['POST /oauth/v3/token', 'GET /branded-calling/v0.1/customers']);
    });

    it('keeps NODE_EXTRA_CA_CERTS when caCertificates is given too', async () => {
      const extra = path.join(dir, 'front.pem');
      const entry = path.resolve(__dirname, '../../provider/client/index.js');
      const script = `
        const { createApiClient } = require(${JSON.stringify(entry)});
        const client = createApiClient(${JSON.stringify({ apiRoot: front.url, ...credentials(), caCertificates: otherCert })});
        client.customers.list().then((list) => console.log(JSON.stringify(list)), (error) => { console.log(String(error)); process.exit(1); });`;
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: extra };
      for (const name of Object.keys(NO_PROXY_ENV)) delete env[name];
      // Asynchronously: the front answering the child runs in this process.
      const output = await new Promise<string>((resolve, reject) => {
        execFile(process.execPath, ['-e', script], { encoding: 'utf8', env, timeout: 20_000 }, (error, stdout) =>
          error ? reject(new Error(`child failed: ${stdout}`)) : resolve(stdout),
        );
      });
      assert.equal(output.trim(), '[]');
    });

    it('tunnels through HTTPS_PROXY with CONNECT, and bypasses it for NO_PROXY hosts', async () => {
      const proxy = await startProxy();
      try {
        await withEnv({ ...NO_PROXY_ENV, HTTPS_PROXY: proxy.url }, async () => {
          const client = createApiClient({ apiRoot: front.url, ...credentials(), caCertificates: cert });
          assert.deepEqual(await client.customers.list(), []);
          assert.deepEqual(await client.customers.list(), []);
        });
        assert.ok(proxy.seen.length >= 1);
        assert.ok(proxy.seen.every((line) => line === `CONNECT 127.0.0.1:${front.port}`), proxy.seen.join(', '));
        assert.equal(front.seen.length, 3);

        proxy.seen.length = 0;
        await withEnv({ ...NO_PROXY_ENV, HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' }, async () => {
          const client = createApiClient({ apiRoot: front.url, ...credentials(), caCertificates: cert });
          assert.deepEqual(await client.customers.list(), []);
        });
        assert.deepEqual(proxy.seen, []);
      } finally {
        await proxy.close();
      }
    });
  });
});
