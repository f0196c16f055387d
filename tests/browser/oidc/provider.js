// A real OpenID Connect provider (the `oidc-provider` package) on loopback, for the browser
// tests: one confidential client, PKCE (S256) required, RS256 ID tokens signed with a key made
// at start, and oidc-provider's development login form, which accepts any login and password.
//
//   OIDC_PORT=0 OIDC_REDIRECT_URIS=http://127.0.0.1:8080/auth/callback node oidc/provider.js
//
// Environment:
//   OIDC_PORT                port on 127.0.0.1; 0 (the default) picks a free one
//   OIDC_CLIENT_ID           default `concord`
//   OIDC_CLIENT_SECRET       default `concord-secret`
//   OIDC_REDIRECT_URIS       comma-separated redirect URIs of the client (required)
//   OIDC_TOKEN_AUTH_METHOD   client_secret_basic (default) or client_secret_post: oidc-provider
//                            holds a client to the one method it registered
//
// When it listens it prints one line on standard output, and nothing else ever goes there:
//   {"issuer":"http://127.0.0.1:PORT"}
// Everything else (oidc-provider's notices and warnings, errors) goes to standard error.
//
// Accounts: the login typed into the form is the account id and the `sub`. It is also the
// `email` when it holds an '@'; `email_verified` is true unless it starts with `unverified`;
// `name` is the part before the '@', capitalised ("ada@camden.gov.uk" -> "Ada").
// Consent is granted without asking, so a person sees only the login form.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

// oidc-provider prints some notices with console.info (standard output): keep standard output
// for the one JSON line a harness reads.
console.info = (...args) => console.error(...args);
console.log = (...args) => console.error(...args);

const port = Number.parseInt(process.env.OIDC_PORT ?? '0', 10);
const clientId = process.env.OIDC_CLIENT_ID || 'concord';
const clientSecret = process.env.OIDC_CLIENT_SECRET || 'concord-secret';
const redirectUris = (process.env.OIDC_REDIRECT_URIS ?? '')
  .split(',')
  .map((uri) => uri.trim())
  .filter(Boolean);
const tokenAuthMethod = process.env.OIDC_TOKEN_AUTH_METHOD || 'client_secret_basic';

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`OIDC_PORT must be a port number, not ${JSON.stringify(process.env.OIDC_PORT)}`);
  process.exit(2);
}
if (redirectUris.length === 0) {
  console.error('OIDC_REDIRECT_URIS must name at least one redirect URI');
  process.exit(2);
}
if (!['client_secret_basic', 'client_secret_post'].includes(tokenAuthMethod)) {
  console.error(`OIDC_TOKEN_AUTH_METHOD must be client_secret_basic or client_secret_post`);
  process.exit(2);
}

/** The claims of the account whose login is `id`. */
function accountClaims(id) {
  const local = id.includes('@') ? id.slice(0, id.indexOf('@')) : id;
  const claims = {
    sub: id,
    email_verified: !id.startsWith('unverified'),
    name: local.charAt(0).toUpperCase() + local.slice(1),
  };
  if (id.includes('@')) {
    claims.email = id;
  }
  return claims;
}

// The signing key, made at every start: RS256 for ID tokens.
function signingJwks() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return {
    keys: [{ ...jwk, kid: `test-${randomBytes(6).toString('hex')}`, alg: 'RS256', use: 'sig' }],
  };
}

const SCOPES = ['openid', 'email', 'profile'];
const CLAIMS = ['email', 'email_verified', 'name'];

// Listen first: the issuer has to name the port, and with OIDC_PORT=0 only the listening socket
// knows it.
const server = http.createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, '127.0.0.1', resolve);
});
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: tokenAuthMethod,
      id_token_signed_response_alg: 'RS256',
    },
  ],
  clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
  jwks: signingJwks(),
  cookies: { keys: [randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  scopes: SCOPES,
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  // Put the scope's claims (email, email_verified, name) into the ID token itself, not only
  // into the userinfo answer: a relying party can read them from the ID token alone.
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: true },
    userinfo: { enabled: true },
    revocation: { enabled: false },
    introspection: { enabled: false },
  },
  findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return accountClaims(id);
      },
    };
  },
  // Consent without asking: every client here is the test's own.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) {
        return existing;
      }
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(SCOPES.join(' '));
    grant.addOIDCClaims(CLAIMS);
    await grant.save();
    return grant;
  },
  renderError(ctx, out, error) {
    console.error('oidc-provider error:', error?.message ?? error, out);
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><html lang="en"><head><title>oidc-provider error</title></head>
<body><main><h1>oidc-provider error</h1><pre>${Object.entries(out)
      .map(([key, value]) => `${key}: ${String(value).replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`)}`)
      .join('\n')}</pre></main></body></html>`;
  },
});
// Plain http on loopback, no proxy in front.
provider.proxy = false;

// The development login page imports a web font from the internet: this machine has no such
// network, and a browser waiting on it slows every page load. Drop the import.
provider.use(async (ctx, next) => {
  await next();
  if (typeof ctx.body === 'string' && ctx.response.is('html')) {
    ctx.body = ctx.body.replace(/@import url\(https?:[^)]*\);?/g, '');
  }
});

provider.on('server_error', (ctx, error) => console.error('oidc-provider server_error:', error));
provider.on('grant.error', (ctx, error) => console.error('oidc-provider grant.error:', error.message));

server.on('request', provider.callback());

process.stdout.write(`${JSON.stringify({ issuer })}\n`);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
