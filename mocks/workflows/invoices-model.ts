import { recordsOf } from '../schema/store.ts'
import type { StoredRecord } from '../schema/types.ts'
import { tableOf, type Place } from './tables.ts'

// The vocabulary of an invoice (spec Invoice-invoice_read ~8,582,010) as the invoices flow keeps it
// (mocks/workflows/invoices-state.ts): its states, its types, its number as the docs write it, its currency.

export const INVOICE_PENDING = 'PENDING'
export const PAID = 'PAID'
export const VOIDED = 'VOIDED'
export const INVOICE_REFUNDED = 'REFUNDED'
/** A credit memo's state: issued, nothing to pay. */
export const ISSUED = 'ISSUED'

/** The spec's `type` (a free string): the docs' bank transfer, `POST /invoices`' manual one, a credit memo... */
export const BANK_TRANSFER = 'BANK_TRANSFER'
export const MANUAL = 'MANUAL'
export const CREDIT_MEMO = 'CREDIT_MEMO'
/** generate-invoice's: the invoice of a payment already made (PAID when issued). */
export const FOR_PAYMENT = 'PAYMENT'

/** Kept beside the spec's fields (no Invoice schema has them): the currency, and the credit memo's links. */
export const CURRENCY = 'currency'
export const CREDIT_MEMO_OF = 'creditMemoFor'
export const CREDITED_BY = 'creditMemo'

/** The docs' example issues on 2026-01-15 and is due 2026-02-14: 30 days. */
export const DUE_DAYS = 30
export const DAY_MS = 86_400_000

/** The state in capitals; the descriptions' "unpaid" is PENDING. */
export function invoiceState(record: StoredRecord): string {
  const state = String(record.status ?? '').toUpperCase()
  return state === '' || state === 'UNPAID' ? INVOICE_PENDING : state
}

export const invoicesOf = (place: Place) => tableOf(place, 'invoices')

/** The docs' invoice number: `INV-2026-00284`, from the series, the year issued and `invoiceNumber`. */
export function invoiceLabel(record: StoredRecord): string {
  const year = String(record.invoiceDate ?? record.dateCreated ?? '').slice(0, 4) || '0000'
  const series = typeof record.series === 'string' && record.series ? record.series : 'INV'
  return `${series}-${year}-${String(record.invoiceNumber ?? record.id).padStart(5, '0')}`
}

export function currencyOf(place: Place, invoice: StoredRecord): string {
  if (typeof invoice[CURRENCY] === 'string') return invoice[CURRENCY]
  const price =
    invoice.membershipProductPrice == null
      ? undefined
      : recordsOf(place.core, place.tenant).get('product_prices', Number(invoice.membershipProductPrice))
  return typeof price?.currency === 'string' ? price.currency : place.tenant.tenant.settings.currency
}
