import type { Event, EventAttend } from '../db/schema.ts'
import { fromIri, iri, str, type ResourceType } from './resource-type.ts'

// Events (uuid ids) and their attendances, whose hash is a contact's credential (SPEC 7).
export const events: ResourceType<Event> = {
  path: 'events',
  type: 'Event',
  idKind: 'uuid',
  table: (t) => t.events,
  readRole: 'ROLE_USER',
  writeRole: 'ROLE_ADMIN',
  fields: {
    title: { type: 'string', required: true },
    description: { type: 'string' },
    location: { type: 'string' },
    startsAt: { type: 'string', required: true, format: 'datetime' },
    endsAt: { type: 'string', required: true, format: 'datetime' },
    published: { type: 'boolean' },
  },
  filters: ['title', 'published', 'location'],
  order: ['startsAt', 'title', 'createdAt'],
  serialize: (e) => ({
    id: e.id,
    title: e.title,
    description: e.description,
    location: e.location,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    published: e.published,
    createdAt: e.createdAt,
  }),
  build: (v, w) => ({
    id: w.core.random.uuid(),
    tenant: w.t.tenant.slug,
    title: str(v.title),
    description: str(v.description),
    location: str(v.location),
    startsAt: new Date(str(v.startsAt)).toISOString(),
    endsAt: new Date(str(v.endsAt)).toISOString(),
    published: v.published === true,
    createdAt: w.now,
  }),
  assign: (d, v) => {
    if ('title' in v) d.title = str(v.title)
    if ('description' in v) d.description = str(v.description)
    if ('location' in v) d.location = str(v.location)
    if ('startsAt' in v) d.startsAt = new Date(str(v.startsAt)).toISOString()
    if ('endsAt' in v) d.endsAt = new Date(str(v.endsAt)).toISOString()
    if ('published' in v) d.published = v.published === true
  },
}

const ATTEND_STATUSES = ['invited', 'confirmed', 'declined'] as const

export const eventAttends: ResourceType<EventAttend> = {
  path: 'event_attends',
  type: 'EventAttend',
  idKind: 'int',
  table: (t) => t.eventAttends,
  readRole: 'ROLE_ADMIN',
  writeRole: 'ROLE_ADMIN',
  fields: {
    event: { type: 'iri', required: true },
    contact: { type: 'iri', required: true },
    status: { type: 'string', choices: ATTEND_STATUSES },
    comment: { type: 'string', nullable: true },
  },
  filters: ['event', 'contact', 'status'],
  order: ['id', 'createdAt', 'status'],
  serialize: (a) => ({
    id: a.id,
    event: iri('events', a.eventId),
    contact: iri('contacts', a.contactId),
    status: a.status,
    comment: a.comment,
    createdAt: a.createdAt,
  }),
  build: (v, w) => ({
    id: w.core.db.ids.next('event_attend'),
    tenant: w.t.tenant.slug,
    eventId: fromIri(w.t.events, 'events', v.event, 'uuid').id,
    contactId: fromIri(w.t.contacts, 'contacts', v.contact, 'int').id,
    status: (v.status as EventAttend['status'] | undefined) ?? 'invited',
    comment: typeof v.comment === 'string' ? v.comment : null,
    hash: w.core.random.hex(40),
    createdAt: w.now,
  }),
  assign: (d, v, w) => {
    if ('event' in v) d.eventId = fromIri(w.t.events, 'events', v.event, 'uuid').id
    if ('contact' in v) d.contactId = fromIri(w.t.contacts, 'contacts', v.contact, 'int').id
    if ('status' in v && typeof v.status === 'string') d.status = v.status as EventAttend['status']
    if ('comment' in v) d.comment = typeof v.comment === 'string' ? v.comment : null
  },
}
