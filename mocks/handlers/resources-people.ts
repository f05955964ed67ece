import { effectiveRoles } from '../auth/roles.ts'
import type { Contact, Group, User } from '../db/schema.ts'
import { ROLES } from '../db/schema.ts'
import { badRequest } from '../http/errors.ts'
import { fromIri, iri, str, type ResourceType } from './resource-type.ts'

// People: users (with roles), contacts (no account) and groups of users.
export const users: ResourceType<User> = {
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
    if (!(ROLES as readonly unknown[]).includes(role))
      badRequest(`Unknown role "${String(role)}": use one of ${ROLES.join(', ')}.`)
  }
  return value as string[]
}

export const contacts: ResourceType<Contact> = {
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

export const groups: ResourceType<Group> = {
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
  serialize: (g) => ({
    id: g.id,
    name: g.name,
    description: g.description,
    members: g.memberIds.map((id) => iri('users', id)),
  }),
  build: (v, w) => ({
    id: w.core.db.ids.next('group'),
    tenant: w.t.tenant.slug,
    name: str(v.name),
    description: str(v.description),
    memberIds: ((v.members as string[] | undefined) ?? []).map(
      (m) => fromIri(w.t.users, 'users', m, 'int').id,
    ),
  }),
  assign: (d, v, w) => {
    if ('name' in v) d.name = str(v.name)
    if ('description' in v) d.description = str(v.description)
    if ('members' in v)
      d.memberIds = ((v.members as string[] | null) ?? []).map(
        (m) => fromIri(w.t.users, 'users', m, 'int').id,
      )
  },
}
