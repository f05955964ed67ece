import type { SandboxCore } from '../core.ts'
import type { TenantDb } from '../db/database.ts'
import type { Role } from '../db/schema.ts'
import { forbidden, unauthorized } from '../http/errors.ts'
import type { SandboxRequest } from '../http/types.ts'
import { authenticateApiToken, assertMayWrite } from './api-token.ts'
import { missingCredentialHint } from './mix-ups.ts'
import { withGrants } from './grants.ts'
import { authenticateContactHash, CONTACT_HASH_HEADER } from './contact-hash.ts'
import { authenticateOAuthBearer } from './oauth-bearer.ts'
import type { Principal } from './principal.ts'
import { hasRole } from './roles.ts'
import { authenticateJwt } from './sessions.ts'

const BEARER = /^Bearer\s+(\S.*)$/i

/**
 * Turns a request into a principal or throws the 401 the real API gives. Precedence follows Orgo's firewall:
 * Api-Token, then a Bearer JWT, then X-Contact-Hash; none of them -> lexik's "JWT Token not found".
 */
export async function authenticate(
  core: SandboxCore,
  tenant: TenantDb,
  req: SandboxRequest,
): Promise<Principal> {
  const principal = await credentialOf(core, tenant, req)
  // The user as this request finds them: with what their user_roles grant now (a revoked role stops here).
  const user = principal.user
  if (!user) return principal
  const granted = withGrants(tenant, user, core.clock.now())
  // The same principal while its user's grants add nothing (no user_roles touched yet): no copy on the hot path.
  return granted === user ? principal : { ...principal, user: granted }
}

async function credentialOf(core: SandboxCore, tenant: TenantDb, req: SandboxRequest): Promise<Principal> {
  const apiToken = req.header('api-token')
  if (apiToken !== null) {
    const principal = authenticateApiToken(core, tenant, req, apiToken)
    if (core.flags.has('revoked-tokens'))
      unauthorized('API token has been revoked.', { reason: 'scenario revoked-tokens' })
    // The `read-only` scenario: every Api-Token acts read-only.
    return core.flags.has('read-only') ? { ...principal, readOnly: true } : principal
  }
  const authorization = req.header('authorization')
  if (authorization !== null) {
    const match = BEARER.exec(authorization.trim())
    if (match) {
      const token = match[1]!.trim()
      // An OAuth access token of this tenant (SPEC 6, /api/v1/me only); anything else is checked as a JWT.
      return authenticateOAuthBearer(core, tenant, req, token) ?? authenticateJwt(core, tenant, token, req)
    }
  }
  const contactHash = req.header(CONTACT_HASH_HEADER)
  if (contactHash !== null) return authenticateContactHash(tenant, contactHash, req)
  // lexik's answer whatever else was sent; the hint names the header or scheme mix-up, if it is one.
  const hint = missingCredentialHint(req)
  unauthorized('JWT Token not found', {
    jwt: true,
    reason: hint ? 'credential in the wrong header' : 'no credential',
    hint,
  })
}

/** Role and read-only checks in one place: handlers state what they need, the guard says no. */
export function authorize(principal: Principal, method: string, role: Role | null): void {
  assertMayWrite(principal, method)
  if (role && !(principal.user && hasRole(principal.user, role))) forbidden(`${role} required`)
}
