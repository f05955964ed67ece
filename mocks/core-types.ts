import type { AppUrls } from './app-url.ts'
import type { JwtService } from './auth/jwt.ts'
import type { RateLimiter } from './auth/rate-limit.ts'
import type { Clock } from './clock.ts'
import type { Database, TenantDb } from './db/database.ts'
import type { OAuthAppInput } from './db/oauth-schema.ts'
import type { Random } from './db/random.ts'
import type { SigningKeyStore } from './db/signing-key-store.ts'
import type { Table } from './db/table.ts'
import type { Feed } from './feed.ts'
import type { SandboxRequest, SandboxResponse } from './http/types.ts'
import type { ScenarioEffect } from './scenario-effects.ts'
import type { SignatureScheme } from './webhooks/signature.ts'
import type { Transport } from './webhooks/transport.ts'
import type { Delivery, Webhooks } from './webhooks/types.ts'

// The types the sandbox's parts share, in one module that imports none of those parts (STYLE: no two modules
// import each other): the core, its options, the scenario engine, the outbox and the --db file refer to each
// other, so they are declared together here and each implementation imports them from here.

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
  /** Webhook deliveries to the tenants' subscriptions (issue 24). */
  readonly webhooks: WebhookHub
  db: Database
  random: Random
  tenant(slug: string): TenantDb | undefined
  /** Records a state change on the feed (token issued, code sent, scenario flipped). */
  change(kind: string, tenant: string | null, summary: string, data?: Record<string, unknown>): void
}

export interface SandboxOptions {
  /** Faker seed: same seed, same data, same tokens. */
  seed?: number
  /**
   * The day the seeded records are dated around (`--seed-date`), ISO 8601 with a zone: the seeded events,
   * attendances, invoices and the rest keep their offsets from it (the Annual Meetup 60 days after). Default:
   * 09:00 UTC of the day the sandbox starts, so an upcoming list is never empty; pin it (`2026-01-05T09:00:00Z`)
   * for data that never changes with the day.
   */
  seedDate?: string
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
  /**
   * Hosts webhooks may be delivered to besides loopback and `*.localhost` (`--webhook-host`): a subscription to
   * any other is refused with a 422 (issue 24: the sandbox sends webhooks only where the developer said).
   */
  webhookHosts?: string[]
  /**
   * How deliveries are signed when their subscription has a secret (`--webhook-signature`): `n8n` (default: the
   * scheme Orgo's n8n trigger node checks), `hmac-sha256`, or `none`. Orgo's own scheme is undocumented.
   */
  webhookSignature?: SignatureScheme
  /** How deliveries reach receivers: the Node entry points pass `node:http`; the default is `fetch`. */
  webhookTransport?: Transport
  /** Subscribe this URL to every event of every tenant at start and after each reset (`--forward-webhooks`). */
  forwardWebhooks?: string
}

type Optional = 'contactsByTenant' | 'port' | 'otpCode' | 'store' | 'webhookTransport' | 'forwardWebhooks'

export type ResolvedOptions = Required<Omit<SandboxOptions, Optional | 'scenarios' | 'appUrl'>> &
  Pick<SandboxOptions, Optional> & { scenarios: StartupScenario[]; appUrl: AppUrls }

/** Where an activation applies: a tenant and/or a path pattern (`/api/v1/events*`), or everywhere. */
export interface Narrowing {
  tenant?: string | null
  path?: string | null
}

export interface Activation {
  name: string
  tenant: string | null
  path: string | null
  options: Record<string, number | string | boolean>
  since: string
}

/**
 * One scenario, one file in `scenarios/`. Behaviour comes in three kinds, mixed as needed:
 * - `flag`: while on, `core.flags` holds the name for matching requests, and the auth code reads it;
 * - `intercept`: runs before routing, like an MSW handler prepended with `server.use()`; answer or pass;
 * - `apply`: a change of state, made through `effect` (hide rows, add records), which the engine undoes when the
 *   scenario is switched off, keeping what was written meanwhile; `apply` may return an undo of its own for
 *   state outside the tables. With `--db`, the file is saved as if no state scenario were on (findings N3).
 */
export interface ScenarioDefinition {
  name: string
  description: string
  flag?: boolean
  /** Option defaults; an activation may override them (`{"options":{"latencyMs":300}}`). */
  defaults?: Record<string, number | string | boolean>
  /** The largest value of each numeric option (every one needs one: findings M3); numbers are never < 0. */
  limits?: Record<string, OptionLimit>
  intercept?(
    req: SandboxRequest,
    core: SandboxCore,
    activation: Activation,
  ): SandboxResponse | undefined | Promise<SandboxResponse | undefined>
  apply?(
    core: SandboxCore,
    activation: Activation,
    effect: ScenarioEffect,
  ): Promise<(() => Promise<void> | void) | void>
}

export interface OptionLimit {
  max: number
  /** Whole numbers only (a count, or Retry-After's delay-seconds). */
  integer?: boolean
}

export interface ScenarioEngine {
  readonly size: number
  list(): Array<{
    name: string
    description: string
    defaults: Record<string, unknown>
    limits: Record<string, OptionLimit>
    active: Activation | null
  }>
  active(): Activation[]
  enable(name: string, narrowing?: Narrowing, options?: Record<string, unknown>): Promise<Activation>
  disable(name: string): Promise<boolean>
  disableAll(): Promise<void>
  /** The activations that shape this request, in the order they were switched on. */
  forRequest(tenant: string | null, path: string): Activation[]
  definition(name: string): ScenarioDefinition | undefined
  /** A table's rows as they would be with every state scenario off: what `--db` saves (findings N3). */
  rowsToSave<T extends { id: string | number }>(table: Table<T>): T[]
}

export type MailKind =
  | 'login-otp'
  | 'password-reset-otp'
  | 'event-invitation'
  | 'event-ticket'
  // Issue 25's workflows: the adhesion's (to the responsible HR admin, then the applicant) and the contracts'.
  | 'adhesion-submitted'
  | 'adhesion-validated'
  | 'adhesion-rejected'
  | 'adhesion-welcome'
  | 'contract-sign'
  // Issue 26's: a payment's receipt, an invoice, a newsletter (and its test send), an election opened.
  | 'payment-receipt'
  | 'invoice'
  | 'newsletter'
  | 'newsletter-test'
  | 'vote-published'

/** One mail the sandbox "sent" (SPEC 10: `GET /__sandbox/outbox`); nothing ever leaves the process. */
export interface Mail {
  id: number
  kind: MailKind
  tenant: string
  to: string
  subject: string
  text: string
  /** The one-time code of an OTP mail. */
  code: string | null
  /** The magic link of an invitation (it holds the contact hash). */
  link: string | null
  sentAt: string
  /** When the code or link stops working, if it does. */
  expiresAt: string | null
}

export interface Outbox {
  record(mail: Omit<Mail, 'id'>): Mail
  /** Mails oldest first, optionally filtered by recipient (case-insensitive), tenant and kind. */
  list(filter?: { to?: string; tenant?: string; kind?: string }): Mail[]
  clear(): void
  /** Puts back exactly these mails, ids included (a snapshot's restore). */
  restore(mails: Mail[]): void
}

/** The webhooks as the core's parts use them: the deliveries, and a delivery of a body to one subscription. */
export interface WebhookHub extends Webhooks {
  /** Observes the resources of a database whose start state is complete (after a reset or a restore). */
  watch(db: Database): void
  /** Resolves once every change seen so far has its deliveries in the queue (their attempts not awaited). */
  built(): Promise<void>
  deliver(
    t: TenantDb,
    subscription: { id: number; url?: string },
    event: string,
    eventId: string,
    body: string,
    test?: boolean,
  ): Promise<Delivery>
}

export interface DbFile {
  /** Absolute path, as given (a symlink stays one: saves write through it to its target). */
  readonly file: string
  /** Tenants the file lists in `tenants`, served beside the configured ones. */
  readonly tenants: string[]
  /** The file's json-server collections: served under `/api/v1/<name>`. */
  readonly names: readonly string[]
  /**
   * After seeding, on start and on every reset: the file's data replaces the seeded data. `configure` creates
   * the `--oauth-app` apps; they stay as configured even when the file has its own `oauth_apps`.
   */
  load(core: SandboxCore, configure: () => Promise<void>): Promise<void>
  /** Saves after every change from now on; creates the file when it did not exist. */
  attach(core: SandboxCore): Promise<void>
  /**
   * Runs one request's handler; if it wrote, settles only once that write is on disk (SPEC 12), and rejects
   * when the save fails. A request that wrote nothing is not held up.
   */
  durably<T>(work: () => Promise<T>): Promise<T>
  /** Stops saving after a last save of any pending change. */
  close(): Promise<void>
  /** The JWT signing key kept beside the file (findings-3 N10). */
  readonly signingKey: SigningKeyStore
}
