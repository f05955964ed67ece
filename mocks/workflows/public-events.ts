import type { Event } from '../db/schema.ts'
import type { OperationOverlay } from '../handlers/overlay-types.ts'
import type { SandboxResponse } from '../http/types.ts'
import { queryRecords } from '../schema/query.ts'
import type { StoredRecord } from '../schema/types.ts'
import { ticketProductsOf, type TicketProduct } from './tickets-products.ts'
import {
  availableFor,
  isOver,
  isPublicEvent,
  publicEventOf,
  seatsOf,
  slugOf,
  sweepHolds,
} from './tickets-model.ts'
import { tableOf, type Place } from './tables.ts'

// The public event pages (build-a-public-event-landing-page, steps 1-2), read from the events table:
// - `GET /api/v1/public_events` (get_all_public_events_from_tenant, ~2,078,700): "published public events", in the
//   spec's collection of `Event-public_event_read_anonymous`, without the events that are over ("the public listing
//   hides it", create-and-sell-event-tickets, gotchas);
// - `GET /api/v1/get_public_event_anonymous/{uuid}` (get_public_event_no_security, ~2,062,000): a published event
//   that is public or ticketed, 404 for a draft or a private one; the docs' `slug` names it as well as the uuid.
// Each event carries the spec's fields, its ticket product as the spec's `product` (with `productPrices` and their
// live `availableSeats`), and beside them the docs' `attendeeCount`, `slug`, `cover` and `products` (step 1's
// example), which Orgo's spec schema lacks.

/** The docs' fields of step 1 that the spec's public event schema has no room for. */
export function docsFields(place: Place, event: Event): Record<string, unknown> {
  const products = ticketProductsOf(place, event)
  return {
    attendeeCount: seatsOf(place, event).taken,
    slug: slugOf(event),
    cover: (event as Event & { logo?: string | null }).logo ?? null,
    products: products.map((p) => docsProduct(place, event, p)),
  }
}

/** Step 1's `{uuid, name, customMinPrice}`, with the price IRI a hold or a registration names (step 3). */
function docsProduct(place: Place, event: Event, p: TicketProduct): Record<string, unknown> {
  const price = p.prices[0]
  return {
    uuid: p.product.uuid,
    name: p.product.name,
    customMinPrice: p.product.customMinPrice ?? null,
    currency: price?.currency ?? null,
    productPrice: price ? `/api/v1/product_prices/${price.id}` : null,
    availableSeats: price ? availableFor(place, event, price) : availableFor(place, event),
  }
}

type Body = Record<string, unknown>

/** An event as answered, with the docs' fields and each embedded price's live `availableSeats` (a spec field). */
function completed(place: Place, body: Body, byId: ReadonlyMap<number, Event>): Body {
  const event = byId.get(body.id as number)
  if (!event) return body
  const product = body.product as Body | null | undefined
  if (product && Array.isArray(product.productPrices))
    for (const price of product.productPrices as Body[])
      if (typeof price.id === 'number') {
        const stored = tableOf(place, 'product_prices').get(price.id)
        if (stored) price.availableSeats = availableFor(place, event, stored)
      }
  return { ...body, ...docsFields(place, event) }
}

/** The answer's JSON with the docs' fields on each event it holds (an item, a Hydra page or a bare array). */
function withDocsFields(place: Place, res: SandboxResponse, events: readonly Event[]): SandboxResponse {
  if (typeof res.body !== 'string' || !res.body) return res
  const byId = new Map(events.map((e) => [e.id, e]))
  const parsed = JSON.parse(res.body) as Body | Body[]
  const out = Array.isArray(parsed)
    ? parsed.map((b) => completed(place, b, byId))
    : Array.isArray(parsed['hydra:member'])
      ? {
          ...parsed,
          'hydra:member': (parsed['hydra:member'] as Body[]).map((b) => completed(place, b, byId)),
        }
      : completed(place, parsed, byId)
  return { ...res, body: JSON.stringify(out) }
}

/** `GET /api/v1/get_public_event_anonymous/{uuid}` (or `{slug}`). */
export const publicEvent: OperationOverlay = (call) => {
  const { ctx } = call
  const event = sweepHolds(ctx, publicEventOf(ctx, ctx.params.uuid))
  const record = call.records.get('events', event.id)!
  call.admit('read', record)
  return withDocsFields(ctx, call.answer(record), [event])
}

/** `GET /api/v1/public_events`: published, public, not over; the spec's filters, order and pages on the rest. */
export const publicEvents: OperationOverlay = (call) => {
  const { ctx } = call
  call.admit('list')
  const now = ctx.core.clock.now()
  const listed = (row: StoredRecord) => {
    const e = row as unknown as Event
    return isPublicEvent(e) && e.isPublic === true && !isOver(e, now)
  }
  const result = queryRecords(call.spec, tableOf(ctx, 'events'), ctx.req.query, call.records, listed)
  const events = result.rows.map((row) => sweepHolds(ctx, row as unknown as Event))
  const rows = events.map((e) => call.records.get('events', e.id)!)
  return withDocsFields(ctx, call.answer({ ...result, rows }), events)
}
