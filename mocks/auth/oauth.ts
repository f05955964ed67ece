import type { SandboxCore } from '../core.ts'
import type { TenantDb } from '../db/database.ts'
import type { OAuthApp, OAuthFlow, OAuthScope } from '../db/oauth-schema.ts'
import type { User } from '../db/schema.ts'
import type { HostInfo } from '../http/parse-host.ts'
import { findOAuthApp, isOAuthScope, tenantsFor } from './oauth-apps.ts'

/** How long the sign-in and consent pages stay usable (sandbox choice). */
export const FLOW_TTL_MS = 10 * 60_000
/** RFC 6749 4.1.2: codes are short-lived ("a maximum lifetime of 10 minutes is RECOMMENDED"); Orgo-like 60 s. */
export const CODE_TTL_MS = 60_000

/** What the authorize endpoint answers next; the handlers turn each step into a page or a redirect. */
export type AuthorizeStep =
  | { kind: 'sign-in'; flow: OAuthFlow; app: OAuthApp; tenant: TenantDb; error?: string; email?: string }
  | { kind: 'consent'; flow: OAuthFlow; app: OAuthApp; tenant: TenantDb; user: User }
  | { kind: 'redirect'; location: string }
  /** RFC 6749 4.1.2.1: an unverified client or redirect URI gets a page, never a redirect. */
  | { kind: 'error'; status: number; message: string }

class Stop extends Error {
  constructor(readonly step: AuthorizeStep) {
    super(step.kind)
  }
}

function errorPage(message: string, status = 400): never {
  throw new Stop({ kind: 'error', status, message })
}

/** The redirect back to the client: keeps the registered URI's own query (RFC 6749 3.1.2), adds ours. */
export function redirectTo(redirectUri: string, params: Record<string, string | null>): AuthorizeStep {
  const url = new URL(redirectUri)
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value)
  return { kind: 'redirect', location: url.href }
}

/** RFC 6749 3.3: space-delimited, case-sensitive; `invalid` names the first scope nobody defined. */
export function parseScope(value: string): { scopes: OAuthScope[]; invalid?: string } {
  const scopes: OAuthScope[] = []
  for (const item of value.split(' ').filter(Boolean)) {
    if (!isOAuthScope(item)) return { scopes, invalid: item }
    if (!scopes.includes(item)) scopes.push(item)
  }
  return { scopes }
}

// RFC 7636 4.1/4.2: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~].
export const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/

function run(step: () => AuthorizeStep | Promise<AuthorizeStep>): Promise<AuthorizeStep> {
  return Promise.resolve()
    .then(step)
    .catch((error: unknown) => {
      if (error instanceof Stop) return error.step
      throw error
    })
}

/** `GET /oauth/authorize` (RFC 6749 4.1.1): checks the request, then opens a flow and shows the sign-in page. */
export function beginAuthorization(
  core: SandboxCore,
  host: HostInfo,
  query: URLSearchParams,
): Promise<AuthorizeStep> {
  return run(async () => {
    const once = (name: string) => {
      const values = query.getAll(name)
      return { value: values[0], repeated: values.length > 1 }
    }
    const clientId = once('client_id')
    // RFC 6749 4.1.2.1: until client_id and redirect_uri are verified, errors are shown, never redirected.
    if (clientId.repeated) errorPage('The request repeats client_id (RFC 6749 3.1).')
    if (!clientId.value) errorPage('The request has no client_id: the app must say who it is.')
    const found = findOAuthApp(core, host, clientId.value)
    if (!found) errorPage(`No OAuth app with client_id "${clientId.value}" is registered on this tenant.`)
    const { app, tenant } = found
    const redirect = once('redirect_uri')
    if (redirect.repeated) errorPage('The request repeats redirect_uri (RFC 6749 3.1).')
    let redirectUri = redirect.value
    if (redirectUri === undefined) {
      // RFC 6749 3.1.2.3: redirect_uri may be left out only when the app registered exactly one.
      if (app.redirectUris.length !== 1)
        errorPage(`The request has no redirect_uri and "${app.name}" registered several.`)
      redirectUri = app.redirectUris[0]!
    } else if (!app.redirectUris.includes(redirectUri)) {
      errorPage(
        `The redirect_uri "${redirectUri}" is not registered for "${app.name}" (redirect URIs must match exactly).`,
      )
    }

    // From here on the redirect URI is trusted: errors go back to the app (RFC 6749 4.1.2.1).
    const stateParam = once('state')
    const state = stateParam.value ?? null
    const fail = (error: string, description: string): never => {
      throw new Stop(redirectTo(redirectUri, { error, error_description: description, state }))
    }
    for (const name of ['response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method']) {
      if (once(name).repeated) fail('invalid_request', `The request repeats ${name}.`)
    }
    const responseType = query.get('response_type')
    if (!responseType) fail('invalid_request', 'The request has no response_type: use response_type=code.')
    if (responseType !== 'code')
      fail('unsupported_response_type', `response_type "${responseType}" is not supported: use code.`)
    const scope = query.get('scope')
    let scopes: OAuthScope[] = [...app.scopes]
    // RFC 6749 3.3: an absent scope gets a documented default, here every scope the app registered.
    if (scope !== null && scope.trim() !== '') {
      const parsed = parseScope(scope)
      if (parsed.invalid !== undefined) fail('invalid_scope', `Unknown scope "${parsed.invalid}".`)
      const notAllowed = parsed.scopes.find((s) => !app.scopes.includes(s))
      if (notAllowed) fail('invalid_scope', `The app is not registered for the scope "${notAllowed}".`)
      scopes = parsed.scopes
    }
    const challenge = query.get('code_challenge')
    const method = query.get('code_challenge_method')
    if (challenge === null && method !== null)
      fail('invalid_request', 'code_challenge_method was sent without a code_challenge.')
    if (challenge !== null) {
      // RFC 7636 4.3: an absent method means plain, which this server refuses (4.4.1: invalid_request).
      if (method !== 'S256')
        fail('invalid_request', `code_challenge_method must be S256${method ? `, not "${method}"` : ''}.`)
      if (!PKCE_VALUE.test(challenge))
        fail('invalid_request', 'code_challenge must be 43 to 128 characters (RFC 7636 4.2).')
    }

    pruneFlows(core, tenant)
    const now = core.clock.now()
    const flow = await tenant.oauthFlows.insert({
      id: core.random.hex(32),
      tenant: tenant.tenant.slug,
      clientId: app.clientId,
      redirectUri,
      redirectUriGiven: redirect.value !== undefined,
      scopes,
      state,
      codeChallenge: challenge,
      userId: null,
      consentToken: null,
      expiresAt: new Date(now + FLOW_TTL_MS).toISOString(),
      createdAt: new Date(now).toISOString(),
    })
    return { kind: 'sign-in', flow, app, tenant }
  })
}

/** Live sign-in pages per tenant: one more evicts the oldest (findings L8; a person opens a few, not thousands). */
export const MAX_LIVE_FLOWS = 500

/**
 * Flows nobody finished pile up with every page load. Past the cap, the oldest go first (insertion order is
 * age), expired or not, so memory and this walk stay bounded whatever a client sends.
 */
function pruneFlows(core: SandboxCore, tenant: TenantDb): void {
  const count = tenant.oauthFlows.count()
  if (count < MAX_LIVE_FLOWS) return
  const now = core.clock.now()
  let over = count - MAX_LIVE_FLOWS + 1
  for (const flow of tenant.oauthFlows.all()) {
    if (Date.parse(flow.expiresAt) <= now || over > 0) {
      tenant.oauthFlows.delete(flow)
      over--
    }
  }
}

function loadFlow(
  core: SandboxCore,
  host: HostInfo,
  id: unknown,
): { flow: OAuthFlow; app: OAuthApp; tenant: TenantDb } {
  const expired = 'This sign-in page has expired or was already used. Go back to the app and start again.'
  if (typeof id !== 'string' || id === '') errorPage(expired)
  for (const tenant of tenantsFor(core, host)) {
    const flow = tenant.oauthFlows.get(id)
    if (!flow) continue
    const app = tenant.oauthApps.findUnique('clientId', flow.clientId)
    if (!app || Date.parse(flow.expiresAt) <= core.clock.now()) {
      tenant.oauthFlows.delete(flow)
      errorPage(expired)
    }
    return { flow, app, tenant }
  }
  return errorPage(expired)
}

/**
 * The sign-in form: the app's tenant users, by email and password, or (sandbox shortcut) by a one-click
 * pick of a user. A wrong password shows the page again with Orgo's message.
 */
export function submitSignIn(
  core: SandboxCore,
  host: HostInfo,
  clientAddress: string,
  form: URLSearchParams,
): Promise<AuthorizeStep> {
  return run(async () => {
    const { flow, app, tenant } = loadFlow(core, host, form.get('flow'))
    let user: User | undefined
    const picked = form.get('user_id')
    if (picked !== null) {
      user = tenant.users.get(Number(picked))
      if (!user) errorPage('That user no longer exists. Go back and pick another one.')
    } else {
      const email = (form.get('email') ?? '').trim()
      const limit = core.limiters.login.hit(clientAddress)
      if (!limit.ok) {
        const error = `Too many sign-in attempts. Try again in ${limit.retryAfterSeconds} seconds.`
        return { kind: 'sign-in', flow, app, tenant, error, email }
      }
      user = email === '' ? undefined : tenant.users.findUnique('email', email)
      // Orgo's login message, one for an unknown email and a wrong password (no account enumeration).
      if (!user || user.password !== form.get('password'))
        return { kind: 'sign-in', flow, app, tenant, error: 'Invalid credentials.', email }
    }
    // The `oauth-deny` scenario: consent is refused as if the user pressed Deny.
    if (core.flags.has('oauth-deny')) return deny(core, tenant, flow, 'scenario oauth-deny')
    const signedIn = await tenant.oauthFlows.update(flow, (draft) => {
      draft.userId = user.id
      draft.consentToken = core.random.hex(32)
    })
    return { kind: 'consent', flow: signedIn, app, tenant, user }
  })
}

/** The consent form: Allow issues a code, Deny sends `access_denied` (RFC 6749 4.1.2, 4.1.2.1). */
export function submitConsent(
  core: SandboxCore,
  host: HostInfo,
  form: URLSearchParams,
): Promise<AuthorizeStep> {
  return run(async () => {
    const { flow, app, tenant } = loadFlow(core, host, form.get('flow'))
    // Only the consent page carries the token: a forged POST (or a GET) cannot grant anything.
    if (
      flow.userId === null ||
      flow.consentToken === null ||
      form.get('consent_token') !== flow.consentToken
    ) {
      errorPage('This consent form is not valid. Go back to the app and start again.')
    }
    const decision = form.get('decision')
    if (decision !== 'allow' && decision !== 'deny') errorPage('Choose Allow or Deny.')
    if (decision === 'deny') return deny(core, tenant, flow, 'user pressed Deny')
    if (core.flags.has('oauth-deny')) return deny(core, tenant, flow, 'scenario oauth-deny')
    tenant.oauthFlows.delete(flow)
    const now = core.clock.now()
    const code = await tenant.oauthCodes.insert({
      id: core.random.hex(48),
      tenant: tenant.tenant.slug,
      clientId: app.clientId,
      userId: flow.userId,
      redirectUri: flow.redirectUri,
      redirectUriGiven: flow.redirectUriGiven,
      scopes: flow.scopes,
      codeChallenge: flow.codeChallenge,
      expiresAt: new Date(now + CODE_TTL_MS).toISOString(),
      usedAt: null,
      createdAt: new Date(now).toISOString(),
    })
    const who = tenant.users.get(flow.userId)?.email ?? `user #${flow.userId}`
    core.change(
      'oauth.code-issued',
      tenant.tenant.slug,
      `${who} allowed "${app.name}" (${flow.scopes.join(' ')})`,
      { code: code.id },
    )
    return redirectTo(flow.redirectUri, { code: code.id, state: flow.state })
  })
}

function deny(core: SandboxCore, tenant: TenantDb, flow: OAuthFlow, why: string): AuthorizeStep {
  tenant.oauthFlows.delete(flow)
  core.change('oauth.denied', tenant.tenant.slug, `Consent denied for ${flow.clientId} (${why})`)
  return redirectTo(flow.redirectUri, {
    error: 'access_denied',
    error_description: 'The user denied the request.',
    state: flow.state,
  })
}
