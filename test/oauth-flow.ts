import { calculatePKCECodeChallenge } from 'oauth4webapi'
import type { OAuthApp } from '../mocks/db/oauth-schema.ts'
import { rawCall, type CallResult, type TestServer } from './helpers.ts'

/**
 * The browser's part of "Log in with Orgo", over plain HTTP: open the authorize URL, submit the sign-in form,
 * submit the consent form, read the redirect. The pages are tested in Chromium by oauth-browser.test.ts.
 */

export function seededApp(t: TestServer, slug = 'acme'): OAuthApp {
  return t.sandbox.tenant(slug)!.oauthApps.all()[0]!
}

/** A hidden form field of a page, as the browser would send it back. */
export function hiddenField(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)
  if (!match) throw new Error(`no hidden field "${name}" in:\n${html.slice(0, 2000)}`)
  return match[1]!
}

export interface BrowserStep {
  /** Host header of every page request; the authorize URL's host. */
  host: string
  /** `/oauth/authorize?...` */
  authorizePath: string
  /** Sign in with this seeded user's one-click button (default) or with a password. */
  user?: { email: string; password?: string }
  decision?: 'allow' | 'deny'
}

export function form(values: Record<string, string>): { headers: Record<string, string>; body: string } {
  return {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(values).toString(),
  }
}

/** Runs the pages and returns the final redirect `Location` (or throws with the page that stopped it). */
export async function approve(t: TestServer, step: BrowserStep): Promise<URL> {
  const call = (input: {
    method?: string
    path: string
    body?: Record<string, string>
  }): Promise<CallResult> =>
    rawCall(t.port, {
      host: step.host,
      method: input.method,
      path: input.path,
      ...(input.body ? form(input.body) : {}),
    })
  const page = await call({ path: step.authorizePath })
  if (page.status === 302) return new URL(String(page.headers.location))
  if (page.status !== 200) throw new Error(`authorize answered ${page.status}: ${page.text.slice(0, 500)}`)
  const flow = hiddenField(page.text, 'flow')
  const email = step.user?.email ?? 'admin@acme.test'
  let signIn: CallResult
  if (step.user?.password !== undefined) {
    signIn = await call({
      method: 'POST',
      path: '/oauth/authorize/sign-in',
      body: { flow, email, password: step.user.password },
    })
  } else {
    const slug = email.split('@')[1]!.replace(/\.test$/, '')
    const user = t.sandbox.tenant(slug)!.users.findUnique('email', email)!
    signIn = await call({
      method: 'POST',
      path: '/oauth/authorize/sign-in',
      body: { flow, user_id: String(user.id) },
    })
  }
  if (signIn.status === 302) return new URL(String(signIn.headers.location))
  const consent = await call({
    method: 'POST',
    path: '/oauth/authorize/consent',
    body: {
      flow,
      consent_token: hiddenField(signIn.text, 'consent_token'),
      decision: step.decision ?? 'allow',
    },
  })
  if (consent.status !== 302)
    throw new Error(`consent answered ${consent.status}: ${consent.text.slice(0, 500)}`)
  return new URL(String(consent.headers.location))
}

/** `fetch` for a client library, sending the URL's host as the Host header to the loopback server (Node resolves no `*.localhost`). */
export type LoopbackFetch = (
  url: string,
  init?: { method?: string; headers?: HeadersInit; body?: unknown },
) => Promise<Response>

export function loopbackFetch(port: number): LoopbackFetch {
  return async (input, init) => {
    const url = new URL(input)
    const headers = Object.fromEntries(new Headers(init?.headers).entries())
    const body = init?.body === undefined || init.body === null ? undefined : String(init.body)
    const res = await rawCall(port, {
      method: init?.method ?? 'GET',
      path: url.pathname + url.search,
      host: url.host,
      headers,
      body,
    })
    const out = new Headers()
    for (const [key, value] of Object.entries(res.headers)) {
      if (value !== undefined) out.set(key, Array.isArray(value) ? value.join(', ') : value)
    }
    const nullBody = res.status === 204 || res.status === 304
    return new Response(nullBody ? null : res.text, { status: res.status, headers: out })
  }
}

/** A client's authorize URL for the seeded redirect (RFC 6749 4.1.1), with PKCE S256 when given a verifier. */
export async function authorizationUrl(
  endpoint: string,
  clientId: string,
  options: { state: string; scope?: string; verifier?: string },
): Promise<URL> {
  const url = new URL(endpoint)
  const params = {
    client_id: clientId,
    redirect_uri: 'http://localhost:3000/callback',
    response_type: 'code',
  }
  url.search = new URLSearchParams({ ...params, state: options.state }).toString()
  if (options.scope !== undefined) url.searchParams.set('scope', options.scope)
  if (options.verifier !== undefined) {
    url.searchParams.set('code_challenge', await calculatePKCECodeChallenge(options.verifier))
    url.searchParams.set('code_challenge_method', 'S256')
  }
  return url
}
