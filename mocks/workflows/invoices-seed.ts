import type { TenantDb } from '../db/database.ts'
import type { User } from '../db/schema.ts'
import { isoDate } from '../resources/fields.ts'

// Seeded invoices that make sense (issue 26 item 2; laid over the faked ones by mocks/schema/curated.ts): the first
// five are members' bank transfers for a membership price, in the invoices flow's states with each state's fields
// (a PAID one's membership period, none refunded), the rest manual invoices billed to contacts. Their payments:
// mocks/workflows/payments-seed.ts. Data only: no import of the engine, so the store can read it while it seeds.

export type Values = Record<string, unknown>
export type Rows = Values[]

export const rows = (t: TenantDb, name: string): Rows => (t.open?.(name)?.all() ?? []) as unknown as Rows
export const priceNamed = (t: TenantDb, name: string) =>
  rows(t, 'product_prices').find((p) => p.name === name)
export const time = (value: unknown) => Date.parse(String(value ?? '')) || 0
export const plusMonths = (at: number, months: number) => {
  const date = new Date(at)
  date.setUTCMonth(date.getUTCMonth() + months)
  return isoDate(date.getTime())
}
const monthsOf = (t: TenantDb, price: Values | undefined) =>
  (rows(t, 'products').find((p) => p.id === price?.product)?.monthPeriod as number | undefined) ?? 12

/** The first five invoices are members' bank transfers (the second the admin's, still to pay); the rest manual. */
export const BANK_STATES = ['PAID', 'PENDING', 'PAID', 'VOIDED', 'PENDING']
const BANK_PRICES = ['Standard', 'Standard', 'Reduced (students, seniors)', 'Standard', 'Standard']
const MANUAL: ReadonlyArray<readonly [state: string, cents: number, what: string]> = [
  ['PENDING', 12000, 'Room hire: spring workshop'],
  ['VOIDED', 7500, 'Sponsorship: annual gala'],
  ['PENDING', 3000, 'Training materials'],
  ['PENDING', 45000, 'Conference booth'],
  ['VOIDED', 1500, 'Replacement membership card'],
]

export const usersOf = (t: TenantDb) => t.users.all() as User[]
const adminOf = (t: TenantDb) => usersOf(t).find((u) => u.roles.includes('ROLE_ADMIN'))

/** A seeded invoice: a member's bank transfer for a membership price, or a manual one billed to a contact. */
export function invoiceSeed(row: Values, i: number, t: TenantDb): Values {
  const created = time(row.dateCreated)
  const paidAt = Math.max(created, time(row.dateUpdated))
  const common = {
    invoiceDate: isoDate(created),
    invoiceDueDate: isoDate(created + 30 * 86_400_000),
    series: 'INV',
    quantity: 1,
    taxValue: null,
    taxName: null,
    taxAmount: 0,
    dateRefunded: null,
    refundedBy: null,
    customFields: [],
    company: null,
    createdBy: adminOf(t)?.id ?? null,
    billingVatNumber: null,
    billingRegistrationNumber: null,
    currency: t.tenant.settings.currency,
  }
  if (i < BANK_STATES.length) {
    const state = BANK_STATES[i]!
    const users = usersOf(t)
    const user = i === 1 ? adminOf(t) : users[i === 0 ? 1 : i % users.length]
    const price = priceNamed(t, BANK_PRICES[i]!)
    const amount = (price?.price as number | undefined) ?? 5000
    const paid = state === 'PAID'
    return {
      ...common,
      status: state,
      type: 'BANK_TRANSFER',
      user: user?.id ?? row.user,
      contact: null,
      amount,
      unitPrice: amount,
      subtotal: amount,
      totalWithTax: amount,
      invoicedFor: `Annual membership: ${String(price?.name ?? 'Standard')}`,
      isMembership: true,
      membershipProductPrice: price?.id ?? null,
      membershipStartDate: paid ? isoDate(paidAt) : null,
      membershipEndDate: paid ? plusMonths(paidAt, monthsOf(t, price)) : null,
      billingName: user ? `${user.firstName} ${user.lastName}` : row.billingName,
      billingEmail: user?.email ?? row.billingEmail,
    }
  }
  const [state, amount, what] = MANUAL[(i - BANK_STATES.length) % MANUAL.length]!
  const contact = row.contact == null ? undefined : t.contacts.get(Number(row.contact))
  return {
    ...common,
    status: state,
    type: 'MANUAL',
    user: null,
    amount,
    unitPrice: amount,
    subtotal: amount,
    totalWithTax: amount,
    invoicedFor: what,
    isMembership: false,
    membershipProductPrice: null,
    membershipStartDate: null,
    membershipEndDate: null,
    billingName: contact?.name ?? row.billingName,
    billingEmail: contact?.email ?? row.billingEmail,
  }
}
