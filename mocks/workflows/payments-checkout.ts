import type { SandboxCore } from '../core-types.ts'
import type { TenantDb } from '../db/database.ts'
import { tenantOrigin } from '../handlers/event-attends.ts'
import type { RouteContext } from '../handlers/route.ts'
import { badRequest, conflict } from '../http/errors.ts'
import { isoDate } from '../resources/fields.ts'
import type { StoredRecord } from '../schema/types.ts'
import { checkoutHook, type CheckoutOutcome, type CheckoutPurpose } from './checkout-hooks.ts'
import {
  CANCELED,
  CHECKOUT,
  FAILED,
  insertPayment,
  paymentsOf,
  paymentState,
  PENDING,
  setPaymentState,
  SUCCESS,
} from './payments-state.ts'
import type { Place } from './tables.ts'

// The checkout session of process-payments, step 1 ("Orgo creates the Stripe session"; the answer is
// `{checkoutUrl, sessionId, expiresAt}`). Stripe is out of reach offline, so the session's URL is the sandbox's own
// page on the tenant host (mocks/handlers/checkout-page.ts) where a person presses Pay, Decline or Cancel; the
// control API (`POST /__sandbox/checkouts/{sessionId}`) and the test API (`payments.complete`) do the same without
// a browser. A session belongs to the PENDING product payment it opened (product_payment.created) and is kept on
// it (the `checkout` field, in no spec shape), so `--db`, snapshots and resets keep them together. Its outcome moves
// the payment (step 2: "Orgo creates a ProductPayment record with status: SUCCESS (or FAILED)") and calls the
// opener's hook (checkout-hooks.ts): paid -> SUCCESS, declined -> FAILED, cancelled or expired -> CANCELED.

/** A session's life: the docs' example opens one at 10:30 that expires at 11:30 (Stripe's own default is 24 h). */
export const CHECKOUT_TTL_MS = 60 * 60 * 1000

/** The checkout page's path on the tenant host: `/checkout/{sessionId}`. */
export const CHECKOUT_PATH = '/checkout'

/** What a payment keeps of its checkout session. */
export interface StoredCheckout {
  sessionId: string
  url: string
  description: string
  email: string | null
  purpose: CheckoutPurpose
  /** The page form's secret: its Pay, Decline and Cancel posts carry it, so no other page can forge them. */
  pageToken: string
  createdAt: string
  expiresAt: string
  outcome: CheckoutOutcome | null
  completedAt: string | null
  /** What completed it: `page`, `control API`, `test API`, `clock`, an operation. */
  via: string | null
}

export interface CheckoutInput {
  /** In cents, as Orgo's amounts are. */
  amount: number
  currency: string
  /** What is bought, as the page shows it (`AGM 2026: General Admission x2`). */
  description: string
  email: string | null
  purpose: CheckoutPurpose
  /** The payment's own fields (`product`, `price`, `user`, `contact`, `quantity`), so its .created webhook has them. */
  payment?: Record<string, unknown>
}

export interface CheckoutSession {
  sessionId: string
  checkoutUrl: string
  expiresAt: string
  payment: StoredRecord
}

export const checkoutOf = (payment: StoredRecord): StoredCheckout | undefined =>
  (payment[CHECKOUT] as StoredCheckout | undefined) ?? undefined

/** The tenant host's origin: the request's, else the sandbox's own name for it (a checkout opened by the clock). */
export function originOf(place: Place): string {
  const ctx = place as Partial<RouteContext>
  if (ctx.req && ctx.host) return tenantOrigin(ctx as RouteContext)
  const { baseDomains, port } = place.core.options
  return `http://${place.tenant.tenant.slug}.${baseDomains[0]}${port ? `:${port}` : ''}`
}

/** A user, else a contact, of the tenant with that email: the payer the payment names. */
function payerFields(tenant: TenantDb, email: string | null): Record<string, unknown> {
  if (!email) return {}
  const user =
    tenant.users.findUnique('email', email) ?? tenant.users.findUnique('email', email.toLowerCase())
  if (user) return { user: user.id }
  const contact = tenant.contacts.findUnique('email', email)
  return contact ? { contact: contact.id } : {}
}

/**
 * Opens a checkout: a PENDING product payment holding the session, whose URL is the sandbox's checkout page. Other
 * flows (an event's tickets) call it; what happens when it is paid or not is their `onCheckout` hook's.
 */
export function createCheckout(place: Place, input: CheckoutInput): CheckoutSession {
  const { amount, description, email, purpose } = input
  if (!Number.isInteger(amount) || amount < 1)
    badRequest(`A checkout charges a whole number of cents, at least 1; got ${String(amount)}.`)
  const currency = String(input.currency).toUpperCase()
  if (!/^[A-Z]{3}$/.test(currency))
    badRequest(`A checkout's currency is an ISO 4217 code; got "${currency}".`)
  watchClock(place.core)
  const now = place.core.clock.now()
  const sessionId = `cs_test_${place.core.random.hex(24)}`
  const checkout: StoredCheckout = {
    sessionId,
    url: `${originOf(place)}${CHECKOUT_PATH}/${sessionId}`,
    description,
    email,
    purpose: JSON.parse(JSON.stringify(purpose)) as CheckoutPurpose,
    pageToken: place.core.random.hex(32),
    createdAt: isoDate(now),
    expiresAt: isoDate(now + CHECKOUT_TTL_MS),
    outcome: null,
    completedAt: null,
    via: null,
  }
  const payment = insertPayment(place, {
    ...payerFields(place.tenant, email),
    ...input.payment,
    amount,
    currency,
    status: PENDING,
    method: 'CARD',
    [CHECKOUT]: checkout,
  })
  return { sessionId, checkoutUrl: checkout.url, expiresAt: checkout.expiresAt, payment }
}

/**
 * The tenant's payment holding a session, or undefined; a session past its time is expired first (its hook told),
 * so whoever finds it sees it as the sandbox clock has it.
 */
export function findCheckout(place: Place, sessionId: string): StoredRecord | undefined {
  if (!/^cs_test_[0-9a-f]{24}$/.test(sessionId)) return undefined
  const found = paymentsOf(place)
    .all()
    .find((p) => checkoutOf(p)?.sessionId === sessionId)
  const checkout = found && checkoutOf(found)
  if (!found || !checkout || !isDue(checkout, place.core.clock.now()) || paymentState(found) !== PENDING)
    return found
  return settleCheckout(place, found, 'expired', 'clock')
}

/** Whether an open session's time is up on the sandbox clock. */
const isDue = (checkout: StoredCheckout, now: number) =>
  checkout.outcome === null && Date.parse(checkout.expiresAt) <= now

const STATE_OF: Readonly<Record<CheckoutOutcome, string>> = {
  paid: SUCCESS,
  declined: FAILED,
  cancelled: CANCELED,
  expired: CANCELED,
}

/**
 * A session's outcome, once: the payment moved (a paid one gets Stripe-like ids and its paid date, the date the
 * docs' reconciliation filters on), the feed told (`checkout.<outcome>`), then the opener's hook. A session already
 * ended is a 409 naming its outcome; an open one past its time expires first, then refuses.
 */
export function settleCheckout(
  place: Place,
  payment: StoredRecord,
  outcome: CheckoutOutcome,
  via: string,
): StoredRecord {
  let current = paymentsOf(place).get(payment.id) ?? payment
  const checkout = checkoutOf(current)
  if (!checkout) badRequest(`payment #${payment.id} was opened by no checkout.`)
  if (outcome !== 'expired' && isDue(checkout, place.core.clock.now()) && paymentState(current) === PENDING)
    current = settleCheckout(place, current, 'expired', 'clock')
  const ended = checkoutOf(current)!
  if (ended.outcome !== null)
    conflict(
      `checkout ${ended.sessionId} is already ${ended.outcome} (${ended.completedAt}); payment #${current.id} is ${paymentState(current)}. A new checkout charges again.`,
    )
  if (paymentState(current) !== PENDING)
    conflict(
      `payment #${current.id} of checkout ${ended.sessionId} is ${paymentState(current)}, not PENDING.`,
    )
  const now = isoDate(place.core.clock.now())
  const state = STATE_OF[outcome]
  const fields: Record<string, unknown> = {
    [CHECKOUT]: { ...ended, outcome, completedAt: now, via },
  }
  if (outcome === 'paid' || outcome === 'declined')
    fields.stripePaymentId = `pi_test_${place.core.random.hex(24)}`
  if (outcome === 'paid') fields.stripePaymentDate = now
  const updated = setPaymentState(place, current, state, fields, `checkout ${outcome} (${via})`)
  place.core.change(
    `checkout.${outcome}`,
    place.tenant.tenant.slug,
    `Checkout ${ended.sessionId} ${outcome} via ${via}: payment #${updated.id} is ${state}`,
    { sessionId: ended.sessionId, payment: updated.id, outcome, via },
  )
  checkoutHook(ended.purpose.kind)?.(place, ended.purpose, outcome, updated)
  return paymentsOf(place).get(updated.id) ?? updated
}

/**
 * Ends the tenant's open sessions past their time (CANCELED, the hook told `expired`): on every read of a
 * checkout or a payment, and whenever the sandbox clock moves, so expiry follows the sandbox clock.
 */
export function expireDue(place: Place): void {
  watchClock(place.core)
  const now = place.core.clock.now()
  for (const payment of paymentsOf(place).all()) {
    const checkout = checkoutOf(payment)
    if (checkout && isDue(checkout, now) && paymentState(payment) === PENDING)
      settleCheckout(place, payment, 'expired', 'clock')
  }
}

/** Every tenant whose payments have been touched (or a `--db` file holds): only those can hold sessions. */
export function placesOf(core: SandboxCore): Place[] {
  return [...core.db.tenants.values()]
    .filter((t) => t.schema.has('product_payments') || t.schemaLoaded.has('product_payments'))
    .map((tenant) => ({ core, tenant }))
}

const watched = new WeakSet<object>()

/** Sessions expire when the sandbox clock moves past them (`POST /__sandbox/clock {"advance": "2h"}`). */
function watchClock(core: SandboxCore): void {
  if (watched.has(core.clock)) return
  watched.add(core.clock)
  // Watched once a checkout was made or read here, so the flows' hooks are registered (mocks/workflows/index.ts
  // loaded with them: the engine's overlays, the checkout page, the control and test APIs load it first).
  core.clock.onChange(() => {
    try {
      for (const place of placesOf(core)) expireDue(place)
    } catch (error) {
      // A hook that throws must not take the clock's other listeners down: the feed says it.
      core.change('checkout.error', null, `Expiring checkouts failed: ${String(error)}`)
    }
  })
}
