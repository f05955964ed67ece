import { beforeEach, describe, expect, it } from 'vitest'
import type { TestServer } from '../helpers.ts'
import { useServerAndReceiver, type Receiver } from './receiver.ts'

// Issue 24 item 5: the faults a receiver must survive, as scenarios narrowed by tenant, event or subscription.

let s: TestServer
let hooks: Receiver
useServerAndReceiver((server, receiver) => ((s = server), (hooks = receiver)))
beforeEach(async () => {
  const res = await s.call({
    method: 'POST',
    path: '/api/v1/webhook_subscriptions',
    headers: { 'Api-Token': s.tokens('acme').rw },
    body: { name: 'Faults', url: hooks.url, eventTypes: ['contact.created', 'user.created'] },
  })
  expect(res.status).toBe(201)
})

const scenario = (name: string, body: Record<string, unknown>) =>
  s.call({ method: 'POST', path: `/__sandbox/scenarios/${name}`, body })
const advance = (by: string) => s.call({ method: 'POST', path: '/__sandbox/clock', body: { advance: by } })
async function contact(name: string) {
  const res = await s.call({
    method: 'POST',
    path: '/api/v1/contacts',
    headers: { 'Api-Token': s.tokens('acme').rw },
    body: { name, email: `${name.toLowerCase().replace(/\W/g, '.')}@example.com` },
  })
  expect(res.status).toBe(201)
  await s.sandbox.webhooks.settled()
}

describe('webhook fault scenarios', () => {
  it('webhook-fail: the first N attempts fail unsent, the receiver gets the retry; logs say why', async () => {
    expect((await scenario('webhook-fail', { options: { attempts: 2 } })).status).toBe(201)
    await contact('Down Twice')
    await advance('150s')
    await s.sandbox.webhooks.settled()
    expect(hooks.received).toHaveLength(0)
    await advance('300s')
    const got = await hooks.next()
    expect(got.json.event).toBe('contact.created')
    await s.sandbox.webhooks.settled()
    const [delivery] = s.sandbox.webhooks.list()
    expect(delivery!.attempts.map((a) => a.status)).toEqual([null, null, 200])
    expect(delivery!.attempts[0]!.error).toContain('webhook-fail')
  })

  it('webhook-fail narrowed to another event leaves this one alone', async () => {
    await scenario('webhook-fail', { options: { attempts: 5, event: 'user.created' } })
    await contact('Not Narrowed')
    expect((await hooks.next()).json.event).toBe('contact.created')
  })

  it('webhook-duplicate: the same delivery twice, same bytes and delivery id', async () => {
    await scenario('webhook-duplicate', {})
    await contact('Twice Sent')
    const [a, b] = [await hooks.next(), await hooks.next()]
    expect(b.body).toBe(a.body)
    expect(b.headers['x-webhook-delivery']).toBe(a.headers['x-webhook-delivery'])
  })

  it('webhook-delay: nothing until the sandbox clock reaches the delay', async () => {
    await scenario('webhook-delay', { options: { delayMs: 60_000 } })
    await contact('Late Comer')
    expect(hooks.received).toHaveLength(0)
    await advance('60s')
    expect((await hooks.next()).json.event).toBe('contact.created')
  })

  it('webhook-out-of-order: held, then sent newest first', async () => {
    await scenario('webhook-out-of-order', { options: { holdMs: 10_000 } })
    await contact('First Made')
    await contact('Second Made')
    expect(hooks.received).toHaveLength(0)
    await advance('10s')
    const [a, b] = [await hooks.next(), await hooks.next()]
    expect((a.json.object as { name: string }).name).toBe('Second Made')
    expect((b.json.object as { name: string }).name).toBe('First Made')
  })
})
