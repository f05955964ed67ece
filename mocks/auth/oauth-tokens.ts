import { bytesToBase64Url } from '../bytes.ts'
import type { SandboxCore } from '../core.ts'
import type { TenantDb } from '../db/database.ts'
import type { OAuthScope, OAuthToken } from '../db/oauth-schema.ts'
import type { User } from '../db/schema.ts'
import { OAuthError } from '../http/errors.ts'
import { CODE_TTL_MS, parseScope, PKCE_VALUE } from './oauth.ts'
import {
  invalidClient,
  invalidGrant,
  invalidRequest,
  NO_CLIENT_PROOF,
  SECRET_AND_VERIFIER,
  type AuthenticatedClient,
} from './oauth-client-auth.ts'

/** SPEC 6: `"expires_in": 3600`. */
export const ACCESS_TOKEN_TTL_MS = 3600_000
/** Sandbox choice: OAuth refresh tokens live as long as Orgo's JWT refresh tokens, 30 days. */
export const OAUTH_REFRESH_TTL_MS = 30 * 24 * 3600_000

async function s256(verifier: string): Promise<string> {
  return bytesToBase64Url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  )
}

export interface TokenResponse {
  access_token: string
  token_type: 'Bearer'
  expires_in: number
  refresh_token: string
  scope: string
}

/** `grant_type=authorization_code` (RFC 6749 4.1.3, RFC 7636 4.6). */
export async function exchangeCode(
  core: SandboxCore,
  client: AuthenticatedClient,
  form: URLSearchParams,
): Promise<TokenResponse> {
  const { app, tenant } = client
  const verifier = form.get('code_verifier')
  // SPEC 6: a client proves itself with its secret or with PKCE, one of the two.
  if (client.secret && verifier !== null) invalidClient(SECRET_AND_VERIFIER, client.basic)
  if (!client.secret && verifier === null) invalidClient(NO_CLIENT_PROOF, client.basic)
  const value = form.get('code')
  if (!value) invalidRequest('The request has no code.')
  // Hash first: from the lookup to `usedAt` nothing waits on I/O, so two concurrent redemptions of one code
  // cannot both pass the checks (RFC 6749 4.1.2: single use).
  const verifierHash = verifier !== null && PKCE_VALUE.test(verifier) ? await s256(verifier) : null
  const code = tenant.oauthCodes.get(value)
  if (!code || code.clientId !== app.clientId) invalidGrant('The authorization code is invalid.')
  if (code.usedAt) {
    const revoked = await revokeGrant(core, tenant, code.id)
    invalidGrant(
      `The authorization code was already used; the ${revoked} token(s) issued from it are now revoked (RFC 6749 4.1.2).`,
    )
  }
  if (Date.parse(code.expiresAt) <= core.clock.now())
    invalidGrant(`The authorization code expired (codes live ${CODE_TTL_MS / 1000} seconds).`)
  const redirectUri = form.get('redirect_uri')
  if (redirectUri === null && code.redirectUriGiven)
    invalidRequest('The request has no redirect_uri; it must repeat the one authorized.')
  if (redirectUri !== null && redirectUri !== code.redirectUri)
    invalidGrant('redirect_uri differs from the one authorized.')
  if (code.codeChallenge !== null) {
    if (verifier === null) invalidGrant('This code was issued with a code_challenge: send its code_verifier.')
    if (!PKCE_VALUE.test(verifier))
      invalidRequest('code_verifier must be 43 to 128 characters (RFC 7636 4.1).')
    if (verifierHash !== code.codeChallenge) invalidGrant('code_verifier does not match the code_challenge.')
  } else if (verifier !== null) {
    invalidGrant('This code was issued without a code_challenge: authenticate with client_secret.')
  }
  const user = tenant.users.get(code.userId)
  if (!user) invalidGrant('The user who authorized this code no longer exists.')
  await tenant.oauthCodes.update(code, (draft) => {
    draft.usedAt = new Date(core.clock.now()).toISOString()
  })
  const refresh = await issueToken(core, tenant, 'refresh', {
    clientId: app.clientId,
    user,
    scopes: code.scopes,
    codeId: code.id,
    clientAuth: client.secret ? 'secret' : 'pkce',
  })
  const access = await issueToken(core, tenant, 'access', { ...refresh, user })
  core.change(
    'oauth.token-issued',
    tenant.tenant.slug,
    `"${app.name}" got tokens for ${user.email} (${code.scopes.join(' ')})`,
    {
      access_token: access.id,
      refresh_token: refresh.id,
    },
  )
  return tokenResponse(access, refresh)
}

/** `grant_type=refresh_token` (RFC 6749 6): a new access token; the refresh token stays until revoked or expired. */
export async function refreshGrant(
  core: SandboxCore,
  client: AuthenticatedClient,
  form: URLSearchParams,
): Promise<TokenResponse> {
  const { app, tenant } = client
  const value = form.get('refresh_token')
  if (!value) invalidRequest('The request has no refresh_token.')
  const refresh = tenant.oauthTokens.get(value)
  if (!refresh || refresh.kind !== 'refresh' || refresh.clientId !== app.clientId)
    invalidGrant('The refresh token is invalid.')
  // RFC 6749 6: a client that has a secret and used it must authenticate again; a PKCE client has only its id.
  if (refresh.clientAuth === 'secret' && !client.secret)
    invalidClient('Client authentication failed: this grant needs the client_secret.', client.basic)
  if (refresh.revokedAt) invalidGrant('The refresh token was revoked.')
  if (Date.parse(refresh.expiresAt) <= core.clock.now()) invalidGrant('The refresh token expired.')
  let scopes = refresh.scopes
  const scope = form.get('scope')
  if (scope !== null && scope.trim() !== '') {
    const parsed = parseScope(scope)
    if (parsed.invalid !== undefined)
      throw new OAuthError(400, 'invalid_scope', `Unknown scope "${parsed.invalid}".`)
    const extra = parsed.scopes.find((s) => !refresh.scopes.includes(s))
    if (extra)
      throw new OAuthError(400, 'invalid_scope', `The scope "${extra}" was not granted (RFC 6749 6).`)
    scopes = parsed.scopes
  }
  const user = tenant.users.get(refresh.userId)
  if (!user) invalidGrant('The user of this refresh token no longer exists.')
  // RFC 9700 4.14.2: a public (PKCE) client's refresh token is rotated: spent now, before any await, so a
  // replayed or raced one is invalid_grant. A confidential client's stays (it is bound by the secret).
  const rotate = refresh.clientAuth === 'pkce'
  if (rotate)
    tenant.oauthTokens.updateNow(refresh, (draft) => {
      draft.revokedAt = new Date(core.clock.now()).toISOString()
    })
  const next = rotate ? await issueToken(core, tenant, 'refresh', { ...refresh, user }) : refresh
  const access = await issueToken(core, tenant, 'access', { ...refresh, user, scopes })
  core.change(
    'oauth.token-refreshed',
    tenant.tenant.slug,
    `"${app.name}" refreshed a token for ${user.email}${rotate ? ' (refresh token rotated)' : ''}`,
    { access_token: access.id, ...(rotate ? { refresh_token: next.id } : {}) },
  )
  return tokenResponse(access, next)
}

/**
 * `POST /__sandbox/oauth-tokens` (SPEC 10): the token response a finished authorization code flow gives, for a
 * test that needs an OAuth user without driving the pages. Same records, so refresh and revoke work as usual.
 */
export async function mintOAuthGrant(
  core: SandboxCore,
  tenant: TenantDb,
  grant: { clientId: string; user: User; scopes: OAuthScope[]; clientAuth: OAuthToken['clientAuth'] },
): Promise<TokenResponse> {
  const codeId = `sandbox:${core.random.hex(16)}`
  const refresh = await issueToken(core, tenant, 'refresh', { ...grant, codeId })
  const access = await issueToken(core, tenant, 'access', { ...grant, codeId })
  core.change(
    'oauth.token-issued',
    tenant.tenant.slug,
    `Control API minted OAuth tokens for ${grant.user.email} (${grant.scopes.join(' ')})`,
    { access_token: access.id, refresh_token: refresh.id },
  )
  return tokenResponse(access, refresh)
}

function tokenResponse(access: OAuthToken, refresh: OAuthToken): TokenResponse {
  return {
    access_token: access.id,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_TTL_MS / 1000,
    refresh_token: refresh.id,
    scope: access.scopes.join(' '),
  }
}

async function issueToken(
  core: SandboxCore,
  tenant: TenantDb,
  kind: OAuthToken['kind'],
  grant: {
    clientId: string
    user: User
    scopes: OAuthScope[]
    codeId: string
    clientAuth: OAuthToken['clientAuth']
  },
): Promise<OAuthToken> {
  const now = core.clock.now()
  return tenant.oauthTokens.insert({
    id: core.random.hex(kind === 'access' ? 64 : 128),
    kind,
    tenant: tenant.tenant.slug,
    clientId: grant.clientId,
    userId: grant.user.id,
    scopes: grant.scopes,
    codeId: grant.codeId,
    clientAuth: grant.clientAuth,
    expiresAt: new Date(now + (kind === 'access' ? ACCESS_TOKEN_TTL_MS : OAUTH_REFRESH_TTL_MS)).toISOString(),
    revokedAt: null,
    createdAt: new Date(now).toISOString(),
  })
}

/** RFC 6749 4.1.2: a replayed code revokes every token issued from it, access tokens included. */
async function revokeGrant(core: SandboxCore, tenant: TenantDb, codeId: string): Promise<number> {
  const live = tenant.oauthTokens.all().filter((t) => t.codeId === codeId && !t.revokedAt)
  const at = new Date(core.clock.now()).toISOString()
  for (const token of live) await tenant.oauthTokens.update(token, (draft) => void (draft.revokedAt = at))
  core.change(
    'oauth.code-replayed',
    tenant.tenant.slug,
    `Authorization code replayed: ${live.length} token(s) revoked`,
    { code: codeId },
  )
  return live.length
}

/**
 * `POST /oauth/revoke` (RFC 7009 2.1): refresh tokens only; access tokens stay valid until `exp` (SPEC 6), so
 * they answer `unsupported_token_type` (2.2.1). An unknown token is a 200: there is nothing left to revoke (2.2).
 */
export async function revokeToken(
  core: SandboxCore,
  client: AuthenticatedClient,
  form: URLSearchParams,
): Promise<void> {
  const { app, tenant } = client
  const value = form.get('token')
  if (!value) invalidRequest('The request has no token.')
  const token = tenant.oauthTokens.get(value)
  if (!token) return
  if (token.clientId !== app.clientId) invalidGrant('The token was issued to another client.')
  if (token.kind === 'access') {
    throw new OAuthError(
      400,
      'unsupported_token_type',
      'Access tokens cannot be revoked: they stay valid until they expire. Revoke the refresh token.',
    )
  }
  if (token.clientAuth === 'secret' && !client.secret)
    invalidClient('Client authentication failed: this grant needs the client_secret.', client.basic)
  if (token.revokedAt) return
  await tenant.oauthTokens.update(
    token,
    (draft) => void (draft.revokedAt = new Date(core.clock.now()).toISOString()),
  )
  core.change('oauth.token-revoked', tenant.tenant.slug, `"${app.name}" revoked a refresh token`, {
    refresh_token: token.id,
  })
}

export type AccessCheck =
  { ok: true; token: OAuthToken; user: User; tenant: TenantDb } | { ok: false; description: string }

/** An access token's state on the given tenants: found, live, and its user still there. */
export function checkAccessToken(
  core: SandboxCore,
  tenants: readonly TenantDb[],
  value: string,
): AccessCheck {
  for (const tenant of tenants) {
    const token = tenant.oauthTokens.get(value)
    if (!token || token.kind !== 'access') continue
    if (token.revokedAt) return { ok: false, description: 'The access token was revoked.' }
    if (Date.parse(token.expiresAt) <= core.clock.now())
      return { ok: false, description: 'The access token expired.' }
    const user = tenant.users.get(token.userId)
    if (!user) return { ok: false, description: 'The user of this access token no longer exists.' }
    return { ok: true, token, user, tenant }
  }
  return { ok: false, description: 'The access token is invalid.' }
}
