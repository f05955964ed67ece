import type { SandboxCore } from '../core.ts'
import type { TenantDb } from '../db/database.ts'
import type { Role } from '../db/schema.ts'
import type { Table } from '../db/table.ts'
import { badRequest } from '../http/errors.ts'
import type { Principal } from '../auth/principal.ts'
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

/** The string value of a validated field; validation already refused other types. */
export const str = (v: unknown) => (typeof v === 'string' ? v : '')

export const iri = (path: string, id: string | number) => `${API}/${path}/${id}`

/** Resolves an IRI such as `/api/v1/contacts/12` within the tenant, with API Platform's 400s. */
export function fromIri<T extends Row>(
  table: Table<T>,
  path: string,
  value: unknown,
  kind: 'int' | 'uuid',
): T {
  const prefix = `${API}/${path}/`
  if (typeof value !== 'string' || !value.startsWith(prefix)) badRequest(`Invalid IRI "${String(value)}".`)
  const raw = value.slice(prefix.length)
  const id = kind === 'int' ? Number(raw) : raw
  const record = table.get(id)
  // Another tenant's record is "not found" here too: existence is never leaked.
  if (!record) badRequest(`Item not found for "${value}".`)
  return record
}
