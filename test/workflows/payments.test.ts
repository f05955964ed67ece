import { describe, expect, it } from 'vitest'
import { createTestApi } from '../../mocks/test-api.ts'
import { paymentOf, usePayments } from './payments-helpers.ts'
import { MERGE, type Json } from '../helpers.ts'

// process-payments, the card flow, step by step: the checkout URL (step 1), the charge completing on the sandbox's
// own checkout page or its control API (step 2), the webhooks a receiver sees (step 3), refunds, and the feed.

const f = usePayments()

describe('process-payments, card payment', () => {
  it('step 1 answers checkoutUrl, sessionId and expiresAt (with the spec’s Company); step 2 pays it; step 3 hears it', async () => {
    await f.clock({ set: '2026-01-15T10:30:00Z' })
    await f.clock({ freeze: true })
    await f.subscribe()
    const { company, res, sessionId } = await f.checkout()
    // The docs' three fields, beside the Company the spec answers.
    expect(res.json).toMatchObject({ uuid: company.uuid, name: company.name })
    expect(sessionId).toMatch(/^cs_test_[0-9a-f]{24}$/)
    expect(res.json.checkoutUrl).toBe(`http://acme.localhost:${f.s.port}/checkout/${sessionId}`)
    expect(res.json.expiresAt).toBe('2026-01-15T11:30:00+00:00')
    // Asked again while open: the same session, not a second payment.
    const again = await f.call('GET', `/api/v1/companies/${company.uuid as string}/payment-checkout`)
    expect(again.json.sessionId).toBe(sessionId)

    // The session's payment: PENDING, the plan's amount in cents and currency (product_payment.created).
    const created = await f.deliveryWhere((r) => r.json.event === 'product_payment.created')
    const object = created.json.object as Json
    expect(object).toMatchObject({
      status: 'PENDING',
      amount: 50000,
      currency: 'GBP',
      stripePaymentDate: null,
    })
    expect(object.product.name).toBe('Corporate membership')
    const id = object.id as number
    expect(await paymentOf(f, sessionId)).toBe(id)

    // The page the URL opens shows what is bought and its amount, with Pay, Decline and Cancel.
    const page = await f.s.call({ path: new URL(res.json.checkoutUrl as string).pathname })
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['x-frame-options']).toBe('DENY')
    expect(page.text).toContain(`Corporate membership: Corporate for ${company.name as string}`)
    expect(page.text).toContain('£500.00')
    for (const value of ['paid', 'declined', 'cancelled'])
      expect(page.text).toContain(`name="outcome" value="${value}"`)

    // Step 2, as Stripe's charge succeeding: the control API presses Pay.
    const paid = await f.complete(sessionId, 'paid')
    expect(paid.status, paid.text).toBe(200)
    expect(paid.json).toMatchObject({ sessionId, status: 'paid', via: 'control API' })
    expect(paid.json.payment).toMatchObject({ id, status: 'SUCCESS' })

    // Step 3: product_payment.updated, SUCCESS, its previous status PENDING.
    const updated = await f.deliveryWhere((r) => r.json.event === 'product_payment.updated')
    expect(updated.json.object).toMatchObject({
      id,
      status: 'SUCCESS',
      stripePaymentDate: '2026-01-15T10:30:00+00:00',
    })
    expect(updated.json.previous_attributes).toMatchObject({ status: 'PENDING', stripePaymentDate: null })
    expect(updated.headers['x-webhook-signature']).toBeDefined()

    const stored = await f.payment(id)
    expect(stored).toMatchObject({ status: 'SUCCESS', amount: 50000, currency: 'GBP' })
    expect(stored.stripePaymentId).toMatch(/^pi_test_/)
    // The receipt, to the checkout's email; the company's fee extended by the plan's 12 months.
    const receipts = await f.mails(company.contactEmail as string, 'payment-receipt')
    expect(receipts).toHaveLength(1)
    expect(receipts[0]!.subject).toBe('Receipt from Acme Corporation: £500.00')
    const after = await f.call('GET', `/api/v1/companies/${company.uuid as string}`, undefined, {
      ...f.admin(),
      Accept: 'application/json',
    })
    expect(after.json.validFeeDate).toBe('2027-01-15T10:30:00+00:00')
    const kinds = f.s.sandbox.feed.changes().map((c) => c.kind)
    expect(kinds).toEqual(expect.arrayContaining(['payment.pending', 'payment.success', 'checkout.paid']))

    // Paid once: the page shows it, a second outcome is a 409.
    const shown = await f.s.call({ path: `/checkout/${sessionId}` })
    expect(shown.text).toContain('Payment received')
    expect(shown.text).not.toContain('name="outcome"')
    const twice = await f.complete(sessionId, 'declined')
    expect(twice.status).toBe(409)
    expect(twice.json.detail).toContain('already paid')
    // A new checkout is a new session.
    const next = await f.call('GET', `/api/v1/companies/${company.uuid as string}/payment-checkout`)
    expect(next.json.sessionId).not.toBe(sessionId)
  })

  it('Decline -> FAILED (control API), Cancel -> CANCELED (test API); the control API lists and filters them', async () => {
    const declined = await f.checkout(0)
    const cancelled = await f.checkout(1)
    expect((await f.complete(declined.sessionId, 'declined')).json.payment.status).toBe('FAILED')
    const api = createTestApi(f.s.sandbox)
    const view = await api.payments.complete(cancelled.sessionId, 'cancelled')
    expect(view).toMatchObject({ status: 'cancelled', via: 'test API', payment: { status: 'CANCELED' } })
    expect((await f.payment(view.payment.id)).status).toBe('CANCELED')
    const all = await api.payments.checkouts({ tenant: 'acme' })
    expect(all.map((c) => [c.sessionId, c.status])).toEqual([
      [cancelled.sessionId, 'cancelled'],
      [declined.sessionId, 'declined'],
    ])
    expect((await f.s.call({ path: '/__sandbox/checkouts?status=declined' })).json).toHaveLength(1)
    expect(f.s.sandbox.feed.changes().map((c) => c.kind)).toEqual(
      expect.arrayContaining([
        'checkout.declined',
        'checkout.cancelled',
        'payment.failed',
        'payment.canceled',
      ]),
    )
    // The control API's refusals: an unknown outcome or key (400), an unknown session (404).
    const bad = await f.complete(declined.sessionId, 'refunded')
    expect([bad.status, bad.json.detail]).toEqual([
      400,
      '"outcome" is one of paid, declined, cancelled; got "refunded".',
    ])
    const typo = await f.s.call({
      method: 'POST',
      path: `/__sandbox/checkouts/${declined.sessionId}`,
      body: { outcom: 'paid' },
    })
    expect(typo.status).toBe(400)
    expect((await f.complete('cs_test_000000000000000000000000', 'paid')).status).toBe(404)
    await expect(api.payments.complete('cs_test_000000000000000000000000', 'paid')).rejects.toThrow(
      'No checkout',
    )
    expect((await f.s.call({ path: '/__sandbox/checkouts?status=gone' })).status).toBe(400)
  })

  it('a session expires after an hour on the sandbox clock: CANCELED, its page says so, paying it is a 409', async () => {
    await f.subscribe()
    const { sessionId, res } = await f.checkout()
    expect(Date.parse(res.json.expiresAt as string) - Date.now()).toBeGreaterThan(59 * 60_000)
    const id = await paymentOf(f, sessionId)
    await f.clock({ advance: '59m' })
    expect((await f.payment(id)).status).toBe('PENDING')
    await f.clock({ advance: '2m' })
    expect((await f.payment(id)).status).toBe('CANCELED')
    const list = (await f.s.call({ path: '/__sandbox/checkouts' })).json as Json[]
    expect(list.find((c) => c.sessionId === sessionId)).toMatchObject({ status: 'expired', via: 'clock' })
    expect((await f.s.call({ path: `/checkout/${sessionId}` })).text).toContain('Checkout expired')
    const late = await f.complete(sessionId, 'paid')
    expect(late.status).toBe(409)
    expect(late.json.detail).toContain('already expired')
    const updated = await f.deliveryWhere((r) => r.json.event === 'product_payment.updated')
    expect(updated.json.object).toMatchObject({ id, status: 'CANCELED' })
    expect(f.s.sandbox.feed.changes().some((c) => c.kind === 'checkout.expired')).toBe(true)
  })
})

describe('process-payments, refunding a paid charge', () => {
  async function paidPayment(): Promise<number> {
    const { sessionId } = await f.checkout()
    expect((await f.complete(sessionId, 'paid')).status).toBe(200)
    return paymentOf(f, sessionId)
  }
  const refund = (id: number, body: unknown, headers = f.admin()) =>
    f.call('PATCH', `/api/v1/product-payment/${id}/refund`, body, { ...headers, ...MERGE })

  it('partial refunds add up in cents until REFUNDED; never more than paid; each a product_payment.updated', async () => {
    const id = await paidPayment()
    await f.subscribe(['product_payment.updated'])
    const first = await refund(id, { amount: 20000, reason: 'duplicate' })
    expect(first.status, first.text).toBe(200)
    expect(first.json).toMatchObject({ id, status: 'SUCCESS', amount: 50000, isRefunded: false })
    expect((await refund(id, { amount: 20000 })).json.status).toBe('SUCCESS')
    // 10000 left: more is a 422 naming it; a fraction of a cent or a negative amount too.
    const over = await refund(id, { amount: 20000 })
    expect(over.status).toBe(422)
    expect(over.json.violations).toEqual([
      expect.objectContaining({
        propertyPath: 'amount',
        message: 'The refund amount exceeds what is left to refund: 10000 cents.',
      }),
    ])
    expect((await refund(id, { amount: 12.5 })).status).toBe(422)
    expect((await refund(id, { amount: -1 })).status).toBe(422)
    // Omitted: the rest, in full.
    const last = await refund(id, {})
    expect(last.json).toMatchObject({ status: 'REFUNDED', isRefunded: true, quantityRefunded: 1 })
    const again = await refund(id, { amount: 1 })
    expect(again.status).toBe(400)
    expect(again.json.detail).toContain('is REFUNDED')
    const updates: Json[] = []
    for (let i = 0; i < 3; i++)
      updates.push((await f.deliveryWhere((r) => r.json.event === 'product_payment.updated')).json)
    expect(updates.map((u) => u.object.status)).toEqual(['SUCCESS', 'SUCCESS', 'REFUNDED'])
    expect(updates[2]!.previous_attributes).toMatchObject({ status: 'SUCCESS', isRefunded: false })
    const log = f.s.sandbox.feed.changes().filter((c) => c.kind === 'payment.refunded')
    expect(log.at(-1)!.summary).toContain('£500.00 of £500.00 refunded')
    expect(
      f.s.sandbox.feed.changes().some((c) => c.summary.includes("the docs' body took amount, reason")),
    ).toBe(true)
  })

  it('only a SUCCESS payment is refunded; the member lacks FINANCIAL_LOCAL (403)', async () => {
    const { sessionId } = await f.checkout()
    const pending = await paymentOf(f, sessionId)
    expect((await refund(pending, {})).status).toBe(400)
    const paid = await paidPayment()
    const member = await refund(paid, {}, await f.bearer('member@acme.test'))
    expect(member.status).toBe(403)
    expect((await f.payment(paid)).status).toBe('SUCCESS')
  })

  it('PATCH /product-payment/{id}/cancel ends a PENDING checkout as cancelled; a captured one is refunded instead', async () => {
    const { sessionId } = await f.checkout()
    const id = await paymentOf(f, sessionId)
    const cancel = (pid: number) =>
      f.call('PATCH', `/api/v1/product-payment/${pid}/cancel`, {}, { ...f.admin(), ...MERGE })
    const done = await cancel(id)
    expect(done.status, done.text).toBe(200)
    expect(done.json.status).toBe('CANCELED')
    const list = (await f.s.call({ path: '/__sandbox/checkouts' })).json as Json[]
    expect(list.find((c) => c.sessionId === sessionId)).toMatchObject({
      status: 'cancelled',
      via: 'cancel_payment',
    })
    const paid = await paidPayment()
    expect((await cancel(paid)).status).toBe(400)
  })
})
