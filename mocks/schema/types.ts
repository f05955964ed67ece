import type { Faker } from '@faker-js/faker'
import type { ResourceSpec } from '../spec/types.ts'

/**
 * The schema engine's contract (issue 23): how a resource derived from Orgo's spec (mocks/spec/) is stored,
 * seeded, queried, validated and rendered. Each stage is its own module (fake.ts, render.ts, query.ts,
 * validate.ts, relations.ts) and reads only this module and mocks/spec/, so no stage imports another's code.
 *
 * A stored record keeps the wire's property names (decision 009). A relation to a record of a resource is stored
 * as that record's integer `id` (an array of ids for a to-many relation), whatever the schema shows (an embedded
 * object, an IRI): the hand-written resources store theirs the same way, so either kind can point at the other.
 * A value object with no resource of its own (an address, a settings map) is stored as the object itself.
 */
export type StoredRecord = { id: number; tenant: string; [property: string]: unknown }

/** Where a property of a class points: a resource's records, by integer id. */
export interface Relation {
  /** The class of the related records (`LocalCenter`). */
  className: string
  /** The resource holding them (`local_centers`); undefined when the spec has no resource for the class. */
  resource?: string
  many: boolean
}

/** How the engine reaches records of any resource, hand-written or derived (the store implements it). */
export interface Records {
  /** The resource that holds records of a class: by its schemas' class name (`LocalCenter` -> local_centers). */
  resourceOfClass(className: string): ResourceSpec | undefined
  /** A record by integer id; seeds the resource first when it has not been touched in this tenant. */
  get(resource: string, id: number): StoredRecord | undefined
  /** A record by the resource's key (`id` as a number, `uuid`, `hash`), as an item path names it. */
  find(resource: string, key: string): StoredRecord | undefined
  /** The ids of a resource's records in this tenant (seeding it first), for relations of fake records. */
  ids(resource: string): readonly number[]
  /** `/api/v1/<collection path>/<key>`: the record's IRI, its key percent-encoded (mocks/http/hydra.ts itemIri). */
  iri(resource: string, record: StoredRecord): string
  /** Where a property of a class points (relations.ts `relationOf`), or undefined for a plain value. */
  relation(className: string, property: string): Relation | undefined
}

/** What seeding a resource may use: deterministic per tenant and resource (same seed, same data). */
export interface FakeContext {
  faker: Faker
  tenant: { slug: string; name: string; id: number }
  /** The sandbox clock: seeded dates lie around it. */
  now: number
  nextId(): number
  records: Records
}

/** One page of a collection after filters and order (query.ts), before rendering. */
export interface QueryResult {
  rows: readonly StoredRecord[]
  total: number
  page: number
  itemsPerPage: number
}

/*
 * The stages, each a module of mocks/schema/ with these entry points (the store and the route call them):
 * - relations.ts  `relationOf(className, property): Relation | undefined`, `resourceOfClass(className)`
 * - fake.ts       `fakeRecords(spec: ResourceSpec, count: number, ctx: FakeContext): StoredRecord[]`
 * - render.ts     `renderAnswer(op: SpecOperation, status: string, format: Format, payload, records, req)`
 *                 -> SandboxResponse: an item, a QueryResult page or nothing, in the shape the spec gives that
 *                 status and media type; `renderValue(type: TypeNode, value, records, format)` for one value
 * - shape.ts      `shapeProblems(type: TypeNode, value: unknown, format): string[]` (the conformance checker)
 * - query.ts      `queryRecords(spec, table: Table<StoredRecord>, query: URLSearchParams, records): QueryResult`
 * - validate.ts   `validateWrite(op, body, mode: 'create' | 'update' | 'replace', records, current?)`
 *                 -> the values to store (IRIs resolved to ids), or throws the 400/422 API Platform answers
 */
