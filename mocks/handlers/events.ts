import type { Contact, Event, EventAttend, User } from '../db/schema.ts'
import { JSON_TYPES, readJsonObject, readOptionalJsonObject } from '../http/body.ts'
import { badRequest, conflict, forbidden } from '../http/errors.ts'
import type { SandboxResponse } from '../http/types.ts'
import { validateBody } from '../http/validate.ts'
import { sendMail } from '../outbox.ts'
import { blankContact } from '../resources/contacts.ts'
import { API, isoDate } from '../resources/engine/serialize.ts'
import { attendancesWhere, blankAttend, isEventOrganiser } from '../resources/event-attends.ts'
import { EVENT_PUBLISHED } from '../resources/events.ts'
import { eventAttends, events } from '../resources/index.ts'
import { appUrlFor } from '../app-url.ts'
import { attendeeOf, magicLink, tenantOrigin } from './event-attends.ts'
import { allow, findRecord, patchRecord, renderRecord, tableOf } from './resources.ts'
import { route, type Route, type RouteContext } from './route.ts'

/**
 * `PATCH /api/v1/events_publish/{uuid}` (~2,030,000): merge patch, "Sets the event status to published …
 * Fails if the event is already published. Requires event ownership, EVENT_TENANT, or EVENT_LOCAL permission."
 * An illegal state transition is Orgo's 409 (errors page).
 */
async function publish(ctx: RouteContext): Promise<SandboxResponse> {
  await ctx.auth()
  const event = findRecord(ctx, events)
  const principal = (await allow(ctx, events, 'update', event))!
  if (event.status === EVENT_PUBLISHED) conflict('The event is already published.')
  const patched = await patchRecord(ctx, events, event, principal)
  const published = await ctx.tenant.events.update(patched, (draft) => {
    draft.status = EVENT_PUBLISHED
  })
  ctx.core.change('event.published', ctx.tenant.tenant.slug, `Event "${published.name}" published`, {
    uuid: published.uuid,
  })
  return renderRecord(ctx, events, published)
}

/** A new attendance (`isInvited`, its hash) mailed as a magic link; an existing one is mailed again. */
async function invite(
  ctx: RouteContext,
  event: Event,
  who: { user?: User; contact?: Contact },
  existing: EventAttend | undefined,
): Promise<EventAttend> {
  const attend =
    existing ??
    (await ctx.tenant.eventAttends.insert({
      ...blankAttend(isoDate(ctx.core.clock.now())),
      id: ctx.core.db.ids.next('event_attend'),
      tenant: ctx.tenant.tenant.slug,
      event: event.id,
      user: who.user?.id ?? null,
      external: who.contact?.id ?? null,
      isInvited: true,
      hash: ctx.core.random.hex(32),
    }))
  const { email, name } = attendeeOf(ctx, attend)
  if (!email) return attend
  // Your front end's page with --app-url; the sandbox's own page about the link otherwise (magic-link.ts).
  const base = appUrlFor(ctx.core.options.appUrl, ctx.tenant.tenant.slug) ?? tenantOrigin(ctx)
  const link = magicLink(base, event.uuid, attend.id, attend.hash)
  sendMail(
    ctx.core,
    {
      kind: 'event-invitation',
      tenant: ctx.tenant.tenant.slug,
      to: email,
      subject: `You are invited: ${event.name}`,
      text:
        `Hello ${name},\n\n${ctx.tenant.tenant.name} invites you to "${event.name}" ` +
        `(${event.dateTimeBegin ?? 'date to be announced'}, ${event.location ?? 'place to be announced'}).\nAnswer here: ${link}\n`,
      code: null,
      link,
      expiresAt: null,
    },
    `Invitation for ${email} to "${event.name}": ${link}`,
  )
  return attend
}

/**
 * `POST /api/v1/events/{uuid}/send-invites` (~1,998,000): "send email invitations to all eligible members. The
 * event must be published unless sending propagated invites. Marks the event invitesSent status as "sending"."
 * 201 with the event. Eligible: the tenant's active members not yet on the event (sandbox reading).
 */
async function sendInvites(ctx: RouteContext): Promise<SandboxResponse> {
  await ctx.auth()
  const event = findRecord(ctx, events)
  await allow(ctx, events, 'update', event)
  const { propagated } = validateBody(
    { propagated: { type: 'boolean', nullable: true } },
    await readOptionalJsonObject(ctx.req),
    false,
  )
  if (event.status !== EVENT_PUBLISHED && propagated !== true)
    badRequest(
      'The event must be published before its invitations are sent (PATCH /api/v1/events_publish/{uuid}).',
    )
  const attending = new Set(
    attendancesWhere(tableOf(ctx.tenant, eventAttends), 'event', event.id)
      .filter((a) => a.user !== null)
      .map((a) => a.user),
  )
  const members = ctx.tenant.users
    .all()
    .filter((u) => u.status === 'ACTIVE' && !attending.has(u.id) && u.roles.some((r) => r !== 'ROLE_USER'))
  for (const user of members) await invite(ctx, event, { user }, undefined)
  const sending = await ctx.tenant.events.update(event, (draft) => {
    draft.invitesSent = 'sending'
  })
  ctx.core.change(
    'event.invites-sent',
    ctx.tenant.tenant.slug,
    `Invitations to "${event.name}" sent to ${members.length} member(s)`,
    {
      uuid: event.uuid,
    },
  )
  const response = renderRecord(ctx, events, sending, 201)
  // The sandbox's mails are out already: the async dispatch Orgo does is over before the next request.
  await ctx.tenant.events.update(sending, (draft) => {
    draft.invitesSent = 'sent'
  })
  return response
}

/**
 * The invitation a body asks for: the spec's `{"entity": {"email", "event"}}`, or the docs' flat `{event,
 * firstName, lastName, email}` (create-and-sell-event-tickets, step 4, Path B), taken as the spec's and logged.
 */
function invitationOf(
  ctx: RouteContext,
  body: Record<string, unknown>,
): { email: string; event: string; name: string | null } {
  let entity = body.entity
  if (entity === undefined && ('email' in body || 'event' in body)) {
    entity = body
    ctx.core.change(
      'docs.form',
      ctx.tenant.tenant.slug,
      "POST /api/v1/event_attend_invite_external: the docs' flat body {event, firstName, lastName, email} " +
        '(create-and-sell-event-tickets, step 4) taken as the spec\'s {"entity": {"email", "event"}}',
    )
  }
  if (entity === null || typeof entity !== 'object' || Array.isArray(entity))
    badRequest('Pass the invitation as {"entity": {"email": "…", "event": "<event uuid>"}}.')
  const values = validateBody(
    {
      email: { type: 'string', required: true, format: 'email' },
      event: { type: 'string', required: true },
      firstName: { type: 'string', nullable: true },
      lastName: { type: 'string', nullable: true },
    },
    entity as Record<string, unknown>,
    true,
  ) as { email: string; event: string; firstName?: string | null; lastName?: string | null }
  const name = [values.firstName, values.lastName].filter((p) => p && p.trim()).join(' ')
  return { email: values.email, event: values.event, name: name || null }
}

/**
 * `POST /api/v1/event_attend_invite_external` (~2,130,000): invites one contact by email, "Pass entity.email and
 * entity.event (UUID) in the request body"; needs the event's ownership or an EVENT permission. A contact is
 * created for an email the tenant does not know yet (named by the docs' firstName and lastName, when given).
 * 201 with the attendance. The event is its uuid or its IRI (`/api/v1/events/{uuid}`, the docs' spelling).
 */
async function inviteExternal(ctx: RouteContext): Promise<SandboxResponse> {
  const principal = await ctx.auth()
  const { email, event: uuid, name } = invitationOf(ctx, await readJsonObject(ctx.req, JSON_TYPES))
  const event = ctx.tenant.events.findUnique('uuid', uuid.replace(`${API}/events/`, ''))
  if (!event) badRequest(`Item not found for "${uuid}".`)
  if (!isEventOrganiser(principal, event))
    forbidden("inviting to an event is the event owner's or an EVENT permission's")
  // A member's email invites the member: a contact may not share an account's email (POST /contacts: 409).
  const user = ctx.tenant.users.findUnique('email', email)
  if (user) {
    const taken = attendancesWhere(tableOf(ctx.tenant, eventAttends), 'event', event.id).find(
      (a) => a.user === user.id,
    )
    return renderRecord(ctx, eventAttends, await invite(ctx, event, { user }, taken), 201)
  }
  const contact =
    ctx.tenant.contacts.findUnique('email', email) ??
    (await ctx.tenant.contacts.insert({
      ...blankContact(),
      id: ctx.core.db.ids.next('contact'),
      tenant: ctx.tenant.tenant.slug,
      name,
      email,
      dateCreated: isoDate(ctx.core.clock.now()),
      dateUpdated: isoDate(ctx.core.clock.now()),
    }))
  const existing = attendancesWhere(tableOf(ctx.tenant, eventAttends), 'event', event.id).find(
    (a) => a.external === contact.id,
  )
  const attend = await invite(ctx, event, { contact }, existing)
  return renderRecord(ctx, eventAttends, attend, 201)
}

export const eventRoutes: Route[] = [
  // The body is a merge patch like any PATCH (415 otherwise), read by patchRecord.
  route.patch(`${API}/events_publish/:id`, publish),
  route.post(`${API}/events/:id/send-invites`, sendInvites),
  route.post(`${API}/event_attend_invite_external`, inviteExternal),
]
