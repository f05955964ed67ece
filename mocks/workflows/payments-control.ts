import type { SandboxCore } from '../core-types.ts'
import { badRequest, notFound } from '../http/errors.ts'
import type { StoredRecord } from '../schema/types.ts'
import type { CheckoutOutcome } from './checkout-hooks.ts'
import { checkoutOf, expireDue, findCheckout, placesOf, settleCheckout } from './payments-checkout.ts'
import { centsOf, paymentsOf, paymentState, refundedOf } from './payments-state.ts'
import type { Place } from './tables.ts'

// The sandbox's own view of the checkout sessions (SPEC 10, like Stripe's test-mode dashboard): every session of
// every tenant, and ending one without a browser. The control API (mocks/handlers/control-checkout.ts) and the test
// API (`payments.complete`, `payments.checkouts`) call these, so both answer and refuse alike.

/** The outcomes a person (or a test) gives a session; `expired` is the clock's alone. */
export const OUTCOMES = ['paid', 'declined', 'cancelled'] as const
export type GivenOutcome = (typeof OUTCOMES)[number]

/** A session's status: `open`, or its outcome. */
export const CHECKOUT_STATUSES = ['open', 'paid', 'declined', 'cancelled', 'expired'] as const

export interface CheckoutFilter {
  tenant?: string
  status?: string
}

/** A session as the control API lists it. */
export interface CheckoutView {
  sessionId: string
  tenant: string
  status: 'open' | CheckoutOutcome
  checkoutUrl: string
  description: string
  /** In cents. */
  amount: number
  currency: string
  email: string | null
  createdAt: string
  expiresAt: string
  completedAt: string | null
  via: string | null
  purpose: Record<string, unknown>
  payment: { '@id': string; id: number; status: string; amountRefunded: number }
}

export function shownCheckout(place: Place, payment: StoredRecord): CheckoutView {
  const c = checkoutOf(payment)!
  return {
    sessionId: c.sessionId,
    tenant: place.tenant.tenant.slug,
    status: c.outcome ?? 'open',
    checkoutUrl: c.url,
    description: c.description,
    amount: centsOf(payment),
    currency: String(payment.currency ?? ''),
    email: c.email,
    createdAt: c.createdAt,
    expiresAt: c.expiresAt,
    completedAt: c.completedAt,
    via: c.via,
    purpose: c.purpose,
    payment: {
      '@id': `/api/v1/product_payments/${payment.id}`,
      id: payment.id,
      status: paymentState(payment),
      amountRefunded: refundedOf(payment),
    },
  }
}

/** `GET /__sandbox/checkouts?tenant=&status=`: every session, newest first, expired ones ended first. */
export async function listCheckouts(core: SandboxCore, filter: CheckoutFilter = {}): Promise<CheckoutView[]> {
  const { tenant, status } = filter
  if (tenant !== undefined && !core.tenant(tenant))
    badRequest(`No tenant "${tenant}": the sandbox serves ${[...core.db.tenants.keys()].join(', ')}.`)
  if (status !== undefined && !(CHECKOUT_STATUSES as readonly string[]).includes(status))
    badRequest(`"status" is one of ${CHECKOUT_STATUSES.join(', ')}; got "${status}".`)
  const views: CheckoutView[] = []
  for (const place of placesOf(core)) {
    if (tenant !== undefined && place.tenant.tenant.slug !== tenant) continue
    expireDue(place)
    for (const payment of paymentsOf(place).all())
      if (checkoutOf(payment)) views.push(shownCheckout(place, payment))
  }
  return views
    .filter((v) => status === undefined || v.status === status)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.payment.id - a.payment.id)
}

/** `POST /__sandbox/checkouts/{sessionId} {"outcome": "paid"}`: as the page's button would (404, 409, 400). */
export async function completeBySession(
  core: SandboxCore,
  sessionId: string,
  outcome: unknown,
  via: string,
): Promise<CheckoutView> {
  if (typeof outcome !== 'string' || !(OUTCOMES as readonly string[]).includes(outcome))
    badRequest(`"outcome" is one of ${OUTCOMES.join(', ')}; got ${JSON.stringify(outcome ?? null)}.`)
  for (const place of placesOf(core)) {
    const payment = findCheckout(place, sessionId)
    if (payment) return shownCheckout(place, settleCheckout(place, payment, outcome as GivenOutcome, via))
  }
  return notFound(`No checkout "${sessionId.slice(0, 80)}": GET /__sandbox/checkouts lists them.`)
}
