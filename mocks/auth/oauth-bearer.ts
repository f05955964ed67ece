import type { SandboxCore } from '../core.ts'
import type { TenantDb } from '../db/database.ts'
import type { OAuthScope } from '../db/oauth-schema.ts'
import type { User } from '../db/schema.ts'
import { HttpError } from '../http/errors.ts'
import type { SandboxRequest } from '../http/types.ts'
import { checkAccessToken } from './oauth-tokens.ts'
import type { Principal } from './principal.ts'
import { effectiveRoles } from './roles.ts'

/**
 * `Authorization: Bearer <access token>` on the API. Undefined when the value is no OAuth access token of this
 * tenant, so the guard goes on to the JWT check (another tenant's token is then lexik's 401 "Invalid JWT Token").
 * A live token acts for its user on the tenant's whole API, with that user's permissions (SPEC 6): Orgo's own
 * client (orgo-mcp) forwards it on every call.
 */
export function authenticateOAuthBearer(
  core: SandboxCore,
  tenant: TenantDb,
  req: SandboxRequest,
  value: string,
): Principal | undefined {
  const record = tenant.oauthTokens.get(value)
  if (!record || record.kind !== 'access') return undefined
  const check = checkAccessToken(core, [tenant], value)
  if (!check.ok) {
    // RFC 6750 3.1: a known but dead token says why in the challenge.
    throw new HttpError(401, check.description, {
      headers: {
        'WWW-Authenticate': `Bearer error="invalid_token", error_description="${check.description}"`,
      },
      reason: 'OAuth access token not live',
    })
  }
  const app = tenant.oauthApps.findUnique('clientId', record.clientId)
  return {
    method: 'oauth',
    tenant: tenant.tenant.slug,
    user: check.user,
    readOnly: false,
    label: `${check.user.email} (OAuth "${app?.name ?? record.clientId}")`,
    scopes: record.scopes,
  }
}

/** `GET /oauth/userinfo`: `sub` always, the rest by granted scope (SPEC 6); absent claims are left out. */
export function userinfoClaims(
  tenant: TenantDb,
  user: User,
  scopes: readonly OAuthScope[],
): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: String(user.id) }
  if (scopes.includes('profile')) {
    claims.name = `${user.firstName} ${user.lastName}`.trim()
    // Seeded users have no photo; Orgo sends null then rather than a placeholder (sandbox choice).
    claims.picture = null
  }
  if (scopes.includes('email')) claims.email = user.email
  if (scopes.includes('groups'))
    claims.groups = tenant.groups
      .all()
      .filter((g) => g.memberIds.includes(user.id))
      .map((g) => g.name)
  if (scopes.includes('roles')) claims.roles = effectiveRoles(user)
  return claims
}
