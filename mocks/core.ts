import { resolveAppUrls } from './app-url.ts'
import type { OAuthAppInput } from './db/oauth-schema.ts'
import { didYouMean } from './did-you-mean.ts'
import { TENANT_SLUG } from './db/database.ts'
import { unknownKeyMessage } from './http/validate.ts'
import type { ResolvedOptions, SandboxOptions, StartupScenario } from './core-types.ts'
import { deliveryRefusal } from './webhooks/host-guard.ts'

export type {
  ResolvedOptions,
  SandboxCore,
  SandboxOptions,
  StartupScenario,
  WebhookHub,
} from './core-types.ts'

export const DEFAULT_SEED = 20_260_101
export const DEFAULT_TENANTS = ['acme', 'globex']
export const DEFAULT_BASE_DOMAINS = ['localhost', 'orgo.space']

/** Every option, checked against the interface both ways: a new option fails the type check until listed. */
const OPTION_KEYS = Object.keys({
  seed: true,
  seedDate: true,
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
  webhookHosts: true,
  webhookSignature: true,
  webhookTransport: true,
  forwardWebhooks: true,
} satisfies Record<keyof SandboxOptions, true>)

const SIGNATURES: readonly string[] = ['n8n', 'hmac-sha256', 'none']

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

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** `--seed-date` checked, as an ISO string; by default 09:00 UTC of today (issue 27: upcoming events stay upcoming). */
function resolveSeedDate(given: string | undefined): string {
  if (given === undefined) return new Date(Math.floor(Date.now() / DAY) * DAY + 9 * HOUR).toISOString()
  // A zone is required: a date without one would be read in the machine's, and the seed would move with it.
  const at = /(Z|[+-]\d\d:?\d\d)$/i.test(given) || /^\d{4}-\d\d-\d\d$/.test(given) ? Date.parse(given) : NaN
  if (!Number.isFinite(at))
    throw new Error(
      `--seed-date (seedDate) must be an ISO 8601 date such as 2026-01-05 or 2026-01-05T09:00:00Z; got "${given}".`,
    )
  return new Date(at).toISOString()
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
  if (options.webhookSignature !== undefined && !SIGNATURES.includes(options.webhookSignature))
    throw new Error(
      `--webhook-signature (webhookSignature) is one of ${SIGNATURES.join(', ')}; got "${String(options.webhookSignature)}".`,
    )
  const refused =
    options.forwardWebhooks === undefined
      ? undefined
      : deliveryRefusal(options.forwardWebhooks, options.webhookHosts ?? [])
  if (refused) throw new Error(`--forward-webhooks (forwardWebhooks): ${refused}`)
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
    seedDate: resolveSeedDate(options.seedDate),
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
    webhookHosts: options.webhookHosts ?? [],
    webhookSignature: options.webhookSignature ?? 'n8n',
    webhookTransport: options.webhookTransport,
    forwardWebhooks: options.forwardWebhooks,
  }
}
