import { expect } from 'vitest'
import { type CallResult, type TestServer, type Json } from '../helpers.ts'
import { useServerAndReceiver, type Receiver, type Received } from '../webhooks/receiver.ts'

// The calls of process-payments as its curl examples make them, for test/workflows/payments*.test.ts,
// invoices*.test.ts and checkout-browser.test.ts.

/** The docs' example secret (process-payments, step 3). */
export const SECRET = 'whsec_a3f8b2c4d6e8f1a3b5c7d9e1f3a5b7c9'

export interface PaymentsFlow {
  s: TestServer
  hooks: Receiver
  admin(): Record<string, string>
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<CallResult>
  /** A JWT of a seeded user (password login). */
  bearer(email: string): Promise<Record<string, string>>
  /** Step 3: the docs' subscription body (`events`, the docs' name for `eventTypes`). */
  subscribe(events?: string[]): Promise<void>
  /** The next delivery that matches, past the others. */
  deliveryWhere(test: (r: Received) => boolean): Promise<Received>
  /** A seeded company with a plan, and its checkout (the docs' step 1). */
  checkout(company?: number): Promise<{ company: Json; res: CallResult; sessionId: string }>
  /** `POST /__sandbox/checkouts/{sessionId}`. */
  complete(sessionId: string, outcome: string): Promise<CallResult>
  payment(id: number): Promise<Json>
  mails(
    to: string,
    kind?: string,
  ): Promise<Array<{ kind: string; subject: string; text: string; link: string }>>
  /** `POST /__sandbox/clock`. */
  clock(body: Record<string, unknown>): Promise<void>
}

export function usePayments(): PaymentsFlow {
  const f = {} as PaymentsFlow
  useServerAndReceiver((server, receiver) => ((f.s = server), (f.hooks = receiver)))
  f.admin = () => ({ 'Api-Token': f.s.tokens('acme').rw })
  f.call = (method, path, body, headers = f.admin()) => f.s.call({ method, path, body, headers })
  f.bearer = async (email) => ({ Authorization: `Bearer ${(await f.s.login(email)).token}` })
  f.subscribe = async (events = ['product_payment.created', 'product_payment.updated']) => {
    const res = await f.call('POST', '/api/v1/webhook_subscriptions', {
      name: 'Accounting',
      url: f.hooks.url,
      events,
      secret: SECRET,
    })
    expect(res.status, res.text).toBe(201)
  }
  f.deliveryWhere = async (test) => {
    for (;;) {
      const got = await f.hooks.next()
      if (test(got)) return got
    }
  }
  f.checkout = async (index = 0) => {
    const companies = await f.call('GET', '/api/v1/companies', undefined, {
      ...f.admin(),
      Accept: 'application/json',
    })
    const company = (companies.json as Json[])[index]!
    const res = await f.call('GET', `/api/v1/companies/${company.uuid as string}/payment-checkout`)
    expect(res.status, res.text).toBe(200)
    return { company, res, sessionId: res.json.sessionId as string }
  }
  f.complete = (sessionId, outcome) =>
    f.s.call({ method: 'POST', path: `/__sandbox/checkouts/${sessionId}`, body: { outcome } })
  f.payment = async (id) => {
    const res = await f.call('GET', `/api/v1/product_payments/${id}`, undefined, {
      ...f.admin(),
      Accept: 'application/json',
    })
    expect(res.status, res.text).toBe(200)
    return res.json as Json
  }
  f.mails = async (to, kind) => {
    const q = new URLSearchParams({ to, ...(kind ? { kind } : {}) })
    return (await f.s.call({ path: `/__sandbox/outbox?${q}` })).json
  }
  f.clock = async (body) => {
    const res = await f.s.call({ method: 'POST', path: '/__sandbox/clock', body })
    expect(res.status, res.text).toBe(200)
  }
  return f
}

/** The id a checkout's session opened: from the control API's list. */
export async function paymentOf(f: PaymentsFlow, sessionId: string): Promise<number> {
  const list = (await f.s.call({ path: '/__sandbox/checkouts' })).json as Json[]
  const found = list.find((c) => c.sessionId === sessionId)
  expect(found, `checkout ${sessionId}`).toBeDefined()
  return found!.payment.id as number
}
