// Node resolves no `*.localhost`: the preload the README gives Node back ends, so the libraries' own fetch works.
import '../mocks/localhost-dns.ts'
import { Auth, type AuthConfig } from '@auth/core'
import type { OAuth2Config } from '@auth/core/providers/oauth'
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCli, type CliProcess } from './cli-process.ts'
import { rawCall } from './helpers.ts'
import { form, hiddenField } from './oauth-flow.ts'

/**
 * Issue 15: "Log in with Orgo" through two common client libraries, configured as the README says, against the
 * real CLI. Both send a secret and a PKCE verifier together by default, which Orgo refuses (`invalid_client`):
 * that refusal stays, and its description names the fix.
 */

const APP = 'http://localhost:3000'
const CALLBACK = `${APP}/auth/callback/orgo`
let cli: CliProcess
let origin: string
let credentials: { client_id: string; client_secret: string }

beforeAll(async () => {
  cli = await startCli([
    '--oauth-app',
    `name=Next app,tenant=globex,redirect=${CALLBACK},redirect=${APP}/callback,scopes=profile email`,
  ])
  origin = `http://globex.localhost:${cli.port}`
  const state = await rawCall(cli.port, { path: '/__sandbox/state' })
  credentials = state.json.oauthApps.find((a: { name: string }) => a.name === 'Next app')
}, 30_000)
afterAll(() => cli.stop())

/** The browser's part: the sign-in form with globex's admin, then Allow; returns the redirect to the app. */
async function browser(authorizeUrl: string): Promise<string> {
  const url = new URL(authorizeUrl)
  expect(url.origin).toBe(origin)
  const call = (path: string, body?: Record<string, string>) =>
    rawCall(cli.port, {
      host: url.host,
      method: body ? 'POST' : 'GET',
      path,
      ...(body ? form(body) : {}),
    })
  const page = await call(url.pathname + url.search)
  expect(page.status, page.text.slice(0, 300)).toBe(200)
  const flow = hiddenField(page.text, 'flow')
  const signedIn = await call('/oauth/authorize/sign-in', {
    flow,
    email: 'admin@globex.test',
    password: 'password',
  })
  expect(signedIn.status, signedIn.text.slice(0, 300)).toBe(200)
  const consent = hiddenField(signedIn.text, 'consent_token')
  const allowed = await call('/oauth/authorize/consent', { flow, consent_token: consent, decision: 'allow' })
  expect(allowed.status).toBe(302)
  return String(allowed.headers.location)
}

const FIX = /not both\. Auth\.js and openid-client send both by default: a public client drops the secret/

describe('openid-client 6', () => {
  // Orgo publishes no discovery document: the endpoints are given, as the README shows.
  const server = (): client.ServerMetadata => ({
    issuer: origin,
    authorization_endpoint: `${origin}/oauth/authorize`,
    token_endpoint: `${origin}/oauth/token`,
    userinfo_endpoint: `${origin}/oauth/userinfo`,
  })
  const run = async (config: client.Configuration, pkce: boolean) => {
    client.allowInsecureRequests(config)
    const state = client.randomState()
    const verifier = client.randomPKCECodeVerifier()
    const params: Record<string, string> = { redirect_uri: `${APP}/callback`, scope: 'profile email', state }
    if (pkce) {
      params.code_challenge = await client.calculatePKCECodeChallenge(verifier)
      params.code_challenge_method = 'S256'
    }
    const back = await browser(client.buildAuthorizationUrl(config, params).href)
    const tokens = await client.authorizationCodeGrant(config, new URL(back), {
      expectedState: state,
      ...(pkce ? { pkceCodeVerifier: verifier } : {}),
    })
    return client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck)
  }

  it('signs in as a public PKCE client without a secret (client.None())', async () => {
    const config = new client.Configuration(server(), credentials.client_id, undefined, client.None())
    expect(await run(config, true)).toMatchObject({ email: 'admin@globex.test' })
  })

  it('signs in as a confidential client without PKCE (its secret, ClientSecretPost)', async () => {
    const config = new client.Configuration(server(), credentials.client_id, credentials.client_secret)
    expect(await run(config, false)).toMatchObject({ email: 'admin@globex.test' })
  })

  it('is refused with the fix in error_description when it sends both, as its examples do', async () => {
    const config = new client.Configuration(server(), credentials.client_id, credentials.client_secret)
    const refused = await run(config, true).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(client.ResponseBodyError)
    const { error, error_description } = (refused as client.ResponseBodyError).cause as Record<string, string>
    expect(error).toBe('invalid_client')
    expect(error_description).toMatch(FIX)
    expect(error_description).toContain('openid-client client.None()')
  })
})

describe('Auth.js (@auth/core)', () => {
  type Provider = OAuth2Config<Record<string, string>>
  // The provider as the README gives it; each test adds its client authentication.
  const orgo = (extra: Partial<Provider>): Provider => ({
    id: 'orgo',
    name: 'Orgo',
    type: 'oauth',
    authorization: { url: `${origin}/oauth/authorize`, params: { scope: 'profile email' } },
    token: `${origin}/oauth/token`,
    userinfo: `${origin}/oauth/userinfo`,
    clientId: credentials.client_id,
    profile: (p) => ({ id: p.sub, name: p.name, email: p.email }),
    ...extra,
  })

  /** A browser's cookies for the app, from each answer's Set-Cookie. */
  const jar = new Map<string, string>()
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair!.indexOf('=')
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1))
    }
    return res
  }
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')

  /** Sign in through Auth.js as a Next.js or SvelteKit app would run it; the session it ends with, or the logged error. */
  async function signIn(provider: Provider): Promise<{ session: unknown; errors: unknown[] }> {
    jar.clear()
    const errors: unknown[] = []
    const config: AuthConfig = {
      providers: [provider],
      secret: 'a-secret-of-at-least-thirty-two-characters',
      trustHost: true,
      basePath: '/auth',
      logger: { error: (error) => void errors.push(error), warn: () => {}, debug: () => {} },
    }
    const app = (path: string, init: RequestInit = {}) =>
      Auth(
        new Request(`${APP}${path}`, { ...init, headers: { ...init.headers, cookie: cookie() } }),
        config,
      ).then(remember)
    const { csrfToken } = (await (await app('/auth/csrf')).json()) as { csrfToken: string }
    const start = await app('/auth/signin/orgo', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, callbackUrl: `${APP}/dashboard` }).toString(),
    })
    expect(start.status).toBe(302)
    const back = new URL(await browser(start.headers.get('location')!))
    expect(back.origin + back.pathname).toBe(CALLBACK)
    await app(back.pathname + back.search)
    const session = await (await app('/auth/session')).json()
    return { session, errors }
  }

  it('signs in as a public PKCE client: token_endpoint_auth_method none, no clientSecret', async () => {
    const { session, errors } = await signIn(
      orgo({ client: { token_endpoint_auth_method: 'none' }, checks: ['pkce', 'state'] }),
    )
    expect(errors).toEqual([])
    expect(session).toMatchObject({ user: { email: 'admin@globex.test' } })
  })

  it("signs in as a confidential client without PKCE: its clientSecret, checks: ['state']", async () => {
    const { session, errors } = await signIn(
      orgo({ clientSecret: credentials.client_secret, checks: ['state'] }),
    )
    expect(errors).toEqual([])
    expect(session).toMatchObject({ user: { email: 'admin@globex.test' } })
  })

  it('is refused when it keeps its defaults (secret by Basic and PKCE), and the sandbox log names the fix', async () => {
    const before = cli.output().length
    const { session, errors } = await signIn(orgo({ clientSecret: credentials.client_secret }))
    expect(session).toBeNull()
    // Auth.js reports the RFC 6749 5.2 Basic challenge, not the body: what was refused is in the sandbox's log.
    const cause = (errors[0] as { cause?: { err?: { name: string; status: number } } }).cause?.err
    expect(cause).toMatchObject({ name: 'WWWAuthenticateChallengeError', status: 401 })
    const logged = /POST +\/oauth\/token 401 .*\[invalid_client: (.*)\]/
    // The log line of this very request: printed by the child, so it may trail the HTTP answer a little.
    let line: RegExpExecArray | null = null
    for (let waited = 0; !line && waited < 5000; waited += 50) {
      line = logged.exec(cli.output().slice(before))
      if (!line) await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(line?.[1]).toMatch(FIX)
    expect(line?.[1]).toContain("Auth.js client: { token_endpoint_auth_method: 'none' }")
  })
})
