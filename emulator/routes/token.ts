import type { EmulatorCore, Route } from '../context';
import type { Reply } from '../http';
import { TOKEN_ROUTE } from '../faults';

/** OAuth 2.0 errors have their own body, not CAMARA's. */
function oauthError(status: number, error: string, description: string): Reply {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (status === 401) headers['www-authenticate'] = 'Basic realm="branded-calling-emulator"';
  return { status, headers, body: { error, error_description: description } };
}

/** `POST /oauth/v3/token`: client credentials grant with HTTP Basic client authentication. */
export function tokenRoutes(emu: EmulatorCore): Route[] {
  return [
    {
      method: 'POST',
      template: TOKEN_ROUTE,
      access: { kind: 'token' },
      body: 'form',
      mutates: false,
      handle(ctx) {
        const client = emu.clients.authenticate(ctx.headers.authorization);
        if (!client) return oauthError(401, 'invalid_client', 'Client authentication failed.');
        const contentType = ctx.headers['content-type'] ?? '';
        if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType)) {
          return oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
        }
        const form = new URLSearchParams(ctx.rawBody.toString('utf8'));
        const grantType = form.get('grant_type');
        if (!grantType) return oauthError(400, 'invalid_request', 'grant_type is required.');
        if (grantType !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', `grant_type ${grantType} is not supported.`);
        let scopes = client.scopes;
        const requested = form.get('scope');
        if (requested !== null) {
          const wanted = requested.split(' ').filter(Boolean);
          const refused = wanted.filter((s) => !client.scopes.includes(s));
          if (refused.length > 0) return oauthError(400, 'invalid_scope', `Scope(s) not granted to this client: ${refused.join(' ')}.`);
          scopes = wanted;
        }
        const lifetime = emu.faults.tokenLifetimeSeconds() ?? emu.settings.tokenLifetimeSeconds;
        const accessToken = emu.tokens.issue(client.clientId, scopes, lifetime);
        emu.counters.recordToken();
        return {
          status: 200,
          headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
          body: { token_type: 'Bearer', access_token: accessToken, expires_in: lifetime },
        };
      },
    },
  ];
}
