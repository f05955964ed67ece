import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer, type Json } from '../helpers.ts'
import { api, audience, draft } from './newsletters-helpers.ts'

// send-a-newsletter-campaign, step 3, "Schedule for later": SCHEDULED with the docs' `sendDate` (the spec's
// `scheduledAt`), sent when the sandbox clock reaches it, whichever way the clock gets there (a move of the clock,
// or a running clock's timer); unscheduled by a PATCH back to DRAFT; and no schedule survives a reset, nor sends
// into a snapshot's restored state.

let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
beforeEach(async () => {
  await s.sandbox.reset()
})
const a = api(() => s)

/** The clock frozen at a known time: 2026-01-15 12:00 UTC. */
async function frozen(): Promise<void> {
  const res = await a.clock({ set: '2026-01-15T12:00:00Z', freeze: true })
  expect(res.status, res.text).toBe(200)
}

const SEND_DATE = '2026-01-20T09:00:00-05:00'

async function scheduled(): Promise<{ made: Json; people: Awaited<ReturnType<typeof audience>> }> {
  const people = await audience(a)
  const made = await draft(a, people.unit)
  const res = await a.patch(`${made['@id']}/schedule`, { sendDate: SEND_DATE })
  expect(res.status, res.text).toBe(200)
  return { made: res.json, people }
}

const statusOf = async (made: Json) => (await a.get(made['@id'])).json as Json

describe('scheduled on the sandbox clock', () => {
  it('SCHEDULED at the docs’ sendDate, sent when the clock reaches it, not a second before', async () => {
    await frozen()
    const { made } = await scheduled()
    expect(made).toMatchObject({
      status: 'SCHEDULED',
      scheduledAt: '2026-01-20T14:00:00+00:00',
      recipients: 4,
    })
    expect(s.sandbox.feed.changes().some((c) => c.kind === 'newsletter.scheduled')).toBe(true)
    await a.clock({ advance: '4d' })
    await a.clock({ advance: '1d1h59m59s' })
    expect((await statusOf(made)).status).toBe('SCHEDULED')
    expect(await a.mails('newsletter')).toEqual([])
    await a.clock({ advance: '1s' })
    const sent = await statusOf(made)
    expect(sent).toMatchObject({ status: 'SENT', dateSent: '2026-01-20T14:00:00+00:00', recipients: 4 })
    const mails = await a.mails('newsletter')
    expect(mails.map((m) => m.to).sort()).toEqual([
      'ava@example.com',
      'jamie@example.com',
      'liam@example.com',
      'olivia@example.com',
    ])
    expect(mails.find((m) => m.to === 'jamie@example.com')!.text).toContain('Hello Jamie,')
    // Sent once: later moves of the clock send nothing more.
    await a.clock({ advance: '30d' })
    expect((await a.mails('newsletter')).length).toBe(4)
    expect(s.sandbox.feed.changes().filter((c) => c.kind === 'newsletter.sent')).toHaveLength(1)
  })

  it('a date not ahead of the clock, or none, is a 422; a scheduled one is rescheduled, or sent now', async () => {
    await frozen()
    const { unit } = await audience(a)
    const made = await draft(a, unit)
    const past = await a.patch(`${made['@id']}/schedule`, { scheduledAt: '2026-01-15T11:59:59Z' })
    expect([past.status, past.json.violations[0].propertyPath]).toEqual([422, 'scheduledAt'])
    const none = await a.patch(`${made['@id']}/schedule`, {})
    expect([none.status, none.json.violations[0].propertyPath]).toEqual([422, 'scheduledAt'])
    const bad = await a.patch(`${made['@id']}/schedule`, { scheduledAt: 'next tuesday' })
    expect([bad.status, bad.json.violations[0].message]).toEqual([422, 'This value is not a valid datetime.'])
    // The spec's spelling; then again, later; then sent at once instead.
    await a.patch(`${made['@id']}/schedule`, { scheduledAt: '2026-01-16T12:00:00Z' })
    const moved = await a.patch(made['@id'], { scheduledAt: '2026-01-18T12:00:00Z' })
    expect(moved.json).toMatchObject({ status: 'SCHEDULED', scheduledAt: '2026-01-18T12:00:00+00:00' })
    await a.clock({ advance: '2d' })
    expect((await statusOf(made)).status).toBe('SCHEDULED')
    const now = await a.patch(`${made['@id']}/send`, {})
    expect(now.json).toMatchObject({ status: 'SENT', dateSent: '2026-01-17T12:00:00+00:00' })
    await a.clock({ advance: '5d' })
    expect((await a.mails('newsletter')).length).toBe(4)
  })

  it('PATCH {"status": "DRAFT"} unschedules it: the clock passing its date sends nothing', async () => {
    await frozen()
    const { made } = await scheduled()
    const back = await a.patch(made['@id'], { status: 'DRAFT' })
    expect(back.json).toMatchObject({ status: 'DRAFT', scheduledAt: null })
    expect(s.sandbox.feed.changes().some((c) => c.kind === 'newsletter.unscheduled')).toBe(true)
    await a.clock({ advance: '10d' })
    expect((await statusOf(made)).status).toBe('DRAFT')
    expect(await a.mails('newsletter')).toEqual([])
    // The state moves by /send and /schedule only.
    const jump = await a.patch(made['@id'], { status: 'SENT' })
    expect([jump.status, jump.json.violations[0].propertyPath]).toEqual([422, 'status'])
  })

  it('a reset leaves no schedule behind: the clock passing the old date mails nobody', async () => {
    await frozen()
    const { made } = await scheduled()
    expect((await s.call({ method: 'POST', path: '/__sandbox/reset' })).status).toBe(204)
    await a.clock({ set: '2026-02-01T00:00:00Z' })
    expect(await a.mails('newsletter')).toEqual([])
    expect((await a.get(made['@id'])).status).toBe(404)
  })

  it('a snapshot restored: its schedule is back, never sent on the way, and sent again on its own clock', async () => {
    await frozen()
    const { made } = await scheduled()
    const snap = await s.call({ method: 'POST', path: '/__sandbox/snapshots', body: { name: 'scheduled' } })
    expect(snap.status, snap.text).toBe(201)
    await a.clock({ advance: '10d' })
    // Dated when it fell due, not when the clock was moved past it.
    expect(await statusOf(made)).toMatchObject({ status: 'SENT', dateSent: '2026-01-20T14:00:00+00:00' })
    expect((await a.mails('newsletter')).length).toBe(4)
    // The restore freezes the clock (still 10 days on), then sets it back: nothing may be sent in between.
    const restored = await s.call({ method: 'POST', path: `/__sandbox/snapshots/${snap.json.id}/restore` })
    expect(restored.status, restored.text).toBe(200)
    expect((await statusOf(made)).status).toBe('SCHEDULED')
    expect(await a.mails('newsletter')).toEqual([])
    await a.clock({ advance: '5d2h' })
    expect((await statusOf(made)).status).toBe('SENT')
    expect((await a.mails('newsletter')).length).toBe(4)
  })

  it('a running clock sends it by itself when its time comes', async () => {
    const { unit } = await audience(a)
    const made = await draft(a, unit)
    const at = new Date(s.sandbox.clock.now() + 2000).toISOString()
    const res = await a.patch(`${made['@id']}/schedule`, { scheduledAt: at })
    expect(res.status, res.text).toBe(200)
    const deadline = Date.now() + 5000
    while ((await statusOf(made)).status !== 'SENT' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100))
    expect((await statusOf(made)).status).toBe('SENT')
    expect((await a.mails('newsletter')).length).toBe(4)
  })
})
