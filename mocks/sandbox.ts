import { createJwtService } from './auth/jwt.ts'
import type { Principal } from './auth/principal.ts'
import { OTP_RATE_LIMIT, OTP_RATE_WINDOW_MS } from './auth/otp.ts'
import { createConfiguredOAuthApps } from './auth/oauth-apps.ts'
import { createRateLimiter } from './auth/rate-limit.ts'
import { createClock } from './clock.ts'
import { forwardWebhooks } from './webhooks/forward.ts'
import { createWebhooks } from './webhooks/service.ts'
import { webhookControlRoutes } from './handlers/control-webhooks.ts'
import { checkoutControlRoutes } from './handlers/control-checkout.ts'
import { newsletterControlRoutes } from './handlers/control-newsletters.ts'
import { checkoutPageRoutes } from './handlers/checkout-page.ts'
import { fetchTransport } from './webhooks/transport-fetch.ts'
import {
  DEFAULT_TENANTS,
  resolveOptions,
  type SandboxCore,
  type SandboxOptions,
  type WebhookHub,
} from './core.ts'
import { createRandom, withFreshSecrets } from './db/random.ts'
import { seedDatabase } from './db/seed.ts'
import { createFeed, logTime } from './feed.ts'
import { apiTokenRoutes } from './handlers/api-tokens.ts'
import { clockRoutes } from './handlers/clock.ts'
import { eventAttendRoutes } from './handlers/event-attends.ts'
import { eventRoutes } from './handlers/events.ts'
import { userRoutes } from './handlers/users.ts'
import { groupRoutes } from './handlers/groups.ts'
import { controlRoutes } from './handlers/control.ts'
import { controlCredentialRoutes } from './handlers/control-credentials.ts'
import { eventStreamRoutes } from './handlers/control-events.ts'
import { scenarioControlRoutes } from './handlers/control-scenarios.ts'
import { magicLinkRoutes } from './handlers/magic-link.ts'
import { snapshotRoutes } from './handlers/control-snapshots.ts'
import { assertCollectionPaths, extraCollectionRoutes } from './handlers/extra-collections.ts'
import { controlEndpointRoutes } from './handlers/control-endpoints.ts'
import { withOperations } from './handlers/operation-routes.ts'
import { jwtRoutes } from './handlers/jwt.ts'
import { meRoutes } from './handlers/me.ts'
import { permissionDefinitionRoutes } from './handlers/permission-definitions.ts'
import { oauthDiscoveryRoutes, oauthRoutes } from './handlers/oauth.ts'
import { otpRoutes } from './handlers/otp.ts'
import { resourceRoutes } from './handlers/resources.ts'
import type { Route } from './handlers/route.ts'
import { tenancyRoutes } from './handlers/tenancy.ts'
import { HttpError, OAuthError } from './http/errors.ts'
import { parseHost } from './http/parse-host.ts'
import type { SandboxRequest, SandboxResponse } from './http/types.ts'
import { createOutbox } from './outbox.ts'
import { corsGrant, foreignCaller, isProtectedPath } from './http/origin.ts'
import {
  attemptedMethod,
  createContext,
  forbiddenPreflight,
  noRoute,
  preflight,
  renderError,
} from './request-context.ts'
import { createScenarioEngine, requestScenarios, type Activation } from './scenario-engine.ts'
import { SCENARIO_HEADER } from './scenario-flag.ts'
import { createSnapshots, type Snapshots } from './snapshots.ts'

/** A route found by the runtime's router, or the methods the path would accept (for a 405). */
export type RouteMatch =
  { route: Route; params: Record<string, string> } | { route?: undefined; allowed: string[] }

export interface Sandbox extends SandboxCore {
  readonly routes: readonly Route[]
  /** The single boundary: host resolution, CORS, auth context, error rendering, request log. */
  dispatch(req: SandboxRequest, match: RouteMatch): Promise<SandboxResponse>
  /** Whether a host belongs to the sandbox; in-process runtimes let other requests through untouched. */
  serves(host: string): boolean
  reset(): Promise<void>
  /** Saved states to go back to (`/__sandbox/snapshots`). */
  readonly snapshots: Snapshots
  /** Saves a pending `--db` write; call it before the process exits. */
  close(): Promise<void>
}

// X-Sandbox-Hint: a page's own error handling may show the sandbox's fix beside Orgo's detail (issue 27).
const CORS_EXPOSED =
  'X-Request-Id, Retry-After, WWW-Authenticate, Content-Location, Location, X-Sandbox-Emulation, X-Sandbox-Hint'

export async function createSandbox(input: SandboxOptions = {}): Promise<Sandbox> {
  const store = input.store
  const tenants = store
    ? [...new Set([...(input.tenants ?? DEFAULT_TENANTS), ...store.tenants])]
    : input.tenants
  const options = resolveOptions({ ...input, tenants })
  const clock = createClock()
  const feed = createFeed()
  const jwt = await createJwtService(clock, store?.signingKey)
  const seedData = async () => {
    const random = createRandom(options.seed)
    const db = await seedDatabase(random, {
      tenants: options.tenants,
      contactsPerTenant: options.contactsPerTenant,
      contactsByTenant: options.contactsByTenant,
      seedDate: Date.parse(options.seedDate),
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
    flags: NO_FLAGS,
    scenarios: createScenarioEngine(() => sandbox, options.scenarioDefinitions),
    limiters: {
      login: createRateLimiter(20, 60_000, clock),
      otp: createRateLimiter(OTP_RATE_LIMIT, OTP_RATE_WINDOW_MS, clock),
    },
    outbox: createOutbox(),
    webhooks: undefined as unknown as WebhookHub,
    db: seeded.db,
    random: seeded.random,
    // Every operation of Orgo's index: the full emulations first, then the schema engine's route for each other one.
    routes: withOperations(options.genericOperations, [
      ...controlRoutes({ reset: () => sandbox.reset() }),
      ...controlEndpointRoutes(() => sandbox.routes),
      ...controlCredentialRoutes,
      ...scenarioControlRoutes(() => sandbox.scenarios),
      ...snapshotRoutes(() => sandbox.snapshots),
      ...webhookControlRoutes,
      ...checkoutControlRoutes,
      ...newsletterControlRoutes,
      ...eventStreamRoutes,
      ...tenancyRoutes,
      ...jwtRoutes,
      ...meRoutes,
      ...apiTokenRoutes,
      ...clockRoutes,
      ...otpRoutes,
      ...eventAttendRoutes(resourceRoutes),
      ...magicLinkRoutes,
      ...eventRoutes,
      ...userRoutes,
      ...groupRoutes,
      ...permissionDefinitionRoutes,
      ...oauthRoutes,
      ...checkoutPageRoutes,
      ...(options.oauthDiscovery ? oauthDiscoveryRoutes : []),
      ...extraCollectionRoutes(store?.names ?? []),
    ]),
    snapshots: createSnapshots(() => sandbox),
    tenant: (slug) => sandbox.db.tenants.get(slug),
    change(kind, tenant, summary, data) {
      feed.emit({
        type: 'state',
        change: { kind, tenant, summary, data, time: new Date(clock.now()).toISOString() },
      })
    },
    serves: (host) => parseHost(host, options).kind !== 'foreign',
    close: async () => store?.close(),
    async reset() {
      // Undo scenario state changes against the old data before it is replaced.
      await sandbox.scenarios.disableAll()
      const next = await seedData()
      sandbox.db = next.db
      sandbox.random = next.random
      sandbox.limiters.login.clear()
      sandbox.limiters.otp.clear()
      sandbox.outbox.clear()
      sandbox.webhooks.clear()
      clock.reset()
      await startState()
      await enableStartupScenarios(sandbox)
      sandbox.change('reset', null, 'Sandbox reset to the seeded state')
    },
    async dispatch(req, match) {
      const started = performance.now()
      const requestId = `${idPrefix}-${(++requestCounter).toString(36).padStart(6, '0')}`
      const host = parseHost(req.host, options)
      const tenantSlug = host.kind === 'tenant' ? host.slug : null
      // The control API is never shaped by scenarios: it is how one switches them off.
      let active =
        sandbox.scenarios.size && !req.path.startsWith('/__sandbox')
          ? sandbox.scenarios.forRequest(tenantSlug, req.path)
          : []
      let core: SandboxCore = active.length ? withFlags(sandbox, active) : sandbox
      let principal: Principal | undefined
      let reason: string | null = null
      let response: SandboxResponse | undefined
      try {
        const foreign = isProtectedPath(req.path) ? foreignCaller(req, options) : null
        if (host.kind === 'foreign') {
          // SPEC 1: only allowed hosts are served (DNS rebinding: an attacker's name pointed at 127.0.0.1).
          const hostname = host.hostname.slice(0, 100)
          throw new HttpError(403, `Blocked request: the host "${hostname}" is not allowed.`, {
            reason: `host ${hostname} not allowed`,
            hint: `Serve it with --allowed-host ${hostname} (in process: the allowedHosts option).`,
          })
        } else if (foreign !== null) {
          reason = `foreign page (${foreign})`
          throw new HttpError(
            403,
            'Blocked request: the control API and the sign-in pages answer local pages only.',
          )
        } else if (req.method === 'OPTIONS' && req.header('access-control-request-method') !== null) {
          response = corsGrant(req, options) === null ? forbiddenPreflight() : preflight(req)
        } else {
          // X-Sandbox-Scenario: scenarios for this request alone (the only per-request cost: this lookup).
          const oneRequest = req.header(SCENARIO_HEADER)
          if (oneRequest !== null && !req.path.startsWith('/__sandbox')) {
            active = requestScenarios(sandbox, req, oneRequest, tenantSlug, active)
            core = active.length ? withFlags(sandbox, active) : sandbox
          }
          for (const activation of active) {
            response = await sandbox.scenarios
              .definition(activation.name)!
              .intercept?.(req, sandbox, activation)
            if (response) break
          }
          if (response) reason = `scenario ${active.map((a) => a.name).join(', ')}`
          else if (!match.route) response = noRoute(req, match.allowed)
          else {
            if (match.route.operation) match.route.operation.calls++
            const ctx = createContext(core, req, match, host, requestId, (p) => (principal = p))
            const { route } = match
            // SPEC 12: with --db, a request that wrote is answered only once its write is on disk.
            response = await (store ? store.durably(async () => route.handle(ctx)) : route.handle(ctx))
          }
        }
      } catch (error) {
        response = renderError(core, error, requestId, req)
        // An OAuth refusal's description is its reason: a library that hides the body (Auth.js) leaves only the log.
        const described = error instanceof OAuthError ? error.message : undefined
        reason = (error instanceof HttpError ? error.reason : described) ?? reason
      }
      const origin = corsGrant(req, options)
      if (origin !== null) {
        response.headers['Access-Control-Allow-Origin'] = origin
        response.headers['Access-Control-Allow-Credentials'] = 'true'
        response.headers['Access-Control-Expose-Headers'] = CORS_EXPOSED
        response.headers['Vary'] = 'Origin'
      }
      response.headers['X-Request-Id'] = requestId
      const emulation = match.route?.operation?.emulation ?? null
      if (emulation) response.headers['X-Sandbox-Emulation'] = emulation
      feed.emit({
        type: 'request',
        entry: {
          id: requestId,
          time: logTime(clock.now()),
          tenant: tenantSlug,
          method: req.method,
          path: req.path,
          status: response.status,
          authMethod: principal?.method ?? attemptedMethod(req),
          principal: principal?.label ?? null,
          durationMs: Math.round((performance.now() - started) * 1000) / 1000,
          reason,
          scenarios: active.length ? active.map((a) => a.name) : NO_SCENARIOS,
          emulation,
        },
        // References for the journal (mocks/journal.ts builds its view when read): nothing is copied here.
        request: req,
        response,
      })
      return response
    },
  }
  // The seeded state plus configured OAuth apps, then (--db) the file's data over it: on start and every reset.
  async function startState() {
    const configure = () => createConfiguredOAuthApps(sandbox)
    await (store ? store.load(sandbox, configure) : configure())
    // The seed and the configured apps are reproducible; every credential issued from here on is fresh (N1).
    sandbox.random = withFreshSecrets(sandbox.random)
    // From here on a write of a user, contact, attendance... is an event its subscriptions hear of (issue 24).
    sandbox.webhooks.watch(sandbox.db)
    if (options.forwardWebhooks) await forwardWebhooks(sandbox, options.forwardWebhooks)
  }
  const hooks = createWebhooks(() => sandbox, options.webhookTransport ?? fetchTransport)
  Object.assign(sandbox, {
    webhooks: {
      ...hooks.queue,
      deliver: hooks.deliver,
      settled: hooks.settled,
      built: hooks.built,
      watch: hooks.watch,
    } satisfies WebhookHub,
  })
  if (store) assertCollectionPaths(store.names, sandbox.routes)
  await startState()
  await enableStartupScenarios(sandbox)
  await store?.attach(sandbox)
  return sandbox
}

const NO_FLAGS: ReadonlySet<string> = new Set()
// Frozen: every request without a scenario shares it.
const NO_SCENARIOS = Object.freeze([]) as unknown as string[]

/** The sandbox as one request sees it: the same state, with the flags of the scenarios that match it. */
function withFlags(sandbox: Sandbox, active: Activation[]): SandboxCore {
  return Object.create(sandbox, { flags: { value: new Set(active.map((a) => a.name)) } }) as SandboxCore
}

async function enableStartupScenarios(sandbox: Sandbox): Promise<void> {
  for (const s of sandbox.options.scenarios) {
    await sandbox.scenarios.enable(s.name, { tenant: s.tenant, path: s.path }, s.options)
  }
}
