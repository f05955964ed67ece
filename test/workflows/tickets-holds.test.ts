import { describe, expect, it } from 'vitest'
import { AGM, ticketedEvent, useTicketServer } from './tickets-helpers.ts'
import { answered } from './expect-answer.ts'
import { type Json } from '../helpers.ts'

// build-a-public-event-landing-page, step 3: ticket holds over real HTTP, anonymous like the landing page. A hold
// keeps its seats for 15 minutes of the sandbox clock, then they go back; it can be released before; each ended
// hold refuses a second ending with a 409.

const c = useTicketServer()

const hold = (uuid: string, body: unknown) => c.post(`/api/v1/events/${uuid}/ticket-holds`, body)
const release = (holdId: string) => c.call('PATCH', `/api/v1/ticket-holds/${holdId}/release`, {})
const available = async (uuid: string) =>
  answered(await c.get(`/api/v1/events/${uuid}/availability`)).availableTickets as number

describe('holding tickets while the buyer fills the form', () => {
  it('the docs’ hold: 201 {holdId, quantity, expiresAt} 15 minutes ahead; the seats leave the pool', async () => {
    const { event, priceIri } = await ticketedEvent(c)
    const made = answered(await hold(event.uuid, { quantity: 2, productPrice: priceIri }), 201)
    expect(made).toEqual({
      holdId: expect.stringMatching(/^th_[0-9a-f]{16}$/),
      quantity: 2,
      productPrice: priceIri,
      expiresAt: '2026-03-01T10:15:00+00:00',
      status: 'active',
    })
    expect(await available(event.uuid)).toBe(198)
    expect(c.feed('hold.created').map((f) => f.data)).toEqual([
      { holdId: made.holdId, event: event.uuid, quantity: 2, expiresAt: made.expiresAt },
    ])
    // The ticket type's own seats show the hold too.
    const page = answered(await c.get(`/api/v1/get_public_event_anonymous/${event.uuid}`))
    expect(page.product.productPrices[0].availableSeats).toBe(198)
  })

  it('expires after 15 minutes on the sandbox clock: seats back, hold.expired once, no release after', async () => {
    const { event, priceIri } = await ticketedEvent(c)
    const { holdId } = answered(await hold(event.uuid, { quantity: 3, productPrice: priceIri }), 201)
    await c.clock({ advance: '14m59s' })
    expect(await available(event.uuid)).toBe(197)
    expect(c.feed('hold.expired')).toEqual([])
    await c.clock({ advance: '1s' })
    // The clock's move expired it at once: the feed says so before anyone reads the event.
    expect(c.feed('hold.expired').map((f) => f.data)).toEqual([
      { holdId, event: event.uuid, quantity: 3, expiresAt: '2026-03-01T10:15:00+00:00' },
    ])
    expect(await available(event.uuid)).toBe(200)
    await c.clock({ advance: '1h' })
    expect(c.feed('hold.expired')).toHaveLength(1)
    const late = await release(holdId)
    expect([late.status, late.json.detail]).toEqual([
      409,
      `The hold ${holdId} expired at 2026-03-01T10:15:00+00:00: its tickets are back in the pool.`,
    ])
  })

  it('released by the buyer: 200, seats back at once, hold.released; a second release is a 409', async () => {
    const { event, priceIri } = await ticketedEvent(c)
    const { holdId } = answered(await hold(event.uuid, { quantity: 2, productPrice: priceIri }), 201)
    const released = answered(await release(holdId))
    expect(released).toMatchObject({ holdId, quantity: 2, status: 'released' })
    expect(await available(event.uuid)).toBe(200)
    expect(c.feed('hold.released').map((f) => f.data)).toEqual([{ holdId, event: event.uuid, quantity: 2 }])
    const again = await release(holdId)
    expect([again.status, again.json.detail]).toEqual([409, `The hold ${holdId} was released already.`])
    // Released before its time, it never expires.
    await c.clock({ advance: '20m' })
    expect(c.feed('hold.expired')).toEqual([])
    const unknown = await release('th_0000000000000000')
    expect([unknown.status, unknown.json.detail]).toEqual([
      404,
      'No ticket hold "th_0000000000000000" in this tenant.',
    ])
  })
})

describe('what a hold refuses', () => {
  it('more than is left (409), nothing (422), a wrong type (400), another event’s ticket type (422)', async () => {
    const { event, priceIri } = await ticketedEvent(c, { ...AGM, maxCapacity: 4 })
    answered(await hold(event.uuid, { quantity: 3, productPrice: priceIri }), 201)
    const tooMany = await hold(event.uuid, { quantity: 2, productPrice: priceIri })
    expect([tooMany.status, tooMany.json.detail]).toEqual([
      409,
      'Not enough tickets available: 1 left, 2 asked.',
    ])
    answered(await hold(event.uuid, { quantity: 1 }), 201)
    const soldOut = await hold(event.uuid, { quantity: 1 })
    expect([soldOut.status, soldOut.json.detail]).toEqual([
      409,
      'Sold out: no tickets are available for this event.',
    ])
    const none = await hold(event.uuid, { quantity: 0 })
    expect([none.status, none.json.violations]).toEqual([
      422,
      [{ propertyPath: 'quantity', message: 'This value should be positive.', code: expect.any(String) }],
    ])
    expect((await hold(event.uuid, {})).status).toBe(422)
    const text = await hold(event.uuid, { quantity: '2' })
    expect([text.status, text.json.detail]).toEqual([
      400,
      'The type of the "quantity" attribute must be "int", "string" given.',
    ])
    const other = await ticketedEvent(c, { ...AGM, name: 'Other' })
    const foreign = await hold(event.uuid, { quantity: 1, productPrice: other.priceIri })
    expect([foreign.status, (foreign.json.violations as Json[])[0]!.propertyPath]).toEqual([
      422,
      'productPrice',
    ])
    const unknown = await hold(event.uuid, { quantity: 1, productPrice: '/api/v1/product_prices/99999' })
    expect([unknown.status, unknown.json.detail]).toEqual([
      400,
      'Item not found for "/api/v1/product_prices/99999".',
    ])
  })

  it('a draft is 404; an event that is over is closed (409)', async () => {
    const draft = answered(await c.post('/api/v1/events', AGM, c.admin()), 201)
    expect((await hold(draft.uuid, { quantity: 1 })).status).toBe(404)
    const { event } = await ticketedEvent(c)
    await c.clock({ set: '2026-03-16T00:00:00Z' })
    const over = await hold(event.uuid, { quantity: 1 })
    expect([over.status, over.json.detail]).toEqual([
      409,
      'Registration for this event is closed: it is over.',
    ])
  })
})
