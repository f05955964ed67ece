import { describe, expect, it } from 'vitest'
import { usePayments } from './payments-helpers.ts'
import { MERGE, type Json } from '../helpers.ts'

// process-payments, the bank-transfer flow, step by step: the invoice (step 1), mark-as-paid (step 2), the webhook
// it shares with card payments, cancel, void, refund with its credit memo, resending, and the dunning list.

const f = usePayments()

const JSON_ACCEPT = { Accept: 'application/json' }

/** The docs' step 1 body, for the seeded Standard membership price. */
const STEP_1 = {
  productPrice: '/api/v1/product_prices/1',
  billingName: 'James Patterson',
  billingAddress: '123 Beacon Street, Boston, MA 02108',
  billingEmail: 'james.patterson@example.com',
  vatNumber: null,
}

const issue = (body: Record<string, unknown> = STEP_1, headers = f.admin()) =>
  f.call('POST', '/api/v1/invoices/create-for-bank-transfer', body, headers)
const patch = (path: string, body: unknown = {}, headers = f.admin()) =>
  f.call('PATCH', path, body, { ...headers, ...MERGE })
const invoice = async (id: number) =>
  (await f.call('GET', `/api/v1/invoices/${id}`, undefined, { ...f.admin(), ...JSON_ACCEPT })).json as Json
async function paymentOfInvoice(id: number): Promise<Json> {
  const all = await f.call('GET', '/api/v1/product_payments?itemsPerPage=100&order[id]=desc', undefined, {
    ...f.admin(),
    ...JSON_ACCEPT,
  })
  const brief = (all.json as Json[]).find((p) => p.invoice?.id === id)
  expect(brief, `the payment of invoice #${id}`).toBeDefined()
  return f.payment(brief!.id as number)
}

/** A string of a PDF's Info dictionary: pdf-lib writes it as UTF-16BE hex (`/Title <FEFF0041...>`). */
function pdfInfo(pdf: string, key: string): string | undefined {
  const hex = new RegExp(`/${key} <FEFF([0-9A-F]*)>`).exec(pdf)?.[1]
  return hex && String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((unit) => parseInt(unit, 16)))
}

describe('process-payments, bank transfer with invoice', () => {
  it('step 1 issues a numbered invoice from the price, due in 30 days, with its PDF, its mail and its PENDING payment', async () => {
    await f.clock({ set: '2026-01-15T10:30:00Z' })
    await f.clock({ freeze: true })
    await f.subscribe()
    const made = await issue()
    expect(made.status, made.text).toBe(201)
    expect(made.json).toMatchObject({
      '@type': 'Invoice',
      invoiceNumber: 1011,
      status: 'PENDING',
      type: 'BANK_TRANSFER',
      amount: 5000,
      invoicedFor: 'Annual membership: Standard',
      isMembership: true,
      membershipProductPrice: '/api/v1/product_prices/1',
      billingName: 'James Patterson',
      billingEmail: 'james.patterson@example.com',
      invoiceDueDate: '2026-02-14T10:30:00+00:00',
      // The docs' fields beside the spec's.
      number: 'INV-2026-01011',
      currency: 'GBP',
      dateDue: '2026-02-14T10:30:00+00:00',
      pdfUrl: `http://acme.localhost:${f.s.port}/api/v1/invoices/${made.json.id as number}/download`,
      accountHolder: 'Acme Corporation',
    })
    const id = made.json.id as number
    // The mail to billingEmail, with the transfer's details and the PDF's link.
    const [mail] = await f.mails('james.patterson@example.com', 'invoice')
    expect(mail!.subject).toBe('Invoice INV-2026-01011 from Acme Corporation')
    expect(mail!.text).toContain('Amount due: £50.00, by 2026-02-14.')
    expect(mail!.text).toContain('reference INV-2026-01011')
    expect(mail!.link).toBe(made.json.pdfUrl)
    // A real PDF at pdfUrl; JSON for a client that asks only for JSON.
    const pdf = await f.call('GET', new URL(made.json.pdfUrl as string).pathname, undefined, {
      ...f.admin(),
      Accept: 'application/pdf',
    })
    expect(pdf.status).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.text.startsWith('%PDF-')).toBe(true)
    expect(pdfInfo(pdf.text, 'Title')).toBe('Acme Corporation: invoice INV-2026-01011')
    const asJson = await f.call('GET', `/api/v1/invoices/${id}/download`, undefined, {
      ...f.admin(),
      ...JSON_ACCEPT,
    })
    expect(asJson.json.id).toBe(id)
    // Its payment: PENDING, the invoice's amount and currency (product_payment.created).
    const created = await f.deliveryWhere((r) => r.json.event === 'product_payment.created')
    expect(created.json.object).toMatchObject({
      status: 'PENDING',
      amount: 5000,
      currency: 'GBP',
      invoice: { id },
    })
    // The sequence goes on; the same billing email with an invoice pending is refused ("checks for existing
    // pending invoices"); no price, name or address is a 422.
    const second = await issue({ ...STEP_1, billingEmail: 'ap@patterson.example' })
    expect(second.json.invoiceNumber).toBe(1012)
    expect((await issue()).status).toBe(400)
    const empty = await issue({})
    expect(empty.status).toBe(422)
    expect((empty.json.violations as Json[]).map((v) => v.propertyPath)).toEqual([
      'productPrice',
      'billingName',
      'billingAddress',
    ])
  })

  it('step 2, mark-as-paid: PAID, its payment SUCCESS by bank transfer on datePaid (product_payment.updated), mailed', async () => {
    const id = (await issue()).json.id as number
    await f.subscribe(['product_payment.updated'])
    const paid = await patch(`/api/v1/invoices/${id}/mark-as-paid`, { datePaid: '2026-01-18T14:22:00+00:00' })
    expect(paid.status, paid.text).toBe(200)
    expect(paid.json).toMatchObject({ status: 'PAID', membershipStartDate: '2026-01-18T14:22:00+00:00' })
    expect(paid.json.membershipEndDate).toBe('2027-01-18T14:22:00+00:00')
    const updated = await f.deliveryWhere((r) => r.json.event === 'product_payment.updated')
    expect(updated.json.object).toMatchObject({
      status: 'SUCCESS',
      stripePaymentDate: '2026-01-18T14:22:00+00:00',
      acceptedDate: '2026-01-18T14:22:00+00:00',
    })
    expect(updated.json.previous_attributes).toMatchObject({ status: 'PENDING' })
    expect((await paymentOfInvoice(id)).status).toBe('SUCCESS')
    const mails = await f.mails('james.patterson@example.com')
    expect(mails.map((m) => m.kind)).toEqual(['invoice', 'payment-receipt', 'invoice'])
    expect(mails[2]!.subject).toBe(
      `Paid: invoice ${String(paid.json.series)}-2026-${String(paid.json.invoiceNumber).padStart(5, '0')}`,
    )
    const twice = await patch(`/api/v1/invoices/${id}/mark-as-paid`, {})
    expect(twice.status).toBe(400)
    expect(twice.json.detail).toContain('is PAID')
    expect((await patch(`/api/v1/invoices/${id}/mark-as-paid`, { datePaid: 'yesterday' })).status).toBe(422)
  })

  it('a manual invoice (POST /invoices) is numbered and mailed; mark-as-paid makes its payment PENDING then SUCCESS', async () => {
    await f.subscribe()
    const made = await f.call('POST', '/api/v1/invoices', {
      amount: 12000,
      invoicedFor: 'Room hire: autumn workshop',
      billingName: 'Boston Civic Hall',
      billingEmail: 'bookings@civic-hall.example',
    })
    expect(made.status, made.text).toBe(201)
    expect(made.json).toMatchObject({ status: 'PENDING', type: 'MANUAL', invoiceNumber: 1011, amount: 12000 })
    expect((await f.mails('bookings@civic-hall.example', 'invoice')).length).toBe(1)
    expect((await f.call('POST', '/api/v1/invoices', { invoicedFor: 'No amount' })).status).toBe(422)
    await patch(`/api/v1/invoices/${made.json.id as number}/mark-as-paid`, {})
    const events = [
      await f.deliveryWhere((r) => String(r.json.event).startsWith('product_payment.')),
      await f.deliveryWhere((r) => String(r.json.event).startsWith('product_payment.')),
    ].map((r) => [r.json.event, (r.json.object as Json).status])
    expect(events).toEqual([
      ['product_payment.created', 'PENDING'],
      ['product_payment.updated', 'SUCCESS'],
    ])
  })

  it('void: PENDING -> VOIDED, its payment CANCELED; a paid invoice is refunded, not voided', async () => {
    const id = (await issue()).json.id as number
    const voided = await patch(`/api/v1/invoices/${id}/void`)
    expect(voided.status, voided.text).toBe(200)
    expect(voided.json.status).toBe('VOIDED')
    expect((await paymentOfInvoice(id)).status).toBe('CANCELED')
    expect((await patch(`/api/v1/invoices/${id}/void`)).status).toBe(400)
    const other = (await issue()).json.id as number
    await patch(`/api/v1/invoices/${other}/mark-as-paid`)
    const paid = await patch(`/api/v1/invoices/${other}/void`)
    expect(paid.status).toBe(400)
    expect(paid.json.detail).toContain('refunded')
    expect(f.s.sandbox.feed.changes().map((c) => c.kind)).toEqual(
      expect.arrayContaining(['invoice.pending', 'invoice.voided', 'invoice.paid']),
    )
  })

  it('cancel-bank-transfer: the member’s latest pending invoice VOIDED, by the docs’ PATCH or the spec’s POST; then 404', async () => {
    const member = await f.bearer('member@acme.test')
    const first = await issue({ ...STEP_1, billingEmail: undefined }, member)
    expect(first.status, first.text).toBe(201)
    expect(first.json.billingEmail).toBe('member@acme.test')
    const cancelled = await patch('/api/v1/invoices/cancel-bank-transfer', undefined, member)
    expect(cancelled.status, cancelled.text).toBe(201)
    expect(cancelled.json).toMatchObject({ id: first.json.id, status: 'VOIDED' })
    expect((await paymentOfInvoice(first.json.id as number)).status).toBe('CANCELED')
    const second = await issue({ ...STEP_1, billingEmail: undefined }, member)
    const byPost = await f.call('POST', '/api/v1/invoices/cancel-bank-transfer', undefined, member)
    expect(byPost.json).toMatchObject({ id: second.json.id, status: 'VOIDED' })
    const none = await f.call('POST', '/api/v1/invoices/cancel-bank-transfer', undefined, member)
    expect(none.status).toBe(404)
    expect(
      f.s.sandbox.feed
        .changes()
        .some(
          (c) =>
            c.kind === 'docs.form' && c.summary.startsWith('PATCH /api/v1/invoices/cancel-bank-transfer'),
        ),
    ).toBe(true)
  })

  it('refund: PAID -> REFUNDED, its payment REFUNDED, a credit memo issued in the sequence', async () => {
    const id = (await issue()).json.id as number
    expect((await patch(`/api/v1/invoices/${id}/refund`)).status).toBe(400)
    await patch(`/api/v1/invoices/${id}/mark-as-paid`)
    const refunded = await patch(`/api/v1/invoices/${id}/refund`)
    expect(refunded.status, refunded.text).toBe(200)
    expect(refunded.json).toMatchObject({ status: 'REFUNDED', refundedBy: { email: 'admin@acme.test' } })
    expect(refunded.json.dateRefunded).toMatch(/^\d{4}-/)
    const payment = await paymentOfInvoice(id)
    expect(payment).toMatchObject({ status: 'REFUNDED', isRefunded: true })
    const memos = await f.call('GET', '/api/v1/invoices?type=CREDIT_MEMO', undefined, {
      ...f.admin(),
      ...JSON_ACCEPT,
    })
    expect(memos.json).toHaveLength(1)
    expect(memos.json[0]).toMatchObject({
      amount: -5000,
      status: 'ISSUED',
      invoiceNumber: (refunded.json.invoiceNumber as number) + 1,
      billingName: 'James Patterson',
    })
    expect(memos.json[0].invoicedFor).toMatch(/^Credit memo for INV-\d{4}-01011$/)
    expect((await patch(`/api/v1/invoices/${id}/refund`)).status).toBe(400)
  })

  it('resending: the docs’ PATCH send-email and the spec’s GET each mail the invoice again', async () => {
    const id = (await issue()).json.id as number
    const byPatch = await patch(`/api/v1/invoices/${id}/send-email`)
    expect(byPatch.status, byPatch.text).toBe(200)
    const byGet = await f.call('GET', `/api/v1/invoices/${id}/send-email`)
    expect(byGet.status).toBe(200)
    const mails = await f.mails('james.patterson@example.com', 'invoice')
    expect(mails.map((m) => m.subject.split(' ')[0])).toEqual(['Invoice', 'Copy', 'Copy'])
  })

  it('invoices are immutable once issued: only internalNotes change (the docs’ gotcha)', async () => {
    const id = (await issue()).json.id as number
    const amount = await patch(`/api/v1/invoices/${id}`, { amount: 4000 })
    expect(amount.status).toBe(400)
    expect(amount.json.detail).toContain('immutable')
    const notes = await patch(`/api/v1/invoices/${id}`, { internalNotes: 'Called AP on Jan 20' })
    expect(notes.status).toBe(200)
    expect((await invoice(id)).amount).toBe(5000)
  })
})

describe('process-payments, stuck-pending invoices and ordering', () => {
  it('status=PENDING&dateDue[before]=now lists the overdue unpaid ones (the docs’ dunning list)', async () => {
    await f.clock({ set: '2026-06-01T00:00:00Z' })
    const fresh = (await issue()).json.id as number
    const list = async (query: string) =>
      (await f.call('GET', `/api/v1/invoices?${query}`, undefined, { ...f.admin(), ...JSON_ACCEPT }))
        .json as Json[]
    const now = '2026-06-01T00:00:00Z'
    const overdue = await list(`status=PENDING&dateDue[before]=${now}`)
    expect(overdue.length).toBeGreaterThan(0)
    expect(
      overdue.every((i) => i.status === 'PENDING' && i.invoiceDueDate <= '2026-06-01T00:00:00+00:00'),
    ).toBe(true)
    expect(overdue.map((i) => i.id)).not.toContain(fresh)
    const pending = await list('status=PENDING')
    expect(pending.map((i) => i.id)).toContain(fresh)
    expect(pending.length).toBeGreaterThan(overdue.length)
    const numbers = (await list('order[invoiceNumber]=desc')).map((i) => i.invoiceNumber as number)
    expect([...numbers].sort((a, b) => b - a)).toEqual(numbers)
    const created = (await list('order[dateCreated]=asc')).map((i) => i.dateCreated as string)
    expect([...created].sort()).toEqual(created)
  })

  it('generate-invoice makes a PAID invoice for a SUCCESS payment without one, once', async () => {
    const all = await f.call('GET', '/api/v1/product_payments?status=SUCCESS', undefined, {
      ...f.admin(),
      ...JSON_ACCEPT,
    })
    const payment = (all.json as Json[]).find((p) => p.invoice === null)!
    const res = await patch(`/api/v1/product-payment/${payment.id as number}/generate-invoice`)
    expect(res.status, res.text).toBe(200)
    expect(res.json.invoice.invoiceNumber).toBe(1011)
    const made = await invoice(res.json.invoice.id as number)
    expect(made).toMatchObject({ status: 'PAID', amount: payment.amount })
    expect((await patch(`/api/v1/product-payment/${payment.id as number}/generate-invoice`)).status).toBe(400)
  })

  it("a company's bank-transfer invoice bills the company for its plan; a second is refused while pending", async () => {
    const companies = await f.call('GET', '/api/v1/companies', undefined, { ...f.admin(), ...JSON_ACCEPT })
    const company = (companies.json as Json[])[0]!
    const path = `/api/v1/companies/${company.uuid as string}/bank-transfer-invoice`
    const res = await f.call('POST', path, { name: company.name })
    expect(res.status, res.text).toBe(201)
    expect(res.json.uuid).toBe(company.uuid)
    const made = (
      await f.call('GET', '/api/v1/invoices?order[id]=desc', undefined, { ...f.admin(), ...JSON_ACCEPT })
    ).json[0] as Json
    expect(made).toMatchObject({
      amount: 50000,
      type: 'BANK_TRANSFER',
      status: 'PENDING',
      company: { uuid: company.uuid },
    })
    expect((await f.call('POST', path, { name: company.name })).status).toBe(400)
  })
})
