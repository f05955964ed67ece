import type { Event, EventAttend } from '../db/schema.ts'
import { tenantOrigin } from '../handlers/event-attends.ts'
import type { OperationOverlay } from '../handlers/overlay-types.ts'
import { JSON_TYPES, readJsonObject } from '../http/body.ts'
import { conflict, notFound, unprocessable, type Violation } from '../http/errors.ts'
import { json } from '../http/respond.ts'
import { CONSTRAINT, EMAIL } from '../http/validate.ts'
import { blankContact } from '../resources/contacts.ts'
import { blankAttend } from '../resources/event-attends.ts'
import { sequenceOf } from '../resources/index.ts'
import type { StoredRecord } from '../schema/types.ts'
import { onCheckout } from './checkout-hooks.ts'
import { checkoutOf, createCheckout, findCheckout } from './payments-checkout.ts'
import { paymentState, SUCCESS } from './payments-state.ts'
import { assertSeats, endHold, priceOfBody } from './tickets-holds.ts'
import { confirmTickets, mailTickets, releaseTickets } from './tickets-mail.ts'
import {
  assertOpen,
  CONFIRMED,
  findHold,
  iso,
  PENDING,
  publicEventOf,
  sweepHolds,
  takesSeat,
} from './tickets-model.ts'
import { ticketProductsOf } from './tickets-products.ts'
import { loadQr } from './tickets-qr.ts'
import type { Place } from './tables.ts'

// Registration on the public page (build-a-public-event-landing-page, steps 4-5); Orgo's spec has neither
// operation (mocks/workflows/doc-forms.ts).
// `POST /api/v1/public/event/{uuid}/save-attendees {holdId?, attendees: [{firstName, lastName, email,
// productPrice}]}` -> 200 `{attendeeIds, checkoutUrl}`: one attendance a person (a user of that email, else a contact,
// made if new), `pending`, its seats taken from the hold (then `used`, whatever it held beyond them back in the
// pool) or the pool (409 when too few). Free tickets are confirmed at once and mailed ("save-attendees completes
// the registration immediately — no checkout step"); paid ones open a checkout (payments-checkout.ts) whose
// outcome our hook gets: paid -> confirmed and mailed, declined / cancelled / expired -> released.
// `POST /api/v1/public/event/{uuid}/complete {sessionId}` -> 200 `{attendeeIds}`: "cross-checks the session,
// confirms attendance, sends the confirmation email + QR code": idempotent once paid (the hook may have confirmed
// them first; tickets are mailed once); 409 while the payment is PENDING or after the checkout failed.

/** The checkout hook's `purpose.kind`. */
export const EVENT_TICKETS = 'event-tickets'

/** Orgo's guest-tickets cap ("Max 20 per request"), taken for one registration too. */
export const MAX_TICKETS = 20

interface Attendee {
  firstName: string
  lastName: string
  email: string
  price: ReturnType<typeof priceOfBody>
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '')

/** The body's attendees, validated: a 422 naming `attendees[i].field` for each problem. */
function attendeesOf(place: Place, event: Event, body: Record<string, unknown>, priced: boolean): Attendee[] {
  const list = body.attendees
  const violations: Violation[] = []
  const add = (propertyPath: string, c: { code: string; message: string }) =>
    violations.push({ propertyPath, message: c.message, code: c.code })
  if (!Array.isArray(list) || list.length === 0) add('attendees', CONSTRAINT.notBlank)
  else if (list.length > MAX_TICKETS)
    add('attendees', {
      code: CONSTRAINT.tooLong.code,
      message: `At most ${MAX_TICKETS} attendees a registration.`,
    })
  if (violations.length) unprocessable(violations)
  const seen = new Set<string>()
  const out = (list as unknown[]).map((item, i): Attendee => {
    const at = (field: string) => `attendees[${i}].${field}`
    const a = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : {}
    const [firstName, lastName, email] = [text(a.firstName), text(a.lastName), text(a.email)]
    if (!firstName) add(at('firstName'), CONSTRAINT.notBlank)
    if (!lastName) add(at('lastName'), CONSTRAINT.notBlank)
    if (!email) add(at('email'), CONSTRAINT.notBlank)
    else if (!EMAIL.test(email)) add(at('email'), CONSTRAINT.email)
    else if (seen.has(email.toLowerCase()))
      add(at('email'), { code: CONSTRAINT.choice.code, message: 'This person is in the list twice.' })
    seen.add(email.toLowerCase())
    const price = priceOfBody(place, event, a.productPrice, at('productPrice'))
    if (!price && priced)
      add(at('productPrice'), {
        ...CONSTRAINT.notBlank,
        message: 'Choose a ticket type: this event sells tickets.',
      })
    return { firstName, lastName, email, price }
  })
  if (violations.length) unprocessable(violations)
  return out
}

type Person = { user: number | null; external: number | null }

/** A user of the tenant with that email, else its contact, else nobody yet: who an attendance is for. */
function knownPerson(place: Place, email: string): Person | undefined {
  const t = place.tenant
  const user = t.users.findUnique('email', email) ?? t.users.findUnique('email', email.toLowerCase())
  if (user) return { user: user.id, external: null }
  const contact = t.contacts.findUnique('email', email)
  return contact ? { user: null, external: contact.id } : undefined
}

/** The contact made for a new email ("Orgo creates a Contact for them"): a `contact.created` webhook. */
function newContact(place: Place, a: Attendee): Person {
  const now = iso(place.core.clock.now())
  const made = place.tenant.contacts.insertNow({
    ...blankContact(),
    id: place.core.db.ids.next(sequenceOf('contacts')),
    tenant: place.tenant.tenant.slug,
    name: `${a.firstName} ${a.lastName}`,
    email: a.email,
    dateCreated: now,
    dateUpdated: now,
  })
  return { user: null, external: made.id }
}

/** 409 for a person holding a seat at the event already (Orgo "prevents duplicate registrations"). */
function assertNew(
  place: Place,
  event: Event,
  known: ReadonlyArray<Person | undefined>,
  attendees: Attendee[],
) {
  const taken = place.tenant.eventAttends.all().filter((a) => a.event === event.id && takesSeat(a))
  known.forEach((p, i) => {
    const same = (a: EventAttend) =>
      !!p && ((p.user !== null && a.user === p.user) || (p.external !== null && a.external === p.external))
    if (taken.some(same)) conflict(`${attendees[i]!.email} is registered for "${event.name}" already.`)
  })
}

/** The hold a body names, active and of this event: 404 for an unknown one, 409 for one that has ended. */
function holdOfBody(place: Place, event: Event, value: unknown) {
  if (value === undefined || value === null) return undefined
  const found = findHold(place, String(value))
  if (found.event.id !== event.id) notFound(`No ticket hold "${String(value)}" for this event.`)
  // endHold refuses an ended hold with the 409 naming how it ended (released, expired, used).
  if (found.hold.state !== 'active') endHold(place, event, found.hold.holdId, 'used')
  return found.hold
}

export const saveAttendees: OperationOverlay = async (call) => {
  const { ctx } = call
  const event = sweepHolds(ctx, publicEventOf(ctx, ctx.params.uuid))
  assertOpen(ctx, event)
  const body = await readJsonObject(ctx.req, JSON_TYPES)
  const attendees = attendeesOf(ctx, event, body, ticketProductsOf(ctx, event).length > 0)
  const hold = holdOfBody(ctx, event, body.holdId)
  // The hold's seats become these attendances; more attendees than it holds need free seats besides.
  const extra = attendees.length - (hold?.quantity ?? 0)
  if (extra > 0) assertSeats(ctx, event, extra, attendees[0]!.price)
  const known = attendees.map((a) => knownPerson(ctx, a.email))
  assertNew(ctx, event, known, attendees)
  const amount = Math.round(attendees.reduce((sum, a) => sum + Number(a.price?.price ?? 0), 0))
  const currencies = new Set(attendees.map((a) => a.price?.currency).filter(Boolean))
  if (currencies.size > 1)
    conflict('One registration pays in one currency: choose ticket types of one currency.')
  const currency = String([...currencies][0] ?? ctx.tenant.tenant.settings.currency)
  // Every check is behind us: from here on the registration is written.
  if (hold) endHold(ctx, event, hold.holdId, 'used')
  const people = attendees.map((a, i) => known[i] ?? newContact(ctx, a))
  const ids = attendees.map(() => ctx.core.db.ids.next(sequenceOf('event_attends')))
  const origin = tenantOrigin(ctx)
  const first = attendees[0]!
  const session =
    amount > 0
      ? createCheckout(ctx, {
          amount,
          currency,
          description: `${event.name}: ${attendees.length} ticket(s)`,
          email: first.email,
          purpose: { kind: EVENT_TICKETS, event: event.uuid, attendeeIds: ids, origin },
          payment: {
            price: first.price?.id ?? null,
            product: first.price?.product ?? null,
            quantity: ids.length,
          },
        })
      : undefined
  const now = iso(ctx.core.clock.now())
  const made: EventAttend[] = attendees.map((a, i) =>
    ctx.tenant.eventAttends.insertNow({
      ...blankAttend(now),
      id: ids[i]!,
      tenant: ctx.tenant.tenant.slug,
      event: event.id,
      ...people[i]!,
      // Free tickets are confirmed at once (step 5); paid ones wait for their checkout.
      statusRegistration: session ? PENDING : CONFIRMED,
      hash: ctx.core.random.hex(32),
      productPrice: a.price?.id ?? null,
      productPayment: session?.payment.id ?? null,
      purchasedBy: people[0]!.user,
      purchasedByContact: people[0]!.external,
    } as EventAttend),
  )
  ctx.core.change(
    'ticket.registered',
    ctx.tenant.tenant.slug,
    `${made.length} attendee(s) saved for "${event.name}"${session ? `, checkout ${session.sessionId}` : ': free, confirmed'}`,
    { event: event.uuid, attendeeIds: ids, sessionId: session?.sessionId ?? null },
  )
  await loadQr()
  if (!session) mailTickets(ctx, made, origin)
  return json({
    attendeeIds: ids,
    checkoutUrl: session?.checkoutUrl ?? null,
    sessionId: session?.sessionId ?? null,
    expiresAt: session?.expiresAt ?? null,
    amount,
    currency,
    status: session ? PENDING : CONFIRMED,
  })
}

/** The attendances a checkout session opened for this event (its `purpose`), or a 404. */
function sessionAttendances(
  place: Place,
  event: Event,
  sessionId: string,
): { payment: StoredRecord; ids: number[] } {
  const payment = findCheckout(place, sessionId)
  const purpose = payment && checkoutOf(payment)?.purpose
  if (!payment || purpose?.kind !== EVENT_TICKETS || purpose.event !== event.uuid)
    notFound(`No checkout session "${sessionId}" for this event.`)
  return { payment, ids: (purpose.attendeeIds as number[]) ?? [] }
}

export const complete: OperationOverlay = async (call) => {
  const { ctx } = call
  const event = publicEventOf(ctx, ctx.params.uuid)
  const body = await readJsonObject(ctx.req, JSON_TYPES)
  if (typeof body.sessionId !== 'string' || body.sessionId === '')
    unprocessable([{ propertyPath: 'sessionId', ...CONSTRAINT.notBlank }])
  const { payment, ids } = sessionAttendances(ctx, event, body.sessionId)
  const state = paymentState(payment)
  const attends = ids.map((id) => ctx.tenant.eventAttends.get(id)).filter((a): a is EventAttend => !!a)
  if (state !== SUCCESS) {
    if (attends.every((a) => a.canceledAt !== null))
      conflict(
        `The checkout ended without payment (payment #${payment.id} is ${state}): the tickets were released.`,
      )
    conflict(`The checkout session has not been paid yet (payment #${payment.id} is ${state}).`)
  }
  await loadQr()
  // The hook confirmed them when the payment succeeded; a process that missed it (a restart) confirms them here.
  confirmTickets(ctx, ids, tenantOrigin(ctx))
  return json({ attendeeIds: ids, status: CONFIRMED, payment: `/api/v1/product_payments/${payment.id}` })
}

/** What a paid, declined, cancelled or expired checkout does to the attendances it opened. */
onCheckout(EVENT_TICKETS, (place, purpose, outcome) => {
  const ids = Array.isArray(purpose.attendeeIds) ? (purpose.attendeeIds as number[]) : []
  if (outcome === 'paid') confirmTickets(place, ids, String(purpose.origin))
  else releaseTickets(place, ids, `checkout ${outcome}`)
})
