import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ConfigurationError, createApiClient, type ClientSettings } from '../../provider/client/index';
import { proxyEnvironment } from '../../provider/client/agent';
import { isLoopbackHost, normalizeSettings } from '../../provider/client/settings';

const credentials = { clientId: 'id', clientSecret: 'top-secret-value' };

function refused(settings: Partial<ClientSettings>, pattern: RegExp): void {
  assert.throws(
    () => normalizeSettings({ apiRoot: 'https://api.orange.com', ...credentials, ...settings } as ClientSettings),
    (error: Error) => error instanceof ConfigurationError && pattern.test(error.message) && !error.message.includes('top-secret-value'),
  );
}

describe('client: settings', () => {
  it('fills in defaults and normalizes the root', () => {
    const settings = normalizeSettings({ apiRoot: 'https://api.orange.com/', ...credentials });
    assert.deepEqual(settings, {
      apiRoot: 'https://api.orange.com',
      basicAuthorization: `Basic ${Buffer.from('id:top-secret-value').toString('base64')}`,
      registrationApiVersion: 'v0.1',
      timeoutMs: 30000,
      maxConcurrency: 8,
      retryLimit: 4,
    });
    assert.equal(normalizeSettings({ apiRoot: 'https://gw.example.com/orange//', ...credentials }).apiRoot, 'https://gw.example.com/orange');
  });

  it('sends the token over HTTPS, or plain HTTP to loopback only', () => {
    for (const root of ['http://127.0.0.1:8080', 'http://127.1.2.3', 'http://localhost:1', 'http://[::1]:9000', 'https://10.0.0.1']) {
      assert.doesNotThrow(() => normalizeSettings({ apiRoot: root, ...credentials }), root);
    }
    refused({ apiRoot: 'http://api.orange.com' }, /only sent over HTTPS or to a loopback address/);
    refused({ apiRoot: 'http://10.0.0.1' }, /loopback/);
    refused({ apiRoot: 'http://128.0.0.1' }, /loopback/);
    refused({ apiRoot: 'http://localhost.evil.com' }, /loopback/);
    refused({ apiRoot: 'ftp://api.orange.com' }, /https/);
    refused({ apiRoot: 'not a url' }, /not a valid URL/);
    refused({ apiRoot: '' }, /apiRoot is required/);
    refused({ apiRoot: 'https://user:pw@api.orange.com' }, /credentials/);
    refused({ apiRoot: 'https://api.orange.com?x=1' }, /query/);
    assert.ok(isLoopbackHost('[::1]'));
    assert.ok(!isLoopbackHost('::2'));
  });

  it('checks the version and the numbers', () => {
    assert.equal(normalizeSettings({ apiRoot: 'https://a.example', ...credentials, registrationApiVersion: 'v0.2' }).registrationApiVersion, 'v0.2');
    refused({ registrationApiVersion: 'v0.3' as never }, /registrationApiVersion must be one of v0.1, v0.2/);
    refused({ timeoutMs: 0 }, /timeoutMs/);
    refused({ timeoutMs: 1.5 }, /timeoutMs/);
    refused({ maxConcurrency: 0 }, /maxConcurrency/);
    refused({ retryLimit: -1 }, /retryLimit/);
    refused({ retryLimit: '3' as never }, /retryLimit/);
    refused({ caCertificates: 'not pem' }, /caCertificates/);
    assert.equal(normalizeSettings({ apiRoot: 'https://a.example', ...credentials, retryLimit: 0 }).retryLimit, 0);
  });

  it('refuses at creation, before any request', () => {
    assert.throws(() => createApiClient({ apiRoot: 'http://example.com', ...credentials }), ConfigurationError);
  });

  it('takes the proxy variables, but no non-loopback HTTP proxy for a plain-HTTP root', () => {
    const env = { HTTPS_PROXY: 'http://proxy.corp:3128', HTTP_PROXY: 'http://proxy.corp:3128', NO_PROXY: '.internal', PATH: '/bin' };
    assert.deepEqual(proxyEnvironment('https://api.orange.com', env), {
      HTTPS_PROXY: 'http://proxy.corp:3128',
      HTTP_PROXY: 'http://proxy.corp:3128',
      NO_PROXY: '.internal',
    });
    assert.deepEqual(proxyEnvironment('http://127.0.0.1:1234', env), { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '.internal' });
    assert.deepEqual(proxyEnvironment('http://127.0.0.1:1234', { http_proxy: 'http://127.0.0.1:3128' }), { http_proxy: 'http://127.0.0.1:3128' });
    assert.equal(proxyEnvironment('https://api.orange.com', {}), undefined);
  });

  it('loads neither got nor any other package when the module is required (Pulumi serialization)', () => {
    const entry = path.resolve(__dirname, '../../provider/client/index.js');
    const script = [
      `const client = require(${JSON.stringify(entry)});`,
      "const packages = () => Object.keys(require.cache).filter((k) => k.includes('node_modules'));",
      'const atLoad = packages();',
      "client.createApiClient({ apiRoot: 'http://127.0.0.1:9', clientId: 'a', clientSecret: 'b' });",
      'console.log(JSON.stringify({ atLoad, atCreate: packages() }));',
    ].join('\n');
    const { atLoad, atCreate } = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as Record<string, string[]>;
    assert.deepEqual(atLoad, []);
    assert.ok(atCreate.some((file) => file.includes(`${path.sep}got${path.sep}`)), 'got is loaded when a client is created');
  });
});
