import * as oauth from 'oauth4webapi'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'
import { approve, authorizationUrl, loopbackFetch, seededApp, type LoopbackFetch } from './oauth-flow.ts'

// A client library nobody here wrote (oauth4webapi) runs "Log in with Orgo" against the started server.

let t: TestServer
const REDIRECT = 'http://localhost:3000/callback'

beforeAll(async () => {
  t = await startTestServer({ oauthDiscovery: true })
})
afterAll(() => t.close())
beforeEach(async () => {
  await t.sandbox.reset()
  t.sandbox.clock.freeze()
})

/** The sandbox over plain http, through a fetch that can address tenant hosts. */
function options(): { [oauth.allowInsecureRequests]: true; [oauth.customFetch]: LoopbackFetch } {
  return { [oauth.allowInsecureRequests]: true, [oauth.customFetch]: loopbackFetch(t.port) }
}

async function discover(issuer: URL): Promise<oauth.AuthorizationServer> {
  const response = await oauth.discoveryRequest(issuer, { ...options(), algorithm: 'oauth2' })
  return oauth.processDiscoveryResponse(issuer, response)
}

interface Login {
  as: oauth.AuthorizationServer
  client: oauth.Client
  auth: oauth.ClientAuth
  tokens: oauth.TokenEndpointResponse
}

/** The whole code flow: authorize URL, pages, callback validation, code exchange. */
async function logIn(input: {
  slug: string
  issuer: URL
  pkce: boolean
  auth: 'none' | 'basic' | 'post'
  scope: string
  email?: string
}): Promise<Login> {
  const as = await discover(input.issuer)
  const app = seededApp(t, input.slug)
  const client: oauth.Client = { client_id: app.clientId }
  const auth =
    input.auth === 'none'
      ? oauth.None()
      : input.auth === 'basic'
        ? oauth.ClientSecretBasic(app.clientSecret)
        : oauth.ClientSecretPost(app.clientSecret)
  const state = oauth.generateRandomState()
  const verifier = oauth.generateRandomCodeVerifier()
  const pkce = input.pkce ? { verifier } : {}
  const url = await authorizationUrl(as.authorization_endpoint!, app.clientId, {
    state,
    scope: input.scope,
    ...pkce,
  })
  const callback = await approve(t, {
    host: url.host,
    authorizePath: url.pathname + url.search,
    user: { email: input.email ?? `admin@${input.slug}.test` },
  })
  expect(callback.origin + callback.pathname).toBe(REDIRECT)
  const params = oauth.validateAuthResponse(as, client, callback, state)
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    auth,
    params,
    REDIRECT,
    input.pkce ? verifier : oauth.nopkce,
    options(),
  )
  expect(response.headers.get('cache-control')).toBe('no-store')
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response)
  return { as, client, auth, tokens }
}

async function userinfo(login: Login, accessToken: string): Promise<oauth.UserInfoResponse> {
  const response = await oauth.userInfoRequest(login.as, login.client, accessToken, options())
  return oauth.processUserInfoResponse(login.as, login.client, oauth.skipSubjectCheck, response)
}

describe('oauth4webapi against the sandbox', () => {
  it('reads RFC 8414 metadata where each tenant host is its own issuer', async () => {
    const as = await discover(new URL(`http://acme.localhost:${t.port}`))
    expect(as).toMatchObject({
      issuer: `http://acme.localhost:${t.port}`,
      authorization_endpoint: `http://acme.localhost:${t.port}/oauth/authorize`,
      token_endpoint: `http://acme.localhost:${t.port}/oauth/token`,
      userinfo_endpoint: `http://acme.localhost:${t.port}/oauth/userinfo`,
      revocation_endpoint: `http://acme.localhost:${t.port}/oauth/revoke`,
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['profile', 'email', 'groups', 'roles'],
    })
  })

  it('L1: completes code + PKCE as a public client, refreshes (rotating the refresh token), and calls userinfo, /api/v1/me and the contacts', async () => {
    const login = await logIn({
      slug: 'acme',
      issuer: new URL(t.url),
      pkce: true,
      auth: 'none',
      scope: 'profile email groups roles',
    })
    expect(login.tokens).toMatchObject({
      token_type: 'bearer',
      expires_in: 3600,
      scope: 'profile email groups roles',
    })
    const admin = t.sandbox.tenant('acme')!.users.findUnique('email', 'admin@acme.test')!
    expect(await userinfo(login, login.tokens.access_token)).toEqual({
      sub: String(admin.id),
      name: 'Ada Admin',
      picture: null,
      email: 'admin@acme.test',
      groups: ['Board'],
      roles: ['ROLE_USER', 'ROLE_ADMIN', 'ROLE_MEMBER'],
    })

    const refreshed = await oauth.processRefreshTokenResponse(
      login.as,
      login.client,
      await oauth.refreshTokenGrantRequest(
        login.as,
        login.client,
        login.auth,
        login.tokens.refresh_token!,
        options(),
      ),
    )
    expect(refreshed.access_token).not.toBe(login.tokens.access_token)
    // RFC 9700 4.14.2 (findings L1): a public client's refresh token rotates; the old one is spent.
    expect(refreshed.refresh_token).not.toBe(login.tokens.refresh_token)
    const replay = await oauth
      .refreshTokenGrantRequest(login.as, login.client, login.auth, login.tokens.refresh_token!, options())
      .then((response) => oauth.processRefreshTokenResponse(login.as, login.client, response))
      .catch((e: unknown) => e)
    expect(replay).toMatchObject({
      status: 400,
      error: 'invalid_grant',
      error_description: 'The refresh token was revoked.',
    })
    expect((await userinfo(login, refreshed.access_token)).email).toBe('admin@acme.test')

    const me = await oauth.protectedResourceRequest(
      refreshed.access_token,
      'GET',
      new URL(`${t.url}/api/v1/me`),
      new Headers({ accept: 'application/json' }),
      null,
      options(),
    )
    expect([me.status, me.headers.get('x-sandbox-auth-method')]).toEqual([200, 'oauth'])
    expect(await me.json()).toMatchObject({
      email: 'admin@acme.test',
      permissions: expect.arrayContaining([{ domain: 'HR', scope: 'TENANT', localCenter: null }]),
      tenant: { slug: 'acme' },
    })
    // SPEC 6: the token acts for the admin on the whole API, with the admin's permissions.
    const contacts = await oauth.protectedResourceRequest(
      refreshed.access_token,
      'GET',
      new URL(`${t.url}/api/v1/contacts`),
      new Headers({ accept: 'application/json' }),
      null,
      options(),
    )
    expect(contacts.status).toBe(200)
    const list = (await contacts.json()) as Array<{ id: number; name: string }>
    expect(list).toHaveLength(20)
    expect(list[0]).toEqual(expect.objectContaining({ id: 1, name: expect.any(String) }))
  })

  it('completes code + client_secret by HTTP Basic on a tenant host, with the scopes narrowed', async () => {
    const login = await logIn({
      slug: 'globex',
      issuer: new URL(`http://globex.localhost:${t.port}`),
      pkce: false,
      auth: 'basic',
      scope: 'profile',
      email: 'member@globex.test',
    })
    expect(login.tokens.scope).toBe('profile')
    const member = t.sandbox.tenant('globex')!.users.findUnique('email', 'member@globex.test')!
    expect(await userinfo(login, login.tokens.access_token)).toEqual({
      sub: String(member.id),
      name: 'Max Member',
      picture: null,
    })
    // Refresh with a narrower scope (RFC 6749 6) and the secret again, in the body this time.
    const refreshed = await oauth.processRefreshTokenResponse(
      login.as,
      login.client,
      await oauth.refreshTokenGrantRequest(
        login.as,
        login.client,
        oauth.ClientSecretPost(seededApp(t, 'globex').clientSecret),
        login.tokens.refresh_token!,
        options(),
      ),
    )
    expect(refreshed.scope).toBe('profile')
    // The member's token is the member: no HR or FINANCIAL permission, so no contacts.
    const contacts = await oauth.protectedResourceRequest(
      refreshed.access_token,
      'GET',
      new URL(`http://globex.localhost:${t.port}/api/v1/contacts`),
      new Headers({ accept: 'application/json' }),
      null,
      options(),
    )
    expect([contacts.status, await contacts.json()]).toEqual([
      403,
      { title: 'Forbidden', detail: 'Access Denied.', status: 403 },
    ])
  })

  it('completes code + client_secret in the body, then revokes the refresh token (RFC 7009)', async () => {
    const login = await logIn({
      slug: 'acme',
      issuer: new URL(`http://app.localhost:${t.port}`),
      pkce: false,
      auth: 'post',
      scope: 'email',
    })
    expect(await userinfo(login, login.tokens.access_token)).toMatchObject({ email: 'admin@acme.test' })
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(
        login.as,
        login.client,
        login.auth,
        login.tokens.refresh_token!,
        options(),
      ),
    )
    const error = await oauth
      .refreshTokenGrantRequest(login.as, login.client, login.auth, login.tokens.refresh_token!, options())
      .then((response) => oauth.processRefreshTokenResponse(login.as, login.client, response))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(oauth.ResponseBodyError)
    expect(error).toMatchObject({
      status: 400,
      error: 'invalid_grant',
      error_description: 'The refresh token was revoked.',
    })
    // SPEC 6: access tokens stay valid until exp.
    expect(await userinfo(login, login.tokens.access_token)).toMatchObject({ email: 'admin@acme.test' })
    t.sandbox.clock.advance(3600_000)
    const expired = await userinfo(login, login.tokens.access_token).catch((e: unknown) => e)
    expect(expired).toBeInstanceOf(oauth.WWWAuthenticateChallengeError)
    expect((expired as oauth.WWWAuthenticateChallengeError).cause[0]).toMatchObject({
      scheme: 'bearer',
      parameters: { error: 'invalid_token', error_description: 'The access token expired.' },
    })
  })
})
