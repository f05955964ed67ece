import type { RateLimiter } from './auth/rate-limit.ts'
import type { JwtService } from './auth/jwt.ts'
import type { Clock } from './clock.ts'
import type { Database, TenantDb } from './db/database.ts'
import type { Random } from './db/random.ts'
import type { Feed } from './feed.ts'
import type { Outbox } from './outbox.ts'

/** What the auth modules and handlers may use of a sandbox: state and services, no transport. */
export interface SandboxCore {
  readonly options: ResolvedOptions
  readonly clock: Clock
  readonly jwt: JwtService
  readonly feed: Feed
  /** Behaviour switches set by scenarios (e.g. `lexik-errors`, `single-use-refresh`, `read-only`). */
  readonly flags: Set<string>
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
}

export type ResolvedOptions = Required<Omit<SandboxOptions, 'contactsByTenant' | 'port' | 'otpCode'>> &
  Pick<SandboxOptions, 'contactsByTenant' | 'port' | 'otpCode'>

export const DEFAULT_SEED = 20_260_101
export const DEFAULT_TENANTS = ['acme', 'globex']
export const DEFAULT_BASE_DOMAINS = ['localhost', 'orgo.space']

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  const defaultTenant = options.defaultTenant ?? options.tenants?.[0] ?? 'acme'
  const tenants = [...(options.tenants ?? DEFAULT_TENANTS)]
  if (!tenants.includes(defaultTenant)) tenants.unshift(defaultTenant)
  for (const slug of tenants) {
    // Fail at start-up, not mid-request (STYLE: configuration mistakes).
    if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(slug)) {
      throw new Error(`Tenant slug "${slug}" is not a valid DNS label: use lower-case letters, digits and dashes.`)
    }
  }
  if (options.otpCode !== undefined && !/^\d{6}$/.test(options.otpCode)) {
    throw new Error(`--otp-code (otpCode) must be exactly 6 digits, e.g. 000000; got "${options.otpCode}".`)
  }
  return {
    seed: options.seed ?? DEFAULT_SEED,
    tenants,
    defaultTenant,
    baseDomains: options.baseDomains ?? DEFAULT_BASE_DOMAINS,
    loopbackIsDefaultTenant: options.loopbackIsDefaultTenant ?? true,
    contactsPerTenant: options.contactsPerTenant ?? 25,
    contactsByTenant: options.contactsByTenant,
    port: options.port,
    otpCode: options.otpCode,
  }
}
