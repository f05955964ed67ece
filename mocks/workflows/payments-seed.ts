import type { TenantDb } from '../db/database.ts'
import { isoDate } from '../resources/fields.ts'
import {
  BANK_STATES,
  plusMonths,
  priceNamed,
  rows,
  time,
  usersOf,
  type Rows,
  type Values,
} from './invoices-seed.ts'

// Seeded products, prices, payments, invoices and company plans that make sense together (issue 26 item 2; laid
// over the faked records by mocks/schema/curated.ts): amounts in cents in the tenant's currency, each payment of a
// product's price with that price's amount, in a state of the payments flow with that state's fields (a SUCCESS one
// paid, a REFUNDED one with its refund), the bank-transfer payments with their invoices in the matching state.
// Data only: no import of the engine, so the store can read it while it seeds.

interface ProductSeed {
  name: string
  type: 'fee' | 'donation'
  description: string
  monthPeriod: number
  values: Values
  prices: ReadonlyArray<readonly [name: string, cents: number, flags: Values]>
}

const PRODUCTS: readonly ProductSeed[] = [
  {
    name: 'Annual membership',
    type: 'fee',
    description: 'One year of membership, from the day it is paid.',
    monthPeriod: 12,
    values: { hasOneTimePayment: true, hasSubscription: false },
    prices: [
      ['Standard', 5000, { isDefault: true }],
      ['Reduced (students, seniors)', 2500, {}],
    ],
  },
  {
    name: 'Monthly membership',
    type: 'fee',
    description: 'Membership paid month by month.',
    monthPeriod: 1,
    values: { hasOneTimePayment: false, hasSubscription: true },
    prices: [['Monthly', 500, { isDefault: true, isSubscription: true }]],
  },
  {
    name: 'Corporate membership',
    type: 'fee',
    description: "A company's membership for up to ten of its people.",
    monthPeriod: 12,
    values: { hasOneTimePayment: true, hasSubscription: false },
    prices: [['Corporate', 50000, { isDefault: true, isCompanyPrice: true, companySlots: 10 }]],
  },
  {
    name: 'Donation',
    type: 'donation',
    description: 'Support our work: give what you like, 5.00 or more.',
    monthPeriod: 1,
    values: { hasOneTimePayment: true, hasCustomPriceValue: true, customMinPrice: 500 },
    prices: [['Donation', 2500, { isDefault: true }]],
  },
]

const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-')

/** The tenant's products: memberships and a donation, tenant-wide (no local center, no event). */
export const productSeeds = (): Rows =>
  PRODUCTS.map((p) => ({
    name: p.name,
    nameEn: p.name,
    slug: slugOf(p.name),
    type: p.type,
    isFee: p.type === 'fee',
    isDonation: p.type === 'donation',
    description: p.description,
    descriptionEn: p.description,
    monthPeriod: p.monthPeriod,
    hasCustomPriceValue: false,
    customMinPrice: null,
    customMaxPrice: null,
    isArchived: false,
    isExternal: false,
    isInternal: true,
    event: null,
    localCenter: null,
    productPrices: [],
    productOptions: [],
    productPriceVariations: [],
    maxDate: null,
    ...p.values,
  }))

/** Each product's prices, in the tenant's currency. */
export function priceSeeds(t: TenantDb, products: Rows): Rows {
  const currency = t.tenant.settings.currency
  return PRODUCTS.flatMap((p, k) =>
    p.prices.map(([name, cents, flags], j) => ({
      product: products[k]?.id ?? null,
      name,
      price: cents,
      currency,
      fullDescription: `${p.name}: ${name}`,
      isDefault: false,
      isSubscription: false,
      isCompanyPrice: false,
      companySlots: null,
      isArchived: false,
      isHidden: false,
      isRestricted: null,
      isLifetime: false,
      isBundle: false,
      isBundleMember: false,
      allowedFeeProductPrices: [],
      previousVersion: null,
      productPriceVariationValues: [],
      addons: [],
      soldCount: 0,
      maxSeats: null,
      validFrom: null,
      validTo: null,
      ageUnder: null,
      ageOver: null,
      overwriteMonthPeriod: null,
      displayNameOnPaymentPage: true,
      monthPeriod: p.monthPeriod,
      availableSeats: null,
      sortOrder: j + 1,
      groupName: null,
      ...flags,
    })),
  )
}

const PAYMENT_OF_INVOICE: Readonly<Record<string, string>> = {
  PAID: 'SUCCESS',
  PENDING: 'PENDING',
  VOIDED: 'CANCELED',
}
/** The card payments after the bank transfers: their state, their price; the donation is a contact's. */
const CARD: ReadonlyArray<readonly [state: string, price: string]> = [
  ['SUCCESS', 'Standard'],
  ['SUCCESS', 'Donation'],
  ['FAILED', 'Monthly'],
  ['REFUNDED', 'Reduced (students, seniors)'],
  ['CANCELED', 'Standard'],
]

const NONE = {
  subscriptionProfile: null,
  manualFeePayment: null,
  productOption: null,
  localCenterOption: null,
  identity: null,
  commentByUser: null,
  commentStatus: null,
  voucherCode: null,
  identityReminderSent: false,
  identityReminder2Sent: false,
  identityReminder3Sent: false,
  stripeInvoiceId: null,
  quantity: 1,
  company: null,
}

/** A seeded payment: the first five pay the bank-transfer invoices, the rest are card checkouts in each state. */
export function paymentSeed(row: Values, i: number, t: TenantDb): Values {
  if (i < BANK_STATES.length) {
    const invoice = rows(t, 'invoices')[i]
    const price = rows(t, 'product_prices').find((p) => p.id === invoice?.membershipProductPrice)
    const state = PAYMENT_OF_INVOICE[String(invoice?.status)] ?? 'PENDING'
    const paidAt = state === 'SUCCESS' ? (invoice?.membershipStartDate ?? null) : null
    return {
      ...NONE,
      status: state,
      method: 'BANK_TRANSFER',
      invoice: invoice?.id ?? null,
      product: price?.product ?? null,
      price: price?.id ?? null,
      amount: invoice?.amount ?? 5000,
      currency: t.tenant.settings.currency,
      user: invoice?.user ?? row.user,
      contact: null,
      dateCreated: invoice?.dateCreated ?? row.dateCreated,
      stripePaymentId: null,
      stripePaymentDate: paidAt,
      acceptedDate: paidAt,
      periodStart: paidAt,
      periodEnd: invoice?.membershipEndDate ?? null,
      isRefunded: false,
      quantityRefunded: 0,
    }
  }
  const [state, priceName] = CARD[(i - BANK_STATES.length) % CARD.length]!
  const price = priceNamed(t, priceName)
  const product = rows(t, 'products').find((p) => p.id === price?.product)
  const amount = (price?.price as number | undefined) ?? 5000
  const paid = state === 'SUCCESS' || state === 'REFUNDED'
  const paidAt = time(row.dateCreated) + 5 * 60_000
  const fee = product?.type === 'fee'
  const byContact = priceName === 'Donation'
  const users = usersOf(t)
  return {
    ...NONE,
    status: state,
    method: 'CARD',
    invoice: null,
    product: product?.id ?? null,
    price: price?.id ?? null,
    amount,
    currency: t.tenant.settings.currency,
    user: byContact ? null : (users[(i % (users.length - 1)) + 1]?.id ?? row.user),
    contact: byContact ? row.contact : null,
    stripePaymentId: state === 'CANCELED' ? null : row.stripePaymentId,
    stripePaymentDate: paid ? isoDate(paidAt) : null,
    acceptedDate: null,
    periodStart: paid && fee ? isoDate(paidAt) : null,
    periodEnd: paid && fee ? plusMonths(paidAt, (product?.monthPeriod as number | undefined) ?? 12) : null,
    isRefunded: state === 'REFUNDED',
    quantityRefunded: state === 'REFUNDED' ? 1 : 0,
    refunds:
      state === 'REFUNDED'
        ? [
            {
              id: `re_seed_${i}`,
              amount,
              reason: 'requested_by_customer',
              date: isoDate(paidAt + 30 * 60_000),
            },
          ]
        : [],
  }
}

/** A company's plan is the corporate price; the last two have none selected yet (their checkout is refused). */
export function companySeed(_row: Values, i: number, t: TenantDb): Values {
  return { feeTenantProductPrice: i < 8 ? (priceNamed(t, 'Corporate')?.id ?? null) : null }
}
