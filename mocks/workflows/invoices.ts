import type { OperationCall, OperationOverlay, WriteOverlay } from '../handlers/overlay-types.ts'
import { badRequest, unprocessable, type Violation } from '../http/errors.ts'
import { CONSTRAINT } from '../http/validate.ts'
import { isoDate } from '../resources/fields.ts'
import { queryRecords } from '../schema/query.ts'
import { recordsOf } from '../schema/store.ts'
import type { StoredRecord } from '../schema/types.ts'
import { validateWrite } from '../schema/validate.ts'
import { docsBody } from './doc-bodies.ts'
import { answerWith, invoiceExtras, invoicePdf, mailInvoice } from './invoices-document.ts'
import {
  BANK_TRANSFER,
  CURRENCY,
  DAY_MS,
  DUE_DAYS,
  INVOICE_PENDING,
  invoicesOf,
  invoiceState,
  MANUAL,
} from './invoices-model.ts'
import { announceInvoice, issueInvoice, nextInvoiceNumber, totals } from './invoices-state.ts'
import { INVOICE_ACTIONS } from './invoices-actions.ts'

// Issuing and reading invoices (process-payments, "Bank transfer with invoice"; spec Invoice ~3,108,500-3,270,000):
// the member's bank-transfer invoice from a product price, the admin's manual invoice, their immutability, their
// mail and PDF, and the docs' dunning filter. The transitions are invoices-actions.ts'.

const violation = (propertyPath: string, message: string = CONSTRAINT.notBlank.message): Violation => ({
  propertyPath,
  message,
  code: CONSTRAINT.notBlank.code,
})

/** The fields a member's body may set on their invoice: who is billed, and free text; never its amount. */
const BILLING = /^(billing\w+|memo|footer|customFields)$/

/**
 * `POST /api/v1/invoices/create-for-bank-transfer` (any authenticated member; curated), with the docs' body
 * `{productPrice, billingName, billingAddress, billingEmail, vatNumber}` (the spec's `membershipProductPrice` and
 * `billingVatNumber`: taken, logged). "Validates billing info (name, address) and checks for existing pending
 * invoices": 422 without a price, a name or an address, 400 while the caller has a PENDING bank-transfer invoice to
 * the same billing email. The invoice: the price's amount and currency, due in 30 days, mailed with its PDF link,
 * its PENDING payment opened. The answer is the spec's Invoice (201) with the docs' `number`, `currency`, `pdfUrl`,
 * `dateDue` and the description's banking info (`accountHolder`, `iban`).
 */
const createForBankTransfer: OperationOverlay = async (call) => {
  const { ctx } = call
  call.admit('create')
  const user = call.principal!.user!
  const given = docsBody(ctx, (await call.body()) ?? {}, 'create-for-bank-transfer', {
    productPrice: 'membershipProductPrice',
    vatNumber: 'billingVatNumber',
  })
  const values = validateWrite(call.specOp, given, 'create', call.records)
  const price =
    values.membershipProductPrice == null
      ? undefined
      : call.records.get('product_prices', Number(values.membershipProductPrice))
  const missing: Violation[] = []
  if (!price) missing.push(violation('productPrice'))
  for (const field of ['billingName', 'billingAddress'])
    if (typeof values[field] !== 'string' || values[field] === '') missing.push(violation(field))
  if (missing.length || !price) return unprocessable(missing)
  const billingEmail = typeof values.billingEmail === 'string' ? values.billingEmail : user.email
  const pending = invoicesOf(ctx)
    .all()
    .find(
      (row) =>
        row.user === user.id &&
        row.type === BANK_TRANSFER &&
        invoiceState(row) === INVOICE_PENDING &&
        row.billingEmail === billingEmail,
    )
  if (pending)
    badRequest(
      `A pending bank transfer invoice exists already (#${pending.id}, to ${billingEmail}): cancel it (PATCH /api/v1/invoices/cancel-bank-transfer) or mark it as paid first.`,
    )
  const product = price.product == null ? undefined : call.records.get('products', Number(price.product))
  const billing = Object.fromEntries(Object.entries(values).filter(([name]) => BILLING.test(name)))
  const invoice = issueInvoice(
    ctx,
    {
      ...billing,
      billingEmail,
      user: user.id,
      createdBy: user.id,
      amount: typeof price.price === 'number' ? price.price : 0,
      type: BANK_TRANSFER,
      invoicedFor: [product?.name, price.name].filter((v) => typeof v === 'string' && v).join(': '),
      isMembership: product?.isFee === true || product?.type === 'fee',
      membershipProductPrice: price.id,
      [CURRENCY]: typeof price.currency === 'string' ? price.currency : ctx.tenant.tenant.settings.currency,
    },
    { user: user.id, product: product?.id ?? null, price: price.id },
  )
  return answerWith(call.answer(invoice), invoiceExtras(ctx, invoice))
}

/**
 * `POST /api/v1/invoices` (ADMIN_TENANT): "Creates a manual invoice with auto-generated invoice number ... Sets status
 * to unpaid and type to manual ... automatically sends the invoice email". The amount is the body's, else its
 * `membershipProductPrice`'s (422 with neither); it pays by mark-as-paid, which then makes its payment.
 */
const manualInvoice: WriteOverlay = {
  values(values, { ctx, principal }) {
    const price =
      values.membershipProductPrice == null
        ? undefined
        : recordsOf(ctx.core, ctx.tenant).get('product_prices', Number(values.membershipProductPrice))
    const amount = typeof values.amount === 'number' ? values.amount : price?.price
    if (typeof amount !== 'number') unprocessable([violation('amount')])
    const now = ctx.core.clock.now()
    return {
      ...values,
      amount,
      ...totals({ ...values, amount }),
      invoicedFor: values.invoicedFor ?? price?.name ?? 'Invoice',
      type: MANUAL,
      status: INVOICE_PENDING,
      series: 'INV',
      invoiceNumber: nextInvoiceNumber(ctx),
      invoiceDate: values.invoiceDate ?? isoDate(now),
      invoiceDueDate: values.invoiceDueDate ?? isoDate(now + DUE_DAYS * DAY_MS),
      createdBy: principal?.user?.id ?? null,
      [CURRENCY]: typeof price?.currency === 'string' ? price.currency : ctx.tenant.tenant.settings.currency,
    }
  },
  after(record, { ctx }) {
    announceInvoice(ctx, record, 'issued (manual)')
    mailInvoice(ctx, record, 'issued')
  },
}

/** What an issued invoice may still change: the admin's internal notes (everything printed is legal record). */
const MUTABLE = new Set(['internalNotes'])

/**
 * `PATCH /api/v1/invoices/{id}`: "Invoices are immutable once issued (legal requirement). Void the existing invoice
 * and issue a corrected one" (the docs' gotcha): a change of anything but `internalNotes` is a 400.
 */
const immutable: WriteOverlay = {
  values(values, { current }) {
    const changed = Object.keys(values).filter(
      (name) =>
        !MUTABLE.has(name) && JSON.stringify(values[name]) !== JSON.stringify(current?.[name] ?? null),
    )
    if (changed.length)
      badRequest(
        `Invoices are immutable once issued (legal requirement): ${changed.join(', ')} cannot change. Void it (PATCH /api/v1/invoices/{id}/void) and issue a corrected one.`,
      )
    return values
  },
}

/** The docs' `dateDue[before]=...` and its siblings, the bounds they set on `invoiceDueDate`. */
const DUE = /^dateDue\[(before|strictly_before|after|strictly_after)\]$/

/**
 * `GET /api/v1/invoices` (ADMIN_TENANT) with the spec's filters and orders (`status`, `type`, `order[dateCreated]`,
 * `order[invoiceNumber]`, ...), and the docs' dunning list `?status=PENDING&dateDue[before]=<now>`: the spec
 * declares no date filter on invoices, so `dateDue[...]` (the docs' name for `invoiceDueDate`) is applied here,
 * with API Platform's DateFilter meaning (`before` includes the bound), and logged as the docs' form.
 */
const listInvoices: OperationOverlay = (call) => {
  const { ctx } = call
  call.admit('list')
  const query = new URLSearchParams()
  const bounds: Array<[string, number]> = []
  for (const [name, value] of ctx.req.query) {
    const due = DUE.exec(name)
    if (!due) query.append(name, value)
    else if (!Number.isNaN(Date.parse(value))) bounds.push([due[1]!, Date.parse(value)])
  }
  if (bounds.length)
    ctx.core.change(
      'docs.form',
      ctx.tenant.tenant.slug,
      `GET /api/v1/invoices: the docs' dateDue[...] filter, on invoiceDueDate (not declared by Orgo's spec)`,
    )
  const within = (row: StoredRecord) => {
    const due = Date.parse(String(row.invoiceDueDate ?? ''))
    return bounds.every(([op, bound]) =>
      Number.isNaN(due)
        ? false
        : op === 'before'
          ? due <= bound
          : op === 'strictly_before'
            ? due < bound
            : op === 'after'
              ? due >= bound
              : due > bound,
    )
  }
  return call.answer(
    queryRecords(call.spec, invoicesOf(ctx), query, call.records, bounds.length ? within : undefined),
  )
}

/** `GET /api/v1/invoices/{id}/download`: the PDF; a client asking for JSON alone gets the spec's Invoice. */
const download: OperationOverlay = async (call) => {
  const invoice = call.record()
  call.admit('read', invoice)
  const accept = (call.ctx.req.header('accept') ?? '').toLowerCase()
  if (/application\/(ld\+)?json/.test(accept) && !/application\/pdf|\*\/\*/.test(accept))
    return call.answer(invoice)
  return invoicePdf(call.ctx, invoice)
}

/**
 * `GET /api/v1/invoices/{id}/send-email` ("Can be used to resend invoices"), also as the docs' `PATCH` with `{}`
 * (doc-forms.ts): the invoice mailed again, in its current state.
 */
const sendEmail: OperationOverlay = (call: OperationCall) => {
  const invoice = call.record()
  call.admit('read', invoice)
  mailInvoice(call.ctx, invoice, 'resent')
  return call.answer(invoice)
}

export const INVOICE_WRITES: Record<string, WriteOverlay> = {
  api_invoices_post: manualInvoice,
  api_invoices_id_patch: immutable,
}

export const INVOICE_OPERATIONS: Record<string, OperationOverlay> = {
  invoice_create_for_bank_transfer: createForBankTransfer,
  api_invoices_get_collection: listInvoices,
  invoice_download: download,
  invoice_send_email: sendEmail,
  ...INVOICE_ACTIONS,
}
