import { describe, expect, it } from 'vitest'
import { verifyWebhookSignature } from '../../mocks/webhooks/signature.ts'
import { type TestServer, type Json } from '../helpers.ts'
import { crmCalls, OLIVIA } from './crm-helpers.ts'
import { useServerAndReceiver, type Receiver } from '../webhooks/receiver.ts'

// Orgo's sync-your-crm-with-orgo, step by step over real HTTP: the bulk import and its conflicts (step 1), profile
// tags made once and attached to contacts (step 2), the subscription and the `contact.updated` a real receiver gets
// (steps 3-4), and the `dateUpdated` watermark poll on the sandbox clock (step 5).

let s: TestServer
let hooks: Receiver
useServerAndReceiver((server, receiver) => ((s = server), (hooks = receiver)))

const { post, get, patch, contact, profileTag, attach } = crmCalls(() => s)
const SECRET = 'whsec_a3f8b2c4d6e8f1a3b5c7d9e1f3a5b7c9'
const clock = (body: unknown) => s.call({ method: 'POST', path: '/__sandbox/clock', body })

describe('step 1: bulk import, rerun safely, merge on conflict', () => {
  it('a second POST of the same email (any case, or a member’s) is a 409; ?email= finds it; PATCH merges', async () => {
    const made = await contact()
    expect(made).toMatchObject({
      '@id': `/api/v1/contacts/${made.id}`,
      name: 'Olivia Brown',
      phone: OLIVIA.phone,
    })
    for (const email of [OLIVIA.email, 'Olivia.Brown@Example.com', 'admin@acme.test']) {
      const again = await post('/api/v1/contacts', { ...OLIVIA, email })
      expect([again.status, again.json], email).toEqual([
        409,
        {
          status: 409,
          title: 'Conflict',
          detail:
            'Cannot create: a resource with this identifier already exists. Please refresh and try again.',
        },
      ])
    }
    const found = await get(`/api/v1/contacts?email=${encodeURIComponent(OLIVIA.email)}`)
    expect(found.json['hydra:totalItems']).toBe(1)
    expect(found.json['hydra:member'][0].id).toBe(made.id)
    const merged = await patch(`/api/v1/contacts/${made.id}`, {
      phone: '+1 415 555 0199',
      notes: 'Updated from HubSpot 2026-01-15.',
    })
    expect(merged.status, merged.text).toBe(200)
    expect(merged.json).toMatchObject({
      name: 'Olivia Brown',
      email: OLIVIA.email,
      phone: '+1 415 555 0199',
      notes: 'Updated from HubSpot 2026-01-15.',
      isNewsletterSubscribed: true,
    })
  })
})

describe('steps 3 and 4: the subscription, and the contact.updated a receiver gets', () => {
  it('unsubscribing delivers contact.updated with previous_attributes {isNewsletterSubscribed: true}', async () => {
    // The docs' body (events, active, description: their spellings of the spec's).
    const sub = await post('/api/v1/webhook_subscriptions', {
      url: hooks.url,
      events: ['contact.created', 'contact.updated', 'contact.deleted', 'user.created', 'user.updated'],
      secret: SECRET,
      active: true,
      description: 'Sync contact + member changes into CRM',
    })
    expect(sub.status, sub.text).toBe(201)
    const olivia = await contact()
    expect((await hooks.next()).json.event).toBe('contact.created')

    await patch(`/api/v1/contacts/${olivia.id}`, { isNewsletterSubscribed: false })
    const updated = await hooks.next()
    expect(updated.headers['x-webhook-event']).toBe('contact.updated')
    const verdict = await verifyWebhookSignature({
      body: updated.body,
      secret: SECRET,
      signature: updated.headers['x-webhook-signature'] as string,
    })
    expect(verdict).toEqual({ ok: true })
    expect(updated.json).toMatchObject({
      event: 'contact.updated',
      tenant_id: s.sandbox.tenant('acme')!.tenant.id,
      object: {
        '@id': `/api/v1/contacts/${olivia.id}`,
        id: olivia.id,
        name: 'Olivia Brown',
        email: OLIVIA.email,
        isNewsletterSubscribed: false,
      },
    })
    // The diff of what the client changed, as the docs' example: no server timestamp in it.
    expect(updated.json.previous_attributes).toEqual({ isNewsletterSubscribed: true })

    // A tag attached changes the contact's tags: its webhook says which it had.
    const tag = await profileTag('donor-2026')
    await attach(olivia.id, { profileTag: tag['@id'] })
    const tagged = await hooks.next()
    expect(tagged.json.event).toBe('contact.updated')
    expect(tagged.json.previous_attributes).toEqual({ tags: [] })
    expect((tagged.json.object as Json).tags.map((t: Json) => t.tag.name)).toEqual(['donor-2026'])
  })
})

describe('step 5: the dateUpdated watermark poll', () => {
  const T0 = '2026-01-10T00:00:00.000Z'
  const poll = async (after: string, extra = '') => {
    const res = await get(
      `/api/v1/contacts?dateUpdated[after]=${encodeURIComponent(after)}&order[dateUpdated]=asc${extra}`,
    )
    expect(res.status, res.text).toBe(200)
    return res.json as Json
  }
  const names = (page: Json) => (page['hydra:member'] as Json[]).map((c) => c.name)

  it('returns what changed since the watermark, in dateUpdated order, across creates, merges and tags', async () => {
    expect((await clock({ set: T0, freeze: true })).status).toBe(200)
    // Nothing seeded was written after the clock's time.
    expect((await poll(T0))['hydra:totalItems']).toBe(0)
    const made: Json[] = []
    for (const name of ['Ada One', 'Bea Two', 'Cy Three']) {
      await clock({ advance: '1m' })
      made.push(await contact({ name, email: `${name.split(' ')[0]!.toLowerCase()}@example.com` }))
    }
    const first = await poll(T0)
    expect(names(first)).toEqual(['Ada One', 'Bea Two', 'Cy Three'])
    expect(first['hydra:member'].map((c: Json) => c.dateUpdated)).toEqual([
      '2026-01-10T00:01:00+00:00',
      '2026-01-10T00:02:00+00:00',
      '2026-01-10T00:03:00+00:00',
    ])
    // "Record the highest dateUpdated seen as the watermark for the next sync."
    let watermark = first['hydra:member'].at(-1).dateUpdated as string

    await clock({ advance: '10m' })
    await patch(`/api/v1/contacts/${made[0]!.id}`, { phone: '+1 415 555 0100' })
    const second = await poll(watermark)
    // `[after]` is API Platform's inclusive bound: the contact at the watermark comes again, then the change.
    expect(names(second)).toEqual(['Cy Three', 'Ada One'])
    expect(second['hydra:member'][1].dateUpdated).toBe('2026-01-10T00:13:00+00:00')
    // The bound in any ISO 8601 spelling.
    expect(names(await poll(watermark.replace('+00:00', 'Z')))).toEqual(['Cy Three', 'Ada One'])
    watermark = second['hydra:member'].at(-1).dateUpdated

    await clock({ advance: '5m' })
    const tag = await profileTag('donor-2026')
    await attach(made[1]!.id, { profileTag: tag['@id'] })
    expect(names(await poll(watermark))).toEqual(['Ada One', 'Bea Two'])
    // strictly_after leaves the watermark's own contact out; desc, pages and the full scan agree.
    const strict = await get(
      `/api/v1/contacts?dateUpdated[strictly_after]=${encodeURIComponent(watermark)}&order[dateUpdated]=asc`,
    )
    expect(names(strict.json)).toEqual(['Bea Two'])
    const all = await poll(T0, '&itemsPerPage=2')
    expect([all['hydra:totalItems'], names(all)]).toEqual([3, ['Cy Three', 'Ada One']])
    expect(names(await poll(T0, '&itemsPerPage=2&page=2'))).toEqual(['Bea Two'])
    const desc = await get(
      `/api/v1/contacts?dateUpdated[after]=${encodeURIComponent(T0)}&order[dateUpdated]=desc`,
    )
    expect(names(desc.json)).toEqual(['Bea Two', 'Ada One', 'Cy Three'])
    // With another filter the list is scanned, not searched: the same answer.
    expect(names(await poll(T0, '&isNewsletterSubscribed=false'))).toEqual(['Cy Three', 'Ada One', 'Bea Two'])
    const before = await get(
      `/api/v1/contacts?dateUpdated[before]=2026-01-10T00:05:00Z&dateUpdated[after]=${encodeURIComponent(T0)}&order[dateUpdated]=asc`,
    )
    expect(names(before.json)).toEqual(['Cy Three'])
    const bad = await get('/api/v1/contacts?dateUpdated[after]=yesterday-ish&order[dateUpdated]=asc')
    expect(bad.status).toBe(400)
  })
})
