import type { RateLimiter } from './auth/rate-limit.ts'
import type { JwtService } from './auth/jwt.ts'
import type { OAuthAppInput } from './auth/oauth-apps.ts'
import { resolveAppUrls, type AppUrls } from './app-url.ts'
import type { Clock } from './clock.ts'
import { didYouMean } from './did-you-mean.ts'
import { TENANT_SLUG, type Database, type TenantDb } from './db/database.ts'
import type { Random } from './db/random.ts'
import type { Feed } from './feed.ts'
import type { DbFile } from './db/persistence.ts'
import type { Outbox } from './outbox.ts'
import { unknownKeyMessage } from './http/validate.ts'
import type { Narrowing, ScenarioDefinition, ScenarioEngine } from './scenario-engine.ts'

export interface StartupScenario extends Narrowing {
  name: string
  options?: Record<string, unknown>
}

/** What the auth modules and handlers may use of a sandbox: state and services, no transport. */
export interface SandboxCore {
  readonly options: ResolvedOptions
  readonly clock: Clock
  readonly jwt: JwtService
  readonly feed: Feed
  /** The scenarios shaping the current request (e.g. `lexik-errors`, `read-only`); empty outside a request. */
  readonly flags: ReadonlySet<string>
  /** Presets switched on and off while running (`/__sandbox/scenarios/{name}`, `--scenario`). */
  readonly scenarios: ScenarioEngine
  readonly limiters: { login: RateLimiter; otp: RateLimiter }
  /** Every mail the sandbox "sends": OTP codes, invitations with magic links (SPEC 10). */
  readonly outbox: Outbox
  db: Database
  random: Random
  tenant(slug: string): TenantDb | undefined
  /** Records a state change on the feed (token issued, code sent, scenario flipped). */
  change(kind: string, tenant: string | null, summary: string, data?: Record<string, unknown>): void
}

export interface SandboxOptions {
  /** Faker seed: same seed, same data, same tokens. */
  seed?: number
  /** Tenant slugs to seed; the default tenant is added when missing. */
  tenants?: string[]
  /** Tenant answering on bare loopback hosts (`localhost`, `127.0.0.1`, `[::1]`). */
  defaultTenant?: string
  /** Domains whose subdomains are tenants: `acme.localhost`, `acme.orgo.space`. */
  baseDomains?: string[]
  /** Whether bare loopback hosts answer as the default tenant (the standalone server's choice). */
  loopbackIsDefaultTenant?: boolean
  contactsPerTenant?: number
  contactsByTenant?: Record<string, number>
  /** Port the standalone server listens on, for absolute URLs such as `/api/v1/tenant-host`. */
  port?: number
  /** Every OTP code is this value (`--otp-code 000000`), for suites that cannot read the outbox. */
  otpCode?: string
  /** OAuth apps created after seeding and on every reset (`--oauth-app`); invalid ones fail start-up. */
  oauthApps?: OAuthAppInput[]
  /** Scenario presets the sandbox knows (`scenarios/index.ts`); adapters pass them in. */
  scenarioDefinitions?: readonly ScenarioDefinition[]
  /** Scenarios on from the start and again after every reset (`--scenario NAME`). */
  scenarios?: Array<string | StartupScenario>
  /** Origins besides local ones whose pages may call the emulated API (`--cors-origin`; SPEC 1). */
  corsOrigins?: string[]
  /** Host names served besides loopback and the base domains (`--allowed-host`; SPEC 1). */
  allowedHosts?: string[]
  /** Port -> tenant slug: each tenant also answers on its own loopback port (`--tenant-ports`). */
  tenantPorts?: Record<string, string>
  /**
   * Where mailed links (invitations' magic links) point: your front end (`--app-url`). A string for every tenant,
   * or `{ acme: 'http://localhost:5173', '*': '…' }` per slug; `{tenant}` in a URL is the slug. Without it, links
   * point at the sandbox, which answers them with a page showing the hash and how to use it.
   */
  appUrl?: string | AppUrls
  /** Serve RFC 8414 metadata at `/.well-known/oauth-authorization-server` (`--oauth-discovery`; off by default). */
  oauthDiscovery?: boolean
  /**
   * `--db FILE`, opened by the caller with `openDbFile()` (mocks/db/persistence.ts): json-server db.json fixtures and
   * the file the state is saved to (docs/decisions/005). Passed in, not opened here, so the core never imports node:fs.
   */
  store?: DbFile
  /**
   * Route every operation of Orgo's index that is not emulated in full to a generic API Platform answer
   * (`--no-generic` turns it off; default on).
   */
  genericOperations?: boolean
}

type Optional = 'contactsByTenant' | 'port' | 'otpCode' | 'store'

export type ResolvedOptions = Required<Omit<SandboxOptions, Optional | 'scenarios' | 'appUrl'>> &
  Pick<SandboxOptions, Optional> & { scenarios: StartupScenario[]; appUrl: AppUrls }

export const DEFAULT_SEED = 20_260_101
export const DEFAULT_TENANTS = ['acme', 'globex']
export const DEFAULT_BASE_DOMAINS = ['localhost', 'orgo.space']

/** Every option, checked against the interface both ways: a new option fails the type check until listed. */
const OPTION_KEYS = Object.keys({
  seed: true,
  tenants: true,
  defaultTenant: true,
  baseDomains: true,
  loopbackIsDefaultTenant: true,
  contactsPerTenant: true,
  contactsByTenant: true,
  port: true,
  otpCode: true,
  oauthApps: true,
  scenarioDefinitions: true,
  scenarios: true,
  corsOrigins: true,
  allowedHosts: true,
  tenantPorts: true,
  appUrl: true,
  oauthDiscovery: true,
  store: true,
  genericOperations: true,
} satisfies Record<keyof SandboxOptions, true>)

/** The keys of an OAuth app (`oauthApps`, the test API's `oauthApps.create()`). */
export const OAUTH_APP_KEYS = Object.keys({
  tenant: true,
  name: true,
  description: true,
  redirectUris: true,
  scopes: true,
  clientId: true,
  clientSecret: true,
} satisfies Record<keyof OAuthAppInput, true>)

const STARTUP_SCENARIO_KEYS = Object.keys({
  name: true,
  tenant: true,
  path: true,
  options: true,
} satisfies Record<keyof StartupScenario, true>)

/** The first unknown key of the options or of an object in them: `{ tenats: [...] }` must not seed the defaults. */
function unknownOption(options: SandboxOptions, tenants: readonly string[]): string | undefined {
  const keysOf = (value: unknown) => (value !== null && typeof value === 'object' ? Object.keys(value) : [])
  return (
    unknownKeyMessage(keysOf(options), OPTION_KEYS, 'the sandbox options', 'option') ??
    (options.oauthApps ?? [])
      .map((app, i) => unknownKeyMessage(keysOf(app), OAUTH_APP_KEYS, `oauthApps[${i}]`))
      .find((m) => m !== undefined) ??
    (options.scenarios ?? [])
      .map((s, i) => unknownKeyMessage(keysOf(s), STARTUP_SCENARIO_KEYS, `scenarios[${i}]`))
      .find((m) => m !== undefined) ??
    unknownKeyMessage(keysOf(options.contactsByTenant), tenants, 'contactsByTenant', 'tenant')
  )
}

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  const defaultTenant = options.defaultTenant ?? options.tenants?.[0] ?? 'acme'
  const tenants = [...(options.tenants ?? DEFAULT_TENANTS)]
  if (!tenants.includes(defaultTenant)) tenants.unshift(defaultTenant)
  const unknown = unknownOption(options, tenants)
  if (unknown !== undefined) throw new Error(unknown)
  for (const slug of tenants) {
    // Fail at start-up, not mid-request (STYLE: configuration mistakes).
    if (!TENANT_SLUG.test(slug)) {
      throw new Error(
        `Tenant slug "${slug}" is not a valid DNS label: use lower-case letters, digits and dashes.`,
      )
    }
  }
  if (options.otpCode !== undefined && !/^\d{6}$/.test(options.otpCode)) {
    throw new Error(`--otp-code (otpCode) must be exactly 6 digits, e.g. 000000; got "${options.otpCode}".`)
  }
  for (const origin of options.corsOrigins ?? []) {
    let parsed: string | undefined
    try {
      parsed = new URL(origin).origin
    } catch {
      parsed = undefined
    }
    if (parsed !== origin)
      throw new Error(
        `--cors-origin (corsOrigins) takes an origin such as https://app.example.test, without a path; got "${origin}".`,
      )
  }
  const known = new Set((options.scenarioDefinitions ?? []).map((d) => d.name))
  for (const s of options.scenarios ?? []) {
    const name = typeof s === 'string' ? s : s.name
    if (!known.has(name))
      throw new Error(
        `Unknown scenario "${name}".${didYouMean(name, known)} Known scenarios: ${[...known].join(', ')}.`,
      )
  }
  return {
    seed: options.seed ?? DEFAULT_SEED,
    oauthApps: options.oauthApps ?? [],
    scenarioDefinitions: options.scenarioDefinitions ?? [],
    scenarios: (options.scenarios ?? []).map((s) => (typeof s === 'string' ? { name: s } : s)),
    oauthDiscovery: options.oauthDiscovery ?? false,
    genericOperations: options.genericOperations ?? true,
    appUrl: resolveAppUrls(options.appUrl, tenants),
    tenants,
    defaultTenant,
    baseDomains: options.baseDomains ?? DEFAULT_BASE_DOMAINS,
    corsOrigins: options.corsOrigins ?? [],
    allowedHosts: options.allowedHosts ?? [],
    tenantPorts: options.tenantPorts ?? {},
    loopbackIsDefaultTenant: options.loopbackIsDefaultTenant ?? true,
    contactsPerTenant: options.contactsPerTenant ?? 25,
    contactsByTenant: options.contactsByTenant,
    port: options.port,
    otpCode: options.otpCode,
    store: options.store,
  }
}
