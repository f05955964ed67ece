import type { Principal } from '../auth/principal.ts'
import { hasRole } from '../auth/roles.ts'
import type { EventAttend } from '../db/schema.ts'
import { JSON_TYPES, MERGE_PATCH_TYPES, readJsonObject } from '../http/body.ts'
import { badRequest, forbidden, notFound, unprocessable } from '../http/errors.ts'
import { member, negotiate, renderItem } from '../http/hydra.ts'
import { json } from '../http/respond.ts'
import type { SandboxResponse } from '../http/types.ts'
import { sendMail } from '../outbox.ts'
import { API, fromIri, iri, RESOURCE_TYPES, type ResourceType } from './resource-types.ts'
import { route, type Route, type RouteContext } from './route.ts'
import { tenantHost } from './tenancy.ts'
import { validateBody, type FieldSpecs } from './validate.ts'

const ATTENDS = RESOURCE_TYPES.find(
  (rt) => rt.path === 'event_attends',
) as unknown as ResourceType<EventAttend>
const ITEM = `${API}/event_attends/:id`

// SPEC 7: an attendee changes only its own answer; the event and the contact stay the admin's.
const ATTENDEE_FIELDS: FieldSpecs = {
  status: ATTENDS.fields.status!,
  comment: ATTENDS.fields.comment!,
}

// Symfony Count constraint (min 1), as API Platform words it.
const EMPTY_LIST = {
  code: 'bef8e338-6ae5-4caf-b8e2-50e7b0579e69',
  message: 'This collection should contain 1 element or more.',
}

function lookup(ctx: RouteContext): EventAttend | undefined {
  const raw = ctx.params.id!
  return /^\d+$/.test(raw) ? ctx.tenant.eventAttends.get(Number(raw)) : undefined
}

/**
 * Whether the principal answers for this attendance as its attendee: the hash's own contact, or an OTP user
 * whose verified email is the contact's (across tenants too, Orgo Authentication page). Admins are not
 * attendees here: they keep the full admin operations.
 */
function isAttendee(ctx: RouteContext, principal: Principal, attend: EventAttend): boolean {
  if (principal.method === 'contact-hash') return principal.eventAttendId === attend.id
  if (principal.user && hasRole(principal.user, 'ROLE_ADMIN')) return false
  const contact = ctx.tenant.contacts.get(attend.contactId)
  const email = principal.verifiedEmail
  return email !== undefined && contact !== undefined && contact.email.toLowerCase() === email.toLowerCase()
}

function render(ctx: RouteContext, attend: EventAttend): SandboxResponse {
  return renderItem(
    negotiate(ctx.req),
    { iri: iri(ATTENDS.path, attend.id), type: ATTENDS.type },
    ATTENDS.serialize(attend),
  )
}

async function answer(
  ctx: RouteContext,
  attend: EventAttend,
  values: Partial<Pick<EventAttend, 'status' | 'comment'>>,
) {
  const updated = await ctx.tenant.eventAttends.update(attend, (draft) => {
    if (values.status !== undefined) draft.status = values.status
    if ('comment' in values) draft.comment = values.comment ?? null
  })
  const contact = ctx.tenant.contacts.get(attend.contactId)
  const event = ctx.tenant.events.get(attend.eventId)
  ctx.core.change(
    'event-attend.answered',
    ctx.tenant.tenant.slug,
    `${contact?.email ?? `contact #${attend.contactId}`} is ${updated.status} for "${event?.title ?? attend.eventId}"`,
    { eventAttendId: attend.id },
  )
  return render(ctx, updated)
}

/** PATCH by the attendee: JSON Merge Patch of `status` and `comment` only. */
async function patchAsAttendee(ctx: RouteContext, attend: EventAttend): Promise<SandboxResponse> {
  const patch = await readJsonObject(ctx.req, MERGE_PATCH_TYPES)
  const other = Object.keys(patch).find((key) => !(key in ATTENDEE_FIELDS))
  if (other !== undefined)
    badRequest(`An attendee may change only "status" and "comment"; "${other}" is not writable.`)
  const values = validateBody(ATTENDEE_FIELDS, patch, false) as Partial<
    Pick<EventAttend, 'status' | 'comment'>
  >
  return answer(ctx, attend, values)
}

/**
 * The generic admin-only `event_attends/{id}` GET and PATCH, opened to the attendance's attendee (SPEC 7);
 * everyone else still gets the generic operation and its answers.
 */
function openToAttendee(generic: Route): Route {
  return {
    ...generic,
    async handle(ctx) {
      const principal = await ctx.auth()
      const attend = lookup(ctx)
      if (!attend || !isAttendee(ctx, principal, attend)) return generic.handle(ctx)
      return ctx.req.method === 'PATCH' ? patchAsAttendee(ctx, attend) : render(ctx, attend)
    },
  }
}

async function confirm(ctx: RouteContext): Promise<SandboxResponse> {
  const principal = await ctx.auth()
  const admin = principal.user !== undefined && hasRole(principal.user, 'ROLE_ADMIN')
  const attend = lookup(ctx)
  if (admin && !attend) notFound()
  if (!attend || !(admin || isAttendee(ctx, principal, attend)))
    forbidden('not the attendee of this attendance')
  return answer(ctx, attend, { status: 'confirmed' })
}

/** The link an invitation mails (it carries the contact hash); the dashboard shows the same one. */
export function magicLink(origin: string, eventId: string, eventAttendId: number, hash: string): string {
  return `${origin}/events/${eventId}/rsvp/${eventAttendId}?hash=${hash}`
}

/**
 * SPEC 7: `POST /api/v1/events/{uuid}/send-invites` `{"contacts": ["/api/v1/contacts/12", ...]}` (sandbox
 * choice of body). Creates the missing attendances, each with its hash, and mails every contact its magic link;
 * an already invited contact gets its link again with the same hash.
 */
async function sendInvites(ctx: RouteContext): Promise<SandboxResponse> {
  await ctx.auth('ROLE_ADMIN')
  const t = ctx.tenant
  const event = t.events.get(ctx.params.id!)
  if (!event) notFound()
  const { contacts } = validateBody(
    { contacts: { type: 'iri[]', required: true } },
    await readJsonObject(ctx.req, JSON_TYPES),
    true,
  )
  const iris = [...new Set(contacts as string[])]
  if (!iris.length) unprocessable([{ propertyPath: 'contacts', ...EMPTY_LIST }])
  const invitees = iris.map((value) => fromIri(t.contacts, 'contacts', value, 'int'))
  const existing = new Map(
    t.eventAttends
      .all()
      .filter((a) => a.eventId === event.id)
      .map((a) => [a.contactId, a]),
  )
  const now = new Date(ctx.core.clock.now()).toISOString()
  const base = ctx.host.kind === 'tenant' ? ctx.host.base : null
  const origin = `${ctx.req.protocol}://${tenantHost(ctx.req.host, base, t.tenant.slug, ctx.core.options.baseDomains[0]!)}`
  const format = negotiate(ctx.req)
  const attendances = []
  for (const contact of invitees) {
    const attend =
      existing.get(contact.id) ??
      (await t.eventAttends.insert({
        id: ctx.core.db.ids.next('event_attend'),
        tenant: t.tenant.slug,
        eventId: event.id,
        contactId: contact.id,
        status: 'invited',
        comment: null,
        hash: ctx.core.random.hex(40),
        createdAt: now,
      }))
    const link = magicLink(origin, event.id, attend.id, attend.hash)
    sendMail(
      ctx.core,
      {
        kind: 'event-invitation',
        tenant: t.tenant.slug,
        to: contact.email,
        subject: `You are invited: ${event.title}`,
        text:
          `Hello ${contact.firstName},\n\n${t.tenant.name} invites you to "${event.title}" ` +
          `(${event.startsAt}, ${event.location}).\nAnswer here: ${link}\n`,
        code: null,
        link,
        expiresAt: null,
      },
      `Invitation for ${contact.email} to "${event.title}": ${link}`,
    )
    attendances.push(
      member(format, { iri: iri(ATTENDS.path, attend.id), type: ATTENDS.type }, ATTENDS.serialize(attend)),
    )
  }
  return json({ event: iri('events', event.id), sent: attendances.length, attendances })
}

/** Wraps the generic routes' `event_attends/{id}` GET and PATCH and adds confirm and send-invites (SPEC 7). */
export function contactHashRoutes(generic: readonly Route[]): Route[] {
  return [
    ...generic.map((r) =>
      r.path === ITEM && (r.method === 'GET' || r.method === 'PATCH') ? openToAttendee(r) : r,
    ),
    route.post(`${ITEM}/confirm`, confirm),
    route.post(`${API}/events/:id/send-invites`, sendInvites),
  ]
}
