import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNodeSandbox, type NodeSandbox } from '../../mocks/node.ts'
import { startTestServer } from '../helpers.ts'
import { startReceiver, type Receiver } from './receiver.ts'

// Issue 24 item 6: in process (`setupServer`, which patches fetch and node:http) deliveries still reach the
// receiver over real HTTP; the test API sees them, and the control API lists and resends them.

let n: NodeSandbox
let hooks: Receiver
beforeAll(async () => {
  hooks = await startReceiver()
  n = await createNodeSandbox()
  n.server.listen({ onUnhandledRequest: 'error' })
})
afterAll(async () => {
  n.server.close()
  await hooks.close()
})

describe('webhooks under setupServer', () => {
  it('a contact created through fetch is delivered to a real receiver; waitFor() and deliveries() see it', async () => {
    const token = n.sandbox.tokens.seeded('acme').rw
    const api = (path: string, body: unknown) =>
      fetch(`https://acme.orgo.space${path}`, {
        method: 'POST',
        headers: { 'Api-Token': token, 'Content-Type': 'application/ld+json' },
        body: JSON.stringify(body),
      })
    const sub = await api('/api/v1/webhook_subscriptions', {
      name: 'CRM',
      url: hooks.url,
      eventTypes: ['contact.created'],
    })
    expect(sub.status).toBe(201)
    expect(
      (await api('/api/v1/contacts', { name: 'In Process', email: 'in.process@example.com' })).status,
    ).toBe(201)
    const delivery = await n.sandbox.webhooks.waitFor('contact.created')
    expect(delivery).toMatchObject({ state: 'succeeded', tenant: 'acme' })
    const got = await hooks.next()
    expect(got.json).toMatchObject({ event: 'contact.created', id: delivery.eventId })
    expect(n.sandbox.webhooks.deliveries({ event: 'contact.created' })).toHaveLength(1)
    const again = await n.sandbox.webhooks.resend(delivery.id)
    expect(again.attempts).toHaveLength(2)
    expect((await hooks.next()).headers['x-webhook-delivery']).toBe(delivery.id)
    // trigger(): the real action, from the test API, in process.
    const triggered = await n.sandbox.webhooks.trigger('contact.created')
    expect(triggered.deliveries.map((d) => d.state)).toEqual(['succeeded'])
    expect((await hooks.next()).json.object).toMatchObject({ id: triggered.record!.id })
  })
})

describe('a function receiver (no server)', () => {
  it('receive(url, fn): deliveries to that URL call fn, whose status counts like a receiver answer', async () => {
    const url = 'http://hooks.localhost/orgo'
    const seen: Array<{ event: unknown; signature?: string }> = []
    const stop = n.sandbox.webhooks.receive(url, ({ json, headers }) => {
      seen.push({ event: (json as { event: string }).event, signature: headers['X-Webhook-Signature'] })
      return seen.length === 1 ? 500 : 204
    })
    const token = n.sandbox.tokens.seeded('acme').rw
    const res = await fetch('https://acme.orgo.space/api/v1/webhook_subscriptions', {
      method: 'POST',
      headers: { 'Api-Token': token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Fn', url, eventTypes: ['user_role.deleted'], secret: 'k' }),
    })
    expect(res.status).toBe(201)
    const triggered = await n.sandbox.webhooks.trigger('user_role.deleted')
    expect(triggered.deliveries[0]!.attempts.map((a) => a.status)).toEqual([500])
    n.sandbox.clock.advance('150s')
    await n.sandbox.webhooks.settled()
    expect(seen.map((s) => s.event)).toEqual(['user_role.deleted', 'user_role.deleted'])
    expect(seen[0]!.signature).toEqual(expect.any(String))
    expect(n.sandbox.webhooks.deliveries({ event: 'user_role.deleted' })[0]!.state).toBe('succeeded')
    stop()
  })
})

describe('the control API', () => {
  it('GET /__sandbox/webhooks/deliveries lists them, filtered; POST …/{id}/resend sends one again', async () => {
    const s = await startTestServer()
    const receiver = await startReceiver()
    try {
      const admin = { 'Api-Token': s.tokens('acme').rw }
      await s.call({
        method: 'POST',
        path: '/api/v1/webhook_subscriptions',
        headers: admin,
        body: { name: 'C', url: receiver.url, eventTypes: ['contact.created'] },
      })
      await s.call({
        method: 'POST',
        path: '/api/v1/contacts',
        headers: admin,
        body: { name: 'Control Api', email: 'control.api@example.com' },
      })
      await receiver.next()
      await s.sandbox.webhooks.settled()
      const list = await s.call({
        path: '/__sandbox/webhooks/deliveries?event=contact.created&state=succeeded',
      })
      expect(list.status).toBe(200)
      expect(list.json).toHaveLength(1)
      expect(list.json[0].body).toMatchObject({ event: 'contact.created' })
      expect((await s.call({ path: '/__sandbox/webhooks/deliveries?state=lost' })).status).toBe(400)
      const resent = await s.call({
        method: 'POST',
        path: `/__sandbox/webhooks/deliveries/${list.json[0].id}/resend`,
      })
      expect(resent.json.attempts).toHaveLength(2)
      expect((await receiver.next()).json.event).toBe('contact.created')
      expect(
        (await s.call({ method: 'POST', path: '/__sandbox/webhooks/deliveries/nope/resend' })).status,
      ).toBe(404)
    } finally {
      await receiver.close()
      await s.close()
    }
  })
})
