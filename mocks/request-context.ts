import { authenticate, authorize } from './auth/guard.ts'
import type { Principal } from './auth/principal.ts'
import type { SandboxCore } from './core.ts'
import type { TenantDb } from './db/database.ts'
import type { Role } from './db/schema.ts'
import type { Route, RouteContext } from './handlers/route.ts'
import { HttpError, noTenantAt, OAuthError } from './http/errors.ts'
import type { HostInfo } from './http/parse-host.ts'
import { json } from './http/respond.ts'
import type { SandboxRequest, SandboxResponse } from './http/types.ts'
import { SCENARIO_HEADER } from './scenario-flag.ts'

// The pieces of `sandbox.dispatch` that turn a request into a route context and any failure into an answer.

export function createContext(
  core: SandboxCore,
  req: SandboxRequest,
  match: { route: Route; params: Record<string, string> },
  host: HostInfo,
  requestId: string,
  onPrincipal: (principal: Principal) => void,
): RouteContext {
  const { route } = match
  const tenant = host.kind === 'tenant' ? core.tenant(host.slug) : undefined
  if (route.scope === 'tenant' && !tenant) {
    if (host.kind === 'platform') noRoute(req, [])
    noTenantAt(host.hostname, [...core.db.tenants.keys()])
  }
  if (route.scope === 'platform' && host.kind !== 'platform') noRoute(req, [])
  return new RequestContext(core, req, match.params, host, requestId, tenant, onPrincipal)
}

/** A class rather than a closure-laden literal: one allocation per request on the hot path. */
class RequestContext implements RouteContext {
  #authenticated: Promise<Principal> | undefined

  constructor(
    readonly core: SandboxCore,
    readonly req: SandboxRequest,
    readonly params: Record<string, string>,
    readonly host: HostInfo,
    readonly requestId: string,
    private readonly tenantDb: TenantDb | undefined,
    private readonly onPrincipal: (principal: Principal) => void,
  ) {}

  get tenant(): TenantDb {
    return this.tenantDb ?? noTenantAt(this.host.hostname, [...this.core.db.tenants.keys()])
  }

  async auth(role: Role | null = null): Promise<Principal> {
    const tenant = this.tenant
    if (!this.#authenticated) {
      this.#authenticated = authenticate(this.core, tenant, this.req)
      this.onPrincipal(await this.#authenticated)
    }
    const principal = await this.#authenticated
    authorize(principal, this.req.method, role)
    return principal
  }
}

/** Symfony's router wording for a path or method nobody serves. */
export function noRoute(req: SandboxRequest, allowed: string[]): never {
  const target = `${req.method} ${req.protocol}://${req.host}${req.path}`
  if (allowed.length) {
    throw new HttpError(
      405,
      `No route found for "${target}": Method Not Allowed (Allow: ${allowed.join(', ')})`,
      {
        headers: { Allow: allowed.join(', ') },
      },
    )
  }
  throw new HttpError(404, `No route found for "${target}"`)
}

/** A preflight from a page that gets no CORS grant: refused, with nothing that would let the browser go on. */
export function forbiddenPreflight(): SandboxResponse {
  return { status: 403, headers: {} }
}

/**
 * The headers a page asked for, less `X-Sandbox-Scenario`: a fault for one request is the developer's to switch
 * (tests, curl, in process), never a page's, so no cross-origin page may send it (mocks/scenario-engine.ts).
 */
function allowedHeaders(requested: string | null): string {
  if (requested === null) return 'Authorization, Api-Token, X-Contact-Hash, Content-Type, Accept'
  return requested
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '' && name.toLowerCase() !== SCENARIO_HEADER)
    .join(', ')
}

/** SPEC 1: a local front end may call every tenant host, with credentials (the caller checked the origin). */
export function preflight(req: SandboxRequest): SandboxResponse {
  return {
    status: 204,
    headers: {
      'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': allowedHeaders(req.header('access-control-request-headers')),
      'Access-Control-Max-Age': '3600',
    },
  }
}

export function renderError(
  core: SandboxCore,
  error: unknown,
  requestId: string,
  req: SandboxRequest,
): SandboxResponse {
  if (error instanceof HttpError) {
    const shape = core.flags.has('lexik-errors') ? 'lexik' : 'envelope'
    return json(error.toBody(shape), error.status, error.headers)
  }
  if (error instanceof OAuthError) {
    // RFC 6749 5.2: JSON error body, never cached.
    return json({ error: error.error, error_description: error.errorDescription }, error.status, {
      'Cache-Control': 'no-store',
      ...error.headers,
    })
  }
  // The process never dies of a request: anything unexpected is a 500 envelope, logged with its id.
  console.error(`[${requestId}] ${req.method} ${req.path} failed:`, error)
  return json(
    {
      title: 'Internal Server Error',
      detail: `An internal error occurred (request ${requestId}).`,
      status: 500,
    },
    500,
  )
}

export function attemptedMethod(req: SandboxRequest): Principal['method'] | null {
  // The OAuth endpoints' Basic and Bearer credentials are OAuth's, not a JWT.
  if (req.path.startsWith('/oauth/')) return req.header('authorization') !== null ? 'oauth' : null
  if (req.header('api-token') !== null) return 'api-token'
  if (req.header('authorization') !== null) return 'jwt'
  if (req.header('x-contact-hash') !== null) return 'contact-hash'
  return null
}
