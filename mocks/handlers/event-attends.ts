import type { Principal } from '../auth/principal.ts'
import type { Contact, Event, EventAttend, User } from '../db/schema.ts'
import { MERGE_PATCH_TYPES, readJsonObject } from '../http/body.ts'
import { badRequest, conflict, forbidden } from '../http/errors.ts'
import type { SandboxResponse } from '../http/types.ts'
import { validateBody } from '../http/validate.ts'
import { writeSpecs } from '../resources/engine/write.ts'
import { isAttendee, isOrganiser } from '../resources/event-attends.ts'
import { eventAttends } from '../resources/index.ts'
import { API } from '../resources/engine/serialize.ts'
import { findRecord, readContext, renderRecord } from './resources.ts'
import { route, type Route, type RouteContext } from './route.ts'
import { withDocsStatus } from './event-docs-status.ts'
import { tenantHost } from './tenancy.ts'

const ITEM = `${API}/event_attends/:id`

// SPEC 7: an attendee answers only for themselves, their RSVP; the rest of the attendance is the organiser's.
const ATTENDEE_FIELDS = ['statusRsvp'] as const

/** The link an invitation mails (it carries the contact hash); the dashboard shows the same one. */
export function magicLink(origin: string, eventUuid: string, eventAttendId: number, hash: string): string {
  return `${origin}/events/${eventUuid}/rsvp/${eventAttendId}?hash=${hash}`
}

/** `http://acme.localhost:4010`: where the tenant is reached from the caller. */
export function tenantOrigin(ctx: RouteContext): string {
  const base = ctx.host.kind === 'tenant' ? ctx.host.base : null
  return `${ctx.req.protocol}://${tenantHost(ctx.req.host, base, ctx.tenant.tenant.slug, ctx.core.options.baseDomains[0]!)}`
}

/** Who the attendance is for, as the log and the mails name them. */
export function attendeeOf(ctx: RouteContext, attend: EventAttend): { email: string | null; name: string } {
  const user = attend.user === null ? undefined : (ctx.tenant.users.get(attend.user) as User | undefined)
  if (user) return { email: user.email, name: user.firstName }
  const contact =
    attend.external === null ? undefined : (ctx.tenant.contacts.get(attend.external) as Contact | undefined)
  // A contact invited by email alone has no name yet: the mail greets the address.
  return { email: contact?.email ?? null, name: contact?.name ?? contact?.email ?? 'there' }
}

/** `PATCH /api/v1/event_attends/{id}` by the attendee (SPEC 7): a merge patch of their `statusRsvp` only. */
async function patchAsAttendee(ctx: RouteContext, attend: EventAttend): Promise<SandboxResponse> {
  const patch = await readJsonObject(ctx.req, MERGE_PATCH_TYPES)
  const other = Object.keys(patch).find((key) => !(ATTENDEE_FIELDS as readonly string[]).includes(key))
  if (other !== undefined)
    badRequest(`An attendee may change only "statusRsvp"; "${other}" is the organiser's to change.`)
  const specs = writeSpecs(eventAttends)
  const values = validateBody({ statusRsvp: specs.statusRsvp! }, patch, false)
  const updated = await ctx.tenant.eventAttends.update(attend, (draft) => {
    if ('statusRsvp' in values) draft.statusRsvp = (values.statusRsvp as string | null) ?? null
  })
  const event = ctx.tenant.events.get(attend.event) as Event | undefined
  ctx.core.change(
    'event-attend.answered',
    ctx.tenant.tenant.slug,
    `${attendeeOf(ctx, attend).email ?? `attendance #${attend.id}`} answered "${updated.statusRsvp}" for "${event?.name ?? attend.event}"`,
    { eventAttendId: attend.id },
  )
  return renderRecord(ctx, eventAttends, updated)
}

/** The generic `event_attends/{id}` PATCH, for an attendee who is not the organiser, keeps to their own answer. */
function attendeePatch(generic: Route): Route {
  return {
    ...generic,
    async handle(ctx) {
      const principal = await ctx.auth()
      const attend = findRecord(ctx, eventAttends)
      const read = readContext(ctx)
      if (!isOrganiser(principal, attend, read) && isAttendee(principal, attend, read))
        return patchAsAttendee(ctx, attend)
      return generic.handle(ctx)
    },
  }
}

/**
 * `POST /api/v1/event_attends/{id}/confirm` (~2,243,000): no body, 201. "Confirms an invited attendee, upgrading
 * their status to success and sending them a ticket with QR code via email": the organiser's action. At the door
 * it is the check-in (create-and-sell-event-tickets, "Check-in on the day": "Mark them attended" with the docs'
 * `PATCH .../confirm`, mocks/workflows/doc-forms.ts): a confirmed attendance becomes `attended`. Each step once:
 * confirming an attendance checked in already, or a canceled one, is Orgo's 409 for an illegal transition.
 */
export async function confirmAttendance(ctx: RouteContext): Promise<SandboxResponse> {
  const principal: Principal = await ctx.auth()
  const attend = findRecord(ctx, eventAttends)
  if (!isOrganiser(principal, attend, readContext(ctx)))
    forbidden("confirming an attendance is the event owner's or an EVENT permission's")
  // The ticket workflow (states, mail, QR code) loads with the first confirmation, never at start-up.
  const tickets = await import('../workflows/tickets-mail.ts')
  const { ATTENDED, CANCELED, CONFIRMED } = await import('../workflows/tickets-model.ts')
  if (attend.canceledAt !== null || attend.statusRegistration === CANCELED)
    conflict(`Attendance #${attend.id} is canceled: it can be neither confirmed nor checked in.`)
  if (attend.statusRegistration === ATTENDED) conflict(`Attendance #${attend.id} is checked in already.`)
  const event = ctx.tenant.events.get(attend.event) as Event | undefined
  const who = attendeeOf(ctx, attend)
  if (attend.statusRegistration === CONFIRMED) {
    const checkedIn = await ctx.tenant.eventAttends.update(attend, (draft) => {
      draft.statusRegistration = ATTENDED
    })
    ctx.core.change(
      'ticket.checked-in',
      ctx.tenant.tenant.slug,
      `${who.email ?? `Attendance #${attend.id}`} checked in at "${event?.name ?? attend.event}"`,
      { eventAttendId: attend.id },
    )
    return renderRecord(ctx, eventAttends, checkedIn, 201)
  }
  const updated = await ctx.tenant.eventAttends.update(attend, (draft) => {
    draft.statusRegistration = CONFIRMED
  })
  if (event) {
    if (tickets.hasTicket(updated, event)) await (await import('../workflows/tickets-qr.ts')).loadQr()
    tickets.mailTicket(ctx, updated, event, tenantOrigin(ctx))
  }
  return renderRecord(ctx, eventAttends, updated, 201)
}

/**
 * Wraps the generic `event_attends/{id}` PATCH for attendees and adds confirm (SPEC 7); the events' generic POST
 * and PATCH take the docs' status spelling (event-docs-status.ts `withDocsStatus`).
 */
export function eventAttendRoutes(generic: readonly Route[]): Route[] {
  return [
    ...generic.map((r) => (r.path === ITEM && r.method === 'PATCH' ? attendeePatch(r) : withDocsStatus(r))),
    route.post(`${ITEM}/confirm`, confirmAttendance),
  ]
}
