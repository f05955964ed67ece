import { describe, expect, it } from 'vitest'
import type { DeliveryInfo } from './control-client.ts'
import { webhookRows } from './webhook-rows.ts'

const NOW = Date.parse('2026-01-05T09:00:00.000Z')
const ctx = { url: 'http://127.0.0.1:4010', now: NOW }
const envelope = { id: 'wh_evt_1', event: 'contact.created', object: { id: 51, name: 'Olivia Brown' } }

const attempt = (
  number: number,
  at: string,
  status: number | null,
  over: Partial<DeliveryInfo['attempts'][number]> = {},
): DeliveryInfo['attempts'][number] => ({
  number,
  at,
  request: {
    url: 'http://127.0.0.1:5000/hooks',
    headers: { 'Content-Type': 'application/json', 'X-Webhook-Event': 'contact.created' },
    body: JSON.stringify(envelope),
  },
  status,
  responseBody: status === null ? '' : 'ok',
  durationMs: 12,
  ...over,
})

const delivery = (over: Partial<DeliveryInfo>): DeliveryInfo => ({
  id: 'wh_dlv_1',
  eventId: 'wh_evt_1',
  event: 'contact.created',
  tenant: 'acme',
  subscriptionId: 3,
  url: 'http://127.0.0.1:5000/hooks',
  body: envelope,
  state: 'pending',
  attempts: [],
  nextAt: null,
  maxAttempts: 4,
  timeoutMs: 30_000,
  ...over,
})

const pending = delivery({
  attempts: [attempt(1, '2026-01-05T08:59:30.000Z', 500, { responseBody: 'down\nfor maintenance' })],
  nextAt: '2026-01-05T09:02:00.000Z',
})
const failed = delivery({
  id: 'wh_dlv_2',
  tenant: 'globex',
  event: 'event_attend.updated',
  state: 'failed',
  maxAttempts: 2,
  attempts: [
    attempt(1, '2026-01-05T08:40:00.000Z', null, { error: 'connect ECONNREFUSED 127.0.0.1:5000' }),
    attempt(2, '2026-01-05T08:42:30.000Z', null, { error: 'timed out after 30000 ms', durationMs: 30_000 }),
  ],
})
const test = delivery({
  id: 'wh_dlv_3',
  state: 'succeeded',
  test: true,
  maxAttempts: 1,
  attempts: [attempt(1, '2026-01-05T08:30:00.000Z', 204)],
})

describe('webhookRows', () => {
  it('lists each delivery: last try, tenant, event, subscription, tries, status or error, state, retry in', () => {
    const rows = webhookRows([pending, failed, test], ctx)
    expect(rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['08:59:30', 'acme', 'contact.created', '#3', '1/4', '500', 'pending', '2m 00s'],
      [
        ...['08:42:30', 'globex', 'event_attend.updated', '#3', '2/2'],
        ...['timed out after 30000 ms', 'failed', '-'],
      ],
      ['08:30:00', 'acme', 'contact.created (test)', '#3', '1/1', '204', 'succeeded', '-'],
    ])
    expect(rows.map((r) => [r.key, r.tenant, r.delivery])).toEqual([
      ['dlv:wh_dlv_1', 'acme', 'wh_dlv_1'],
      ['dlv:wh_dlv_2', 'globex', 'wh_dlv_2'],
      ['dlv:wh_dlv_3', 'acme', 'wh_dlv_3'],
    ])
    expect(rows.map((r) => [r.cells[5]!.color, r.cells[6]!.color])).toEqual([
      ['red', 'yellow'],
      ['red', 'red'],
      ['green', 'green'],
    ])
  })

  it('says a retry is due once the sandbox clock has passed it, and shows a delivery not yet tried', () => {
    const [late, fresh] = webhookRows([pending, delivery({ nextAt: '2026-01-05T09:00:00.000Z' })], {
      ...ctx,
      now: NOW + 5 * 60_000,
    })
    expect(late!.cells[7]!.text).toBe('due')
    expect(fresh!.cells.map((c) => c.text)).toEqual(
      ['-', 'acme', 'contact.created', '#3', '0/4', '-'].concat(['pending', 'due']),
    )
  })

  it('details a delivery: its state, every attempt newest first with headers and answer, the envelope, resend', () => {
    const [row] = webhookRows([failed], ctx)
    expect(row!.detail).toEqual({
      title: 'Webhook event_attend.updated to http://127.0.0.1:5000/hooks (failed, 2/2 attempts)',
      value: 'wh_dlv_2',
      fields: [
        ['state', 'failed after 2 attempts of 2'],
        ['event', 'event_attend.updated wh_evt_1'],
        ['tenant', 'globex'],
        ['subscription', '#3 http://127.0.0.1:5000/hooks'],
        ['limits', '2 attempts, 30 s each at most'],
        ['attempt 2', '2026-01-05T08:42:30.000Z  no answer in 30000 ms'],
        ['  error', 'timed out after 30000 ms'],
        ['  request', 'POST http://127.0.0.1:5000/hooks'],
        ['', 'Content-Type: application/json'],
        ['', 'X-Webhook-Event: contact.created'],
        ['  response', '(empty)'],
        ['attempt 1', '2026-01-05T08:40:00.000Z  no answer in 12 ms'],
        ['  error', 'connect ECONNREFUSED 127.0.0.1:5000'],
        ['  request', 'POST http://127.0.0.1:5000/hooks'],
        ['', 'Content-Type: application/json'],
        ['', 'X-Webhook-Event: contact.created'],
        ['  response', '(empty)'],
        ['body', '{'],
        ['', '  "id": "wh_evt_1",'],
        ['', '  "event": "contact.created",'],
        ['', '  "object": {'],
        ['', '    "id": 51,'],
        ['', '    "name": "Olivia Brown"'],
        ['', '  }'],
        ['', '}'],
      ],
      usage: ['curl -X POST http://127.0.0.1:4010/__sandbox/webhooks/deliveries/wh_dlv_2/resend'],
    })
  })

  it("states when a pending delivery's next attempt is, and cuts a long response", () => {
    const long = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n')
    const [row] = webhookRows(
      [{ ...pending, attempts: [attempt(1, '2026-01-05T08:59:30.000Z', 502, { responseBody: long })] }],
      ctx,
    )
    const fields = row!.detail!.fields
    expect(fields[0]).toEqual(['state', 'pending: attempt 2 of 4 at 2026-01-05T09:02:00.000Z (2m 00s)'])
    const response = fields.findIndex(([name]) => name === '  response')
    expect(fields.slice(response, response + 14).map(([, v]) => v)).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `line ${i + 1}`),
      '… 18 more lines',
      '{',
    ])
    const [tried] = webhookRows([test], ctx)
    expect(tried!.detail!.fields.slice(0, 2)).toEqual([
      ['state', 'succeeded at attempt 1 of 1'],
      ['event', 'contact.created wh_evt_1 (a test delivery: never retried)'],
    ])
  })
})
