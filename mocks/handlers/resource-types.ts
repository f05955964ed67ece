import type { SandboxCore } from '../core.ts'
import type { TenantDb } from '../db/database.ts'
import type { Contact, Event, EventAttend, Form, FormSubmission, Group, Role, User } from '../db/schema.ts'
import { ROLES } from '../db/schema.ts'
import type { Table } from '../db/table.ts'
import { badRequest } from '../http/errors.ts'
import type { Principal } from '../auth/principal.ts'
import { effectiveRoles } from '../auth/roles.ts'
import type { FieldSpecs } from './validate.ts'

export const API = '/api/v1'

type Row = { id: string | number }

export interface WriteContext {
  core: SandboxCore
  t: TenantDb
  principal: Principal
  now: string
}

/** One Orgo resource as the generic CRUD handlers see it (API Platform's resource metadata, in short). */
export interface ResourceType<T extends Row> {
  /** Path segment under /api/v1: `contacts`, `event_attends`. */
  path: string
  /** JSON-LD @type and the @context name. */
  type: string
  idKind: 'int' | 'uuid'
  table(t: TenantDb): Table<T>
  readRole: Role
  writeRole: Role
  /** POST may need less than other writes (any user may submit a form). */
  createRole?: Role
  fields: FieldSpecs
  filters: string[]
  order: string[]
  /** A field whose value must be unique in the tenant; a duplicate answers 409. */
  unique?: keyof T & string
  serialize(record: T): Record<string, unknown>
  /** A new record from validated values. */
  build(values: Record<string, unknown>, w: WriteContext): T
  /** Writes validated values onto a draft (PUT and PATCH). */
  assign(draft: T, values: Record<string, unknown>, w: WriteContext): void
}

export const iri = (path: string, id: string | number) => `${API}/${path}/${id}`

/** Resolves an IRI such as `/api/v1/contacts/12` within the tenant, with API Platform's 400s. */
export function fromIri<T extends Row>(table: Table<T>, path: string, value: unknown, kind: 'int' | 'uuid'): T {
  const prefix = `${API}/${path}/`
  if (typeof value !== 'string' || !value.startsWith(prefix)) badRequest(`Invalid IRI "${String(value)}".`)
  const raw = value.slice(prefix.length)
  const id = kind === 'int' ? Number(raw) : raw
  const record = table.get(id)
  // Another tenant's record is "not found" here too: existence is never leaked.
  if (!record) badRequest(`Item not found for "${value}".`)
  return record
}

const str = (v: unknown) => (typeof v === 'string' ? v : '')

const users: ResourceType<User> = {
  path: 'users',
  type: 'User',
  idKind: 'int',
  table: (t) => t.users,
  readRole: 'ROLE_MEMBER',
  writeRole: 'ROLE_ADMIN',
  fields: {
    email: { type: 'string', required: true, format: 'email' },
    firstName: { type: 'string', required: true },
    lastName: { type: 'string', required: true },
    roles: { type: 'string[]' },
    plainPassword: { type: 'string' },
  },
  filters: ['email', 'firstName', 'lastName'],
  order: ['id', 'email', 'firstName', 'lastName', 'createdAt'],
  unique: 'email',
  serialize: (u) => ({
    id: u.id,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    roles: effectiveRoles(u),
    createdAt: u.createdAt,
  }),
  build: (v, w) => ({
    id: w.core.db.ids.next('user'),
    tenant: w.t.tenant.slug,
    email: str(v.email),
    firstName: str(v.firstName),
    lastName: str(v.lastName),
    roles: checkRoles(v.roles) ?? ['ROLE_MEMBER'],
    password: typeof v.plainPassword === 'string' ? v.plainPassword : 'password',
    createdAt: w.now,
  }),
  assign: (d, v) => {
    if ('email' in v) d.email = str(v.email)
    if ('firstName' in v) d.firstName = str(v.firstName)
    if ('lastName' in v) d.lastName = str(v.lastName)
    const roles = checkRoles(v.roles)
    if (roles) d.roles = roles
    if (typeof v.plainPassword === 'string') d.password = v.plainPassword
  },
}

function checkRoles(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined
  for (const role of value) {
    if (!(ROLES as readonly unknown[]).includes(role)) badRequest(`Unknown role "${String(role)}": use one of ${ROLES.join(', ')}.`)
  }
  return value as string[]
}

const contacts: ResourceType<Contact> = {
  path: 'contacts',
  type: 'Contact',
  idKind: 'int',
  table: (t) => t.contacts,
  readRole: 'ROLE_MEMBER',
  writeRole: 'ROLE_ADMIN',
  fields: {
    email: { type: 'string', required: true, format: 'email' },
    firstName: { type: 'string', required: true },
    lastName: { type: 'string', required: true },
    phone: { type: 'string', nullable: true },
  },
  filters: ['email', 'firstName', 'lastName', 'phone'],
  order: ['id', 'email', 'firstName', 'lastName', 'createdAt'],
  unique: 'email',
  serialize: (c) => ({
    id: c.id,
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    phone: c.phone,
    createdAt: c.createdAt,
  }),
  build: (v, w) => ({
    id: w.core.db.ids.next('contact'),
    tenant: w.t.tenant.slug,
    email: str(v.email),
    firstName: str(v.firstName),
    lastName: str(v.lastName),
    phone: typeof v.phone === 'string' ? v.phone : null,
    createdAt: w.now,
  }),
  assign: (d, v) => {
    if ('email' in v) d.email = str(v.email)
    if ('firstName' in v) d.firstName = str(v.firstName)
    if ('lastName' in v) d.lastName = str(v.lastName)
    if ('phone' in v) d.phone = typeof v.phone === 'string' ? v.phone : null
  },
}

const events: ResourceType<Event> = {
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

const eventAttends: ResourceType<EventAttend> = {
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

const forms: ResourceType<Form> = {
  path: 'forms',
  type: 'Form',
  idKind: 'int',
  table: (t) => t.forms,
  readRole: 'ROLE_USER',
  writeRole: 'ROLE_ADMIN',
  fields: {
    title: { type: 'string', required: true },
    description: { type: 'string' },
    published: { type: 'boolean' },
  },
  filters: ['title', 'published'],
  order: ['id', 'title', 'createdAt'],
  serialize: (f) => ({ id: f.id, title: f.title, description: f.description, published: f.published, createdAt: f.createdAt }),
  build: (v, w) => ({
    id: w.core.db.ids.next('form'),
    tenant: w.t.tenant.slug,
    title: str(v.title),
    description: str(v.description),
    published: v.published === true,
    createdAt: w.now,
  }),
  assign: (d, v) => {
    if ('title' in v) d.title = str(v.title)
    if ('description' in v) d.description = str(v.description)
    if ('published' in v) d.published = v.published === true
  },
}

const formSubmissions: ResourceType<FormSubmission> = {
  path: 'form_submissions',
  type: 'FormSubmission',
  idKind: 'int',
  table: (t) => t.formSubmissions,
  readRole: 'ROLE_ADMIN',
  writeRole: 'ROLE_ADMIN',
  createRole: 'ROLE_USER',
  fields: {
    form: { type: 'iri', required: true },
    data: { type: 'object', required: true },
  },
  filters: ['form'],
  order: ['id', 'submittedAt'],
  serialize: (s) => ({
    id: s.id,
    form: iri('forms', s.formId),
    user: s.userId === null ? null : iri('users', s.userId),
    data: s.data,
    submittedAt: s.submittedAt,
  }),
  build: (v, w) => ({
    id: w.core.db.ids.next('form_submission'),
    tenant: w.t.tenant.slug,
    formId: fromIri(w.t.forms, 'forms', v.form, 'int').id,
    userId: w.principal.user?.id ?? null,
    data: v.data as Record<string, unknown>,
    submittedAt: w.now,
  }),
  assign: (d, v, w) => {
    if ('form' in v) d.formId = fromIri(w.t.forms, 'forms', v.form, 'int').id
    if ('data' in v) d.data = v.data as Record<string, unknown>
  },
}

const groups: ResourceType<Group> = {
  path: 'groups',
  type: 'Group',
  idKind: 'int',
  table: (t) => t.groups,
  readRole: 'ROLE_USER',
  writeRole: 'ROLE_ADMIN',
  fields: {
    name: { type: 'string', required: true },
    description: { type: 'string' },
    members: { type: 'iri[]' },
  },
  filters: ['name'],
  order: ['id', 'name'],
  serialize: (g) => ({ id: g.id, name: g.name, description: g.description, members: g.memberIds.map((id) => iri('users', id)) }),
  build: (v, w) => ({
    id: w.core.db.ids.next('group'),
    tenant: w.t.tenant.slug,
    name: str(v.name),
    description: str(v.description),
    memberIds: ((v.members as string[] | undefined) ?? []).map((m) => fromIri(w.t.users, 'users', m, 'int').id),
  }),
  assign: (d, v, w) => {
    if ('name' in v) d.name = str(v.name)
    if ('description' in v) d.description = str(v.description)
    if ('members' in v) d.memberIds = ((v.members as string[] | null) ?? []).map((m) => fromIri(w.t.users, 'users', m, 'int').id)
  },
}

export const RESOURCE_TYPES = [users, contacts, events, eventAttends, forms, formSubmissions, groups] as ResourceType<Row>[]

export const GROUPS = groups as unknown as ResourceType<Row>
