import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'
import { approve } from './oauth-flow.ts'
import {
  authorizePath,
  CHALLENGE,
  check,
  createFixture,
  pageRow,
  post,
  query,
  redirectRow,
  REDIRECT,
  tokenCall,
  type Case,
} from './oauth-table.ts'

// SPEC 6, GET /oauth/authorize and its pages: every error, one row each (json-server's app.test.ts style).
// Token endpoint errors: oauth-errors.test.ts; userinfo, API, revocation, control API: oauth-resource-errors.

let t: TestServer
beforeAll(async () => {
  t = await startTestServer()
})
afterAll(() => t.close())
beforeEach(async () => {
  await t.sandbox.reset()
  t.sandbox.clock.freeze()
})

const APP = 'Acme Corporation Demo App'
const badRedirect = (uri: string) =>
  `The redirect_uri "${uri}" is not registered for "${APP}" (redirect URIs must match exactly).`

const authorizeCases: Case[] = [
  pageRow(
    'unknown client_id',
    (f) => ({ ...query(f), client_id: 'nope' }),
    'No OAuth app with client_id "nope" is registered on this tenant.',
  ),
  pageRow(
    'missing client_id',
    (f) => ({ redirect_uri: REDIRECT, response_type: query(f).response_type! }),
    'The request has no client_id: the app must say who it is.',
  ),
  pageRow(
    'repeated client_id',
    (f) => query(f, { client_id: [f.app.clientId, f.app.clientId] }),
    'The request repeats client_id (RFC 6749 3.1).',
  ),
  pageRow(
    "another tenant's client_id",
    (f) => query(f, { client_id: f.globex.clientId }),
    (f) => `No OAuth app with client_id "${f.globex.clientId}" is registered on this tenant.`,
  ),
  pageRow(
    'redirect_uri with a trailing slash',
    (f) => query(f, { redirect_uri: `${REDIRECT}/` }),
    badRedirect(`${REDIRECT}/`),
  ),
  pageRow(
    'redirect_uri with an extra query',
    (f) => query(f, { redirect_uri: `${REDIRECT}?next=/` }),
    badRedirect(`${REDIRECT}?next=/`),
  ),
  pageRow(
    'redirect_uri repeated',
    (f) => query(f, { redirect_uri: [REDIRECT, REDIRECT] }),
    'The request repeats redirect_uri (RFC 6749 3.1).',
  ),
  redirectRow(
    'missing response_type',
    (f) => ({ ...query(f), response_type: [] }),
    'invalid_request',
    'The request has no response_type: use response_type=code.',
  ),
  redirectRow(
    'response_type=token (implicit)',
    (f) => query(f, { response_type: 'token' }),
    'unsupported_response_type',
    'response_type "token" is not supported: use code.',
  ),
  redirectRow(
    'unknown scope, no state',
    (f) => ({ ...query(f, { scope: 'openid profile' }), state: [] }),
    'invalid_scope',
    'Unknown scope "openid".',
    null,
  ),
  redirectRow(
    'scope the app did not register',
    async (f) => query(f, { client_id: (await f.otherApp()).clientId, scope: 'profile email' }),
    'invalid_scope',
    'The app is not registered for the scope "email".',
  ),
  redirectRow(
    'repeated scope',
    (f) => query(f, { scope: ['profile', 'email'] }),
    'invalid_request',
    'The request repeats scope.',
  ),
  redirectRow(
    'PKCE plain',
    (f) => query(f, { code_challenge: CHALLENGE, code_challenge_method: 'plain' }),
    'invalid_request',
    'code_challenge_method must be S256, not "plain".',
  ),
  redirectRow(
    'PKCE challenge without method (plain by default)',
    (f) => query(f, { code_challenge: CHALLENGE }),
    'invalid_request',
    'code_challenge_method must be S256.',
  ),
  redirectRow(
    'PKCE method without challenge',
    (f) => query(f, { code_challenge_method: 'S256' }),
    'invalid_request',
    'code_challenge_method was sent without a code_challenge.',
  ),
  redirectRow(
    'PKCE challenge too short',
    (f) => query(f, { code_challenge: 'abc', code_challenge_method: 'S256' }),
    'invalid_request',
    'code_challenge must be 43 to 128 characters (RFC 7636 4.2).',
  ),
  {
    name: 'unknown tenant host',
    request: (f) => ({ host: `nope.localhost:${f.t.port}`, path: authorizePath(query(f)) }),
    status: 404,
    body: { title: 'Not Found', detail: 'No Orgo tenant is served at "nope.localhost".', status: 404 },
  },
]

const EXPIRED_PAGE = 'This sign-in page has expired or was already used. Go back to the app and start again.'

const pageCases: Case[] = [
  {
    name: 'sign-in with an unknown flow',
    request: () =>
      post('/oauth/authorize/sign-in', { flow: 'nope', email: 'admin@acme.test', password: 'password' }),
    status: 400,
    page: EXPIRED_PAGE,
  },
  {
    name: 'sign-in with a JSON body',
    request: () => ({ method: 'POST', path: '/oauth/authorize/sign-in', body: { flow: 'x' } }),
    status: 415,
    body: {
      title: 'Unsupported Media Type',
      detail:
        'The content-type "application/json" is not supported. Supported MIME types are "application/x-www-form-urlencoded".',
      status: 415,
    },
  },
  {
    name: 'consent by GET',
    request: () => ({ path: '/oauth/authorize/consent?decision=allow' }),
    status: 405,
    headers: { allow: 'POST' },
    body: (f: { t: TestServer }) => ({
      title: 'Method Not Allowed',
      detail: `No route found for "GET http://acme.localhost:${f.t.port}/oauth/authorize/consent": Method Not Allowed (Allow: POST)`,
      status: 405,
    }),
  },
  {
    name: 'consent with a forged token',
    request: async (f) =>
      post('/oauth/authorize/consent', {
        ...(await f.consentForm()),
        consent_token: 'forged',
        decision: 'allow',
      }),
    status: 400,
    page: 'This consent form is not valid. Go back to the app and start again.',
  },
  {
    name: 'consent without a decision',
    request: async (f) => post('/oauth/authorize/consent', await f.consentForm()),
    status: 400,
    page: 'Choose Allow or Deny.',
  },
  {
    name: 'consent posted twice',
    request: async (f) => {
      const values = { ...(await f.consentForm()), decision: 'allow' }
      await t.call(post('/oauth/authorize/consent', values))
      return post('/oauth/authorize/consent', values)
    },
    status: 400,
    page: EXPIRED_PAGE,
  },
  {
    name: 'deny',
    request: async (f) => post('/oauth/authorize/consent', { ...(await f.consentForm()), decision: 'deny' }),
    status: 302,
    redirect: { error: 'access_denied', error_description: 'The user denied the request.', state: 's1' },
  },
]

describe('GET /oauth/authorize errors (RFC 6749 4.1.2.1)', () => {
  it.each(authorizeCases.map((c) => [c.name, c] as const))('%s', (_, row) => check(t, row))
})

describe('sign-in and consent page errors', () => {
  it.each(pageCases.map((c) => [c.name, c] as const))('%s', (_, row) => check(t, row))
})

describe('page flows the table cannot hold in one request', () => {
  it('a wrong password shows the sign-in page again with the message and the email kept', async () => {
    const f = createFixture(t)
    const page = await t.call({ path: authorizePath(query(f)) })
    const flow = /name="flow" value="([^"]*)"/.exec(page.text)![1]!
    const res = await t.call(
      post('/oauth/authorize/sign-in', { flow, email: 'admin@acme.test', password: 'wrong' }),
    )
    expect(res.status).toBe(200)
    expect(res.text).toContain('<p class="alert" role="alert">Invalid credentials.</p>')
    expect(res.text).toContain('value="admin@acme.test"')
    expect(res.text).not.toContain('consent_token')
  })

  it('a sign-in page left open for 10 minutes has expired', async () => {
    const f = createFixture(t)
    const page = await t.call({ path: authorizePath(query(f)) })
    const flow = /name="flow" value="([^"]*)"/.exec(page.text)![1]!
    t.sandbox.clock.advance(10 * 60_000)
    const res = await t.call(
      post('/oauth/authorize/sign-in', { flow, email: 'admin@acme.test', password: 'password' }),
    )
    expect(res.status).toBe(400)
    expect(res.text).toContain(EXPIRED_PAGE)
  })

  it('the oauth-deny scenario refuses consent right after sign-in', async () => {
    expect((await t.call({ method: 'POST', path: '/__sandbox/scenarios/oauth-deny' })).status).toBe(201)
    const f = createFixture(t)
    const location = await approve(t, {
      host: `acme.localhost:${t.port}`,
      authorizePath: authorizePath(query(f)),
    })
    expect(Object.fromEntries(location.searchParams)).toEqual({
      error: 'access_denied',
      error_description: 'The user denied the request.',
      state: 's1',
    })
  })

  it('redirect_uri may be left out when the app has exactly one (RFC 6749 3.1.2.3), then at the token endpoint too', async () => {
    const f = createFixture(t)
    const value = await f.code({ redirect: false })
    const res = await tokenCall(t, { grant_type: 'authorization_code', code: value, ...f.secret() })
    expect(res.status).toBe(200)
    expect(Object.keys(res.json).sort()).toEqual([
      'access_token',
      'expires_in',
      'refresh_token',
      'scope',
      'token_type',
    ])
  })
})
