import { describe, expect, it } from 'vitest'
import { AGM, T0, ticketedEvent, useTicketServer } from './tickets-helpers.ts'
import { answered } from './expect-answer.ts'
import { type Json } from '../helpers.ts'

// build-a-public-event-landing-page, steps 1-2, over real HTTP and without a credential: the public event read and
// list from the events table (published and public only, drafts 404, events that are over out of the list), in the
// spec's shape with the docs' attendeeCount, slug, cover and products beside it, and the live availability.

const c = useTicketServer()

const listed = async (query = '') =>
  (answered(await c.get(`/api/v1/public_events${query}`))['hydra:member'] as Json[]).map((e) => e.name)

describe('create-and-sell-event-tickets steps 1-3, then the landing page reads it', () => {
  it('a draft is invisible (404, not listed); published, it answers with its ticket type and price', async () => {
    const draft = answered(await c.post('/api/v1/events', AGM, c.admin()), 201)
    // The docs' `status: "DRAFT"` is taken as the spec's lower case, and logged.
    expect([draft.status, draft.hasEventTicketing]).toEqual(['draft', true])
    expect(c.feed('docs.form').map((f) => f.summary)).toContain(
      `POST /api/v1/events: the docs' status "DRAFT" (create-and-sell-event-tickets) taken as the spec's "draft"`,
    )
    const product = answered(
      await c.post(
        '/api/v1/products',
        {
          name: 'AGM 2026 — General Admission',
          customMinPrice: 2500,
          hasOneTimePayment: true,
          event: `/api/v1/events/${draft.uuid}`,
        },
        c.admin(),
      ),
      201,
    )
    // "Each gets its own uuid and one ProductPrice record": the price in cents, the tenant's currency.
    const price = answered(await c.get(`/api/v1/products/${product.uuid}`, c.admin())).productPrices
    expect(price).toEqual([
      expect.objectContaining({ '@type': 'ProductPrice', price: 2500, currency: 'GBP', name: product.name }),
    ])
    expect((await c.get(`/api/v1/get_public_event_anonymous/${draft.uuid}`)).status).toBe(404)
    expect(await listed()).not.toContain(AGM.name)
    // The ticket's price is the event's default one: readable without a credential (get_product_price_public).
    const id = (price[0]['@id'] as string).split('/').pop()
    expect(answered(await c.get(`/api/v1/product_prices/public/${id}`))).toMatchObject({
      price: 2500,
      isDefault: true,
    })

    answered(await c.patch(`/api/v1/events_publish/${draft.uuid}`, {}, c.admin()))
    const page = answered(await c.get(`/api/v1/get_public_event_anonymous/${draft.uuid}`))
    expect(page).toMatchObject({
      '@id': `/api/v1/events/${draft.uuid}`,
      '@type': 'Event',
      uuid: draft.uuid,
      name: AGM.name,
      dateTimeBegin: AGM.dateTimeBegin,
      timezone: 'America/New_York',
      maxCapacity: 200,
      isPublic: true,
      hasEventTicketing: true,
      // The spec's one `product`, its prices with their live seats.
      product: {
        uuid: product.uuid,
        productPrices: [expect.objectContaining({ price: 2500, currency: 'GBP', availableSeats: 200 })],
      },
      // The docs' fields beside the spec's.
      attendeeCount: 0,
      slug: 'annual-general-meeting-2026',
      cover: null,
      products: [
        {
          uuid: product.uuid,
          name: 'AGM 2026 — General Admission',
          customMinPrice: 2500,
          currency: 'GBP',
          productPrice: price[0]['@id'],
          availableSeats: 200,
        },
      ],
    })
    // The landing page lives at /events/{slug}: the slug names the event here too.
    expect(answered(await c.get('/api/v1/get_public_event_anonymous/annual-general-meeting-2026')).uuid).toBe(
      draft.uuid,
    )
    expect(await listed()).toContain(AGM.name)
    // Plain JSON: the same fields, no JSON-LD keys.
    const plain = answered(
      await c.get(`/api/v1/get_public_event_anonymous/${draft.uuid}`, { Accept: 'application/json' }),
    )
    expect([plain['@id'], plain.attendeeCount, plain.product.productPrices[0].price]).toEqual([
      undefined,
      0,
      2500,
    ])
  })

  it('not public: 404 and unlisted; ticketed but not public: readable (the spec) yet unlisted', async () => {
    const { event } = await ticketedEvent(c, {
      ...AGM,
      name: 'Board retreat',
      isPublic: false,
      hasEventTicketing: false,
    })
    expect((await c.get(`/api/v1/get_public_event_anonymous/${event.uuid}`)).status).toBe(404)
    const { event: ticketed } = await ticketedEvent(c, { ...AGM, name: 'Partner gala', isPublic: false })
    // "Only accessible for events that are public or have ticketing enabled" (the spec); the list is "public".
    expect(answered(await c.get(`/api/v1/get_public_event_anonymous/${ticketed.uuid}`)).name).toBe(
      'Partner gala',
    )
    expect(await listed()).not.toContain('Partner gala')
    expect(await listed()).not.toContain('Board retreat')
  })

  it('an event that is over leaves the list, as the clock passes its end', async () => {
    await ticketedEvent(c)
    // The seeded Open Day is years ahead (mocks/resources/events.ts): a fresh sandbox always lists one event.
    const OPEN_DAY = 'Acme Corporation Open Day'
    expect(await listed()).toEqual(['Acme Corporation Annual Meetup', OPEN_DAY, AGM.name])
    // The seeded meetup ends on 2026-03-06 at 15:00; the AGM on the 15th at 21:00.
    await c.clock({ set: '2026-03-10T00:00:00Z' })
    expect(await listed()).toEqual([OPEN_DAY, AGM.name])
    expect(answered(await c.get('/api/v1/public_events'))['hydra:totalItems']).toBe(2)
    await c.clock({ set: '2026-03-15T21:00:01Z' })
    expect(await listed()).toEqual([OPEN_DAY])
    // The list's spec filters still apply to what is shown.
    await c.clock({ set: T0 })
    expect(await listed('?name=annual%20general')).toEqual([AGM.name])
  })

  it('a docs PATCH with status "PUBLISHED" is stored in the spec’s spelling', async () => {
    const draft = answered(await c.post('/api/v1/events', AGM, c.admin()), 201)
    const res = answered(await c.patch(`/api/v1/events/${draft.uuid}`, { status: 'PUBLISHED' }, c.admin()))
    expect(res.status).toBe('published')
    expect(answered(await c.get(`/api/v1/get_public_event_anonymous/${draft.uuid}`)).uuid).toBe(draft.uuid)
  })
})

describe('step 2: live availability', () => {
  it('capacity minus registrations minus held seats; sold out at zero; 404 for a draft', async () => {
    const { event, priceIri } = await ticketedEvent(c, { ...AGM, maxCapacity: 3 })
    const availability = () => c.get(`/api/v1/events/${event.uuid}/availability`)
    expect(answered(await availability())).toEqual({
      availableTickets: 3,
      totalCapacity: 3,
      soldOut: false,
      heldTickets: 0,
      attendeeCount: 0,
    })
    answered(
      await c.post(`/api/v1/events/${event.uuid}/ticket-holds`, { quantity: 2, productPrice: priceIri }),
      201,
    )
    expect(answered(await availability())).toMatchObject({
      availableTickets: 1,
      heldTickets: 2,
      soldOut: false,
    })
    answered(
      await c.post(`/api/v1/events/${event.uuid}/ticket-holds`, { quantity: 1, productPrice: priceIri }),
      201,
    )
    expect(answered(await availability())).toMatchObject({ availableTickets: 0, soldOut: true })
    // The docs' form of an operation the spec lacks is logged as such.
    expect(c.feed('docs.form').map((f) => f.summary)).toContainEqual(
      expect.stringContaining(
        `POST /api/v1/events/${event.uuid}/ticket-holds: the docs' form (build-a-public`,
      ),
    )
    const draft = answered(await c.post('/api/v1/events', { ...AGM, name: 'Later' }, c.admin()), 201)
    expect((await c.get(`/api/v1/events/${draft.uuid}/availability`)).status).toBe(404)
  })

  it('no capacity: nothing is ever sold out', async () => {
    const { event } = await ticketedEvent(c, { ...AGM, maxCapacity: null })
    expect(answered(await c.get(`/api/v1/events/${event.uuid}/availability`))).toMatchObject({
      availableTickets: null,
      totalCapacity: null,
      soldOut: false,
    })
  })
})
