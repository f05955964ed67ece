import { effectiveRoles } from '../auth/roles.ts'
import type { TenantDb } from '../db/database.ts'
import type { OAuthApp, OAuthFlow, OAuthScope } from '../db/oauth-schema.ts'
import type { User } from '../db/schema.ts'
import { html } from '../http/respond.ts'
import type { SandboxResponse } from '../http/types.ts'

// The "Log in with Orgo" pages: plain HTML forms, no JavaScript, one column that reads on a phone.

export const PAGE_HEADERS = {
  'Cache-Control': 'no-store',
  // Consent must not be clickjacked into an iframe (RFC 6749 10.13).
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

const SCOPE_WORDS: Record<OAuthScope, (tenant: string) => string> = {
  profile: () => 'See your name and profile picture',
  email: () => 'See your email address',
  groups: (tenant) => `See which groups you belong to in ${tenant}`,
  roles: (tenant) => `See your roles in ${tenant} (user, member, admin)`,
}

/** The sandbox's page frame: its warning banner, one card, everything interpolated already escaped. */
export function layout(
  title: string,
  color: string,
  body: string,
  footer = 'OAuth 2.0 authorization code flow',
): string {
  const accent = /^#[0-9a-f]{3,8}$/i.test(color) ? color : '#1c7ed6'
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Orgo sandbox</title>
<style>
  :root { --accent: ${accent}; color-scheme: light; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f1f3f5; color: #212529; }
  .sandbox { background: repeating-linear-gradient(135deg, #ffd43b 0 14px, #fcc419 14px 28px); color: #212529; text-align: center; padding: .5rem 1rem; font-weight: 600; font-size: .9rem; }
  main { max-width: 28rem; margin: 1.5rem auto; padding: 0 1rem; }
  .card { background: #fff; border-radius: 12px; box-shadow: 0 1px 3px rgba(0,0,0,.12); padding: 1.5rem; }
  h1 { font-size: 1.35rem; line-height: 1.3; margin: 0 0 .5rem; }
  h2 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
  p { margin: .5rem 0; }
  .muted { color: #495057; font-size: .9rem; }
  .tenant { color: var(--accent); font-weight: 700; letter-spacing: .02em; text-transform: uppercase; font-size: .8rem; }
  label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
  input[type=email], input[type=password] { width: 100%; font: inherit; padding: .65rem .75rem; border: 1px solid #adb5bd; border-radius: 8px; }
  button { font: inherit; font-weight: 600; width: 100%; padding: .75rem; border-radius: 8px; border: 1px solid var(--accent); cursor: pointer; margin-top: 1rem; }
  .primary { background: var(--accent); color: #fff; }
  .secondary { background: #fff; color: #212529; border-color: #adb5bd; }
  .alert { background: #fff5f5; border: 1px solid #ffa8a8; color: #c92a2a; border-radius: 8px; padding: .65rem .75rem; margin: 1rem 0 0; }
  ul.scopes { padding-left: 1.25rem; }
  ul.scopes li { margin: .35rem 0; }
  .users button { text-align: left; background: #f8f9fa; border-color: #dee2e6; color: #212529; font-weight: 400; margin-top: .5rem; }
  .users strong { display: block; }
  .actions { display: flex; gap: .75rem; }
  .actions button { flex: 1; }
  code { background: #f1f3f5; padding: 0 .25rem; border-radius: 4px; overflow-wrap: anywhere; }
  pre { background: #212529; color: #f8f9fa; padding: .75rem; border-radius: 8px; overflow-x: auto; font-size: .85rem; white-space: pre-wrap; overflow-wrap: anywhere; }
  footer { text-align: center; margin: 1.5rem 0; }
</style>
</head>
<body>
<div class="sandbox" role="note">SANDBOX · Orgo API sandbox for local testing, not the real Orgo. Never enter real passwords here.</div>
<main>
<div class="card">
${body}
</div>
<footer class="muted">Orgo sandbox · ${escapeHtml(footer)}</footer>
</main>
</body>
</html>
`
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`
}

function originOf(uri: string): string {
  try {
    const url = new URL(uri)
    return url.origin === 'null' ? `${url.protocol}${url.pathname}` : url.origin
  } catch {
    return uri
  }
}

export interface SignInPage {
  flow: OAuthFlow
  app: OAuthApp
  tenant: TenantDb
  error?: string
  email?: string
}

/** Sign-in page: the app's tenant, email and password, and the sandbox's one-click list of users. */
export function signInPage({ flow, app, tenant, error, email }: SignInPage): SandboxResponse {
  const t = tenant.tenant
  const users = tenant.users
    .all()
    .slice(0, 12)
    .map((u) => {
      const roles = effectiveRoles(u)
        .filter((r) => r !== 'ROLE_USER')
        .map((r) => r.replace('ROLE_', '').toLowerCase())
      return `<button type="submit" name="user_id" value="${u.id}"><strong>${escapeHtml(`${u.firstName} ${u.lastName}`)}</strong><span class="muted">${escapeHtml(u.email)}${roles.length ? ` · ${roles.join(', ')}` : ''}</span></button>`
    })
    .join('\n')
  const body = `<p class="tenant">${escapeHtml(t.name)}</p>
<h1>Sign in to continue to ${escapeHtml(app.name)}</h1>
<p class="muted">Use your ${escapeHtml(t.name)} account.</p>
${error ? `<p class="alert" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/oauth/authorize/sign-in">
${hidden('flow', flow.id)}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(email ?? '')}"${error ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${error ? ' autofocus' : ''}>
<button class="primary" type="submit">Sign in</button>
</form>
<h2>Sandbox shortcut: sign in as a seeded user</h2>
<p class="muted">One click, no password. Seeded users' password is <code>password</code>.</p>
<form method="post" action="/oauth/authorize/sign-in" class="users">
${hidden('flow', flow.id)}
${users}
</form>`
  return html(layout(`Sign in to ${app.name}`, t.settings.primaryColor, body), 200, PAGE_HEADERS)
}

/** Consent page: the app, the account, each scope in plain words, Allow and Deny. */
export function consentPage(flow: OAuthFlow, app: OAuthApp, tenant: TenantDb, user: User): SandboxResponse {
  const t = tenant.tenant
  const scopes = flow.scopes.map((s) => `<li>${escapeHtml(SCOPE_WORDS[s](t.name))}</li>`).join('\n')
  const body = `<p class="tenant">${escapeHtml(t.name)}</p>
<h1>${escapeHtml(app.name)} wants to access your ${escapeHtml(t.name)} account</h1>
<p class="muted">Signed in as <strong>${escapeHtml(`${user.firstName} ${user.lastName}`)}</strong> (${escapeHtml(user.email)})</p>
${app.description ? `<p>${escapeHtml(app.description)}</p>` : ''}
<h2>This will allow ${escapeHtml(app.name)} to:</h2>
<ul class="scopes">
${scopes}
</ul>
<p class="muted">You will be sent back to <code>${escapeHtml(originOf(flow.redirectUri))}</code>.</p>
<form method="post" action="/oauth/authorize/consent">
${hidden('flow', flow.id)}
${hidden('consent_token', flow.consentToken ?? '')}
<div class="actions">
<button class="secondary" type="submit" name="decision" value="deny">Deny</button>
<button class="primary" type="submit" name="decision" value="allow">Allow</button>
</div>
</form>`
  return html(layout(`Allow ${app.name}?`, t.settings.primaryColor, body), 200, PAGE_HEADERS)
}

/** RFC 6749 4.1.2.1: the request cannot be trusted enough to redirect, so the user reads why here. */
export function errorPage(message: string, status: number): SandboxResponse {
  const body = `<h1>This sign-in request cannot continue</h1>
<p class="alert" role="alert">${escapeHtml(message)}</p>
<p class="muted">You were not sent back to the app because its request could not be verified (RFC 6749 4.1.2.1). If you are the app's developer, check the client_id and that the redirect_uri matches a registered one exactly.</p>`
  return html(layout('Sign-in error', '#c92a2a', body), status, PAGE_HEADERS)
}
