import { hasPermission } from '../auth/permissions.ts'
import type { OperationCall, OperationOverlay } from '../handlers/overlay-types.ts'
import { badRequest, forbidden, unprocessable } from '../http/errors.ts'
import { CONSTRAINT } from '../http/validate.ts'
import type { StoredRecord } from '../schema/types.ts'
import { checkoutOf, settleCheckout } from './payments-checkout.ts'
import {
  CANCELED,
  centsOf,
  money,
  paymentState,
  PENDING,
  REFUNDED,
  refundedOf,
  REFUNDS,
  refundsOf,
  setPaymentState,
  SUCCESS,
  type Refund,
} from './payments-state.ts'
import { nowIso, type Place } from './tables.ts'

// Refunds and cancellations of a product payment (process-payments, "Refunding a paid charge"; spec refund_payment
// ~4,548,100, cancel_payment ~4,422,300, both "Requires FINANCIAL_LOCAL permission", errors 400/403/404/422).

/**
 * The payment's local center (its user's) must be one the caller's FINANCIAL (or ADMIN) permission reaches: a
 * treasurer of Boston refunds Boston's payments only. A payment of no member (a contact's) needs a tenant-wide one.
 */
export function assertFinancial(call: OperationCall, payment: StoredRecord): void {
  const user = call.principal?.user
  if (!user) forbidden(`${call.op.operationId} needs a user of this tenant`)
  const payer = payment.user == null ? undefined : call.ctx.tenant.users.get(Number(payment.user))
  const center = payer?.localCenter ?? null
  if (!hasPermission(user, ['FINANCIAL', 'ADMIN'], center))
    forbidden(
      `payment #${payment.id} is of ${center === null ? 'no local center' : `local center #${center}`}, which no FINANCIAL permission of ${call.principal!.label} reaches`,
    )
}

/** A refund's amount in cents: a whole positive number, at most what is left to refund (422 otherwise). */
function refundAmount(given: unknown, left: number): number {
  if (given === undefined || given === null) return left
  const reason =
    typeof given !== 'number' || !Number.isInteger(given)
      ? 'The refund amount is a whole number of cents (5000 is 50.00).'
      : given < 1
        ? 'The refund amount must be positive.'
        : given > left
          ? `The refund amount exceeds what is left to refund: ${left} cents.`
          : undefined
  if (reason) unprocessable([{ propertyPath: 'amount', message: reason, code: CONSTRAINT.choice.code }])
  return given as number
}

/**
 * Refunds `amount` cents (all that is left when undefined) of a SUCCESS payment: the refund is recorded on the
 * payment (its `refunds`, in no spec shape), and once the refunds add up to the amount paid the payment is
 * REFUNDED with `isRefunded` (the docs' "showing status: REFUNDED"; "For partial refunds, call repeatedly until
 * cumulative amount equals the original charge"). A partial refund leaves it SUCCESS. Each is a
 * product_payment.updated. Refunds are not reversible (the docs' note): a REFUNDED payment refuses more (400).
 */
export function refundPayment(
  place: Place,
  payment: StoredRecord,
  amount: unknown,
  reason: string | null,
  via: string,
): StoredRecord {
  const state = paymentState(payment)
  if (state !== SUCCESS)
    badRequest(
      `payment #${payment.id} is ${state}: only a SUCCESS payment is refunded${state === REFUNDED ? ' (it is refunded in full already)' : ''}.`,
    )
  const paid = centsOf(payment)
  const left = paid - refundedOf(payment)
  const cents = refundAmount(amount, left)
  const refund: Refund = {
    id: `re_test_${place.core.random.hex(24)}`,
    amount: cents,
    reason,
    date: nowIso(place),
  }
  const refunds = [...refundsOf(payment), refund]
  const full = cents === left
  const currency = String(payment.currency ?? '')
  const note = `${full ? 'refunded in full' : 'partial refund'} of ${money(cents, currency)} via ${via} (${money(paid - left + cents, currency)} of ${money(paid, currency)} refunded)`
  const quantity = typeof payment.quantity === 'number' ? payment.quantity : 1
  return setPaymentState(
    place,
    payment,
    full ? REFUNDED : SUCCESS,
    full ? { [REFUNDS]: refunds, isRefunded: true, quantityRefunded: quantity } : { [REFUNDS]: refunds },
    note,
  )
}

/**
 * `PATCH /api/v1/product-payment/{id}/refund` with the docs' `{"amount": 5000, "reason": "duplicate"}` (neither is
 * in the spec's body `ProductPayment-prod_pay_write.jsonMergePatch`: taken, and logged as the docs' body). `amount`
 * in cents, omitted for a full refund; `reason` "passed through to Stripe". Answers the payment (200).
 */
const refund: OperationOverlay = async (call) => {
  const payment = call.record()
  call.admit('update', payment)
  assertFinancial(call, payment)
  const body = (await call.body()) ?? {}
  const taken = ['amount', 'reason'].filter((key) => key in body)
  if (taken.length)
    call.ctx.core.change(
      'docs.form',
      call.ctx.tenant.tenant.slug,
      `refund_payment: the docs' body took ${taken.join(', ')} (process-payments; not in Orgo's spec's body)`,
    )
  const reason = body.reason
  if (reason !== undefined && reason !== null && typeof reason !== 'string')
    unprocessable([
      { propertyPath: 'reason', message: 'The reason is a string.', code: CONSTRAINT.choice.code },
    ])
  return call.answer(refundPayment(call.ctx, payment, body.amount, reason ?? null, 'refund_payment'))
}

/**
 * `PATCH /api/v1/product-payment/{id}/cancel`: "Cancels a payment that is in pending_accept status ... The payment
 * must not yet be captured". The sandbox's not-yet-captured payment is PENDING: its open checkout ends `cancelled`
 * (the opener's hook told), a bank-transfer one is voided with its invoice (mocks/workflows/invoices*.ts), any
 * other becomes CANCELED. The description's "Sets the status to refunded" would make an uncaptured payment look
 * paid back; CANCELED is the spec tag's word for it. A payment already captured or ended: 400.
 */
export function cancelPayment(
  call: OperationCall,
  voidInvoiceOf: (payment: StoredRecord) => StoredRecord | undefined,
): StoredRecord {
  const payment = call.record()
  call.admit('update', payment)
  assertFinancial(call, payment)
  const state = paymentState(payment)
  if (state !== PENDING)
    badRequest(
      `payment #${payment.id} is ${state}: only a PENDING (not yet captured) payment is cancelled; refund a SUCCESS one.`,
    )
  const checkout = checkoutOf(payment)
  if (checkout?.outcome === null) return settleCheckout(call.ctx, payment, 'cancelled', 'cancel_payment')
  return voidInvoiceOf(payment) ?? setPaymentState(call.ctx, payment, CANCELED, {}, 'cancel_payment')
}

export const REFUND_OPERATIONS: Record<string, OperationOverlay> = { refund_payment: refund }
