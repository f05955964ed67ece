import { describe, expect, it } from 'vitest'
import type { RequestLogEntry } from '../mocks/feed.ts'
import { createFeedBuffer } from './feed-buffer.ts'

const entry = (id: number, path = '/api/v1/me', method = 'GET'): RequestLogEntry => ({
  id: `r-${id}`,
  time: '2026-01-05T09:00:00.000Z',
  tenant: 'acme',
  method,
  path,
  status: 200,
  authMethod: 'api-token',
  principal: 'admin@acme.test',
  durationMs: 0.4,
  reason: null,
  scenarios: [],
})
const request = (e: RequestLogEntry) => ({ event: 'request', data: JSON.stringify(e) })
const state = (kind: string, data?: Record<string, unknown>) => ({
  event: 'state',
  data: JSON.stringify({ kind, tenant: 'acme', summary: kind, data, time: '2026-01-05T09:00:00.000Z' }),
})

describe('createFeedBuffer', () => {
  it('keeps the newest requests first, bounded, without the dashboard polling itself', () => {
    const buffer = createFeedBuffer(3)
    buffer.seed([entry(1), entry(2)])
    for (let i = 3; i <= 1000; i++) buffer.push(request(entry(i)))
    buffer.push(request(entry(1001, '/__sandbox/state')))
    buffer.push(request(entry(1002, '/__sandbox/scenarios/flaky', 'POST')))
    const view = buffer.flush(10_000)
    expect(view.requests.map((r) => r.id)).toEqual(['r-1002', 'r-1000', 'r-999'])
    expect(buffer.dirty).toEqual({ requests: false, state: false, operations: false })
  })

  it('takes a count-only feed: the rate moves, no rows appear, an operation call marks the API pane', () => {
    const buffer = createFeedBuffer(10, 2000)
    buffer.push({ event: 'requests', data: JSON.stringify({ count: 250, operations: 0 }) })
    expect(buffer.dirty.operations).toBe(false)
    buffer.push({ event: 'requests', data: JSON.stringify({ count: 50, operations: 3 }) })
    buffer.push({ event: 'requests', data: 'not json' })
    expect(buffer.dirty.operations).toBe(true)
    const view = buffer.flush(1000)
    expect([view.reqPerSec, view.requests]).toEqual([150, []])
  })

  it('counts every request into req/s over its window, and decays when idle', () => {
    const buffer = createFeedBuffer(10, 2000)
    for (let i = 0; i < 300; i++) buffer.push(request(entry(i)))
    expect(buffer.flush(1000).reqPerSec).toBe(150)
    expect(buffer.flush(2500).reqPerSec).toBe(150)
    expect(buffer.flush(3001).reqPerSec).toBe(0)
  })

  it('asks for a new snapshot once per batch of state changes, remembers JWTs, forgets them on reset', () => {
    const buffer = createFeedBuffer()
    buffer.push(state('jwt.issued', { sessionId: 's1', token: 'a.b.c' }))
    buffer.push(state('api-token.issued', { id: 3, token: 'f00' }))
    expect(buffer.takeStateChanged()).toBe(true)
    expect(buffer.takeStateChanged()).toBe(false)
    const view = buffer.flush(0)
    expect(view.jwts).toEqual({ s1: 'a.b.c' })
    expect(view.lastChange?.kind).toBe('api-token.issued')
    buffer.push(state('reset'))
    expect(buffer.flush(1).jwts).toEqual({})
  })

  it('asks for the webhook deliveries again after an attempt or a reset, not after other changes', () => {
    const buffer = createFeedBuffer()
    buffer.push(state('api-token.issued', { id: 3 }))
    buffer.push(state('webhook.spelling'))
    expect(buffer.takeWebhooksChanged()).toBe(false)
    buffer.push(
      state('webhook.attempt', { delivery: 'wh_dlv_1', event: 'contact.created', attempt: 1, status: 500 }),
    )
    expect(buffer.takeWebhooksChanged()).toBe(true)
    expect(buffer.takeWebhooksChanged()).toBe(false)
    buffer.push(state('reset'))
    expect(buffer.takeWebhooksChanged()).toBe(true)
  })

  it('skips a line it cannot read', () => {
    const buffer = createFeedBuffer()
    buffer.push({ event: 'request', data: '{not json' })
    buffer.push({ event: 'state', data: '{not json' })
    buffer.push(request(entry(1)))
    expect(buffer.flush(0).requests.map((r) => r.id)).toEqual(['r-1'])
  })
})
