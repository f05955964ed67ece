import { describe, expect, it } from 'vitest'
import type { TestServer } from '../helpers.ts'
import { useServerAndReceiver, type Receiver } from './receiver.ts'

// Issue 24 items 1 and 4: subscriptions as the spec defines them and as Orgo's docs write them (the webhooks
// digest, contradictions 1-3, 10, 11), the test delivery and the delivery logs, against a real HTTP receiver.

let s: TestServer
let hooks: Receiver
useServerAndReceiver((server, receiver) => ((s = server), (hooks = receiver)))

const admin = () => ({ 'Api-Token': s.tokens('acme').rw })
const post = (body: unknown, headers: Record<string, string> = admin()) =>
  s.call({ method: 'POST', path: '/api/v1/webhook_subscriptions', headers, body })

describe('subscriptions, as the spec and the docs write them', () => {
  it("the docs' body (events, active, no name) is stored under the spec's names, which alone come back", async () => {
    const res = await post({ url: hooks.url, events: ['contact.created'], active: true, secret: 's3cret' })
    expect(res.status, res.text).toBe(201)
    expect(res.json).toMatchObject({ url: hooks.url, eventTypes: ['contact.created'], isActive: true })
    expect(res.json.name).toEqual(expect.any(String))
    expect(res.json).not.toHaveProperty('events')
    expect(res.json).not.toHaveProperty('active')
    expect(res.json).not.toHaveProperty('secret')
    const logged = s.sandbox.feed
    expect(logged).toBeDefined()
  })

  it('a create to a URL the tenant has already subscribed updates that subscription (same id, 201)', async () => {
    const first = await post({ name: 'n8n Workflow: A', url: hooks.url, eventTypes: ['user.created'] })
    const again = await post({ name: 'n8n Workflow: A', url: hooks.url, eventTypes: ['contact.updated'] })
    expect([first.status, again.status]).toEqual([201, 201])
    expect(again.json.id).toBe(first.json.id)
    expect(again.json.eventTypes).toEqual(['contact.updated'])
    const list = await s.call({ path: '/api/v1/webhook_subscriptions', headers: admin() })
    expect(list.json['hydra:totalItems']).toBe(1)
  })

  it('a URL the sandbox may not deliver to is a 422 on url that says how to allow it; a member is refused', async () => {
    const res = await post({
      name: 'Out',
      url: 'https://hooks.example.com/orgo',
      eventTypes: ['user.created'],
    })
    expect(res.status).toBe(422)
    expect(res.json.violations[0]).toMatchObject({ propertyPath: 'url' })
    expect(res.json.violations[0].message).toContain('--webhook-host')
    const member = (await s.login('member@acme.test')).token
    const denied = await post(
      { name: 'Mine', url: hooks.url, eventTypes: ['user.created'] },
      { Authorization: `Bearer ${member}` },
    )
    expect(denied.status).toBe(403)
  })
})

describe('the test delivery and the delivery logs', () => {
  it('POST …/test sends one signed synthetic event of the chosen type and answers what the receiver said', async () => {
    const sub = await post({ name: 'T', url: hooks.url, eventTypes: ['user.created'], secret: 'k' })
    hooks.answer = () => 202
    const res = await s.call({
      method: 'POST',
      path: `/api/v1/webhook_subscriptions/${sub.json.id}/test`,
      headers: admin(),
      body: { event: 'contact.updated' },
    })
    expect(res.status, res.text).toBe(201)
    expect(res.json).toMatchObject({ success: true, statusCode: 202, responseBody: 'ok' })
    const got = await hooks.next()
    expect(got.headers['x-webhook-event']).toBe('contact.updated')
    expect(got.headers['x-webhook-signature']).toEqual(expect.any(String))
    expect(got.json).toMatchObject({ event: 'contact.updated', entity_type: 'contact', operation: 'updated' })
    expect((got.json.object as { '@type': string })['@type']).toBe('Contact')
    const unknown = await s.call({
      method: 'POST',
      path: `/api/v1/webhook_subscriptions/${sub.json.id}/test`,
      headers: admin(),
      body: { event: 'invoice.paid' },
    })
    expect(unknown.status).toBe(422)
  })

  it('delivery_logs lists the attempts newest first, with request and response; DELETE takes them with it', async () => {
    const sub = await post({ name: 'L', url: hooks.url, eventTypes: ['contact.created'] })
    hooks.answer = (_r, i) => (i === 0 ? 500 : 200)
    await s.call({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: admin(),
      body: { name: 'Logged Once', email: 'logged@example.com' },
    })
    await hooks.next()
    await s.sandbox.webhooks.settled()
    await s.call({ method: 'POST', path: '/__sandbox/clock', body: { advance: '150s' } })
    await hooks.next()
    await s.sandbox.webhooks.settled()
    const logs = await s.call({
      path: `/api/v1/webhook_subscriptions/${sub.json.id}/delivery_logs`,
      headers: admin(),
    })
    expect(logs.status).toBe(200)
    expect(logs.json.id).toBe(sub.json.id)
    expect(
      logs.json.logs.map((l: { attempt: number; responseStatus: number }) => [l.attempt, l.responseStatus]),
    ).toEqual([
      [2, 200],
      [1, 500],
    ])
    expect(logs.json.logs[0]).toMatchObject({ event: 'contact.created', requestHeaders: expect.any(Object) })
    const limited = await s.call({
      path: `/api/v1/webhook_subscriptions/${sub.json.id}/delivery_logs?limit=1`,
      headers: admin(),
    })
    expect(limited.json.logs).toHaveLength(1)
    await s.call({ method: 'DELETE', path: `/api/v1/webhook_subscriptions/${sub.json.id}`, headers: admin() })
    expect(s.sandbox.webhooks.list({ subscriptionId: sub.json.id })).toEqual([])
  })
})
