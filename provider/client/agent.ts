import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { ConfigurationError } from './errors';
import { isLoopbackHost, type NormalizedSettings } from './settings';

/**
 * The client's connection pool: keep-alive sockets, at most maxConcurrency of
 * them, through the proxy named by HTTPS_PROXY / HTTP_PROXY / NO_PROXY (Node's
 * built-in `proxyEnv` agent option, Node >= 22.21 / 24.5), trusting Node's CA
 * roots (with NODE_EXTRA_CA_CERTS) plus settings.caCertificates.
 */
export interface Agents {
  http?: http.Agent;
  https?: https.Agent;
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'] as const;

function proxyHostIsLoopback(value: string | undefined): boolean {
  if (!value) return true;
  try {
    return isLoopbackHost(new URL(value).hostname);
  } catch {
    return false;
  }
}

/**
 * The proxy variables as they are now. For a plain-HTTP (loopback) apiRoot,
 * an HTTP proxy that is not itself on loopback is ignored: the token would
 * otherwise leave the machine in clear.
 */
export function proxyEnvironment(apiRoot: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> | undefined {
  const selected: Record<string, string> = {};
  for (const name of PROXY_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value !== '') selected[name] = value;
  }
  if (new URL(apiRoot).protocol === 'http:') {
    for (const name of ['HTTP_PROXY', 'http_proxy'] as const) {
      if (!proxyHostIsLoopback(selected[name])) delete selected[name];
    }
  }
  return Object.keys(selected).length > 0 ? selected : undefined;
}

/** Node's default CA list (bundled roots, NODE_EXTRA_CA_CERTS, --use-system-ca) plus the extra PEM. */
function certificateAuthorities(extraPem: string): string[] {
  const getDefaults = (tls as { getCACertificates?: (type: 'default') => string[] }).getCACertificates;
  const defaults = typeof getDefaults === 'function' ? getDefaults('default') : [...tls.rootCertificates];
  return [...defaults, extraPem];
}

export function createAgents(settings: NormalizedSettings): Agents {
  const common = {
    keepAlive: true,
    maxSockets: settings.maxConcurrency,
    maxTotalSockets: settings.maxConcurrency,
    maxFreeSockets: settings.maxConcurrency,
    proxyEnv: proxyEnvironment(settings.apiRoot),
  };
  try {
    if (new URL(settings.apiRoot).protocol === 'http:') return { http: new http.Agent(common) };
    return {
      https: new https.Agent({
        ...common,
        ...(settings.caCertificates ? { ca: certificateAuthorities(settings.caCertificates) } : {}),
      }),
    };
  } catch {
    // Node's message may quote a proxy URL, which can carry credentials.
    throw new ConfigurationError('Could not set up the connection pool: check HTTPS_PROXY / HTTP_PROXY / NO_PROXY and caCertificates.');
  }
}
