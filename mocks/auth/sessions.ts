import type { SandboxCore } from '../core.ts'
import type { TenantDb } from '../db/database.ts'
import type { RefreshToken, User } from '../db/schema.ts'
import { unauthorized } from '../http/errors.ts'
import type { Principal } from './principal.ts'
import { effectiveRoles } from './roles.ts'

/** gesdinet/jwt-refresh-token-bundle defaults as Orgo runs it: 128 hex characters, 30 days. */
export const REFRESH_TTL_MS = 30 * 24 * 3600 * 1000

export interface TokenPair {
  token: string
  refresh_token: string
}

/** A password login: a session bound to the tenant host that issued it, a JWT and a refresh token. */
export async function startSession(core: SandboxCore, tenant: TenantDb, user: User): Promise<TokenPair> {
  const now = core.clock.now()
  const session = await tenant.sessions.insert({
    id: core.random.uuid(),
    tenant: tenant.tenant.slug,
    userId: user.id,
    createdAt: new Date(now).toISOString(),
  })
  const refresh = await issueRefreshToken(core, tenant, session.id, user.id)
  const token = await core.jwt.sign({ username: user.email, roles: effectiveRoles(user), session_id: session.id })
  core.change('jwt.issued', tenant.tenant.slug, `JWT session for ${user.email}`, { sessionId: session.id, token })
  return { token, refresh_token: refresh.id }
}

async function issueRefreshToken(
  core: SandboxCore,
  tenant: TenantDb,
  sessionId: string,
  userId: number,
): Promise<RefreshToken> {
  const now = core.clock.now()
  return tenant.refreshTokens.insert({
    id: core.random.hex(128),
    tenant: tenant.tenant.slug,
    sessionId,
    userId,
    expiresAt: new Date(now + REFRESH_TTL_MS).toISOString(),
    revokedAt: null,
    createdAt: new Date(now).toISOString(),
  })
}

/**
 * POST /api/v1/token/refresh (gesdinet bundle): a new JWT for the refresh token's session. Reusable until
 * expiry by default; with the `single-use-refresh` scenario the old token dies and a new one is returned.
 */
export async function refreshSession(core: SandboxCore, tenant: TenantDb, value: unknown): Promise<TokenPair> {
  if (typeof value !== 'string' || value === '') unauthorized('Missing JWT Refresh Token', { jwt: true })
  // Another tenant's refresh token is simply not found on this host.
  const refresh = tenant.refreshTokens.get(value)
  if (!refresh) unauthorized('JWT Refresh Token Not Found', { jwt: true })
  if (refresh.revokedAt || Date.parse(refresh.expiresAt) <= core.clock.now()) {
    unauthorized('Invalid JWT Refresh Token', { jwt: true, reason: refresh.revokedAt ? 'refresh token used' : 'expired' })
  }
  const user = tenant.users.get(refresh.userId)
  if (!user) unauthorized('JWT Refresh Token Not Found', { jwt: true, reason: 'user deleted' })
  const token = await core.jwt.sign({ username: user.email, roles: effectiveRoles(user), session_id: refresh.sessionId })
  if (!core.flags.has('single-use-refresh')) return { token, refresh_token: refresh.id }
  await tenant.refreshTokens.update(refresh, (draft) => {
    draft.revokedAt = new Date(core.clock.now()).toISOString()
  })
  const next = await issueRefreshToken(core, tenant, refresh.sessionId, user.id)
  return { token, refresh_token: next.id }
}

/** `Authorization: Bearer <jwt>` for password sessions; lexik's messages for every failure. */
export async function authenticateJwt(core: SandboxCore, tenant: TenantDb, token: string): Promise<Principal> {
  const check = await core.jwt.verify(token)
  if (!check.ok) {
    if (check.error === 'expired') unauthorized('Expired JWT Token', { jwt: true, reason: 'exp is past' })
    unauthorized('Invalid JWT Token', { jwt: true, reason: 'bad signature or malformed' })
  }
  if (core.flags.has('expired-jwt')) unauthorized('Expired JWT Token', { jwt: true, reason: 'scenario expired-jwt' })
  const { claims } = check
  const sessionId = claims.session_id
  // A JWT issued for another tenant's host names a session this tenant does not have.
  const session = typeof sessionId === 'string' ? tenant.sessions.get(sessionId) : undefined
  if (!session) unauthorized('Invalid JWT Token', { jwt: true, reason: 'session not on this tenant' })
  const user = tenant.users.get(session.userId)
  if (!user) unauthorized('Invalid JWT Token', { jwt: true, reason: 'user deleted' })
  return { method: 'jwt', tenant: tenant.tenant.slug, user, readOnly: false, label: user.email }
}
