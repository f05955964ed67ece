import { holdsNamed } from '../auth/permissions.ts'
import type { OperationCall, OperationOverlay } from '../handlers/overlay-types.ts'
import { badRequest, forbidden } from '../http/errors.ts'
import { isoDate } from '../resources/fields.ts'
import type { StoredRecord } from '../schema/types.ts'
import { onCheckout } from './checkout-hooks.ts'
import { answerWith } from './invoices-document.ts'
import { BANK_TRANSFER, CURRENCY, INVOICE_PENDING, invoicesOf, invoiceState } from './invoices-model.ts'
import { issueInvoice } from './invoices-state.ts'
import { checkoutOf, createCheckout } from './payments-checkout.ts'
import { paymentsOf, paymentState, PENDING } from './payments-state.ts'
import { tableOf, type Place } from './tables.ts'

// A company's membership fee (process-payments, step 1: `GET /api/v1/companies/{uuid}/payment-checkout`, "Creates a
// Stripe checkout session for the company membership fee. The company must have a membership plan selected";
// company_bank_transfer_invoice: "Generates an unpaid invoice for company membership payment via bank transfer").
// The plan is the company's `feeTenantProductPrice`. Both need "COMPANY_MANAGE_PAYMENTS permission or tenant admin
// role": the sandbox has no company permissions, so the company's contact (its `contactEmail`) stands for it.

/** The tenant admin, or the company's contact (403 for anyone else). */
function assertManages(call: OperationCall, company: StoredRecord): void {
  const user = call.principal?.user
  if (user && (holdsNamed(user, ['ADMIN_TENANT']) || user.email === company.contactEmail)) return
  forbidden(
    `${call.op.operationId} needs COMPANY_MANAGE_PAYMENTS (the company's contact) or the tenant admin role, which ${call.principal?.label ?? 'the caller'} lacks`,
  )
}

/** The company's plan: its price and product (400 without one: "The company must have a membership plan selected"). */
function planOf(call: OperationCall, company: StoredRecord) {
  const price =
    company.feeTenantProductPrice == null
      ? undefined
      : call.records.get('product_prices', Number(company.feeTenantProductPrice))
  if (!price)
    badRequest(
      `Company ${String(company.name)} has no membership plan selected: set its feeTenantProductPrice (PATCH /api/v1/companies/${String(company.uuid)}).`,
    )
  const product = price.product == null ? undefined : call.records.get('products', Number(price.product))
  return { price, product, name: [product?.name, price.name].filter(Boolean).join(': ') }
}

export const COMPANY_MEMBERSHIP = 'company-membership'

/**
 * The docs' step 1: a checkout for the plan, or the company's open one for it (a reload gets the same session, as
 * the EventAttend's "fetched on demand for the same attendee"). The spec answers the Company (200); the docs
 * `{checkoutUrl, sessionId, expiresAt}`: the answer is the Company with those three added.
 */
const paymentCheckout: OperationOverlay = (call) => {
  const { ctx } = call
  const company = call.record()
  call.admit('read', company)
  assertManages(call, company)
  const { price, product, name } = planOf(call, company)
  const now = ctx.core.clock.now()
  const open = paymentsOf(ctx)
    .all()
    .find((p) => {
      const c = checkoutOf(p)
      return (
        c?.outcome === null &&
        c.purpose.kind === COMPANY_MEMBERSHIP &&
        c.purpose.company === company.uuid &&
        p.price === price.id &&
        paymentState(p) === PENDING &&
        Date.parse(c.expiresAt) > now
      )
    })
  const session = open
    ? { ...checkoutOf(open)!, checkoutUrl: checkoutOf(open)!.url }
    : createCheckout(ctx, {
        amount: typeof price.price === 'number' ? price.price : 0,
        currency: typeof price.currency === 'string' ? price.currency : ctx.tenant.tenant.settings.currency,
        description: `${name} for ${String(company.name)}`,
        email:
          typeof company.contactEmail === 'string'
            ? company.contactEmail
            : (call.principal?.user?.email ?? null),
        purpose: { kind: COMPANY_MEMBERSHIP, company: company.uuid as string, productPrice: price.id },
        payment: {
          product: product?.id ?? null,
          price: price.id,
          user: call.principal?.user?.id ?? null,
          company: company.id,
        },
      })
  return answerWith(call.answer(company), {
    checkoutUrl: session.checkoutUrl,
    sessionId: session.sessionId,
    expiresAt: session.expiresAt,
  })
}

/**
 * `POST /api/v1/companies/{uuid}/bank-transfer-invoice`: an invoice for the plan, billed to the company (its legal
 * name and address; the body, a Company write, may give others), mailed to its contact, its PENDING payment opened.
 * "Validates billing info (name, address) and checks for existing pending invoices": 400 for either. Answers the
 * Company (201), as the spec does.
 */
const bankTransferInvoice: OperationOverlay = async (call) => {
  const { ctx } = call
  const company = call.record()
  call.admit('read', company)
  assertManages(call, company)
  const body = (await call.body()) ?? {}
  const { price, product, name } = planOf(call, company)
  const given = (key: string) => (typeof body[key] === 'string' && body[key] ? body[key] : undefined)
  const billingName = given('legalName') ?? company.legalName ?? company.name
  const billingAddress = given('address') ?? company.address
  if (typeof billingAddress !== 'string' || !billingAddress)
    badRequest(`Company ${String(company.name)} has no address to bill: set its address first.`)
  const pending = invoicesOf(ctx)
    .all()
    .find((r) => r.company === company.id && r.type === BANK_TRANSFER && invoiceState(r) === INVOICE_PENDING)
  if (pending)
    badRequest(
      `Company ${String(company.name)} has a pending bank transfer invoice already (#${pending.id}).`,
    )
  issueInvoice(
    ctx,
    {
      company: company.id,
      user: call.principal?.user?.id ?? null,
      createdBy: call.principal?.user?.id ?? null,
      amount: typeof price.price === 'number' ? price.price : 0,
      type: BANK_TRANSFER,
      invoicedFor: name,
      isMembership: true,
      membershipProductPrice: price.id,
      billingName,
      billingAddress,
      billingVatNumber: given('vatNumber') ?? company.vatNumber ?? null,
      billingRegistrationNumber: given('registrationNumber') ?? company.registrationNumber ?? null,
      billingEmail: given('contactEmail') ?? company.contactEmail ?? null,
      [CURRENCY]: typeof price.currency === 'string' ? price.currency : ctx.tenant.tenant.settings.currency,
    },
    {
      company: company.id,
      user: call.principal?.user?.id ?? null,
      product: product?.id ?? null,
      price: price.id,
    },
  )
  return call.answer(company)
}

/** A paid company membership extends the company's fee validity by the plan's months ("updates ... fee validity"). */
function extendMembership(place: Place, company: string, months: number): void {
  const companies = tableOf(place, 'companies')
  const row = companies.all().find((c) => c.uuid === company)
  if (!row) return
  const now = place.core.clock.now()
  const from = Math.max(now, Date.parse(String(row.validFeeDate ?? '')) || 0)
  const until = new Date(from)
  until.setUTCMonth(until.getUTCMonth() + months)
  companies.updateNow(row, (draft) => {
    draft.validFeeDate = isoDate(until.getTime())
    draft.isFeeActive = true
  })
}

onCheckout(COMPANY_MEMBERSHIP, (place, purpose, outcome, payment) => {
  if (outcome !== 'paid' || typeof purpose.company !== 'string') return
  const product =
    payment.product == null ? undefined : tableOf(place, 'products').get(Number(payment.product))
  const months =
    typeof product?.monthPeriod === 'number' && product.monthPeriod > 0 ? product.monthPeriod : 12
  extendMembership(place, purpose.company, months)
})

export const COMPANY_OPERATIONS: Record<string, OperationOverlay> = {
  company_payment_checkout: paymentCheckout,
  company_bank_transfer_invoice: bankTransferInvoice,
}
