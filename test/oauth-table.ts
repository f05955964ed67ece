import { expect } from 'vitest'
import type { OAuthApp } from '../mocks/db/oauth-schema.ts'
import { escapeHtml } from '../mocks/handlers/oauth-pages.ts'
import { rawCall, type CallInput, type CallResult, type TestServer } from './helpers.ts'
import { approve, form, hiddenField, seededApp } from './oauth-flow.ts'

// The error tables' machinery: a fixture that mints codes and tokens through the real pages, the row shape,
// and one `check` that asserts status, body, page or redirect, and headers together.

export const REDIRECT = 'http://localhost:3000/callback'
// RFC 7636 appendix B.
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
export const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

export type Params = Record<string, string | string[]>

export interface Fixture {
  t: TestServer
  app: OAuthApp
  globex: OAuthApp
  /** A fresh authorization code from the pages, signed in as `email` (the admin by default); PKCE-bound with `pkce`. */
  code(options?: { pkce?: boolean; scope?: string; redirect?: boolean; email?: string }): Promise<string>
  /** A token response for a fresh code redeemed with the secret. */
  tokens(options?: {
    scope?: string
    email?: string
  }): Promise<{ access_token: string; refresh_token: string }>
  /** A second acme app, profile only. */
  otherApp(): Promise<OAuthApp>
  /** The form a signed-in consent page carries: flow id and consent token. */
  consentForm(): Promise<Record<string, string>>
  /** The usual credentials of the seeded acme app, for the token endpoint. */
  secret(): Record<string, string>
}

export function authorizePath(params: Params): string {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) for (const v of [value].flat()) query.append(key, v)
  return `/oauth/authorize?${query}`
}

export function post(
  path: string,
  values: Record<string, string>,
  headers: Record<string, string> = {},
): CallInput {
  const body = form(values)
  return { method: 'POST', path, headers: { ...body.headers, ...headers }, body: body.body }
}

export function tokenCall(
  t: TestServer,
  values: Record<string, string>,
  path = '/oauth/token',
): Promise<CallResult> {
  return t.call(post(path, values))
}

export function createFixture(t: TestServer): Fixture {
  const app = seededApp(t, 'acme')
  const host = `acme.localhost:${t.port}`
  const fixture: Fixture = {
    t,
    app,
    globex: seededApp(t, 'globex'),
    async code(options = {}) {
      const params: Params = {
        client_id: app.clientId,
        response_type: 'code',
        state: 's1',
        scope: options.scope ?? 'profile email',
      }
      if (options.redirect !== false) params.redirect_uri = REDIRECT
      if (options.pkce) Object.assign(params, { code_challenge: CHALLENGE, code_challenge_method: 'S256' })
      const user = options.email === undefined ? undefined : { email: options.email }
      const location = await approve(t, { host, authorizePath: authorizePath(params), user })
      return location.searchParams.get('code')!
    },
    async tokens(options = {}) {
      const code = await fixture.code({ scope: options.scope, email: options.email })
      const values = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...fixture.secret() }
      const res = await tokenCall(t, values)
      if (res.status !== 200) throw new Error(res.text)
      return res.json
    },
    async otherApp() {
      const body = { name: 'Other', redirectUris: [REDIRECT], scopes: ['profile'] }
      const res = await t.call({ method: 'POST', path: '/__sandbox/oauth-apps', body })
      return t.sandbox.tenant('acme')!.oauthApps.findUnique('clientId', res.json.client_id)!
    },
    async consentForm() {
      const query = { client_id: app.clientId, redirect_uri: REDIRECT, response_type: 'code', state: 's1' }
      const page = await rawCall(t.port, { host, path: authorizePath(query) })
      const flow = hiddenField(page.text, 'flow')
      const admin = t.sandbox.tenant('acme')!.users.findUnique('email', 'admin@acme.test')!
      const consent = await rawCall(t.port, {
        host,
        ...post('/oauth/authorize/sign-in', { flow, user_id: String(admin.id) }),
      })
      return { flow, consent_token: hiddenField(consent.text, 'consent_token') }
    },
    secret: () => ({ client_id: app.clientId, client_secret: app.clientSecret }),
  }
  return fixture
}

export const basic = (id: string, secret: string) => ({
  Authorization: `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`,
})
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })
export const oauthError = (error: string, error_description: string) => ({ error, error_description })
export const BASIC_CHALLENGE = { 'www-authenticate': 'Basic realm="Orgo sandbox"' }

export interface Case {
  name: string
  request(f: Fixture): Promise<CallInput> | CallInput
  status: number
  /** Exact JSON body (a function when it names the server's port). */
  body?: unknown
  /** An HTML page showing this message (escaped), with no redirect. */
  page?: string | ((f: Fixture) => string)
  /** A redirect to the app with exactly these parameters. */
  redirect?: Record<string, string>
  /** Headers that must be present with this value, or absent (`undefined`). */
  headers?: Record<string, string | undefined>
  /** Further checks of the answer (a body too large to spell out, a credential it carries). */
  inspect?(res: CallResult, f: Fixture): void | Promise<void>
  then?(f: Fixture): Promise<void>
}

type Request = Case['request']

/** An RFC 6749 5.2 (or RFC 6750 3.1) JSON error row. */
export function errorRow(
  name: string,
  request: Request,
  status: number,
  error: string,
  description: string,
  headers?: Record<string, string | undefined>,
): Case {
  return { name, request, status, body: oauthError(error, description), headers }
}

/** RFC 6749 4.1.2.1: an authorize request that must show an error page and never redirect. */
export function pageRow(name: string, query: (f: Fixture) => Params, page: Case['page']): Case {
  return { name, request: (f) => ({ path: authorizePath(query(f)) }), status: 400, page }
}

/** RFC 6749 4.1.2.1: an authorize request whose error goes back to the app. */
export function redirectRow(
  name: string,
  query: (f: Fixture) => Params | Promise<Params>,
  error: string,
  description: string,
  state: string | null = 's1',
): Case {
  const redirect = { error, error_description: description, ...(state === null ? {} : { state }) }
  return { name, request: async (f) => ({ path: authorizePath(await query(f)) }), status: 302, redirect }
}

/** The seeded app's authorize query, with some parameters replaced or added. */
export function query(f: Fixture, extra: Params = {}): Params {
  return { client_id: f.app.clientId, redirect_uri: REDIRECT, response_type: 'code', state: 's1', ...extra }
}

export async function check(t: TestServer, row: Case): Promise<void> {
  const f = createFixture(t)
  const res = await t.call(await row.request(f))
  expect(res.status, res.text.slice(0, 300)).toBe(row.status)
  const body = typeof row.body === 'function' ? (row.body as (f: Fixture) => unknown)(f) : row.body
  if (body !== undefined) expect(res.json).toEqual(body)
  // RFC 6749 5.1/5.2: OAuth answers, errors included, are never cached.
  if (body && typeof body === 'object' && 'error' in body)
    expect(res.headers['cache-control']).toBe('no-store')
  if (row.page !== undefined) {
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.headers.location).toBeUndefined()
    expect(res.text).toContain(escapeHtml(typeof row.page === 'string' ? row.page : row.page(f)))
  }
  if (row.redirect !== undefined) {
    const location = new URL(String(res.headers.location))
    expect(location.origin + location.pathname).toBe(REDIRECT)
    expect(Object.fromEntries(location.searchParams)).toEqual(row.redirect)
  }
  for (const [name, value] of Object.entries(row.headers ?? {})) expect(res.headers[name], name).toBe(value)
  await row.inspect?.(res, f)
  await row.then?.(f)
}

export function violations(list: Array<[string, string, string]>) {
  return {
    '@context': '/api/contexts/ConstraintViolationList',
    '@type': 'ConstraintViolationList',
    title: 'An error occurred',
    detail: list.map(([path, message]) => `${path}: ${message}`).join('\n'),
    violations: list.map(([propertyPath, message, code]) => ({ propertyPath, message, code })),
    status: 422,
  }
}
