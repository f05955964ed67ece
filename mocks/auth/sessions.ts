import type { SandboxCore } from '../core.ts'
import type { TenantDb } from '../db/database.ts'
import type { RefreshToken, Session, User } from '../db/schema.ts'
import { unauthorized } from '../http/errors.ts'
import type { SandboxRequest } from '../http/types.ts'
import type { JwtClaims } from './jwt.ts'
import { bearerHint, jwtTenantHint } from './mix-ups.ts'
import { authenticateOtpClaims } from './otp.ts'
import type { Principal } from './principal.ts'
import { effectiveRoles } from './roles.ts'

/** gesdinet/jwt-refresh-token-bundle defaults as Orgo runs it: 128 hex characters, 30 days. */
export const REFRESH_TTL_MS = 30 * 24 * 3600 * 1000

export interface TokenPair {
  token: string
  refresh_token: string
}

export type AuthStrength = NonNullable<Session['authStrength']>

/**
 * A login: a session bound to the tenant host that issued it, a JWT and a refresh token. The session keeps
 * how the user proved itself, so a refresh issues the same kind of JWT.
 */
export async function startSession(
  core: SandboxCore,
  tenant: TenantDb,
  user: User,
  authStrength: AuthStrength = 'password',
): Promise<TokenPair> {
  const now = core.clock.now()
  const session = await tenant.sessions.insert({
    id: core.random.uuid(),
    tenant: tenant.tenant.slug,
    userId: user.id,
    authStrength,
    createdAt: new Date(now).toISOString(),
  })
  const refresh = await issueRefreshToken(core, tenant, session.id, user.id)
  const token = await core.jwt.sign(sessionClaims(session, user))
  const kind = authStrength === 'OTP' ? ' (OTP)' : ''
  core.change('jwt.issued', tenant.tenant.slug, `JWT session${kind} for ${user.email}`, {
    sessionId: session.id,
    token,
  })
  return { token, refresh_token: refresh.id }
}

/**
 * Orgo Authentication page: password JWTs carry `session_id`; OTP JWTs carry `auth_strength: "OTP"` and
 * `verified_email` instead, plus the issuing tenant (sandbox choice) so another host can tell them apart, and
 * the session as RFC 7519 4.1.7 `jti`, so only a verification this sandbox issued is accepted (findings-3 N10).
 */
function sessionClaims(session: Session, user: User): Omit<JwtClaims, 'iat' | 'exp'> {
  const base = { username: user.email, roles: effectiveRoles(user) }
  if (session.authStrength !== 'OTP') return { ...base, session_id: session.id }
  return {
    ...base,
    auth_strength: 'OTP',
    verified_email: user.email,
    tenant: session.tenant,
    jti: session.id,
  }
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
export async function refreshSession(
  core: SandboxCore,
  tenant: TenantDb,
  value: unknown,
): Promise<TokenPair> {
  if (typeof value !== 'string' || value === '') unauthorized('Missing JWT Refresh Token', { jwt: true })
  // Another tenant's refresh token is simply not found on this host.
  const refresh = tenant.refreshTokens.get(value)
  if (!refresh) unauthorized('JWT Refresh Token Not Found', { jwt: true })
  if (
    refresh.revokedAt ||
    Date.parse(refresh.expiresAt) <= core.clock.now() ||
    core.flags.has('revoked-tokens')
  ) {
    unauthorized('Invalid JWT Refresh Token', {
      jwt: true,
      reason: refresh.revokedAt ? 'refresh token used' : 'expired',
    })
  }
  const user = tenant.users.get(refresh.userId)
  const session = tenant.sessions.get(refresh.sessionId)
  if (!user || !session)
    unauthorized('JWT Refresh Token Not Found', { jwt: true, reason: 'user or session deleted' })
  const singleUse = core.flags.has('single-use-refresh')
  // RFC 9700 4.14.2 rotation: the old token dies before the first await, so of N concurrent uses one wins.
  if (singleUse)
    tenant.refreshTokens.updateNow(refresh, (draft) => {
      draft.revokedAt = new Date(core.clock.now()).toISOString()
    })
  const next = singleUse ? await issueRefreshToken(core, tenant, refresh.sessionId, user.id) : refresh
  const token = await core.jwt.sign(sessionClaims(session, user))
  // The dashboard lists JWTs from the feed: a refreshed one is a new credential to show.
  core.change('jwt.issued', tenant.tenant.slug, `JWT refreshed for ${user.email}`, {
    sessionId: session.id,
    token,
  })
  return { token, refresh_token: next.id }
}

/**
 * `Authorization: Bearer <jwt>` for password and OTP sessions; lexik's messages for every failure. The hint
 * names the mix-up behind an "Invalid JWT Token": an Api-Token sent as Bearer, another tenant's JWT.
 */
export async function authenticateJwt(
  core: SandboxCore,
  tenant: TenantDb,
  token: string,
  req: SandboxRequest,
): Promise<Principal> {
  const check = await core.jwt.verify(token)
  if (!check.ok) {
    if (check.error === 'expired') unauthorized('Expired JWT Token', { jwt: true, reason: 'exp is past' })
    const hint = bearerHint(core, tenant, req, token)
    unauthorized('Invalid JWT Token', {
      jwt: true,
      reason: hint ? 'not a JWT of this tenant' : 'bad signature or malformed',
      hint,
    })
  }
  if (core.flags.has('expired-jwt'))
    unauthorized('Expired JWT Token', { jwt: true, reason: 'scenario expired-jwt' })
  const { claims } = check
  if (claims.auth_strength === 'OTP') return authenticateOtpClaims(core, tenant, claims, req)
  const sessionId = claims.session_id
  // A JWT issued for another tenant's host names a session this tenant does not have.
  const session = typeof sessionId === 'string' ? tenant.sessions.get(sessionId) : undefined
  if (!session || session.authStrength === 'OTP') {
    unauthorized('Invalid JWT Token', {
      jwt: true,
      reason: 'session not on this tenant',
      hint: jwtTenantHint(core, tenant, req, sessionId),
    })
  }
  const user = tenant.users.get(session.userId)
  if (!user) unauthorized('Invalid JWT Token', { jwt: true, reason: 'user deleted' })
  // lexik loads the user by the `username` claim: a JWT is only ever its own user's (findings-3 N1).
  if (claims.username !== user.email)
    unauthorized('Invalid JWT Token', { jwt: true, reason: 'username is not the session user' })
  return { method: 'jwt', tenant: tenant.tenant.slug, user, readOnly: false, label: user.email }
}
