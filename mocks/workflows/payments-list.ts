import { hasPermission } from '../auth/permissions.ts'
import type { User } from '../db/schema.ts'
import type { OperationCall, OperationOverlay } from '../handlers/overlay-types.ts'
import { forbidden } from '../http/errors.ts'
import { queryRecords } from '../schema/query.ts'
import type { StoredRecord } from '../schema/types.ts'
import { expireDue } from './payments-checkout.ts'
import { paymentsOf } from './payments-state.ts'
import { tableOf } from './tables.ts'

// Reading payments (process-payments, "Reporting and reconciliation"; spec api_product_payments_get_collection
// ~4,633,050: "Regular users see only their own payments; FINANCIAL_LOCAL users see payments for their local
// center"), and a product with its prices. A checkout past its time is expired before either answers, so a payment
// read after the sandbox clock moved shows its state on that clock.

/**
 * Whether the caller sees a payment: their own; one of a member of a local center their FINANCIAL (or ADMIN)
 * permission reaches (a tenant-wide one reaches every payment, a contact's included).
 */
function sees(me: User, tenantUsers: (id: number) => User | undefined) {
  return (payment: StoredRecord) => {
    if (payment.user === me.id) return true
    const payer = payment.user == null ? undefined : tenantUsers(Number(payment.user))
    return hasPermission(me, ['FINANCIAL', 'ADMIN'], payer?.localCenter ?? null)
  }
}

const seesOf = (call: OperationCall) => sees(call.principal!.user!, (id) => call.ctx.tenant.users.get(id))

/** The docs' names on the left (`datePaid[after]=2026-01-01`, `order[datePaid]=asc`), the spec's on the right. */
const DOC_PARAMS: ReadonlyArray<[RegExp, string]> = [
  [/^datePaid\[(before|strictly_before|after|strictly_after)\]$/, 'stripePaymentDate[$1]'],
  [/^order\[datePaid\]$/, 'order[stripePaymentDate]'],
]

/**
 * `GET /api/v1/product_payments`: the spec's filters and orders, the caller's payments only (above). The docs'
 * reconciliation query filters and orders on `datePaid`, which no ProductPayment shape has: the date a payment was
 * paid is `stripePaymentDate` (the date filter the spec declares), set for a card and a bank transfer alike, so the
 * docs' parameters are read as its (and logged as the docs' form).
 */
const listPayments: OperationOverlay = (call) => {
  const { ctx } = call
  call.admit('list')
  expireDue(ctx)
  const query = new URLSearchParams()
  const renamed: string[] = []
  for (const [name, value] of ctx.req.query) {
    const rule = DOC_PARAMS.find(([docs]) => docs.test(name))
    const spec = rule ? name.replace(rule[0], rule[1]) : name
    if (rule && !ctx.req.query.has(spec)) renamed.push(`${name} as ${spec}`)
    if (!rule || !ctx.req.query.has(spec)) query.append(spec, value)
  }
  if (renamed.length)
    ctx.core.change(
      'docs.form',
      ctx.tenant.tenant.slug,
      `GET /api/v1/product_payments: the docs' parameters, read ${renamed.join(', ')}`,
    )
  return call.answer(queryRecords(call.spec, paymentsOf(ctx), query, call.records, seesOf(call)))
}

/** `GET /api/v1/product_payments/{id}`: as the list shows it, to whom the list shows it (403 otherwise). */
const readPayment: OperationOverlay = (call) => {
  expireDue(call.ctx)
  const payment = call.record()
  call.admit('read', payment)
  if (!seesOf(call)(payment))
    forbidden(
      `payment #${payment.id} is another member's, of a local center no FINANCIAL permission of ${call.principal!.label} reaches`,
    )
  return call.answer(payment)
}

/**
 * A product with its prices (`productPrices`, Product-product_read): the prices that name it, whichever way they
 * were made (a seed, `POST /api/v1/product_prices`, a flow), with any the product lists itself.
 */
const readProduct: OperationOverlay = (call) => {
  const product = call.record()
  call.admit('read', product)
  const listed = Array.isArray(product.productPrices) ? (product.productPrices as number[]) : []
  const naming = tableOf(call.ctx, 'product_prices')
    .all()
    .filter((price) => price.product === product.id)
    .map((price) => price.id)
  return call.answer({ ...product, productPrices: [...new Set([...listed, ...naming])] })
}

export const LIST_OPERATIONS: Record<string, OperationOverlay> = {
  api_product_payments_get_collection: listPayments,
  api_product_payments_id_get: readPayment,
  api_products_uuid_get: readProduct,
  product_get_item_public: readProduct,
}
