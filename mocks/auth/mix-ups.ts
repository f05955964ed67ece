import type { SandboxCore } from '../core.ts'
import type { TenantDb } from '../db/database.ts'
import type { SandboxRequest } from '../http/types.ts'

/**
 * The fixes for the credential mix-ups newcomers make (issue 27). Each refusal keeps Orgo's own 401 text; these
 * hints go to `X-Sandbox-Hint` and the request log only. Called on refusals alone, never on the success path.
 * Orgo's Authentication page: `Api-Token: <token>` raw, `Authorization: Bearer <jwt>`, tokens bound to a tenant.
 */

/** A JWT's shape (RFC 7519 compact serialization: three base64url parts, a JSON header). */
const JWT_SHAPE = /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/

/** Header names people try for an Api-Token, lower-cased as Node delivers them. */
const WRONG_TOKEN_HEADERS = ['x-api-token', 'apitoken', 'api_token', 'x-api-key', 'api-key', 'x-auth-token']

/** The tenant other than `here` whose store knows `value` as an Api-Token, a JWT session or an OAuth token. */
function ownerOf(core: SandboxCore, here: TenantDb, find: (tenant: TenantDb) => unknown): string | undefined {
  for (const [slug, tenant] of core.db.tenants) if (tenant !== here && find(tenant)) return slug
  return undefined
}

/** `globex.localhost:4010` from `acme.localhost:4010`: the caller's own base and port, the other tenant's label. */
export function hostOfTenant(core: SandboxCore, here: TenantDb, requestHost: string, slug: string): string {
  const current = `${here.tenant.slug}.`
  if (requestHost.toLowerCase().startsWith(current)) return slug + requestHost.slice(here.tenant.slug.length)
  const port = /:\d{1,5}$/.exec(requestHost)?.[0] ?? ''
  return `${slug}.${core.options.baseDomains[0]!}${port}`
}

function otherTenant(core: SandboxCore, here: TenantDb, req: SandboxRequest, slug: string, what: string) {
  return `This ${what} belongs to tenant "${slug}": call ${hostOfTenant(core, here, req.host, slug)}, tokens work only on their own tenant's host.`
}

/** An `Api-Token` header no token of this tenant has: a JWT, a Bearer prefix, or another tenant's token. */
export function apiTokenHint(
  core: SandboxCore,
  tenant: TenantDb,
  req: SandboxRequest,
  value: string,
): string | undefined {
  if (/^bearer\s/i.test(value))
    return 'The Api-Token header takes the raw token: remove the "Bearer " prefix.'
  if (JWT_SHAPE.test(value))
    return 'This is a JWT: send it as "Authorization: Bearer <jwt>"; the Api-Token header takes an Api-Token.'
  const owner = ownerOf(core, tenant, (t) => t.apiTokens.findUnique('token', value))
  return owner && otherTenant(core, tenant, req, owner, 'Api-Token')
}

/** An `Authorization: Bearer` value that is no JWT or OAuth token of this tenant. */
export function bearerHint(
  core: SandboxCore,
  tenant: TenantDb,
  req: SandboxRequest,
  token: string,
): string | undefined {
  if (tenant.apiTokens.findUnique('token', token))
    return 'This is an Api-Token: send it as its own header "Api-Token: <token>", without Authorization or Bearer.'
  const apiOwner = ownerOf(core, tenant, (t) => t.apiTokens.findUnique('token', token))
  if (apiOwner)
    return `This is an Api-Token of tenant "${apiOwner}": send it as "Api-Token: <token>" to ${hostOfTenant(core, tenant, req.host, apiOwner)}.`
  const oauthOwner = ownerOf(core, tenant, (t) => t.oauthTokens.get(token))
  return oauthOwner && otherTenant(core, tenant, req, oauthOwner, 'OAuth access token')
}

/** A JWT whose session lives in another tenant (a login made against another tenant's host). */
export function jwtTenantHint(
  core: SandboxCore,
  tenant: TenantDb,
  req: SandboxRequest,
  sessionId: unknown,
): string | undefined {
  if (typeof sessionId !== 'string') return undefined
  const owner = ownerOf(core, tenant, (t) => t.sessions.get(sessionId))
  return owner && otherTenant(core, tenant, req, owner, 'JWT')
}

/** No credential the guard reads: an Api-Token in Authorization or under another header name. */
export function missingCredentialHint(req: SandboxRequest): string | undefined {
  const authorization = req.header('authorization')?.trim()
  if (authorization) {
    const scheme = /^(\S+)\s/.exec(authorization)?.[1] ?? authorization
    if (/^(api-?token|token|apikey|api-key)$/i.test(scheme))
      return `Send the Api-Token as its own header "Api-Token: <token>", not as "Authorization: ${scheme.slice(0, 20)} <token>".`
    return 'Authorization takes "Bearer <jwt>"; an Api-Token goes in its own header "Api-Token: <token>".'
  }
  for (const name of WRONG_TOKEN_HEADERS) {
    if (req.header(name) !== null)
      return `The header is named "Api-Token" (raw token, no prefix), not "${name}".`
  }
  return undefined
}
