import { beforeEach, describe, expect, it } from 'vitest'
import { EVENT_NAMES } from '../../mocks/webhooks/events.ts'
import type { TestServer } from '../helpers.ts'
import { useServerAndReceiver, type Receiver } from './receiver.ts'

// Issue 24 item 4: `stripe trigger` for Orgo's events, and resending what failed.

let s: TestServer
let hooks: Receiver
useServerAndReceiver((server, receiver) => ((s = server), (hooks = receiver)))
beforeEach(async () => {
  const res = await s.call({
    method: 'POST',
    path: '/api/v1/webhook_subscriptions',
    headers: { 'Api-Token': s.tokens('acme').rw },
    body: { name: 'All', url: hooks.url, eventTypes: EVENT_NAMES },
  })
  expect(res.status).toBe(201)
})

const trigger = (body: Record<string, unknown>) =>
  s.call({ method: 'POST', path: '/__sandbox/webhooks/trigger', body })

describe('POST /__sandbox/webhooks/trigger', () => {
  it('every one of the 18 events, by its real action: one delivery each, its object the record the API shows', async () => {
    for (const event of EVENT_NAMES) {
      const res = await trigger({ event })
      expect(res.status, `${event}: ${res.text}`).toBe(201)
      expect(
        res.json.deliveries.map((d: { event: string }) => d.event),
        event,
      ).toEqual([event])
      const got = await hooks.next()
      expect(got.json.event).toBe(event)
      const { resource, id } = res.json.record as { resource: string; id: number }
      expect((got.json.object as { id: number }).id, event).toBe(id)
      if (event.endsWith('.updated'))
        expect(Object.keys(got.json.previous_attributes as object).length, event).toBeGreaterThan(0)
      const read = await s.call({
        path: `/api/v1/${resource}/${id}`,
        headers: { 'Api-Token': s.tokens('acme').rw },
      })
      if (event.endsWith('.deleted')) expect(read.status, event).not.toBe(200)
    }
  })

  it('a custom object is sent as the event, signed like any; an unknown event is a 400', async () => {
    const res = await trigger({
      event: 'user.updated',
      object: { id: 42, status: 'ACTIVE' },
      previousAttributes: { status: 'NEW' },
    })
    expect(res.status).toBe(201)
    const got = await hooks.next()
    expect(got.json).toMatchObject({
      event: 'user.updated',
      object: { id: 42, status: 'ACTIVE' },
      previous_attributes: { status: 'NEW' },
    })
    expect((await trigger({ event: 'invoice.paid' })).status).toBe(400)
    expect((await trigger({ event: 'user.created', tenat: 'acme' })).status).toBe(400)
  })
})

describe('POST /__sandbox/webhooks/deliveries/resend', () => {
  it('resends every failed delivery since a time', async () => {
    hooks.answer = () => 500
    await s.call({
      method: 'PATCH',
      path: '/api/v1/webhook_subscriptions/1',
      headers: { 'Api-Token': s.tokens('acme').rw, 'Content-Type': 'application/merge-patch+json' },
      body: { maxRetries: 0 },
    })
    await trigger({ event: 'contact.created' })
    await hooks.next()
    const failed = await s.call({ path: '/__sandbox/webhooks/deliveries?state=failed' })
    expect(failed.json).toHaveLength(1)
    hooks.answer = () => 200
    const resent = await s.call({
      method: 'POST',
      path: '/__sandbox/webhooks/deliveries/resend',
      body: { since: '2000-01-01T00:00:00Z' },
    })
    expect(resent.json.map((d: { state: string }) => d.state)).toEqual(['succeeded'])
    expect((await hooks.next()).json.event).toBe('contact.created')
  })
})
