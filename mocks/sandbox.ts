import { authenticate, authorize } from './auth/guard.ts'
import { createJwtService } from './auth/jwt.ts'
import type { Principal } from './auth/principal.ts'
import { createRateLimiter } from './auth/rate-limit.ts'
import { createClock } from './clock.ts'
import { resolveOptions, type SandboxCore, type SandboxOptions } from './core.ts'
import { createRandom } from './db/random.ts'
import { seedDatabase } from './db/seed.ts'
import { createFeed } from './feed.ts'
import { apiTokenRoutes } from './handlers/api-tokens.ts'
import { controlRoutes } from './handlers/control.ts'
import { jwtRoutes } from './handlers/jwt.ts'
import { meRoutes } from './handlers/me.ts'
import { resourceRoutes } from './handlers/resources.ts'
import type { Route, RouteContext } from './handlers/route.ts'
import { tenancyRoutes } from './handlers/tenancy.ts'
import { HttpError, notFound, OAuthError } from './http/errors.ts'
import { parseHost, type HostInfo } from './http/parse-host.ts'
import { json } from './http/respond.ts'
import type { SandboxRequest, SandboxResponse } from './http/types.ts'

/** A route found by the runtime's router, or the methods the path would accept (for a 405). */
export type RouteMatch = { route: Route; params: Record<string, string> } | { route?: undefined; allowed: string[] }

export interface Sandbox extends SandboxCore {
  readonly routes: readonly Route[]
  /** The single boundary: host resolution, CORS, auth context, error rendering, request log. */
  dispatch(req: SandboxRequest, match: RouteMatch): Promise<SandboxResponse>
  /** Whether a host belongs to the sandbox; in-process runtimes let other requests through untouched. */
  serves(host: string): boolean
  reset(): Promise<void>
}

const CORS_EXPOSED = 'X-Request-Id, Retry-After, WWW-Authenticate, Content-Location, Location'

export async function createSandbox(input: SandboxOptions = {}): Promise<Sandbox> {
  const options = resolveOptions(input)
  const clock = createClock()
  const feed = createFeed()
  const jwt = await createJwtService(clock)
  const seedData = async () => {
    const random = createRandom(options.seed)
    const db = await seedDatabase(random, {
      tenants: options.tenants,
      contactsPerTenant: options.contactsPerTenant,
      contactsByTenant: options.contactsByTenant,
    })
    return { random, db }
  }
  const seeded = await seedData()
  // Request ids: a per-process prefix and a counter, cheap enough for every response.
  const idPrefix = Math.floor(Math.random() * 0xffffff)
    .toString(16)
    .padStart(6, '0')
  let requestCounter = 0

  const sandbox: Sandbox = {
    options,
    clock,
    feed,
    jwt,
    flags: new Set(),
    limiters: { login: createRateLimiter(20, 60_000, clock) },
    db: seeded.db,
    random: seeded.random,
    routes: [
      ...controlRoutes({ reset: () => sandbox.reset() }),
      ...tenancyRoutes,
      ...jwtRoutes,
      ...meRoutes,
      ...apiTokenRoutes,
      ...resourceRoutes,
    ],
    tenant: (slug) => sandbox.db.tenants.get(slug),
    change(kind, tenant, summary, data) {
      feed.emit({ type: 'state', change: { kind, tenant, summary, data, time: new Date(clock.now()).toISOString() } })
    },
    serves: (host) => parseHost(host, options).kind !== 'foreign',
    async reset() {
      const next = await seedData()
      sandbox.db = next.db
      sandbox.random = next.random
      sandbox.flags.clear()
      sandbox.limiters.login.clear()
      clock.reset()
      sandbox.change('reset', null, 'Sandbox reset to the seeded state')
    },
    async dispatch(req, match) {
      const started = performance.now()
      const requestId = `${idPrefix}-${(++requestCounter).toString(36).padStart(6, '0')}`
      const host = parseHost(req.host, options)
      let principal: Principal | undefined
      let reason: string | null = null
      let response: SandboxResponse
      try {
        if (req.method === 'OPTIONS' && req.header('access-control-request-method') !== null) {
          response = preflight(req)
        } else if (!match.route) {
          response = noRoute(req, match.allowed)
        } else {
          const ctx = createContext(sandbox, req, match, host, requestId, (p) => (principal = p))
          response = await match.route.handle(ctx)
        }
      } catch (error) {
        response = renderError(sandbox, error, requestId, req)
        reason = error instanceof HttpError ? (error.reason ?? null) : null
      }
      const origin = req.header('origin')
      if (origin !== null) {
        response.headers['Access-Control-Allow-Origin'] = origin
        response.headers['Access-Control-Allow-Credentials'] = 'true'
        response.headers['Access-Control-Expose-Headers'] = CORS_EXPOSED
        response.headers['Vary'] = 'Origin'
      }
      response.headers['X-Request-Id'] = requestId
      feed.emit({
        type: 'request',
        entry: {
          id: requestId,
          time: new Date(clock.now()).toISOString(),
          tenant: host.kind === 'tenant' ? host.slug : null,
          method: req.method,
          path: req.path,
          status: response.status,
          authMethod: principal?.method ?? attemptedMethod(req),
          principal: principal?.label ?? null,
          durationMs: Math.round((performance.now() - started) * 1000) / 1000,
          reason,
          scenarios: sandbox.flags.size ? [...sandbox.flags] : [],
        },
      })
      return response
    },
  }
  return sandbox
}

function createContext(
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
    notFound(`No Orgo tenant is served at "${host.hostname}".`, 'unknown tenant host')
  }
  if (route.scope === 'platform' && host.kind !== 'platform') noRoute(req, [])
  let authenticated: Promise<Principal> | undefined
  return {
    core,
    req,
    params: match.params,
    host,
    requestId,
    get tenant() {
      if (!tenant) return notFound(`No Orgo tenant is served at "${host.hostname}".`)
      return tenant
    },
    async auth(role = null) {
      if (!tenant) notFound(`No Orgo tenant is served at "${host.hostname}".`)
      authenticated ??= authenticate(core, tenant, req).then((p) => {
        onPrincipal(p)
        return p
      })
      const principal = await authenticated
      authorize(principal, req.method, role)
      return principal
    },
  }
}

/** Symfony's router wording for a path or method nobody serves. */
function noRoute(req: SandboxRequest, allowed: string[]): never {
  const target = `${req.method} ${req.protocol}://${req.host}${req.path}`
  if (allowed.length) {
    throw new HttpError(405, `No route found for "${target}": Method Not Allowed (Allow: ${allowed.join(', ')})`, {
      headers: { Allow: allowed.join(', ') },
    })
  }
  throw new HttpError(404, `No route found for "${target}"`)
}

/** SPEC 1 (sandbox choice): a front end on any origin may call every tenant host, with credentials. */
function preflight(req: SandboxRequest): SandboxResponse {
  return {
    status: 204,
    headers: {
      'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
      'Access-Control-Allow-Headers':
        req.header('access-control-request-headers') ?? 'Authorization, Api-Token, X-Contact-Hash, Content-Type, Accept',
      'Access-Control-Max-Age': '3600',
    },
  }
}

function renderError(core: SandboxCore, error: unknown, requestId: string, req: SandboxRequest): SandboxResponse {
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
    { title: 'Internal Server Error', detail: `An internal error occurred (request ${requestId}).`, status: 500 },
    500,
  )
}

function attemptedMethod(req: SandboxRequest): Principal['method'] | null {
  if (req.header('api-token') !== null) return 'api-token'
  if (req.header('authorization') !== null) return 'jwt'
  if (req.header('x-contact-hash') !== null) return 'contact-hash'
  return null
}
