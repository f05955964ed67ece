import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'
import { bearer, check, errorRow, post, violations, type Case } from './oauth-table.ts'

// SPEC 6 and 10, around the authorization server: userinfo (RFC 6750 3.1), the access token on the API,
// revocation (RFC 7009), discovery (RFC 8414, off by default), the control API's app validation and its
// OAuth tokens (`POST /__sandbox/oauth-tokens`).

let t: TestServer
beforeAll(async () => {
  t = await startTestServer()
})
afterAll(() => t.close())
beforeEach(async () => {
  await t.sandbox.reset()
  t.sandbox.clock.freeze()
})

const challenge = (description: string) => ({
  'www-authenticate': `Bearer realm="Orgo sandbox", error="invalid_token", error_description="${description}"`,
})
const expireTokens = () => t.sandbox.clock.advance(3600_000)
const URL_CODE = '57c2f299-1154-4870-89bb-ef3b1f5ad229'
const CHOICE_CODE = '8e179f1b-97aa-4560-a02f-2a8b42e49df7'
const BLANK_CODE = 'c1051bb4-d103-4f74-8988-acbcafc7fdc3'

const userinfoCases: Case[] = [
  errorRow(
    'without a token',
    () => ({ path: '/oauth/userinfo' }),
    401,
    'invalid_token',
    'The request has no access token: send Authorization: Bearer <access_token>.',
    { 'www-authenticate': 'Bearer realm="Orgo sandbox"' },
  ),
  errorRow(
    'with an unknown token',
    () => ({ path: '/oauth/userinfo', headers: bearer('nope') }),
    401,
    'invalid_token',
    'The access token is invalid.',
    challenge('The access token is invalid.'),
  ),
  errorRow(
    'with a refresh token',
    async (f) => ({ path: '/oauth/userinfo', headers: bearer((await f.tokens()).refresh_token) }),
    401,
    'invalid_token',
    'The access token is invalid.',
  ),
  errorRow(
    'with an expired token',
    async (f) => {
      const { access_token } = await f.tokens()
      expireTokens()
      return { path: '/oauth/userinfo', headers: bearer(access_token) }
    },
    401,
    'invalid_token',
    'The access token expired.',
    challenge('The access token expired.'),
  ),
  errorRow(
    "on another tenant's host",
    async (f) => ({
      tenant: 'globex',
      path: '/oauth/userinfo',
      headers: bearer((await f.tokens()).access_token),
    }),
    401,
    'invalid_token',
    'The access token is invalid.',
  ),
]

const MEMBER = 'member@acme.test'
const DENIED = { title: 'Forbidden', detail: 'Access Denied.', status: 403 }
const expiredChallenge = {
  'www-authenticate': 'Bearer error="invalid_token", error_description="The access token expired."',
}

// SPEC 6 as Orgo's own client (orgo-mcp) uses it: the token acts for its user on the tenant's whole API, with that
// user's permissions, whatever scopes it carries; never on another tenant.
const apiCases: Case[] = [
  {
    name: "the admin's token lists the contacts (HR), 20 a page",
    request: async (f) => ({ path: '/api/v1/contacts', headers: bearer((await f.tokens()).access_token) }),
    status: 200,
    inspect(res) {
      expect(res.json['@id']).toBe('/api/v1/contacts')
      expect(res.json['hydra:totalItems']).toBe(25)
      expect(res.json['hydra:member']).toHaveLength(20)
      expect(res.json['hydra:member'][0]).toMatchObject({ '@type': 'Contact', name: expect.any(String) })
    },
  },
  {
    name: "the admin's token with the profile scope only reaches the contacts all the same",
    request: async (f) => ({
      path: '/api/v1/contacts',
      headers: { ...bearer((await f.tokens({ scope: 'profile' })).access_token), Accept: 'application/json' },
    }),
    status: 200,
    inspect: (res) => expect(res.json).toHaveLength(20),
  },
  {
    name: "the admin's token writes (no read-only): POST /api/v1/contacts",
    request: async (f) => ({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: bearer((await f.tokens()).access_token),
      body: { name: 'Olive Oauth', email: 'olive@example.com' },
    }),
    status: 201,
    inspect: (res) =>
      expect(res.json).toMatchObject({
        '@type': 'Contact',
        name: 'Olive Oauth',
        fullName: 'Olive Oauth',
        firstName: 'Olive',
        lastName: 'Oauth',
        email: 'olive@example.com',
        source: 'MANUAL',
      }),
    async then() {
      expect(t.sandbox.tenant('acme')!.contacts.findUnique('email', 'olive@example.com')?.name).toBe(
        'Olive Oauth',
      )
    },
  },
  {
    name: "the admin's token on its Api-Tokens (ADMIN)",
    request: async (f) => ({
      path: '/api/v1/user-api-tokens',
      headers: bearer((await f.tokens()).access_token),
    }),
    status: 200,
    inspect: (res) => expect(res.json['hydra:totalItems']).toBe(2),
  },
  {
    name: "the member's token on the contacts: the member holds no HR or FINANCIAL",
    request: async (f) => ({
      path: '/api/v1/contacts',
      headers: bearer((await f.tokens({ email: MEMBER })).access_token),
    }),
    status: 403,
    body: DENIED,
  },
  {
    name: "the member's token on the Api-Tokens: no ADMIN",
    request: async (f) => ({
      path: '/api/v1/user-api-tokens',
      headers: bearer((await f.tokens({ email: MEMBER })).access_token),
    }),
    status: 403,
    body: DENIED,
  },
  {
    name: "the member's token on /api/v1/me",
    request: async (f) => ({
      path: '/api/v1/me',
      headers: bearer((await f.tokens({ email: MEMBER })).access_token),
    }),
    status: 200,
    headers: { 'x-sandbox-auth-method': 'oauth' },
    inspect(res) {
      expect(res.json).toMatchObject({ '@type': 'User', email: MEMBER, permissions: [] })
      expect(res.json.tenant).toEqual({ id: expect.any(Number), name: 'Acme Corporation', slug: 'acme' })
      expect(res.json.authMethod).toBeUndefined()
    },
  },
  {
    name: "another tenant's /api/v1/me",
    request: async (f) => ({
      tenant: 'globex',
      path: '/api/v1/me',
      headers: bearer((await f.tokens()).access_token),
    }),
    status: 401,
    body: { title: 'Unauthorized', detail: 'Invalid JWT Token', status: 401 },
    headers: { 'www-authenticate': 'Bearer' },
  },
  {
    name: "another tenant's contacts",
    request: async (f) => ({
      tenant: 'globex',
      path: '/api/v1/contacts',
      headers: bearer((await f.tokens()).access_token),
    }),
    status: 401,
    body: { title: 'Unauthorized', detail: 'Invalid JWT Token', status: 401 },
    headers: { 'www-authenticate': 'Bearer' },
  },
  {
    name: 'a refresh token is no access token',
    request: async (f) => ({ path: '/api/v1/contacts', headers: bearer((await f.tokens()).refresh_token) }),
    status: 401,
    body: { title: 'Unauthorized', detail: 'Invalid JWT Token', status: 401 },
  },
  ...['/api/v1/me', '/api/v1/contacts'].map((path): Case => ({
    name: `an expired access token on ${path}`,
    request: async (f) => {
      const { access_token } = await f.tokens()
      expireTokens()
      return { path, headers: bearer(access_token) }
    },
    status: 401,
    body: { title: 'Unauthorized', detail: 'The access token expired.', status: 401 },
    headers: expiredChallenge,
  })),
]

const revokeCases: Case[] = [
  errorRow(
    'an access token (they live until exp)',
    async (f) => post('/oauth/revoke', { token: (await f.tokens()).access_token, ...f.secret() }),
    400,
    'unsupported_token_type',
    'Access tokens cannot be revoked: they stay valid until they expire. Revoke the refresh token.',
  ),
  errorRow(
    'missing token',
    (f) => post('/oauth/revoke', f.secret()),
    400,
    'invalid_request',
    'The request has no token.',
  ),
  errorRow(
    "another client's token",
    async (f) => {
      const { refresh_token } = await f.tokens()
      const other = await f.otherApp()
      return post('/oauth/revoke', {
        token: refresh_token,
        client_id: other.clientId,
        client_secret: other.clientSecret,
      })
    },
    400,
    'invalid_grant',
    'The token was issued to another client.',
  ),
  errorRow(
    'wrong client_secret',
    (f) => post('/oauth/revoke', { token: 'x', client_id: f.app.clientId, client_secret: 'wrong' }),
    401,
    'invalid_client',
    'Client authentication failed: wrong client_secret.',
  ),
  errorRow(
    'JSON body',
    (f) => ({ method: 'POST', path: '/oauth/revoke', body: { token: 'x', ...f.secret() } }),
    400,
    'invalid_request',
    'The request body must be application/x-www-form-urlencoded.',
  ),
  {
    name: 'an unknown token is a 200 (RFC 7009 2.2)',
    request: (f) => post('/oauth/revoke', { token: 'nope', ...f.secret() }),
    status: 200,
    headers: { 'cache-control': 'no-store' },
  },
]

const oauthTokens = (body: Record<string, unknown>) => ({
  method: 'POST',
  path: '/__sandbox/oauth-tokens',
  body,
})

const controlCases: Case[] = [
  {
    name: 'control API: an OAuth token response for a seeded user, without the pages',
    request: () => oauthTokens({ email: MEMBER, scopes: ['profile'] }),
    status: 201,
    async inspect(res, f) {
      expect(res.json).toEqual({
        access_token: expect.stringMatching(/^[0-9a-f]{64}$/),
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: expect.stringMatching(/^[0-9a-f]{128}$/),
        scope: 'profile',
      })
      const member = t.sandbox.tenant('acme')!.users.findUnique('email', MEMBER)!
      const info = await t.call({ path: '/oauth/userinfo', headers: bearer(res.json.access_token) })
      expect(info.json).toEqual({ sub: String(member.id), name: 'Max Member', picture: null })
      const contacts = await t.call({ path: '/api/v1/contacts', headers: bearer(res.json.access_token) })
      expect([contacts.status, contacts.json]).toEqual([403, DENIED])
      // Issued to the seeded app: its secret refreshes it at the token endpoint.
      const refreshed = await t.call(
        post('/oauth/token', {
          grant_type: 'refresh_token',
          refresh_token: res.json.refresh_token,
          ...f.secret(),
        }),
      )
      expect([refreshed.status, refreshed.json.scope]).toEqual([200, 'profile'])
    },
  },
  {
    name: "control API: an OAuth token takes the host's tenant and the app's scopes",
    request: () => ({ ...oauthTokens({ email: 'admin@globex.test' }), tenant: 'globex' }),
    status: 201,
    async inspect(res, f) {
      expect(res.json.scope).toBe(f.globex.scopes.join(' '))
      const me = await t.call({
        tenant: 'globex',
        path: '/api/v1/me',
        headers: bearer(res.json.access_token),
      })
      expect([me.status, me.json.email]).toEqual([200, 'admin@globex.test'])
    },
  },
  {
    name: 'control API: an OAuth token for an unknown tenant',
    request: () => oauthTokens({ tenant: 'nope', email: MEMBER }),
    status: 404,
    body: { title: 'Not Found', detail: 'No tenant with slug "nope".', status: 404 },
  },
  {
    name: 'control API: an OAuth token for an unknown user',
    request: () => oauthTokens({ email: 'member@globex.test' }),
    status: 404,
    body: {
      title: 'Not Found',
      detail:
        'No user "member@globex.test" in tenant "acme". It is a user of tenant "globex": add {"tenant": "globex"}.',
      status: 404,
    },
  },
  {
    name: 'control API: an OAuth token with an unknown scope',
    request: () => oauthTokens({ email: MEMBER, scopes: ['openid'] }),
    status: 400,
    body: {
      title: 'Bad Request',
      detail: 'Unknown scope "openid": use profile, email, groups, roles.',
      status: 400,
    },
  },
  {
    name: "control API: an OAuth token with a scope outside the app's",
    request: async (f) =>
      oauthTokens({ email: MEMBER, clientId: (await f.otherApp()).clientId, scopes: ['email'] }),
    status: 400,
    body: { title: 'Bad Request', detail: 'The app "Other" may not ask for the scope "email".', status: 400 },
  },
  {
    name: 'control API: an OAuth token of an unknown app',
    request: () => oauthTokens({ email: MEMBER, clientId: 'nope' }),
    status: 404,
    body: { title: 'Not Found', detail: 'No OAuth app "nope" in tenant "acme".', status: 404 },
  },
  {
    name: 'discovery is off by default',
    request: () => ({ path: '/.well-known/oauth-authorization-server' }),
    status: 404,
    body: (f: { t: TestServer }) => ({
      title: 'Not Found',
      detail: `No route found for "GET http://acme.localhost:${f.t.port}/.well-known/oauth-authorization-server"`,
      status: 404,
    }),
  },
  {
    name: 'control API: http redirect URI off loopback',
    request: () => ({
      method: 'POST',
      path: '/__sandbox/oauth-apps',
      body: { name: 'X', redirectUris: ['http://example.com/cb'] },
    }),
    status: 422,
    body: violations([
      ['redirectUris[0]', 'http is allowed only for localhost and loopback addresses: use https.', URL_CODE],
    ]),
  },
  {
    name: 'control API: blank name',
    request: () => ({
      method: 'POST',
      path: '/__sandbox/oauth-apps',
      body: { name: ' ', redirectUris: ['https://example.com/cb'] },
    }),
    status: 422,
    body: violations([['name', 'This value should not be blank.', BLANK_CODE]]),
  },
  {
    name: 'control API: fragment in a redirect URI, unknown scope',
    request: () => ({
      method: 'POST',
      path: '/__sandbox/oauth-apps',
      body: { name: 'X', redirectUris: ['https://example.com/cb#x'], scopes: ['openid'] },
    }),
    status: 422,
    body: violations([
      ['redirectUris[0]', 'A redirect URI must not contain a fragment (RFC 6749 3.1.2).', URL_CODE],
      ['scopes[0]', 'Unknown scope "openid": use profile, email, groups, roles.', CHOICE_CODE],
    ]),
  },
  {
    name: 'control API: unknown tenant',
    request: () => ({
      method: 'POST',
      path: '/__sandbox/oauth-apps',
      body: { tenant: 'nope', name: 'X', redirectUris: ['https://example.com/cb'] },
    }),
    status: 422,
    body: violations([['tenant', 'No tenant "nope": use one of acme, globex.', CHOICE_CODE]]),
  },
  {
    name: 'control API: a valid app, secret shown once',
    request: () => {
      t.sandbox.clock.set(Date.parse('2026-02-01T12:00:00.000Z'))
      const body = {
        name: 'Mobile',
        redirectUris: ['com.example.app:/cb', 'http://127.0.0.1:8080/cb'],
        scopes: ['email'],
        client_id: 'mobile-client',
        client_secret: 'mobile-secret',
      }
      return { method: 'POST', path: '/__sandbox/oauth-apps', tenant: 'globex', body }
    },
    status: 201,
    body: {
      tenant: 'globex',
      id: 3,
      name: 'Mobile',
      description: '',
      client_id: 'mobile-client',
      client_secret: 'mobile-secret',
      redirectUris: ['com.example.app:/cb', 'http://127.0.0.1:8080/cb'],
      scopes: ['email'],
      createdAt: '2026-02-01T12:00:00.000Z',
    },
  },
]

describe('GET /oauth/userinfo errors (RFC 6750 3.1)', () => {
  it.each(userinfoCases.map((c) => [c.name, c] as const))('%s', (_, row) => check(t, row))
})

describe("an OAuth access token on the API: its user's permissions, its own tenant only", () => {
  it.each(apiCases.map((c) => [c.name, c] as const))('%s', (_, row) => check(t, row))
})

describe('POST /oauth/revoke (RFC 7009)', () => {
  it.each(revokeCases.map((c) => [c.name, c] as const))('%s', (_, row) => check(t, row))
})

describe('discovery and the control API', () => {
  it.each(controlCases.map((c) => [c.name, c] as const))('%s', (_, row) => check(t, row))
})
