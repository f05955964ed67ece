import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'
import { NO_CLIENT_PROOF, SECRET_AND_VERIFIER } from '../mocks/auth/oauth-client-auth.ts'
import {
  basic,
  createFixture,
  bearer,
  BASIC_CHALLENGE,
  check,
  errorRow,
  oauthError,
  post,
  REDIRECT,
  tokenCall,
  VERIFIER,
  type Case,
} from './oauth-table.ts'

// SPEC 6, POST /oauth/token: every RFC 6749 5.2 error with its exact status and body, one row each (json-server's
// app.test.ts style). Authorize page errors: oauth-authorize-errors; userinfo, API, revocation: oauth-resource-errors.

let t: TestServer
beforeAll(async () => {
  t = await startTestServer()
})
afterAll(() => t.close())
beforeEach(async () => {
  await t.sandbox.reset()
  t.sandbox.clock.freeze()
})

const code = (f: { secret(): Record<string, string> }, code: string, extra: Record<string, string> = {}) =>
  post('/oauth/token', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    ...f.secret(),
    ...extra,
  })
const refresh = (
  f: { secret(): Record<string, string> },
  token: string,
  extra: Record<string, string> = {},
) => post('/oauth/token', { grant_type: 'refresh_token', refresh_token: token, ...f.secret(), ...extra })
const pkce = (f: { app: { clientId: string } }, code: string, verifier: string) =>
  post('/oauth/token', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    client_id: f.app.clientId,
    code_verifier: verifier,
  })
let issued: { access_token: string; refresh_token: string }
const noTokenIssued = async () => {
  expect(t.sandbox.tenant('acme')!.oauthTokens.all()).toEqual([])
}

const tokenCases: Case[] = [
  errorRow(
    'JSON body',
    (f) => ({
      method: 'POST',
      path: '/oauth/token',
      body: { grant_type: 'authorization_code', ...f.secret() },
    }),
    400,
    'invalid_request',
    'The request body must be application/x-www-form-urlencoded.',
  ),
  errorRow(
    'missing grant_type',
    (f) => post('/oauth/token', f.secret()),
    400,
    'invalid_request',
    'The request has no grant_type.',
  ),
  errorRow(
    'unknown grant_type',
    (f) => post('/oauth/token', { grant_type: 'foo', ...f.secret() }),
    400,
    'unsupported_grant_type',
    'grant_type "foo" is not supported: use authorization_code or refresh_token.',
  ),
  // Orgo's OAuth server knows two grants only: a valid client and the user's own password change nothing.
  {
    ...errorRow(
      'client_credentials grant',
      (f) => post('/oauth/token', { grant_type: 'client_credentials', ...f.secret() }),
      400,
      'unsupported_grant_type',
      'grant_type "client_credentials" is not supported: use authorization_code or refresh_token.',
    ),
    then: noTokenIssued,
  },
  {
    ...errorRow(
      'password grant',
      (f) =>
        post('/oauth/token', {
          grant_type: 'password',
          username: 'admin@acme.test',
          password: 'password',
          ...f.secret(),
        }),
      400,
      'unsupported_grant_type',
      'grant_type "password" is not supported: use authorization_code or refresh_token.',
    ),
    then: noTokenIssued,
  },
  errorRow(
    'repeated parameter',
    (f) => ({
      ...post('/oauth/token', {}),
      body: `grant_type=authorization_code&code=a&code=b&client_id=${f.app.clientId}`,
    }),
    400,
    'invalid_request',
    'The parameter "code" is repeated.',
  ),
  errorRow(
    'no client_id',
    () => post('/oauth/token', { grant_type: 'authorization_code', code: 'x' }),
    401,
    'invalid_client',
    'Client authentication failed: no client_id.',
    { 'www-authenticate': undefined },
  ),
  errorRow(
    'unknown client_id',
    () =>
      post('/oauth/token', {
        grant_type: 'authorization_code',
        code: 'x',
        client_id: 'nope',
        client_secret: 'x',
      }),
    401,
    'invalid_client',
    'Client authentication failed: unknown client_id.',
  ),
  errorRow(
    "another tenant's client",
    (f) =>
      post('/oauth/token', {
        grant_type: 'authorization_code',
        code: 'x',
        client_id: f.globex.clientId,
        client_secret: f.globex.clientSecret,
      }),
    401,
    'invalid_client',
    'Client authentication failed: unknown client_id.',
  ),
  errorRow(
    'wrong client_secret in the body',
    (f) => code(f, 'x', { client_secret: 'wrong' }),
    401,
    'invalid_client',
    'Client authentication failed: wrong client_secret.',
    { 'www-authenticate': undefined },
  ),
  errorRow(
    'wrong client_secret by Basic',
    (f) =>
      post('/oauth/token', { grant_type: 'authorization_code', code: 'x' }, basic(f.app.clientId, 'wrong')),
    401,
    'invalid_client',
    'Client authentication failed: wrong client_secret.',
    BASIC_CHALLENGE,
  ),
  errorRow(
    'malformed Basic',
    () =>
      post('/oauth/token', { grant_type: 'authorization_code', code: 'x' }, { Authorization: 'Basic !!!' }),
    401,
    'invalid_client',
    'The Basic credentials are malformed (RFC 6749 2.3.1).',
    BASIC_CHALLENGE,
  ),
  errorRow(
    'Basic and client_secret in the body',
    (f) =>
      post(
        '/oauth/token',
        { grant_type: 'authorization_code', code: 'x', client_secret: f.app.clientSecret },
        basic(f.app.clientId, f.app.clientSecret),
      ),
    400,
    'invalid_request',
    'Send client_secret in the body or by HTTP Basic, not both (RFC 6749 2.3).',
  ),
  errorRow(
    'client_secret and code_verifier',
    async (f) => code(f, await f.code({ pkce: true }), { code_verifier: VERIFIER }),
    401,
    'invalid_client',
    SECRET_AND_VERIFIER,
  ),
  errorRow(
    'neither client_secret nor code_verifier',
    async (f) =>
      post('/oauth/token', {
        grant_type: 'authorization_code',
        code: await f.code(),
        redirect_uri: REDIRECT,
        client_id: f.app.clientId,
      }),
    401,
    'invalid_client',
    NO_CLIENT_PROOF,
  ),
  errorRow(
    'missing code',
    (f) => post('/oauth/token', { grant_type: 'authorization_code', ...f.secret() }),
    400,
    'invalid_request',
    'The request has no code.',
  ),
  errorRow(
    'unknown code',
    (f) => code(f, 'nope'),
    400,
    'invalid_grant',
    'The authorization code is invalid.',
  ),
  errorRow(
    "another client's code",
    async (f) => {
      const value = await f.code()
      const other = await f.otherApp()
      return code(f, value, { client_id: other.clientId, client_secret: other.clientSecret })
    },
    400,
    'invalid_grant',
    'The authorization code is invalid.',
  ),
  errorRow(
    'expired code (61 s)',
    async (f) => {
      const value = await f.code()
      t.sandbox.clock.advance(61_000)
      return code(f, value)
    },
    400,
    'invalid_grant',
    'The authorization code expired (codes live 60 seconds).',
  ),
  errorRow(
    'redirect_uri differs',
    async (f) => code(f, await f.code(), { redirect_uri: 'http://localhost:3000/other' }),
    400,
    'invalid_grant',
    'redirect_uri differs from the one authorized.',
  ),
  errorRow(
    'redirect_uri missing though authorized with one',
    async (f) =>
      post('/oauth/token', { grant_type: 'authorization_code', code: await f.code(), ...f.secret() }),
    400,
    'invalid_request',
    'The request has no redirect_uri; it must repeat the one authorized.',
  ),
  errorRow(
    'PKCE code redeemed with the secret only',
    async (f) => code(f, await f.code({ pkce: true })),
    400,
    'invalid_grant',
    'This code was issued with a code_challenge: send its code_verifier.',
  ),
  errorRow(
    'wrong code_verifier',
    async (f) => pkce(f, await f.code({ pkce: true }), 'x'.repeat(43)),
    400,
    'invalid_grant',
    'code_verifier does not match the code_challenge.',
  ),
  errorRow(
    'malformed code_verifier',
    async (f) => pkce(f, await f.code({ pkce: true }), 'short'),
    400,
    'invalid_request',
    'code_verifier must be 43 to 128 characters (RFC 7636 4.1).',
  ),
  errorRow(
    'code_verifier for a code without PKCE',
    async (f) => pkce(f, await f.code(), VERIFIER),
    400,
    'invalid_grant',
    'This code was issued without a code_challenge: authenticate with client_secret.',
  ),
  {
    ...errorRow(
      'replayed code revokes what it issued (RFC 6749 4.1.2)',
      async (f) => {
        const request = code(f, await f.code())
        issued = (await t.call(request)).json
        return request
      },
      400,
      'invalid_grant',
      'The authorization code was already used; the 2 token(s) issued from it are now revoked (RFC 6749 4.1.2).',
    ),
    async then(f) {
      const info = await t.call({ path: '/oauth/userinfo', headers: bearer(issued.access_token) })
      expect([info.status, info.json]).toEqual([
        401,
        oauthError('invalid_token', 'The access token was revoked.'),
      ])
      const again = await t.call(refresh(f, issued.refresh_token))
      expect([again.status, again.json]).toEqual([
        400,
        oauthError('invalid_grant', 'The refresh token was revoked.'),
      ])
    },
  },
  errorRow(
    'refresh: missing refresh_token',
    (f) => post('/oauth/token', { grant_type: 'refresh_token', ...f.secret() }),
    400,
    'invalid_request',
    'The request has no refresh_token.',
  ),
  errorRow(
    'refresh: unknown refresh_token',
    (f) => refresh(f, 'nope'),
    400,
    'invalid_grant',
    'The refresh token is invalid.',
  ),
  errorRow(
    'refresh: an access token instead',
    async (f) => refresh(f, (await f.tokens()).access_token),
    400,
    'invalid_grant',
    'The refresh token is invalid.',
  ),
  errorRow(
    'refresh: secret grant without the secret',
    async (f) =>
      post('/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: (await f.tokens()).refresh_token,
        client_id: f.app.clientId,
      }),
    401,
    'invalid_client',
    'Client authentication failed: this grant needs the client_secret.',
  ),
  errorRow(
    'refresh: revoked',
    async (f) => {
      const { refresh_token } = await f.tokens()
      await tokenCall(t, { token: refresh_token, ...f.secret() }, '/oauth/revoke')
      return refresh(f, refresh_token)
    },
    400,
    'invalid_grant',
    'The refresh token was revoked.',
  ),
  errorRow(
    'refresh: expired (30 days)',
    async (f) => {
      const { refresh_token } = await f.tokens()
      t.sandbox.clock.advance(30 * 86_400_000)
      return refresh(f, refresh_token)
    },
    400,
    'invalid_grant',
    'The refresh token expired.',
  ),
  errorRow(
    'refresh: wider scope than granted',
    async (f) => refresh(f, (await f.tokens({ scope: 'profile' })).refresh_token, { scope: 'profile email' }),
    400,
    'invalid_scope',
    'The scope "email" was not granted (RFC 6749 6).',
  ),
  errorRow(
    'refresh: unknown scope',
    async (f) => refresh(f, (await f.tokens()).refresh_token, { scope: 'admin' }),
    400,
    'invalid_scope',
    'Unknown scope "admin".',
  ),
]

describe('POST /oauth/token errors (RFC 6749 5.2)', () => {
  it.each(tokenCases.map((c) => [c.name, c] as const))('%s', (_, row) => check(t, row))
})

it('two concurrent redemptions of one code: one gets tokens, the other invalid_grant (RFC 6749 4.1.2)', async () => {
  const f = createFixture(t)
  const request = pkce(f, await f.code({ pkce: true }), VERIFIER)
  const answers = await Promise.all([t.call(request), t.call(request), t.call(request)])
  expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400])
  const winner = answers.find((a) => a.status === 200)!
  // The replays revoked what the winner got.
  const info = await t.call({ path: '/oauth/userinfo', headers: bearer(winner.json.access_token) })
  expect([info.status, info.json]).toEqual([
    401,
    oauthError('invalid_token', 'The access token was revoked.'),
  ])
})
