import type { Event } from '../db/schema.ts'
import type { OperationOverlay } from '../handlers/overlay-types.ts'
import { JSON_TYPES, readJsonObject } from '../http/body.ts'
import { badRequest, conflict, unprocessable } from '../http/errors.ts'
import { json } from '../http/respond.ts'
import { CONSTRAINT, validateBody } from '../http/validate.ts'
import { eventPriceOf, type TicketProduct } from './tickets-products.ts'
import {
  assertOpen,
  availableFor,
  findHold,
  HOLD_MS,
  holdsOf,
  iso,
  publicEventOf,
  seatsOf,
  sweepHolds,
  watchHolds,
  writeHolds,
  type TicketHold,
} from './tickets-model.ts'
import { idOfIri, tableOf, type Place } from './tables.ts'

// Live availability and ticket holds (build-a-public-event-landing-page, steps 2-3), public like the rest of the
// landing page. Orgo's spec has none of these operations: they are the docs' (mocks/workflows/doc-forms.ts).
// - `GET /api/v1/events/{uuid}/availability` -> `{availableTickets, totalCapacity, soldOut}`: capacity minus the
//   registrations holding a seat minus the seats in active holds.
// - `POST /api/v1/events/{uuid}/ticket-holds {quantity, productPrice}` -> 201 `{holdId, quantity, expiresAt}`:
//   active for 15 minutes of the sandbox clock (computed when read; the clock's moves expire them at once).
// - `PATCH /api/v1/ticket-holds/{holdId}/release` -> 200: the seats go back. A hold that ended already (released,
//   expired, or used by save-attendees) is Orgo's 409 for an illegal transition; an unknown id a 404.

/** Symfony's GreaterThan (Positive) violation code. */
const TOO_LOW = '778b7ae0-84d3-481a-9dec-35fdb64b1d78'

/** A hold as the docs show it, with the price it is for and its state. */
export function holdView(hold: TicketHold): Record<string, unknown> {
  return {
    holdId: hold.holdId,
    quantity: hold.quantity,
    productPrice: hold.productPrice === null ? null : `/api/v1/product_prices/${hold.productPrice}`,
    expiresAt: hold.expiresAt,
    status: hold.state,
  }
}

/** Step 2: live availability (never cached, the docs say: nothing here is). */
export const availability: OperationOverlay = (call) => {
  const { ctx } = call
  const event = sweepHolds(ctx, publicEventOf(ctx, ctx.params.uuid))
  const seats = seatsOf(ctx, event)
  return json({
    availableTickets: seats.available,
    totalCapacity: seats.capacity,
    soldOut: seats.available === 0,
    heldTickets: seats.held,
    attendeeCount: seats.taken,
  })
}

/** The event's ticket price an IRI names: 400 for no such price, 422 for another event's. */
export function priceOfBody(
  place: Place,
  event: Event,
  value: unknown,
  path: string,
): TicketProduct['prices'][number] | undefined {
  if (value === undefined || value === null) return undefined
  const id = idOfIri(value, 'product_prices')
  if (id === undefined) badRequest(`Invalid IRI "${String(value)}".`)
  const price = eventPriceOf(place, event, id)
  if (price) return price
  if (!tableOf(place, 'product_prices').get(id)) badRequest(`Item not found for "${String(value)}".`)
  unprocessable([
    {
      propertyPath: path,
      message: `This ticket type is not one of "${event.name}".`,
      code: CONSTRAINT.choice.code,
    },
  ])
}

/** 409 unless `quantity` seats (of the price, if any) are free. */
export function assertSeats(
  place: Place,
  event: Event,
  quantity: number,
  price: TicketProduct['prices'][number] | undefined,
): void {
  const available = availableFor(place, event, price)
  if (available !== null && quantity > available)
    conflict(
      available === 0
        ? 'Sold out: no tickets are available for this event.'
        : `Not enough tickets available: ${available} left, ${quantity} asked.`,
    )
}

/** Step 3: holds seats for 15 minutes. */
export const createHold: OperationOverlay = async (call) => {
  const { ctx } = call
  const found = publicEventOf(ctx, ctx.params.uuid)
  assertOpen(ctx, found)
  const body = await readJsonObject(ctx.req, JSON_TYPES)
  const { quantity } = validateBody(
    { quantity: { type: 'integer', required: true }, productPrice: { type: 'iri', nullable: true } },
    body,
    true,
  ) as { quantity: number }
  if (quantity < 1)
    unprocessable([{ propertyPath: 'quantity', message: 'This value should be positive.', code: TOO_LOW }])
  const event = sweepHolds(ctx, found)
  const price = priceOfBody(ctx, event, body.productPrice, 'productPrice')
  assertSeats(ctx, event, quantity, price)
  const now = ctx.core.clock.now()
  const hold: TicketHold = {
    holdId: `th_${ctx.core.random.hex(16)}`,
    quantity,
    productPrice: price?.id ?? null,
    createdAt: iso(now),
    expiresAt: iso(now + HOLD_MS),
    state: 'active',
    endedAt: null,
  }
  writeHolds(ctx, event, [...holdsOf(event), hold])
  watchHolds(ctx.core)
  ctx.core.change(
    'hold.created',
    ctx.tenant.tenant.slug,
    `Hold ${hold.holdId}: ${quantity} ticket(s) for "${event.name}" until ${hold.expiresAt}`,
    { holdId: hold.holdId, event: event.uuid, quantity, expiresAt: hold.expiresAt },
  )
  return json(holdView(hold), 201)
}

/** Ends an active hold (`released` by the buyer, `used` by save-attendees); 409 once it has ended. */
export function endHold(place: Place, event: Event, holdId: string, state: 'released' | 'used'): TicketHold {
  const now = place.core.clock.now()
  const current = findHold(place, holdId).hold
  if (current.state !== 'active')
    conflict(
      current.state === 'expired'
        ? `The hold ${holdId} expired at ${current.expiresAt}: its tickets are back in the pool.`
        : current.state === 'used'
          ? `The hold ${holdId} was used by a registration already.`
          : `The hold ${holdId} was released already.`,
    )
  const ended: TicketHold = { ...current, state, endedAt: iso(now) }
  const fresh = place.tenant.events.get(event.id) ?? event
  writeHolds(
    place,
    fresh,
    holdsOf(fresh).map((h) => (h.holdId === holdId ? ended : h)),
  )
  if (state === 'released')
    place.core.change(
      'hold.released',
      place.tenant.tenant.slug,
      `Hold ${holdId} of ${current.quantity} ticket(s) for "${event.name}" released`,
      { holdId, event: event.uuid, quantity: current.quantity },
    )
  return ended
}

/** `PATCH /api/v1/ticket-holds/{holdId}/release` (the body, `{}` in the docs, says nothing). */
export const releaseHold: OperationOverlay = (call) => {
  const { ctx } = call
  const { event } = findHold(ctx, ctx.params.holdId)
  const swept = sweepHolds(ctx, event)
  return json(holdView(endHold(ctx, swept, ctx.params.holdId!, 'released')))
}
