import type { OperationOverlay, Workflow } from '../handlers/overlay-types.ts'
import { INVOICE_OPERATIONS, INVOICE_WRITES } from './invoices.ts'
import { INVOICE_PENDING, invoicesOf, invoiceState } from './invoices-model.ts'
import { voidInvoice } from './invoices-state.ts'
import { COMPANY_OPERATIONS } from './payments-company.ts'
import { LIST_OPERATIONS } from './payments-list.ts'
import { cancelPayment, REFUND_OPERATIONS } from './payments-refund.ts'
import { paymentsOf } from './payments-state.ts'

// Orgo's payments (issue 26 item 2), as the docs page process-payments walks them, in the spec's shapes
// (ProductPayment-prod_pay_read ~9,259,718, Invoice-invoice_read ~8,582,010):
//   - card: a checkout session (payments-checkout.ts) whose page is the sandbox's own (mocks/handlers/checkout-page.ts),
//     PENDING -> SUCCESS | FAILED | CANCELED; refunds, partial and cumulative, in cents (payments-refund.ts);
//   - bank transfer: an invoice (invoices*.ts) PENDING -> PAID | VOIDED, PAID -> REFUNDED with a credit memo;
//   - reading: the caller's payments with the docs' date filter (payments-list.ts); a company's plan
//     (payments-company.ts). Every state change is a table write, so product_payment.* follows; mails go to the
//     outbox (`payment-receipt`, `invoice`); the feed says `checkout.<outcome>`, `payment.<state>`, `invoice.<state>`.

/** `PATCH /api/v1/product-payment/{id}/cancel`, a bank-transfer payment's PENDING invoice voided with it. */
const cancel: OperationOverlay = async (call) => {
  await call.body()
  const payment = cancelPayment(call, (p) => {
    const invoice = p.invoice == null ? undefined : invoicesOf(call.ctx).get(Number(p.invoice))
    if (!invoice || invoiceState(invoice) !== INVOICE_PENDING) return undefined
    voidInvoice(call.ctx, invoice, 'cancel_payment')
    return paymentsOf(call.ctx).get(p.id)
  })
  return call.answer(payment)
}

export const PAYMENTS_WORKFLOW: Workflow = {
  writes: INVOICE_WRITES,
  operations: {
    ...LIST_OPERATIONS,
    ...REFUND_OPERATIONS,
    cancel_payment: cancel,
    ...COMPANY_OPERATIONS,
    ...INVOICE_OPERATIONS,
  },
}
