import type { Contact, Event, EventAttend, User } from '../db/schema.ts'
import { sendMail } from '../outbox.ts'
import { isoDate } from '../resources/fields.ts'
import { ticketName } from './tickets-products.ts'
import { CANCELED, CONFIRMED, PENDING } from './tickets-model.ts'
import { loadQr, qrDataUrl, qrReady } from './tickets-qr.ts'
import type { Place } from './tables.ts'

// Confirming tickets and mailing them (build-a-public-event-landing-page, step 5: "confirms attendance, sends the
// confirmation email + QR code"; the spec's `event_attend_confirm`: "sending them a ticket with QR code via
// email"). A ticket mail (kind `event-ticket`) names the check-in code (the attendance's hash); where the attendance
// is a ticket (a ticketed event, a ticket type, a guest ticket, a public registration) it also carries:
// - `link`: the attendee's ticket page, `GET /api/v1/public/event-attend/{hash}/agenda` on the tenant's host (step
//   6: "the hash ... is in the confirmation email link");
// - in the text, the QR code as a `data:image/png;base64,…` URL holding the hash (tickets-qr.ts).
// An invitation to an event without ticketing confirmed by the organiser keeps the plain mail (check-in code).
// Every ticket mailed is `ticket.sent` on the feed.

/** The ticket page a mail links to. */
export const ticketLink = (origin: string, hash: string) =>
  `${origin}/api/v1/public/event-attend/${hash}/agenda`

type Ticketed = EventAttend & {
  productPrice?: number | null
  parentAttendee?: number | null
  purchasedBy?: number | null
  purchasedByContact?: number | null
}

/** Whether an attendance is a ticket (a QR code and a ticket page), rather than a confirmed invitation. */
export function hasTicket(attend: EventAttend, event: Event): boolean {
  const a = attend as Ticketed
  return (
    event.hasEventTicketing ||
    a.productPrice != null ||
    a.parentAttendee != null ||
    a.purchasedBy != null ||
    a.purchasedByContact != null
  )
}

/** The attendee's address and greeting; a guest without one is mailed at its purchaser's. */
export function recipientOf(place: Place, attend: EventAttend): { email: string | null; name: string } {
  const user = attend.user === null ? undefined : (place.tenant.users.get(attend.user) as User | undefined)
  if (user) return { email: user.email, name: user.firstName }
  const contact =
    attend.external === null ? undefined : (place.tenant.contacts.get(attend.external) as Contact | undefined)
  if (contact?.email) return { email: contact.email, name: contact.name ?? contact.email }
  const parent = (attend as Ticketed).parentAttendee
  const buyer = parent == null ? undefined : place.tenant.eventAttends.get(parent)
  if (buyer)
    return { email: recipientOf(place, buyer).email, name: `guest of ${recipientOf(place, buyer).name}` }
  return { email: null, name: 'there' }
}

/** Mails one attendance its ticket (the QR package must be loaded: `loadQr()`); undefined without an address. */
export function mailTicket(place: Place, attend: EventAttend, event: Event, origin: string): boolean {
  const who = recipientOf(place, attend)
  if (!who.email) return false
  let text = `Hello ${who.name},\n\nYou are confirmed for "${event.name}". Your check-in code: ${attend.hash}\n`
  let link: string | null = null
  if (hasTicket(attend, event)) {
    link = ticketLink(origin, attend.hash)
    const type = ticketName(place, (attend as Ticketed).productPrice)
    text +=
      (type ? `Ticket: ${type}\n` : '') +
      (event.dateTimeBegin
        ? `When: ${event.dateTimeBegin}${event.timezone ? ` (${event.timezone})` : ''}\n`
        : '') +
      (event.location ? `Where: ${event.location}\n` : '') +
      `Your ticket: ${link}\n` +
      `QR code (show it at the door): ${qrDataUrl(attend.hash)}\n`
  }
  sendMail(
    place.core,
    {
      kind: 'event-ticket',
      tenant: place.tenant.tenant.slug,
      to: who.email,
      subject: `Your ticket: ${event.name}`,
      text,
      code: null,
      link,
      expiresAt: null,
    },
    `Ticket for ${who.email} to "${event.name}"`,
  )
  place.core.change('ticket.sent', place.tenant.tenant.slug, `Ticket #${attend.id} sent to ${who.email}`, {
    eventAttendId: attend.id,
    event: event.uuid,
    to: who.email,
  })
  return true
}

/**
 * Confirms the attendances not confirmed yet (null or pending -> success: each write is an `event_attend.updated`
 * webhook) and mails each its ticket. Those confirmed, checked in or canceled already are left as they are.
 * Synchronous once the QR package is loaded; else the mails follow as soon as it is.
 */
export function confirmTickets(place: Place, ids: readonly number[], origin: string): EventAttend[] {
  const confirmed: EventAttend[] = []
  for (const id of ids) {
    const attend = place.tenant.eventAttends.get(id)
    if (!attend || attend.canceledAt !== null) continue
    if (attend.statusRegistration !== null && attend.statusRegistration !== PENDING) continue
    confirmed.push(
      place.tenant.eventAttends.updateNow(attend, (draft) => {
        draft.statusRegistration = CONFIRMED
      }),
    )
  }
  mailTickets(place, confirmed, origin)
  return confirmed
}

/** Mails each attendance its ticket: at once when the QR package is loaded, else as soon as it is. */
export function mailTickets(place: Place, attends: readonly EventAttend[], origin: string): void {
  const send = () => {
    for (const attend of attends) {
      const event = place.tenant.events.get(attend.event)
      if (event) mailTicket(place, attend, event, origin)
    }
  }
  if (qrReady()) send()
  else void loadQr().then(send)
}

/** Releases pending attendances (an unpaid checkout): canceled, `canceledAt` set, their seats back in the pool. */
export function releaseTickets(place: Place, ids: readonly number[], why: string): EventAttend[] {
  const now = isoDate(place.core.clock.now())
  const released: EventAttend[] = []
  for (const id of ids) {
    const attend = place.tenant.eventAttends.get(id)
    if (!attend || attend.statusRegistration !== PENDING) continue
    released.push(
      place.tenant.eventAttends.updateNow(attend, (draft) => {
        draft.statusRegistration = CANCELED
        draft.canceledAt = now
      }),
    )
  }
  if (released.length)
    place.core.change(
      'ticket.released',
      place.tenant.tenant.slug,
      `${released.length} pending ticket(s) released: ${why}`,
      { eventAttendIds: released.map((a) => a.id) },
    )
  return released
}
