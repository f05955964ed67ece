import type { SandboxCore } from '../core-types.ts'
import type { Event, EventAttend } from '../db/schema.ts'
import { conflict, notFound } from '../http/errors.ts'
import { attendancesWhere } from '../resources/event-attends.ts'
import { EVENT_PUBLISHED } from '../resources/events.ts'
import { isoDate } from '../resources/fields.ts'
import type { Row, TableLike } from '../resources/types.ts'
import type { Place } from './tables.ts'

// The states of an event's tickets (issue 26 item 1; build-a-public-event-landing-page, create-and-sell-event-
// tickets). Orgo's spec types `EventAttend.statusRegistration` as a free string and names one value, "success"
// (`event_attend_confirm`, ~2,246,400; `PATCH /event_attends/{id}`: "When setting statusRegistration to
// \"success\""); the others are the sandbox's words for what the docs describe:
//   (null: invited or self-registered) -> pending (save-attendees: "PENDING until payment completes")
//   pending -> success (paid, or free at once; the organiser's confirm) -> attended (checked in at the door)
//   pending -> canceled (the checkout failed, was cancelled or expired: the seats go back, `canceledAt` set)

export const PENDING = 'pending'
export const CONFIRMED = 'success'
export const ATTENDED = 'attended'
export const CANCELED = 'canceled'

/** Build-a-public-event-landing-page, step 3: "Holds expire after 15 minutes." */
export const HOLD_MS = 15 * 60_000
/** Ended holds stay on the event this long (a release or an expiry can still be told apart from an unknown id). */
const KEEP_ENDED_MS = 24 * 3_600_000

export type HoldState = 'active' | 'released' | 'expired' | 'used'

/** A ticket hold (step 3's `{holdId, quantity, expiresAt}`), kept on its event's record as `ticketHolds`. */
export interface TicketHold {
  holdId: string
  quantity: number
  /** The ProductPrice id the seats are held for, or null (any ticket type). */
  productPrice: number | null
  createdAt: string
  expiresAt: string
  state: HoldState
  endedAt: string | null
}

type HeldEvent = Event & { ticketHolds?: TicketHold[] }

export const holdsOf = (event: Event): readonly TicketHold[] => (event as HeldEvent).ticketHolds ?? []

/** A hold as of `now`: an active one whose 15 minutes are over is expired (computed when read). */
export function holdAsOf(hold: TicketHold, now: number): TicketHold {
  return hold.state === 'active' && Date.parse(hold.expiresAt) <= now
    ? { ...hold, state: 'expired', endedAt: hold.expiresAt }
    : hold
}

/** Whether an attendance takes a seat: not canceled, and not an invitation nobody has accepted or confirmed. */
export function takesSeat(a: EventAttend): boolean {
  if (a.canceledAt !== null || a.statusRegistration === CANCELED) return false
  return !(a.isInvited && a.statusRegistration === null && a.statusRsvp === null)
}

export interface Seats {
  /** `maxCapacity`; null: no limit. */
  capacity: number | null
  /** Registrations holding a seat (pending included): the docs' `attendeeCount`. */
  taken: number
  /** Seats in active holds. */
  held: number
  /** capacity - taken - held (never below 0); null without a capacity. */
  available: number | null
}

const attendsOf = (place: Place, event: Event) =>
  attendancesWhere(place.tenant.eventAttends as unknown as TableLike<Row>, 'event', event.id)

/** Seats of an event, or of one ticket type (`price` with its `maxSeats`) within it. */
export function seatsOf(place: Place, event: Event, price?: { id: number; maxSeats?: unknown }): Seats {
  const now = place.core.clock.now()
  const forPrice = (productPrice: number | null | undefined) => !price || productPrice === price.id
  const taken = attendsOf(place, event).filter(
    (a) => takesSeat(a) && forPrice((a as EventAttend & { productPrice?: number | null }).productPrice),
  ).length
  const held = holdsOf(event)
    .map((h) => holdAsOf(h, now))
    .filter((h) => h.state === 'active' && forPrice(h.productPrice))
    .reduce((n, h) => n + h.quantity, 0)
  const capacity = price
    ? typeof price.maxSeats === 'number'
      ? price.maxSeats
      : null
    : (event.maxCapacity ?? null)
  return { capacity, taken, held, available: capacity === null ? null : Math.max(0, capacity - taken - held) }
}

/** How many seats may still be sold for a ticket type: the event's and the type's own limit. */
export function availableFor(
  place: Place,
  event: Event,
  price?: { id: number; maxSeats?: unknown },
): number | null {
  const own = seatsOf(place, event).available
  const typed = price ? seatsOf(place, event, price).available : null
  if (own === null) return typed
  return typed === null ? own : Math.min(own, typed)
}

/**
 * The public surface's event (the docs: "status: PUBLISHED, isPublic: true; anonymous reads return 404 for draft
 * or non-public events"; the spec: "only accessible for events that are public or have ticketing enabled").
 */
export const isPublicEvent = (e: Event) =>
  e.status === EVENT_PUBLISHED && (e.isPublic === true || e.hasEventTicketing === true)

/** Over: its end (else its start) is before now ("the public listing hides it"). */
export function isOver(e: Event, now: number): boolean {
  const end = e.dateTimeEnd ?? e.dateTimeBegin
  return end !== null && Date.parse(end) < now
}

/** The public event a path names by uuid (or the docs' slug): 404 for a draft, a private or an unknown one. */
export function publicEventOf(place: Place, key: string | undefined): Event {
  const events = place.tenant.events
  const event =
    (key && events.findUnique('uuid', key)) || (key ? events.all().find((e) => slugOf(e) === key) : undefined)
  if (!event || !isPublicEvent(event)) notFound()
  return event
}

/** An event open for registration, else Orgo's 409 for an illegal transition (errors page). */
export function assertOpen(place: Place, event: Event): void {
  if (isOver(event, place.core.clock.now())) conflict('Registration for this event is closed: it is over.')
  if (event.registrationManuallyClosed) conflict('Registration for this event is closed.')
}

/** The docs' `slug` ("annual-general-meeting-2026"): the spec's `slugGo`, made from the name. */
export const slugOf = (e: Pick<Event, 'name'>) =>
  e.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')

/** Writes an event's holds, dropping those ended more than a day ago. */
export function writeHolds(place: Place, event: Event, holds: readonly TicketHold[]): Event {
  const now = place.core.clock.now()
  const kept = holds.filter((h) => h.endedAt === null || now - Date.parse(h.endedAt) < KEEP_ENDED_MS)
  return place.tenant.events.updateNow(event, (draft) => {
    ;(draft as HeldEvent).ticketHolds = kept
  })
}

/**
 * Marks the holds of an event whose 15 minutes are over as expired, once, each with its `hold.expired` on the feed
 * (the dashboard's "holds as they happen"). Called when holds are read, and on every move of the sandbox clock.
 */
export function sweepHolds(place: Place, event: Event): Event {
  const now = place.core.clock.now()
  const holds = holdsOf(event)
  const expired = holds.filter((h) => holdAsOf(h, now).state === 'expired' && h.state === 'active')
  if (!expired.length) return event
  const written = writeHolds(
    place,
    event,
    holds.map((h) => holdAsOf(h, now)),
  )
  for (const h of expired)
    place.core.change(
      'hold.expired',
      place.tenant.tenant.slug,
      `Hold ${h.holdId} of ${h.quantity} ticket(s) for "${event.name}" expired`,
      { holdId: h.holdId, event: event.uuid, quantity: h.quantity, expiresAt: h.expiresAt },
    )
  return written
}

const watched = new WeakSet<SandboxCore>()

/**
 * Expires holds as the sandbox clock moves (`POST /__sandbox/clock {"advance": "15m"}`): every tenant's events
 * with an active hold are swept. Registered once per sandbox, on its first hold.
 */
export function watchHolds(core: SandboxCore): void {
  if (watched.has(core)) return
  watched.add(core)
  core.clock.onChange(() => {
    for (const tenant of core.db.tenants.values())
      for (const event of tenant.events.all())
        if (holdsOf(event).some((h) => h.state === 'active')) sweepHolds({ core, tenant }, event)
  })
}

/** A hold of this tenant by its id, with its event (404 when none). */
export function findHold(place: Place, holdId: string | undefined): { event: Event; hold: TicketHold } {
  for (const event of place.tenant.events.all()) {
    const hold = holdsOf(event).find((h) => h.holdId === holdId)
    if (hold) return { event, hold: holdAsOf(hold, place.core.clock.now()) }
  }
  notFound(`No ticket hold "${holdId}" in this tenant.`)
}

/** `2026-03-15T18:15:00+00:00`: the API's date format. */
export const iso = (ms: number) => isoDate(ms)
