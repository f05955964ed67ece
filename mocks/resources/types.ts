import type { Principal } from '../auth/principal.ts'
import type { Permission } from '../db/schema.ts'

/**
 * A resource as data (STYLE "Resources as data"): API Platform's resource metadata in short. One file per
 * resource declares its path, id kind, fields per serialization group, writable fields, filters, order fields,
 * page size, operations with the permission each needs, and its seed; mocks/resources/engine/ turns the
 * definitions into routes, serializers, validation and queries, and the conformance test checks them against
 * Orgo's spec. This module imports no engine code, so definitions and engine never import each other.
 */

export type Row = { id: number; tenant: string }

/** The stored value kinds a field can take, as the write validator and the db.json loader check them. */
export type FieldType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'datetime'
  | 'string[]'
  | 'object'
  /** A relation, stored as the related record's id; written as an IRI. */
  | 'ref'
  /** Several relations, stored as ids; written as IRIs. */
  | 'ref[]'

export interface FieldDef {
  type?: FieldType
  /** For `ref`/`ref[]`: the related resource's path (`local_centers`). */
  ref?: string
  /** For `ref`: the related record's fields to embed, in every group; absent -> the IRI string. */
  embed?: readonly string[]
  /** Embedded fields for one group when they differ (an attendance's detail shows more of its contact). */
  embedIn?: { readonly [group: string]: readonly string[] }
  /** Read-only, derived from the record (`fullName` from `name`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each definition types its own records
  compute?: (record: any, ctx: ReadContext) => unknown
  /** What production sends when there is no data: null unless said (false, [], 0). */
  none?: unknown
  /** Write rules: a NotBlank constraint, a maximum length (255 for strings unless said), a format. */
  required?: boolean
  maxLength?: number
  format?: 'email'
  /** Non-nullable in the spec: `null` is a 400 type error. */
  notNull?: boolean
  /**
   * Shows a stored value the engine cannot embed itself: ids of a schema-engine resource's records (a contact's
   * `tags`, ProfileTag ids), in the answer's format and group.
   */
  show?: (value: unknown, ctx: ReadContext, format: 'jsonld' | 'json', group: string) => unknown
}

/** What a permission decision may look at. */
export interface Access<T extends Row = Row> {
  principal: Principal
  /** The record the operation acts on (item operations). */
  record?: T
  read: ReadContext
}

/** An operation's permission: true lets the call through, false is `403 Access Denied.`. */
export type Rule<T extends Row = Row> = (access: Access<T>) => boolean

export type OperationName = 'list' | 'create' | 'read' | 'update' | 'delete'

/** API Platform filters: SearchFilter exact/partial (with `field[]`), BooleanFilter, DateFilter, a free text search. */
export type FilterKind = 'exact' | 'partial' | 'boolean' | 'date' | 'search'

export interface ResourceDef<T extends Row = Row> {
  /** Path segment under /api/v1 (`contacts`, `event_attends`) and the db.json key of its records. */
  path: string
  /** JSON-LD @type and @context name. */
  type: string
  /** `uuid`: an integer `id` plus a `uuid`, addressed and IRI'd by the uuid (events, forms). */
  key: 'id' | 'uuid'
  /** Where the resource's operations start in Orgo's spec (`openapi.json`, for re-reading). */
  specOffset: number
  /** The id sequence of its records (`contact`); the path without its plural `s` unless said. */
  sequence?: string
  fields: { readonly [name: string]: FieldDef }
  /**
   * Field names per serialization group: `collection` (the `*_card` or list group), `item` (`*_read`), and
   * `write` for the answers to POST, PATCH and actions when the spec gives them another group than `item`.
   */
  groups: { collection: readonly string[]; item: readonly string[]; [group: string]: readonly string[] }
  /** Fields a POST or PATCH may set; other keys of a body are ignored, as API Platform does. */
  writable: readonly string[]
  /** Fields a PATCH may set when they differ from a POST's (an admin's update of a user). */
  patchable?: readonly string[]
  /** Default `itemsPerPage` (the spec's, per resource). */
  pageSize: number
  filters: { readonly [param: string]: FilterKind }
  /** The fields a `search` filter looks in (`name` and `email` unless said). */
  searchFields?: readonly string[]
  /** Fields `exists[field]=true|false` tests for a value (API Platform's ExistsFilter). */
  exists?: readonly string[]
  /** Fields `order[field]` accepts; dotted (`unit.name`) sorts by the related record's field. */
  order: readonly string[]
  /** The order when the client gives none; by `id` ascending unless said. */
  defaultOrder?: readonly [string, 'asc' | 'desc']
  /** The generic operations the spec lists, each with its permission; absent ones answer 405 (or are not routed). */
  operations: Partial<Record<OperationName, Rule<T>>>
  /** The resource's custom operations (handled in mocks/handlers/<area>.ts), for the docs and the route check. */
  actions?: readonly Action[]
  /**
   * Operations of Orgo's spec the schema engine serves on this resource's records that show only some of them, by
   * operationId (`get_all_public_events_from_tenant`: the published public events). Their shape, filters and page
   * stay the spec's; a record outside the scope is not found.
   */
  scopes?: { readonly [operationId: string]: (row: T, principal: Principal | undefined) => boolean }
  /**
   * Who may write its records through the spec's operations its definition does not route, besides what each
   * operation states (`PATCH /api/v1/units/{id}`: "unit admin access"); absent, what its siblings state.
   */
  writes?: Rule<T>
  /**
   * Its records get the fields of Orgo's schema that the seed leaves out, faked (deterministically, per tenant) on
   * the schema engine's first touch of the resource: start-up seeds only what the other resources need.
   */
  fakeRest?: boolean
  /** Narrows a collection to what the caller may see (an attendee sees only their own attendances). */
  visibleTo?: (access: Access<T>) => ((row: T) => boolean) | undefined
  /** Unique stored fields, indexed; emails match case-insensitively. */
  unique?: readonly (keyof T & string)[]
  caseInsensitive?: readonly (keyof T & string)[]
  /** Stored fields no group shows (credentials, relations kept elsewhere), for the db.json loader. */
  internal?: { readonly [name: string]: FieldType }
  /** The record a POST creates, from validated values (already resolved: refs are ids). */
  create?: (values: Record<string, unknown>, w: WriteContext) => T | Promise<T>
  /** Checks a write may make beyond field rules (409 for duplicates, 403 for a forbidden flag). */
  beforeWrite?: (values: Record<string, unknown>, w: WriteContext, current?: T) => void
  /** What else goes when a record is deleted (an event's attendances). */
  afterDelete?: (record: T, w: WriteContext) => void
  seed?: (s: SeedContext) => Promise<void>
}

/** A custom operation: `PATCH /api/v1/events_publish/{uuid}`, who may call it, and what it does. */
export interface Action {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  path: string
  who: string
  does: string
}

export interface TableLike<T extends Row> {
  get(id: number): T | undefined
  delete(record: T): boolean
  count(): number
  isIndexed(field: keyof T): boolean
  idsWhere(field: keyof T, value: unknown): ReadonlySet<string | number> | undefined
  slice(start: number, count: number, descending?: boolean): T[]
  orderedBy(field: keyof T): readonly T[]
  findUnique<K extends keyof T>(field: K, value: T[K]): T | undefined
  all(): T[]
  insert(values: T): Promise<T>
  update(record: T, mutate: (draft: T) => void): Promise<T>
}

/** What serializers see: the tenant's tables by resource path, and the clock. */
export interface ReadContext {
  table(path: string): TableLike<Row> | undefined
  /**
   * A table of the schema engine's in this tenant (`profile_tags`), once it has been made or loaded; never made
   * here, so a read of a hand-written resource neither seeds another nor loads Orgo's spec.
   */
  schemaTable?(resource: string): TableLike<Row> | undefined
  now: number
  tenant: { slug: string; name: string; id: number }
}

export interface WriteContext extends ReadContext {
  principal: Principal
  nextId(path: string): number
  uuid(): string
  hex(length: number): string
  nowIso: string
}

export interface SeedContext extends WriteContext {
  /** Faker contacts to seed in this tenant (SeedOptions). */
  contactCount: number
  faker: import('@faker-js/faker').Faker
  /** The fixed reference date plus `days`, ISO: seeded data never depends on the day the sandbox starts. */
  at(days: number): string
  insert<T extends Row>(path: string, record: Omit<T, 'id' | 'tenant'>): Promise<T>
}

export type { Permission }

/** Any definition, whatever its record type (the engine reads definitions, it never builds their records). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyResource = ResourceDef<any>
