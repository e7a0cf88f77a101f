// A real, certified OpenID Provider for the integration tests (oidc-provider 9.x; it prints an
// "Unsupported runtime" warning on node 20 but runs: the tests pass on node 20.19+).
//
// The pytest fixture (tests/integration/provider_process.py) starts this file with
// `node server.mjs`, reads the first stdout line (a JSON object naming the issuer) and then
// talks plain HTTP to it. Everything the tests may need is configured from the environment:
//
//   OIDC_PORT                   port to listen on (default 0: the system picks a free one)
//   OIDC_WEB_CLIENT_ID          confidential web client (default "wizard-web")
//   OIDC_WEB_CLIENT_SECRET      its secret (default: random; the fixture always passes one)
//   OIDC_WEB_REDIRECT_URI       its redirect URI (default "http://127.0.0.1/callback")
//   OIDC_MACHINE_CLIENT_ID      client_credentials client (default "wizard-machine")
//   OIDC_MACHINE_CLIENT_SECRET  its secret (default: random)
//   OIDC_JWKS_FILE              JSON file with private JWKs ({"keys": [...]}) to sign with; the
//                               fixture writes one so that tests can sign with the same keys.
//                               Without it an RS256 and an ES256 key are made at start.
//
// Observed behaviour worth knowing (oidc-provider 9.x), asserted by test_provider_fixture.py:
// - Introspecting a JWT access token is refused: the endpoint answers 400
//   {"error": "unsupported_token_type", "error_description": "Structured JWT Tokens cannot be
//   introspected via the introspection_endpoint"}. JWT access tokens are not stored, so the
//   provider will not vouch for them; the resource server must verify them itself against the
//   JWKS. Opaque tokens introspect as {"active": true, ...}; unknown ones as {"active": false}.
// - userinfo accepts only opaque access tokens from a user login without a resource indicator
//   (no `aud`) that carry the `openid` scope. A login token without `openid` gets 403
//   insufficient_scope with `WWW-Authenticate: Bearer ... error="insufficient_scope",
//   scope="openid"`; so does an opaque token for a resource server (its scope holds only that
//   server's scopes). A JWT access token, a client_credentials token or garbage gets 401
//   invalid_token, `error_description="invalid token provided"`.
// - A nonce on a request without the `openid` scope is refused (invalid_request).

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider, { errors } from 'oidc-provider';

const env = process.env;

// Resource servers the provider knows, keyed by their resource indicator (RFC 8707). Two JWT
// resources differ only by signing algorithm, so tests can exercise both RS256 and ES256
// verification; the third is a resource server that gets opaque (reference) tokens and has to
// introspect them.
const RESOURCE_SERVERS = {
  'https://api.example.test': {
    scope: 'api:read api:write',
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  },
  'https://es256.api.example.test': {
    scope: 'api:read api:write',
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'ES256' } },
  },
  'https://opaque.api.example.test': {
    scope: 'api:read api:write',
    accessTokenFormat: 'opaque',
  },
};

// Test users. devInteractions accepts any login name with any password; a known name gets the
// claims below, an unknown one gets claims derived from the name so it still has all of them.
const USERS = {
  alice: {
    email: 'alice@example.test',
    email_verified: true,
    name: 'Alice Example',
    preferred_username: 'alice',
    groups: ['wizard-admins', 'wizard-users'],
  },
  bob: {
    email: 'bob@example.test',
    email_verified: false,
    name: 'Bob Example',
    preferred_username: 'bob',
    groups: [],
  },
};

function userClaims(accountId) {
  return USERS[accountId] ?? {
    email: `${accountId}@example.test`,
    email_verified: true,
    name: accountId,
    preferred_username: accountId,
    groups: ['wizard-users'],
  };
}

function makeSigningKeys() {
  if (env.OIDC_JWKS_FILE) {
    return JSON.parse(readFileSync(env.OIDC_JWKS_FILE, 'utf8'));
  }
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  // The first key of a type is the one the provider signs with, so RS256 ID tokens and
  // RS256 / ES256 access tokens each have exactly one candidate key and a stable kid.
  return {
    keys: [
      { ...rsa.export({ format: 'jwk' }), kid: 'test-rs256', alg: 'RS256', use: 'sig' },
      { ...ec.export({ format: 'jwk' }), kid: 'test-es256', alg: 'ES256', use: 'sig' },
    ],
  };
}

function randomSecret() {
  return randomBytes(32).toString('base64url');
}

function configuration() {
  return {
    clients: [
      {
        client_id: env.OIDC_WEB_CLIENT_ID || 'wizard-web',
        client_secret: env.OIDC_WEB_CLIENT_SECRET || randomSecret(),
        client_name: 'Wizard test web application',
        application_type: 'web',
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [env.OIDC_WEB_REDIRECT_URI || 'http://127.0.0.1/callback'],
      },
      {
        client_id: env.OIDC_MACHINE_CLIENT_ID || 'wizard-machine',
        client_secret: env.OIDC_MACHINE_CLIENT_SECRET || randomSecret(),
        client_name: 'Wizard test machine client',
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      },
    ],
    jwks: makeSigningKeys(),
    cookies: { keys: [randomSecret()] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
      groups: ['groups'],
    },
    scopes: ['openid', 'offline_access', 'api:read', 'api:write'],
    // Put the scope claims into the ID token too (the default keeps them for userinfo when an
    // access token is issued): the scenarios under test read email and groups from ID tokens.
    conformIdTokenClaims: false,
    // Issue refresh tokens to any client allowed the grant, without asking for offline_access.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    pkce: { required: () => true },
    findAccount: async (_ctx, accountId) => ({
      accountId,
      claims: async () => ({ sub: accountId, ...userClaims(accountId) }),
    }),
    // Put the user's groups and username into JWT access tokens when the grant includes the
    // `groups` scope, as resource servers that map roles from access tokens expect.
    extraTokenClaims: async (_ctx, token) => {
      if (!token.accountId || !token.grantId || token.kind !== 'AccessToken') return undefined;
      const grant = await provider.Grant.find(token.grantId);
      if (!grant?.getOIDCScope().split(' ').includes('groups')) return undefined;
      const { groups, preferred_username: username } = userClaims(token.accountId);
      return { groups, preferred_username: username };
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Without a `resource` parameter the token is an opaque one for userinfo.
        defaultResource: async () => undefined,
        // Let the token endpoint reuse the resource the user granted at the authorization
        // endpoint, so the code exchange needs no second `resource` parameter.
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator) => {
          const info = RESOURCE_SERVERS[indicator];
          if (!info) throw new errors.InvalidTarget(`unknown resource ${indicator}`);
          return { ...info, audience: indicator };
        },
      },
    },
  };
}

let provider;

function main() {
  const server = createServer();
  server.listen(Number(env.OIDC_PORT || 0), '127.0.0.1', () => {
    const { port } = server.address();
    const issuer = `http://127.0.0.1:${port}`;
    provider = new Provider(issuer, configuration());
    server.on('request', provider.callback());
    // The fixture reads this first line to learn where the provider is.
    process.stdout.write(`${JSON.stringify({ issuer, port })}\n`);
  });

  // Nothing is persisted, so there is nothing to flush: leave at once rather than wait for
  // idle keep-alive connections to drain.
  const stop = () => process.exit(0);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The fixture holds our stdin open; when the test process dies without stopping us, the pipe
  // closes and we leave too instead of lingering on the port.
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

main();
