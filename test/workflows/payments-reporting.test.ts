import { describe, expect, it } from 'vitest'
import { paymentOf, usePayments } from './payments-helpers.ts'
import { type Json } from '../helpers.ts'

// process-payments, "Reporting and reconciliation": the docs' date-range query and its ordering, who sees which
// payments; and the seeded products, prices and payments it reads.

const f = usePayments()

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/

describe('process-payments, reporting and reconciliation', () => {
  /** A checkout paid at a given time on the sandbox clock. */
  async function paidAt(iso: string, company: number): Promise<number> {
    await f.clock({ set: iso })
    const { sessionId } = await f.checkout(company)
    await f.complete(sessionId, 'paid')
    return paymentOf(f, sessionId)
  }

  it('the docs’ datePaid[after]/[before] and order[datePaid] read the spec’s stripePaymentDate', async () => {
    const jan10 = await paidAt('2026-01-10T09:00:00Z', 0)
    const jan20 = await paidAt('2026-01-20T09:00:00Z', 1)
    const feb05 = await paidAt('2026-02-05T09:00:00Z', 2)
    const LD = { ...f.admin(), Accept: 'application/ld+json' }
    const docs = await f.call(
      'GET',
      '/api/v1/product_payments?datePaid[after]=2026-01-01&datePaid[before]=2026-01-31&order[datePaid]=asc&itemsPerPage=100',
      undefined,
      LD,
    )
    expect(docs.status).toBe(200)
    const members = docs.json['hydra:member'] as Json[]
    expect(docs.json['hydra:totalItems']).toBe(members.length)
    const ids = members.map((p) => p.id as number)
    expect(ids).toEqual(expect.arrayContaining([jan10, jan20]))
    expect(ids).not.toContain(feb05)
    const dates = members.map((p) => p.stripePaymentDate as string)
    expect(dates.every((d) => d >= '2026-01-01' && d <= '2026-01-31')).toBe(true)
    expect([...dates].sort()).toEqual(dates)
    // The spec's own spelling answers the same.
    const spec = await f.call(
      'GET',
      '/api/v1/product_payments?stripePaymentDate[after]=2026-01-01&stripePaymentDate[before]=2026-01-31&order[stripePaymentDate]=asc&itemsPerPage=100',
      undefined,
      LD,
    )
    expect((spec.json['hydra:member'] as Json[]).map((p) => p.id)).toEqual(ids)
    const desc = await f.call(
      'GET',
      '/api/v1/product_payments?status=SUCCESS&order[amount]=desc&itemsPerPage=100',
      undefined,
      LD,
    )
    const amounts = (desc.json['hydra:member'] as Json[]).map((p) => p.amount as number)
    expect(amounts.length).toBeGreaterThan(3)
    expect([...amounts].sort((a, b) => b - a)).toEqual(amounts)
    expect(
      f.s.sandbox.feed
        .changes()
        .some((c) => c.summary.includes('datePaid[after] as stripePaymentDate[after]')),
    ).toBe(true)
  })

  it("the spec's company filter finds a company's checkout payments (kept on the payment, in no shape)", async () => {
    const { company, sessionId } = await f.checkout(3)
    const id = await paymentOf(f, sessionId)
    const found = await f.call(
      'GET',
      `/api/v1/product_payments?company=/api/v1/companies/${company.uuid as string}`,
      undefined,
      { ...f.admin(), Accept: 'application/json' },
    )
    expect((found.json as Json[]).map((p) => p.id)).toEqual([id])
  })

  it('a member sees only their own payments ("Regular users see only their own payments")', async () => {
    const member = await f.bearer('member@acme.test')
    const mine = await f.call('GET', '/api/v1/product_payments', undefined, {
      ...member,
      Accept: 'application/json',
    })
    expect(mine.status).toBe(200)
    const me = (await f.call('GET', '/api/v1/me', undefined, member)).json.id as number
    expect((mine.json as Json[]).length).toBeGreaterThan(0)
    expect((mine.json as Json[]).every((p) => p.user?.id === me)).toBe(true)
    const all = await f.call('GET', '/api/v1/product_payments', undefined, {
      ...f.admin(),
      Accept: 'application/json',
    })
    const other = (all.json as Json[]).find((p) => p.user?.id !== me)!
    expect(
      (await f.call('GET', `/api/v1/product_payments/${other.id as number}`, undefined, member)).status,
    ).toBe(403)
  })
})

describe('seeded products, prices and payments', () => {
  it('each payment charges its price’s amount in the tenant’s currency, in a state with that state’s fields', async () => {
    const json = { ...f.admin(), Accept: 'application/json' }
    const list = (await f.call('GET', '/api/v1/product_payments?itemsPerPage=100', undefined, json))
      .json as Json[]
    expect(list).toHaveLength(10)
    for (const brief of list) {
      const p = await f.payment(brief.id as number)
      expect(p.currency).toBe('GBP')
      expect(p.amount).toBe(p.price.price)
      expect(['PENDING', 'SUCCESS', 'FAILED', 'CANCELED', 'REFUNDED']).toContain(p.status)
      const paid = p.status === 'SUCCESS' || p.status === 'REFUNDED'
      expect(p.stripePaymentDate === null).toBe(!paid)
      if (paid) {
        expect(p.stripePaymentDate).toMatch(ISO)
        expect(p.stripePaymentDate >= p.dateCreated).toBe(true)
      }
      expect(p.isRefunded).toBe(p.status === 'REFUNDED')
      expect((p.user === null) !== (p.contact === null)).toBe(true)
      if (p.invoice) {
        const invoice = await f.call('GET', `/api/v1/invoices/${p.invoice.id as number}`, undefined, json)
        const expected = { PAID: 'SUCCESS', PENDING: 'PENDING', VOIDED: 'CANCELED' }[
          invoice.json.status as string
        ]
        expect(p.status).toBe(expected)
        expect(invoice.json.amount).toBe(p.amount)
      }
    }
    const product = await f.call(
      'GET',
      `/api/v1/products/${list[0]!.product.uuid as string}`,
      undefined,
      json,
    )
    expect(product.json).toMatchObject({ name: 'Annual membership', monthPeriod: 12, event: null })
    expect((product.json.productPrices as Json[]).map((p) => [p.name, p.price, p.currency])).toEqual([
      ['Standard', 5000, 'GBP'],
      ['Reduced (students, seniors)', 2500, 'GBP'],
    ])
  })
})
