import { assertRecordFits, assertRoom } from '../handlers/record-budget.ts'
import { badRequest } from '../http/errors.ts'
import { isoDate } from '../resources/fields.ts'
import { recordsOf } from '../schema/store.ts'
import type { StoredRecord } from '../schema/types.ts'
import { mailInvoice } from './invoices-document.ts'
import {
  BANK_TRANSFER,
  CREDIT_MEMO,
  CREDIT_MEMO_OF,
  CREDITED_BY,
  CURRENCY,
  currencyOf,
  DAY_MS,
  DUE_DAYS,
  INVOICE_PENDING,
  INVOICE_REFUNDED,
  invoiceLabel,
  invoicesOf,
  invoiceState,
  ISSUED,
  PAID,
  VOIDED,
} from './invoices-model.ts'
import { refundPayment } from './payments-refund.ts'
import {
  CANCELED,
  insertPayment,
  METHOD,
  paymentsOf,
  paymentState,
  PENDING as PAYMENT_PENDING,
  setPaymentState,
  SUCCESS,
} from './payments-state.ts'
import { nowIso, type Place } from './tables.ts'

// The invoices of process-payments' bank-transfer flow (spec Invoice-invoice_read ~8,582,010): issued PENDING (the
// docs' create answer; the descriptions say "unpaid"), then PAID (mark-as-paid), VOIDED (void, or the member's
// cancel-bank-transfer: "sets its status to voided") or, once paid, REFUNDED (refund, "creates a credit memo": a
// CREDIT_MEMO invoice of the negated amount, ISSUED). A bank-transfer invoice opens its PENDING product payment when
// issued (product_payment.created: "bank-transfer invoice issued", webhooks digest 15) and mark-as-paid moves it to
// SUCCESS (product_payment.updated, "the same event it sees for card payments"). Invoices are numbered in one
// sequence per tenant (`invoiceNumber`), shown as the docs' `INV-2026-00284`.

/** The next number of the tenant's sequence ("auto-generated invoice number"). */
export function nextInvoiceNumber(place: Place): number {
  let max = 0
  for (const row of invoicesOf(place).all())
    if (typeof row.invoiceNumber === 'number') max = Math.max(max, row.invoiceNumber)
  return max + 1
}

/** The payment an invoice is paid by (the newest linking it). */
export function linkedPayment(place: Place, invoice: StoredRecord): StoredRecord | undefined {
  return paymentsOf(place)
    .all()
    .filter((p) => p.invoice === invoice.id)
    .at(-1)
}

/** The read-only totals the spec computes: no tax unless `taxValue` (a percentage) is given. */
export function totals(values: Record<string, unknown>): Record<string, number> {
  const amount = typeof values.amount === 'number' ? values.amount : 0
  const quantity = typeof values.quantity === 'number' && values.quantity > 0 ? values.quantity : 1
  const rate = typeof values.taxValue === 'number' ? values.taxValue : 0
  const taxAmount = Math.round((amount * rate) / 100)
  return {
    unitPrice: Math.round(amount / quantity),
    subtotal: amount,
    taxAmount,
    totalWithTax: amount + taxAmount,
  }
}

/** A new invoice, numbered, due in 30 days, mailed; a bank-transfer one with its PENDING payment. */
export function issueInvoice(
  place: Place,
  values: Record<string, unknown>,
  payment?: Record<string, unknown>,
): StoredRecord {
  const table = invoicesOf(place)
  assertRoom('invoices', table.count())
  const now = place.core.clock.now()
  const record: StoredRecord = {
    user: null,
    contact: null,
    company: null,
    body: null,
    internalNotes: null,
    dateRefunded: null,
    refundedBy: null,
    membershipStartDate: null,
    membershipEndDate: null,
    isMembership: false,
    membershipProductPrice: null,
    quantity: 1,
    taxValue: null,
    taxName: null,
    memo: null,
    footer: null,
    customFields: [],
    invoiceDate: isoDate(now),
    invoiceDueDate: isoDate(now + DUE_DAYS * DAY_MS),
    series: 'INV',
    status: INVOICE_PENDING,
    ...values,
    ...totals(values),
    invoiceNumber: nextInvoiceNumber(place),
    dateCreated: isoDate(now),
    dateUpdated: isoDate(now),
    id: place.core.db.ids.next('invoices'),
    tenant: place.tenant.tenant.slug,
  }
  const stored = table.insertNow(assertRecordFits(record))
  announceInvoice(place, stored, 'issued')
  if (payment)
    insertPayment(place, {
      ...payment,
      amount: stored.amount,
      currency: currencyOf(place, stored),
      invoice: stored.id,
      [METHOD]: BANK_TRANSFER,
      status: PAYMENT_PENDING,
    })
  if (invoiceState(stored) === INVOICE_PENDING) mailInvoice(place, stored, 'issued')
  return stored
}

/** An invoice's state change, in the feed as `invoice.<state>`. */
export function setInvoiceState(
  place: Place,
  invoice: StoredRecord,
  state: string,
  fields: Record<string, unknown>,
  note: string,
): StoredRecord {
  const stored = invoicesOf(place).updateNow(invoice, (draft) => {
    Object.assign(draft, fields)
    draft.status = state
    draft.dateUpdated = nowIso(place)
  })
  announceInvoice(place, stored, note)
  return stored
}

/** The feed's `invoice.<state>` line. */
export function announceInvoice(place: Place, invoice: StoredRecord, note: string): void {
  const state = invoiceState(invoice)
  place.core.change(
    `invoice.${state.toLowerCase()}`,
    place.tenant.tenant.slug,
    `Invoice ${invoiceLabel(invoice)} (#${invoice.id}) ${state}: ${note}`,
    { invoice: invoice.id, number: invoiceLabel(invoice), status: state, amount: invoice.amount },
  )
}

/** A 400 naming the state, for a transition the invoice's state does not allow. */
export function assertInvoiceState(invoice: StoredRecord, wanted: string, action: string): void {
  const state = invoiceState(invoice)
  if (state !== wanted)
    badRequest(
      `invoice ${invoiceLabel(invoice)} (#${invoice.id}) is ${state}: ${action} needs a ${wanted} one.`,
    )
}

/** The months a membership invoice's price covers: its override, else its product's `monthPeriod` (else 12). */
function monthsOf(place: Place, invoice: StoredRecord): number {
  const records = recordsOf(place.core, place.tenant)
  const price =
    invoice.membershipProductPrice == null
      ? undefined
      : records.get('product_prices', Number(invoice.membershipProductPrice))
  const product = price?.product == null ? undefined : records.get('products', Number(price.product))
  const months = price?.overwriteMonthPeriod ?? product?.monthPeriod
  return typeof months === 'number' && months > 0 ? months : 12
}

const plusMonths = (iso: string, months: number) => {
  const date = new Date(iso)
  date.setUTCMonth(date.getUTCMonth() + months)
  return isoDate(date.getTime())
}

/**
 * PENDING -> PAID on `datePaid` (mark-as-paid): a membership invoice's period starts then; its PENDING payment
 * becomes SUCCESS by bank transfer, paid on that date (an invoice issued without one, `POST /invoices`, gets one
 * made PENDING then SUCCESS, so the receiver sees product_payment.updated as for a card); the invoice mailed again.
 */
export function markPaid(place: Place, invoice: StoredRecord, datePaid: string, via: string): StoredRecord {
  assertInvoiceState(invoice, INVOICE_PENDING, via)
  const membership = invoice.isMembership === true
  const period = membership
    ? { membershipStartDate: datePaid, membershipEndDate: plusMonths(datePaid, monthsOf(place, invoice)) }
    : {}
  const paid = setInvoiceState(place, invoice, PAID, { ...period }, `paid on ${datePaid} (${via})`)
  const open = linkedPayment(place, paid)
  const payment =
    open && paymentState(open) === PAYMENT_PENDING
      ? open
      : insertPayment(place, {
          amount: paid.amount,
          currency: currencyOf(place, paid),
          invoice: paid.id,
          user: paid.user ?? null,
          contact: paid.contact ?? null,
          company: paid.company ?? null,
          price: paid.membershipProductPrice ?? null,
          [METHOD]: BANK_TRANSFER,
        })
  setPaymentState(
    place,
    payment,
    SUCCESS,
    {
      stripePaymentDate: datePaid,
      acceptedDate: datePaid,
      [METHOD]: BANK_TRANSFER,
      ...(membership ? { periodStart: period.membershipStartDate, periodEnd: period.membershipEndDate } : {}),
    },
    `invoice ${invoiceLabel(paid)} marked as paid`,
  )
  mailInvoice(place, paid, 'paid')
  return paid
}

/** PENDING -> VOIDED (void; the member's cancel-bank-transfer): its PENDING payment CANCELED. */
export function voidInvoice(place: Place, invoice: StoredRecord, via: string): StoredRecord {
  assertInvoiceState(invoice, INVOICE_PENDING, via)
  const voided = setInvoiceState(place, invoice, VOIDED, {}, via)
  const payment = linkedPayment(place, voided)
  if (payment && paymentState(payment) === PAYMENT_PENDING)
    setPaymentState(place, payment, CANCELED, {}, `invoice ${invoiceLabel(voided)} voided`)
  return voided
}

/**
 * PAID -> REFUNDED (refund: "record-keeping only ... ProductPayment becomes refunded"), `refundedBy` the caller; its
 * payment refunded of what is left; a credit memo issued for the amount, in the same number sequence.
 */
export function refundInvoice(
  place: Place,
  invoice: StoredRecord,
  by: number | null,
): { invoice: StoredRecord; creditMemo: StoredRecord } {
  assertInvoiceState(invoice, PAID, 'refund')
  const payment = linkedPayment(place, invoice)
  if (payment && paymentState(payment) === SUCCESS)
    refundPayment(place, payment, undefined, 'invoice_refunded', `invoice ${invoiceLabel(invoice)} refund`)
  const copied = Object.fromEntries(
    Object.entries(invoice).filter(([name]) => /^billing|^(user|contact|company|quantity)$/.test(name)),
  )
  const creditMemo = issueInvoice(place, {
    ...copied,
    amount: -(typeof invoice.amount === 'number' ? invoice.amount : 0),
    type: CREDIT_MEMO,
    status: ISSUED,
    invoicedFor: `Credit memo for ${invoiceLabel(invoice)}`,
    memo: `Credits invoice ${invoiceLabel(invoice)} (#${invoice.id}) in full.`,
    invoiceDueDate: null,
    series: typeof invoice.series === 'string' ? invoice.series : 'INV',
    [CURRENCY]: currencyOf(place, invoice),
    [CREDIT_MEMO_OF]: invoice.id,
  })
  const refunded = setInvoiceState(
    place,
    invoice,
    INVOICE_REFUNDED,
    { dateRefunded: nowIso(place), refundedBy: by, [CREDITED_BY]: creditMemo.id },
    `refunded; credit memo ${invoiceLabel(creditMemo)}`,
  )
  return { invoice: refunded, creditMemo }
}
