import { assertRecordFits, assertRoom } from '../handlers/record-budget.ts'
import { sendMail } from '../outbox.ts'
import { recordsOf } from '../schema/store.ts'
import type { StoredRecord } from '../schema/types.ts'
import { nowIso, tableOf, type Place } from './tables.ts'

// The states of a product payment (process-payments; spec ProductPayment-prod_pay_read ~9,259,718). The docs
// spell them in capitals (`PENDING`, `SUCCESS`, `FAILED`, `REFUNDED`), the spec's tag adds `CANCELED`, its
// descriptions write them in lower case ("success", "refunded", "canceled") and its entity default is "open": the
// sandbox stores the docs' capitals, so webhook and GET agree (webhooks digest, contradiction 14). A payment is
// made PENDING (a checkout opened, a bank-transfer invoice issued) and ends SUCCESS, FAILED or CANCELED; only a
// SUCCESS one is refunded, REFUNDED once its refunds add up to its amount. Every change is a write of the table,
// so its product_payment.* webhook follows (mocks/webhooks/service.ts).

export const PENDING = 'PENDING'
export const SUCCESS = 'SUCCESS'
export const FAILED = 'FAILED'
export const CANCELED = 'CANCELED'
export const REFUNDED = 'REFUNDED'

/** How a payment was made: the docs' `method` (card via the checkout, or bank transfer); in no spec shape. */
export type PaymentMethod = 'CARD' | 'BANK_TRANSFER'

/**
 * Fields the sandbox keeps on a payment beside the spec's (no ProductPayment schema has them, so no answer shows
 * them): its checkout session, its refunds, its method; and its company's IRI (the list's `company` filter).
 */
export const CHECKOUT = 'checkout'
export const REFUNDS = 'refunds'
export const METHOD = 'method'

/** One refund of a payment, in cents. */
export interface Refund {
  id: string
  amount: number
  reason: string | null
  date: string
}

/** The payment's state in capitals; the spec's default "open" (a faked or file record) is a payment not made yet. */
export function paymentState(record: StoredRecord): string {
  const state = String(record.status ?? '').toUpperCase()
  return state === '' || state === 'OPEN' ? PENDING : state
}

export const paymentsOf = (place: Place) => tableOf(place, 'product_payments')

/** A payment's amount in cents (the docs: "`amount` in cents"). */
export const centsOf = (record: StoredRecord) =>
  typeof record.amount === 'number' ? Math.round(record.amount) : 0

export const refundsOf = (record: StoredRecord): Refund[] =>
  Array.isArray(record[REFUNDS]) ? (record[REFUNDS] as Refund[]) : []

/** What has been refunded of a payment so far, in cents. */
export const refundedOf = (record: StoredRecord) => refundsOf(record).reduce((sum, r) => sum + r.amount, 0)

/** `5000, "USD"` -> `$50.00`, as a receipt and the checkout page show an amount in cents. */
export function money(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).format(cents / 100)
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`
  }
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null)

/** Who pays: the checkout's email, else the invoice's billing, else the payment's user, else its contact. */
export function payerOf(place: Place, payment: StoredRecord): { name: string; email: string | null } {
  const records = recordsOf(place.core, place.tenant)
  const user = payment.user == null ? undefined : records.get('users', Number(payment.user))
  const contact = payment.contact == null ? undefined : records.get('contacts', Number(payment.contact))
  const invoice = payment.invoice == null ? undefined : records.get('invoices', Number(payment.invoice))
  const checkout = payment[CHECKOUT] as { email?: unknown } | undefined
  const name =
    text(invoice?.billingName) ??
    text(user?.fullName) ??
    ([text(user?.firstName), text(user?.lastName)].filter(Boolean).join(' ') || null) ??
    text(contact?.name)
  const email =
    text(checkout?.email) ?? text(invoice?.billingEmail) ?? text(user?.email) ?? text(contact?.email)
  return { name: name ?? email ?? `payment #${payment.id}`, email }
}

/** What the payment bought: its product and price names, else its invoice's subject. */
export function boughtOf(place: Place, payment: StoredRecord): string {
  const records = recordsOf(place.core, place.tenant)
  const checkout = payment[CHECKOUT] as { description?: unknown } | undefined
  if (text(checkout?.description)) return String(checkout!.description)
  const product = payment.product == null ? undefined : records.get('products', Number(payment.product))
  const price = payment.price == null ? undefined : records.get('product_prices', Number(payment.price))
  const [productName, priceName] = [text(product?.name), text(price?.name)]
  if (productName && priceName) return `${productName} (${priceName})`
  return productName ?? priceName ?? `payment #${payment.id}`
}

/**
 * A payment's company as the list's `company` filter compares it: its IRI. No ProductPayment schema has the field,
 * so the engine knows no relation to resolve the filter's IRI to an id; the stored IRI is what it matches.
 */
function companyOf(place: Place, company: unknown): string | null {
  if (typeof company === 'string') return company
  if (typeof company !== 'number') return null
  const records = recordsOf(place.core, place.tenant)
  const record = records.get('companies', company)
  return record ? records.iri('companies', record) : null
}

/** A new payment, PENDING unless `values` says otherwise (product_payment.created). */
export function insertPayment(place: Place, values: Record<string, unknown>): StoredRecord {
  const table = paymentsOf(place)
  assertRoom('product_payments', table.count())
  const now = nowIso(place)
  const record: StoredRecord = {
    product: null,
    subscriptionProfile: null,
    periodStart: null,
    periodEnd: null,
    stripeInvoiceId: null,
    stripePaymentId: null,
    isRefunded: false,
    contact: null,
    user: null,
    price: null,
    manualFeePayment: null,
    stripePaymentDate: null,
    acceptedDate: null,
    uid: place.core.random.uuid(),
    isPublic: false,
    identityReminderSent: false,
    identityReminder2Sent: false,
    identityReminder3Sent: false,
    productOption: null,
    identity: null,
    localCenterOption: null,
    commentByUser: null,
    commentStatus: null,
    invoice: null,
    quantity: 1,
    quantityRefunded: 0,
    voucherCode: null,
    [METHOD]: 'CARD',
    ...values,
    company: companyOf(place, values.company),
    status: typeof values.status === 'string' ? values.status : PENDING,
    dateCreated: now,
    id: place.core.db.ids.next('product_payments'),
    tenant: place.tenant.tenant.slug,
  }
  const stored = table.insertNow(assertRecordFits(record))
  announce(place, stored, `Payment #${stored.id} ${paymentState(stored)}`)
  return stored
}

/**
 * A payment moved to `state` with the fields that go with it (product_payment.updated, its previous_attributes the
 * old values); a SUCCESS mails the payer a receipt.
 */
export function setPaymentState(
  place: Place,
  payment: StoredRecord,
  state: string,
  fields: Record<string, unknown> = {},
  note = '',
): StoredRecord {
  const before = paymentState(payment)
  const stored = paymentsOf(place).updateNow(payment, (draft) => {
    Object.assign(draft, fields)
    draft.status = state
  })
  announce(place, stored, `Payment #${stored.id} ${before} -> ${state}${note ? `: ${note}` : ''}`)
  if (state === SUCCESS && before !== SUCCESS) mailReceipt(place, stored)
  return stored
}

/** The feed's `payment.<state>` line, for the terminal and the dashboard. */
function announce(place: Place, payment: StoredRecord, summary: string): void {
  const state = paymentState(payment)
  place.core.change(
    `payment.${state.toLowerCase()}`,
    place.tenant.tenant.slug,
    `${summary} (${money(centsOf(payment), String(payment.currency ?? ''))}, ${boughtOf(place, payment)})`,
    { payment: payment.id, status: state, amount: centsOf(payment), currency: payment.currency ?? null },
  )
}

/** The payer's receipt (the docs' step 6 "send receipt" is the integrator's; the sandbox's outbox shows one). */
function mailReceipt(place: Place, payment: StoredRecord): void {
  const to = payerOf(place, payment)
  if (!to.email) return
  const org = place.tenant.tenant.name
  const amount = money(centsOf(payment), String(payment.currency ?? ''))
  const what = boughtOf(place, payment)
  const method = payment[METHOD] === 'BANK_TRANSFER' ? 'bank transfer' : 'card'
  sendMail(
    place.core,
    {
      kind: 'payment-receipt',
      tenant: place.tenant.tenant.slug,
      to: to.email,
      subject: `Receipt from ${org}: ${amount}`,
      text:
        `Hello ${to.name},\n\n${org} received your payment of ${amount} by ${method} for ${what}.\n` +
        `Payment #${payment.id}, ${String(payment.stripePaymentDate ?? payment.acceptedDate ?? nowIso(place))}.\n`,
      code: null,
      link: null,
      expiresAt: null,
    },
    `Receipt for payment #${payment.id} (${amount}) to ${to.email}`,
  )
}
