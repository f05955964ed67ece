import type { Event, EventAttend } from '../db/schema.ts'
import { tenantOrigin } from '../handlers/event-attends.ts'
import type { OperationCall, OperationOverlay } from '../handlers/overlay-types.ts'
import { readContext } from '../handlers/resources.ts'
import { readOptionalJsonObject } from '../http/body.ts'
import { conflict, forbidden, notFound, unprocessable, type Violation } from '../http/errors.ts'
import { negotiate } from '../http/hydra.ts'
import type { SandboxResponse } from '../http/types.ts'
import { CONSTRAINT, EMAIL } from '../http/validate.ts'
import { blankContact } from '../resources/contacts.ts'
import { blankAttend, isAttendee, isOrganiser } from '../resources/event-attends.ts'
import { sequenceOf } from '../resources/index.ts'
import { renderAnswer } from '../schema/render.ts'
import { operation as specOperation } from '../spec/index.ts'
import { assertSeats } from './tickets-holds.ts'
import { mailTickets } from './tickets-mail.ts'
import { assertOpen, ATTENDED, CONFIRMED, iso } from './tickets-model.ts'
import { loadQr, qrDataUrl } from './tickets-qr.ts'
import { tableOf, type Place } from './tables.ts'
import { MAX_TICKETS } from './tickets-register.ts'

// The attendee's side once registered.
// - `GET /api/v1/public/event-attend/{attendHash}/agenda` (build-a-public-event-landing-page, step 6; no such
//   operation in Orgo's spec): the attendance the hash names, public (the hash is the secret), in the shape the
//   spec's ticket operation gives it (`event_ticket`, EventAttend-event_attend_read), plus the docs' QR code
//   (`qrCode`, the spec's `event_attend` example has it; null until the ticket is confirmed) and the event's
//   `agenda` (its sub-events, in time order). A canceled attendance's ticket is void: 404.
// - `POST /api/v1/event_attends/{id}/guest-tickets` (event_attend_guest_tickets, ~2,263,200: "Creates guest tickets
//   linked to an existing attendee. Max 20 per request"; create-and-sell-event-tickets: "add up to N guests. Each
//   guest gets their own QR code"): the spec gives it no body; the sandbox takes `{"quantity": n}` or `{"guests":
//   [{firstName, lastName, email}]}` (default one guest). Guests are confirmed tickets of the same ticket type,
//   `parentAttendee` the attendee, each mailed (to its own address, else the attendee's). The organiser issues
//   them; the attendee too for a free ticket type (a paid one is the organiser's: no checkout is opened for guests).
//   Answer: 201 with the first guest ticket, as the spec's "EventAttend resource created".

type Ticketed = EventAttend & { productPrice?: number | null; parentAttendee?: number | null }

/** The event's sub-events in time order: its agenda. */
function agendaOf(place: Place, event: Event): Array<Record<string, unknown>> {
  return place.tenant.events
    .all()
    .filter((e) => (e as Event & { parentEvent?: number | null }).parentEvent === event.id)
    .sort((a, b) => String(a.dateTimeBegin).localeCompare(String(b.dateTimeBegin)))
    .map((e) => ({
      uuid: e.uuid,
      name: e.name,
      dateTimeBegin: e.dateTimeBegin,
      dateTimeEnd: e.dateTimeEnd,
      location: e.location,
    }))
}

/** An attendance as the spec's ticket operation renders it, with `extra` beside its fields. */
function ticketAnswer(
  call: OperationCall,
  attend: EventAttend,
  extra: Record<string, unknown>,
): SandboxResponse {
  const res = renderAnswer(
    specOperation('event_ticket')!,
    '200',
    negotiate(call.ctx.req),
    call.records.get('event_attends', attend.id),
    call.records,
    call.ctx.req,
  )
  if (typeof res.body !== 'string') return res
  return { ...res, body: JSON.stringify({ ...(JSON.parse(res.body) as object), ...extra }) }
}

export const agenda: OperationOverlay = async (call) => {
  const { ctx } = call
  const hash = ctx.params.hash ?? ''
  const attend = /^[0-9a-f]{32}$/.test(hash) ? ctx.tenant.eventAttends.findUnique('hash', hash) : undefined
  if (!attend || attend.canceledAt !== null) notFound()
  const event = ctx.tenant.events.get(attend.event)
  if (!event) notFound()
  const confirmed = attend.statusRegistration === CONFIRMED || attend.statusRegistration === ATTENDED
  if (confirmed) await loadQr()
  return ticketAnswer(call, attend, {
    qrCode: confirmed ? qrDataUrl(attend.hash) : null,
    agenda: agendaOf(ctx, event),
  })
}

interface Guest {
  name: string | null
  email: string | null
}

/** The guests a body asks for: `guests` (names and addresses) or a `quantity`, 1 to 20. */
function guestsOf(body: Record<string, unknown>): Guest[] {
  const violations: Violation[] = []
  const add = (propertyPath: string, c: { code: string; message: string }) =>
    violations.push({ propertyPath, message: c.message, code: c.code })
  let guests: Guest[] = [{ name: null, email: null }]
  if (Array.isArray(body.guests)) {
    guests = body.guests.map((g, i) => {
      const item = g !== null && typeof g === 'object' ? (g as Record<string, unknown>) : {}
      const email = typeof item.email === 'string' && item.email.trim() ? item.email.trim() : null
      if (email && !EMAIL.test(email)) add(`guests[${i}].email`, CONSTRAINT.email)
      const name = [item.firstName, item.lastName].filter((p) => typeof p === 'string' && p.trim()).join(' ')
      return { name: name || null, email }
    })
  } else if (body.quantity !== undefined) {
    const n = body.quantity
    if (!Number.isInteger(n) || (n as number) < 1)
      add('quantity', {
        code: '778b7ae0-84d3-481a-9dec-35fdb64b1d78',
        message: 'This value should be positive.',
      })
    else guests = Array.from({ length: n as number }, () => ({ name: null, email: null }))
  }
  if (!guests.length) add('guests', CONSTRAINT.notBlank)
  if (guests.length > MAX_TICKETS)
    add('guests', {
      code: CONSTRAINT.tooLong.code,
      message: `At most ${MAX_TICKETS} guest tickets a request.`,
    })
  if (violations.length) unprocessable(violations)
  return guests
}

/** A guest's contact: the tenant's for that address, else a new one. */
function guestContact(place: Place, guest: Guest): { user: number | null; external: number | null } {
  if (!guest.email) return { user: null, external: null }
  const user = place.tenant.users.findUnique('email', guest.email)
  if (user) return { user: user.id, external: null }
  const known = place.tenant.contacts.findUnique('email', guest.email)
  if (known) return { user: null, external: known.id }
  const now = iso(place.core.clock.now())
  const made = place.tenant.contacts.insertNow({
    ...blankContact(),
    id: place.core.db.ids.next(sequenceOf('contacts')),
    tenant: place.tenant.tenant.slug,
    name: guest.name,
    email: guest.email,
    dateCreated: now,
    dateUpdated: now,
  })
  return { user: null, external: made.id }
}

export const guestTickets: OperationOverlay = async (call) => {
  const { ctx } = call
  const principal = call.principal ?? (await ctx.auth())
  const parent = call.record() as unknown as Ticketed
  const read = readContext(ctx)
  const organiser = isOrganiser(principal, parent, read)
  if (!organiser && !isAttendee(principal, parent, read))
    forbidden("guest tickets are the event organiser's or the attendee's to add")
  const price =
    parent.productPrice == null ? undefined : tableOf(ctx, 'product_prices').get(parent.productPrice)
  if (!organiser && Number(price?.price ?? 0) > 0)
    forbidden(
      'guest tickets of a paid ticket type are the organiser’s to issue (no checkout is opened for them)',
    )
  const guests = guestsOf(await readOptionalJsonObject(ctx.req))
  const event = ctx.tenant.events.get(parent.event)
  if (!event) notFound()
  if (parent.statusRegistration !== CONFIRMED && parent.statusRegistration !== ATTENDED)
    conflict(
      `Guest tickets follow a confirmed registration; attendance #${parent.id} is ${parent.statusRegistration ?? 'not confirmed'}.`,
    )
  if (parent.parentAttendee != null) conflict('A guest ticket takes no guests of its own.')
  assertOpen(ctx, event)
  assertSeats(ctx, event, guests.length, price)
  const now = iso(ctx.core.clock.now())
  const made = guests.map((guest) =>
    ctx.tenant.eventAttends.insertNow({
      ...blankAttend(now),
      id: ctx.core.db.ids.next(sequenceOf('event_attends')),
      tenant: ctx.tenant.tenant.slug,
      event: event.id,
      ...guestContact(ctx, guest),
      statusRegistration: CONFIRMED,
      hash: ctx.core.random.hex(32),
      productPrice: parent.productPrice ?? null,
      parentAttendee: parent.id,
      purchasedBy: parent.user,
      purchasedByContact: parent.external,
    } as EventAttend),
  )
  ctx.core.change(
    'ticket.guests',
    ctx.tenant.tenant.slug,
    `${made.length} guest ticket(s) for attendance #${parent.id} to "${event.name}"`,
    { event: event.uuid, parentAttendee: parent.id, eventAttendIds: made.map((a) => a.id) },
  )
  await loadQr()
  mailTickets(ctx, made, tenantOrigin(ctx))
  return call.answer(call.records.get('event_attends', made[0]!.id), '201')
}
