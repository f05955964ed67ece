import { listOtps, type OtpPurpose } from './auth/otp.ts'
import { createOAuthApp, describeOAuthApp, type OAuthAppInput } from './auth/oauth-apps.ts'
import type { ClockState } from './clock.ts'
import type { TenantDb } from './db/database.ts'
import { requestJournal, type RequestJournal } from './journal-match.ts'
import { moveClock } from './handlers/clock.ts'
import {
  mintControlApiToken,
  OTP_FILTER,
  OUTBOX_FILTER,
  requirePendingOtp,
  snapshotState,
} from './handlers/control.ts'
import { switchOff } from './handlers/control-scenarios.ts'
import type { Mail, MailKind } from './outbox.ts'
import { runTrigger, type Triggered, type TriggerInput } from './webhooks/trigger.ts'
import type { Delivery, DeliveryFilter, FunctionReceiver } from './webhooks/types.ts'
import type { CheckoutFilter, CheckoutView, GivenOutcome } from './workflows/payments-control.ts'
import { engageNewsletter, type EngagementInput } from './handlers/control-newsletters.ts'
import type { Sandbox } from './sandbox.ts'
import type { Activation, Narrowing, ScenarioEngine } from './scenario-engine.ts'
import { OAUTH_APP_KEYS } from './core.ts'
import { assertKnownKeys } from './http/validate.ts'
import {
  clockCalls,
  createControlTestApi,
  resendAllCall,
  type ClockMove,
  type ControlTestApi,
} from './test-api-control.ts'
import type { ResendFilter } from './handlers/control-webhooks.ts'

export type * from './test-api-control.ts'
export type { ResendFilter } from './handlers/control-webhooks.ts'

export type PendingOtp = ReturnType<typeof listOtps>[number]
export type SandboxState = ReturnType<typeof snapshotState>
export type OAuthAppDescription = ReturnType<typeof describeOAuthApp>
export type MintedApiToken = Awaited<ReturnType<typeof mintControlApiToken>>

export interface MintApiTokenOptions {
  /** Default: the default tenant (`acme`). */
  tenant?: string
  /** The owner; default `admin@<tenant>.test`. */
  email?: string
  name?: string
  isReadOnly?: boolean
  /** ISO 8601; a past date mints an already expired token. */
  expiresAt?: string | null
}

export type { JournalEntry, JournalFilter } from './journal.ts'
export type { RequestJournal, RequestMatch } from './journal-match.ts'

export interface OutboxFilter {
  to?: string
  tenant?: string
  kind?: MailKind
}

/**
 * What a test does to the sandbox, in process, like the Firebase emulator's helpers. Each helper is the same
 * operation as a control API endpoint (SPEC 10) and calls the same function, so errors read the same: an
 * invalid request throws the `HttpError` the endpoint would have answered with, an unknown key included.
 */
const DELIVERY_FILTER = ['tenant', 'subscriptionId', 'event', 'state']

export interface SandboxTestApi extends ControlTestApi {
  /** The emulated API itself (database, routes, `dispatch`), for what the helpers below do not cover. */
  readonly core: Sandbox
  /** A tenant's database (`tenant('acme')!.contacts.all()`); undefined for an unknown slug. */
  tenant(slug: string): TenantDb | undefined
  readonly otp: {
    /** `GET /__sandbox/otp?email=`: the newest pending code; throws (404) when the email has none. */
    latest(email: string, filter?: { tenant?: string; purpose?: OtpPurpose }): PendingOtp
    /** Every code, pending or not, of every tenant (`otps` of `/__sandbox/state`). */
    all(): PendingOtp[]
  }
  readonly outbox: {
    /** `GET /__sandbox/outbox`: mails "sent" (OTP codes, invitations with magic links), oldest first. */
    list(filter?: OutboxFilter): Mail[]
    /** The newest matching mail, or undefined. */
    latest(filter?: OutboxFilter): Mail | undefined
  }
  readonly webhooks: {
    /** `GET /__sandbox/webhooks/deliveries`: every delivery, newest first, with its attempts. */
    deliveries(filter?: DeliveryFilter): Delivery[]
    /** Resolves once every write's deliveries are built and no attempt is in flight or due now. */
    settled(): Promise<void>
    /** The newest delivery of an event that has made an attempt, waiting for it up to `timeoutMs` (3 s). */
    waitFor(event: string, options?: { tenant?: string; timeoutMs?: number }): Promise<Delivery>
    /** `POST /__sandbox/webhooks/deliveries/{id}/resend`: a new attempt of a delivery. */
    resend(id: string): Promise<Delivery>
    /** `POST /__sandbox/webhooks/deliveries/resend`: a new attempt of every matching one (default: the failed). */
    resendAll(filter?: ResendFilter): Promise<Delivery[]>
    /**
     * Deliveries to `url` (subscribe it: `http://hooks.localhost/orgo`) go to `receiver` in this process, no
     * server needed; it answers a status. Returns the function that removes it.
     */
    receive(url: string, receiver: FunctionReceiver): () => void
    /**
     * `POST /__sandbox/webhooks/trigger`: performs the event's action in the tenant (a contact created, changed
     * or deleted), or sends `object` as the event; resolves with the deliveries it made.
     */
    trigger(
      event: string,
      options?: Omit<TriggerInput, 'event'>,
    ): Promise<Triggered & { deliveries: Delivery[] }>
  }
  readonly scenarios: {
    /** `POST /__sandbox/scenarios/{name}`: switch a preset on, optionally for one tenant and/or path pattern. */
    use(name: string, narrowing?: Narrowing, options?: Record<string, unknown>): Promise<Activation>
    /** `DELETE /__sandbox/scenarios/{name}`: switch it off and undo its changes; an unknown name throws (404). */
    off(name: string): Promise<void>
    /** `DELETE /__sandbox/scenarios`. */
    offAll(): Promise<void>
    active(): Activation[]
    list(): ReturnType<ScenarioEngine['list']>
  }
  readonly clock: {
    now(): Date
    /** `POST /__sandbox/clock {"advance": "1h"}`: `"90s"`, `"10m"`, `"1h30m"`, `"11d"`, `"-5m"`. */
    advance(duration: string): ClockState
    /** `{"set": "2026-01-05T09:00:00Z"}`: an ISO 8601 date-time with a zone. */
    set(isoDateTime: string): ClockState
    /** `{"freeze": true}`: pin the clock for exact assertions; `advance` still moves it. */
    freeze(): ClockState
    unfreeze(): ClockState
    /** `GET /__sandbox/clock`. */
    state(): ClockState
    /** `POST /__sandbox/clock` with several moves at once: `{set, freeze: true}`. */
    move(move: ClockMove): ClockState
  }
  readonly tokens: {
    /** `POST /__sandbox/api-tokens`: an Api-Token without a login; the answer holds the raw token. */
    mint(options?: MintApiTokenOptions): Promise<MintedApiToken>
    /** The seeded read/write and read-only Api-Tokens of a tenant (default: the default tenant). */
    seeded(tenant?: string): { rw: string; ro: string }
  }
  readonly oauthApps: {
    /** `POST /__sandbox/oauth-apps`: the answer shows `client_id` and `client_secret`. */
    create(input: OAuthAppInput): Promise<OAuthAppDescription>
    /** The seeded app of a tenant (redirect URI `http://localhost:3000/callback`, all four scopes). */
    seeded(tenant?: string): OAuthAppDescription
  }
  readonly payments: {
    /** `POST /__sandbox/checkouts/{sessionId}`: Pay, Decline or Cancel a checkout without its page. */
    complete(sessionId: string, outcome: GivenOutcome): Promise<CheckoutView>
    /** `GET /__sandbox/checkouts`: every checkout session, newest first (`{tenant, status}` narrows). */
    checkouts(filter?: CheckoutFilter): Promise<CheckoutView[]>
  }
  readonly newsletters: {
    /** `POST /__sandbox/newsletters/{id}/engagement`: recipients of a sent newsletter open, click, unsubscribe. */
    engage(id: number | string, counts: EngagementInput): ReturnType<typeof engageNewsletter>
  }
  /** `GET /__sandbox/state`: every credential in clear. */
  state(): SandboxState
  /**
   * `GET /__sandbox/requests`: the request journal, oldest first, each request in full (same filters). Its
   * `find`, `count` and `expect` look for requests by method, path (a glob), query and a subset of the JSON body.
   */
  readonly requests: RequestJournal
  /** `POST /__sandbox/reset`: back to the seeded state (scenarios off, clock real, outbox empty). */
  reset(): Promise<void>
}

export function createTestApi(core: Sandbox): SandboxTestApi {
  const tenantOrThrow = (slug = core.options.defaultTenant): TenantDb => {
    const t = core.tenant(slug)
    if (!t)
      throw new Error(`No tenant "${slug}": the sandbox serves ${[...core.db.tenants.keys()].join(', ')}.`)
    return t
  }
  // From JavaScript (or a spread) a typo'd key reaches here: refuse it, as the endpoint does, never ignore it.
  const keysOf = (value: object | undefined, allowed: readonly string[], where: string) =>
    assertKnownKeys(Object.keys(value ?? {}), allowed, where)
  const outboxList = (filter?: OutboxFilter, where = 'outbox.list()') => {
    keysOf(filter, OUTBOX_FILTER, `the filter of ${where}`)
    return core.outbox.list(filter)
  }
  return {
    ...createControlTestApi(core, keysOf),
    core,
    tenant: (slug) => core.tenant(slug),
    otp: {
      latest(email, filter) {
        keysOf(filter, OTP_FILTER, 'the filter of otp.latest()')
        return requirePendingOtp(core, email, filter)
      },
      all: () => listOtps(core),
    },
    outbox: {
      list: (filter) => outboxList(filter),
      latest: (filter) => outboxList(filter, 'outbox.latest()').at(-1),
    },
    webhooks: {
      deliveries(filter) {
        keysOf(filter, DELIVERY_FILTER, 'the filter of webhooks.deliveries()')
        return core.webhooks.list(filter)
      },
      settled: () => core.webhooks.settled(),
      async waitFor(event, options = {}) {
        keysOf(options, ['tenant', 'timeoutMs'], 'the options of webhooks.waitFor()')
        const deadline = Date.now() + (options.timeoutMs ?? 3000)
        for (;;) {
          await core.webhooks.settled()
          const found = core.webhooks
            .list({ event, ...(options.tenant ? { tenant: options.tenant } : {}) })
            .find((d) => d.attempts.length > 0)
          if (found) return found
          if (Date.now() > deadline) throw new Error(`No delivery of ${event} within the timeout.`)
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
      },
      receive: (url, receiver) => core.webhooks.receive(url, receiver),
      trigger(event, options = {}) {
        keysOf(options, ['tenant', 'object', 'previousAttributes'], 'the options of webhooks.trigger()')
        return runTrigger(core, { ...options, event })
      },
      async resend(id) {
        const delivery = await core.webhooks.resend(id)
        if (!delivery) throw new Error(`No delivery "${id}": webhooks.deliveries() lists them.`)
        return delivery
      },
      resendAll: resendAllCall(core),
    },
    scenarios: {
      async use(name, narrowing, options) {
        keysOf(narrowing, ['tenant', 'path'], `the narrowing of scenarios.use()`)
        return core.scenarios.enable(name, narrowing, options)
      },
      off: (name) => switchOff(core.scenarios, name),
      offAll: () => core.scenarios.disableAll(),
      active: () => core.scenarios.active(),
      list: () => core.scenarios.list(),
    },
    clock: {
      now: () => new Date(core.clock.now()),
      advance: (duration) => moveClock(core, { advance: duration }),
      set: (isoDateTime) => moveClock(core, { set: isoDateTime }),
      freeze: () => moveClock(core, { freeze: true }),
      unfreeze: () => moveClock(core, { freeze: false }),
      ...clockCalls(core, keysOf),
    },
    tokens: {
      mint: (options = {}) => mintControlApiToken(core, { ...options }, undefined, 'tokens.mint()'),
      seeded(tenant) {
        const all = tenantOrThrow(tenant).apiTokens.all()
        const rw = all.find((k) => !k.isReadOnly)
        const ro = all.find((k) => k.isReadOnly)
        if (!rw || !ro) throw new Error('The seeded Api-Tokens were deleted: call reset() first.')
        return { rw: rw.token, ro: ro.token }
      },
    },
    oauthApps: {
      async create(input) {
        keysOf(input, OAUTH_APP_KEYS, 'oauthApps.create()')
        return describeOAuthApp(await createOAuthApp(core, input))
      },
      seeded(tenant) {
        const app = tenantOrThrow(tenant).oauthApps.all()[0]
        if (!app) throw new Error('The tenant has no OAuth app: call reset() first.')
        return describeOAuthApp(app)
      },
    },
    payments: {
      async complete(sessionId, outcome) {
        await import('./workflows/index.ts') // the flows' checkout hooks
        const { completeBySession } = await import('./workflows/payments-control.ts')
        return completeBySession(core, sessionId, outcome, 'test API')
      },
      async checkouts(filter) {
        keysOf(filter, ['tenant', 'status'], 'the filter of payments.checkouts()')
        const { listCheckouts } = await import('./workflows/payments-control.ts')
        return listCheckouts(core, filter)
      },
    },
    newsletters: {
      engage(id, counts) {
        keysOf(counts, ['tenant', 'opens', 'clicks', 'unsubscribes'], 'the counts of newsletters.engage()')
        return engageNewsletter(core, id, counts)
      },
    },
    state: () => snapshotState(core),
    requests: requestJournal(core.feed),
    reset: () => core.reset(),
  }
}
