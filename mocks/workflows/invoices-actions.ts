import type { OperationOverlay } from '../handlers/overlay-types.ts'
import { badRequest, notFound, unprocessable } from '../http/errors.ts'
import { CONSTRAINT } from '../http/validate.ts'
import { callerId, isoDateOf } from './contracts-state.ts'
import {
  BANK_TRANSFER,
  CURRENCY,
  FOR_PAYMENT,
  INVOICE_PENDING,
  invoicesOf,
  invoiceState,
  PAID,
} from './invoices-model.ts'
import { issueInvoice, markPaid, refundInvoice, voidInvoice } from './invoices-state.ts'
import { billedTo } from './invoices-document.ts'
import { boughtOf, paymentsOf, paymentState, SUCCESS } from './payments-state.ts'
import { nowIso } from './tables.ts'

// The transitions of an invoice (process-payments, bank transfer steps 2-3 and "Cancellation, void, refund"), each
// refusing an invoice in another state with a 400 naming it (the spec lists 400 and 422 for each).

/**
 * `PATCH /api/v1/invoices/{id}/mark-as-paid` (ADMIN_TENANT) with the docs' `{"datePaid": "2026-01-18T14:22:00+00:00"}`
 * (no such field in the spec's body: taken, logged; now when left out): PENDING -> PAID, its payment SUCCESS.
 */
const markAsPaid: OperationOverlay = async (call) => {
  const invoice = call.record()
  call.admit('update', invoice)
  const body = (await call.body()) ?? {}
  const given = body.datePaid
  if (given !== undefined && given !== null) {
    if (typeof given !== 'string' || Number.isNaN(Date.parse(given)))
      unprocessable([{ propertyPath: 'datePaid', ...CONSTRAINT.dateTime }])
    call.ctx.core.change(
      'docs.form',
      call.ctx.tenant.tenant.slug,
      `mark-as-paid: the docs' body took datePaid (process-payments; not in Orgo's spec's body)`,
    )
  }
  const datePaid = typeof given === 'string' ? isoDateOf(given) : nowIso(call.ctx)
  return call.answer(markPaid(call.ctx, invoice, datePaid, 'mark-as-paid'))
}

/** `PATCH /api/v1/invoices/{id}/void` (ADMIN_TENANT): "Issued in error" -> VOIDED, its PENDING payment CANCELED. */
const voidOne: OperationOverlay = async (call) => {
  const invoice = call.record()
  call.admit('update', invoice)
  await call.body()
  if (invoiceState(invoice) === PAID)
    badRequest(
      `invoice #${invoice.id} is PAID: a paid invoice is refunded (PATCH /api/v1/invoices/${invoice.id}/refund, a credit memo), not voided.`,
    )
  return call.answer(voidInvoice(call.ctx, invoice, 'void'))
}

/** `PATCH /api/v1/invoices/{id}/refund` (ADMIN_TENANT): PAID -> REFUNDED, a credit memo issued (no mail). */
const refund: OperationOverlay = async (call) => {
  const invoice = call.record()
  call.admit('update', invoice)
  await call.body()
  return call.answer(refundInvoice(call.ctx, invoice, callerId(call.principal)).invoice)
}

/**
 * `POST /api/v1/invoices/cancel-bank-transfer` (the docs' `PATCH`, doc-forms.ts), any authenticated member: "Cancels
 * the most recent pending bank transfer invoice for the authenticated user ... sets its status to voided. Returns
 * 404 if no pending bank transfer is found."
 */
const cancelBankTransfer: OperationOverlay = (call) => {
  const { ctx } = call
  call.admit('create')
  const me = call.principal!.user!.id
  const latest = invoicesOf(ctx)
    .all()
    .filter((row) => row.user === me && row.type === BANK_TRANSFER && invoiceState(row) === INVOICE_PENDING)
    .at(-1)
  if (!latest) notFound(`${call.principal!.label} has no pending bank transfer invoice.`)
  return call.answer(voidInvoice(ctx, latest, 'cancel-bank-transfer'))
}

/**
 * `PATCH /api/v1/product-payment/{id}/generate-invoice` (ADMIN_TENANT): "Only works for payments with status
 * success that have associated event registrations and no existing invoice": an invoice of the payment, PAID, billed
 * to its payer, linked to it (product_payment.updated). The sandbox makes one for any SUCCESS payment without one.
 */
const generateInvoice: OperationOverlay = async (call) => {
  const { ctx } = call
  const payment = call.record()
  call.admit('update', payment)
  await call.body()
  const state = paymentState(payment)
  if (state !== SUCCESS)
    badRequest(`payment #${payment.id} is ${state}: an invoice is generated for a SUCCESS payment only.`)
  if (payment.invoice != null)
    badRequest(`payment #${payment.id} has an invoice already (/api/v1/invoices/${String(payment.invoice)}).`)
  const to = billedTo(ctx, {
    id: payment.id,
    tenant: payment.tenant,
    user: payment.user,
    contact: payment.contact,
  })
  const invoice = issueInvoice(ctx, {
    user: payment.user ?? null,
    contact: payment.contact ?? null,
    amount: payment.amount,
    type: FOR_PAYMENT,
    status: PAID,
    invoicedFor: boughtOf(ctx, payment),
    invoiceDueDate: null,
    billingName: to.name,
    billingEmail: to.email,
    membershipProductPrice: payment.price ?? null,
    [CURRENCY]: typeof payment.currency === 'string' ? payment.currency : ctx.tenant.tenant.settings.currency,
  })
  const linked = paymentsOf(ctx).updateNow(payment, (draft) => {
    draft.invoice = invoice.id
  })
  return call.answer(linked)
}

export const INVOICE_ACTIONS: Record<string, OperationOverlay> = {
  invoice_mark_as_paid: markAsPaid,
  invoice_void: voidOne,
  invoice_refund: refund,
  invoice_cancel_bank_transfer: cancelBankTransfer,
  generate_invoice: generateInvoice,
}
