import type { StandardSchemaV1 } from '@standard-schema/spec'
import { Table } from '../mocks/db/table.ts'
import { HttpError } from '../mocks/http/errors.ts'
import { indexedFields } from '../mocks/schema/query.ts'
import type { Records, Relation, StoredRecord } from '../mocks/schema/types.ts'
import { nameParts, resource, resources, schema, schemaNames } from '../mocks/spec/index.ts'
import type { ResourceSpec, TypeNode } from '../mocks/spec/types.ts'

// A `Records` of real tables for the query and validation tests, independent of the store and of relations.ts:
// relations are read from the spec in the simplest way (an embedded `@X` points at X; an IRI property at the
// class its name spells, `localCenter` -> LocalCenter), which is all these tests need to know. Beside it, the
// builders the tests share: a record with a value at the end of a property path, a valid value of a type.

export const TENANT = 'acme'

const ANY: StandardSchemaV1<StoredRecord, StoredRecord> = {
  '~standard': { version: 1, vendor: 'test', validate: (value) => ({ value: value as StoredRecord }) },
}

/** A resource's table as the store makes it: its key unique, its exact-filter fields indexed. */
export function tableFor(spec: ResourceSpec, indexed = true): Table<StoredRecord> {
  const unique = spec.key === 'id' ? [] : [spec.key]
  const fields = indexed ? indexedFields(spec).filter((f) => !unique.includes(f)) : []
  return new Table<StoredRecord>(ANY, unique as never[], [], fields as never[])
}

let byClass: Map<string, string[]> | undefined
const classSchemas = (className: string) => {
  if (!byClass) {
    byClass = new Map()
    for (const name of schemaNames()) {
      const own = nameParts(name).className
      byClass.set(own, [...(byClass.get(own) ?? []), name])
    }
  }
  return byClass.get(className) ?? []
}

const resourceOfClass = (className: string) => resources().find((r) => r.type === className)
const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
const refOf = (t: TypeNode): string | undefined =>
  t.kind === 'ref' ? t.name : t.kind === 'arr' ? refOf(t.items) : undefined
const isIri = (t: TypeNode): boolean => t.kind === 'iri' || (t.kind === 'arr' && isIri(t.items))

export function stubRelation(className: string, property: string): Relation | undefined {
  for (const name of classSchemas(className)) {
    const type = schema(name)?.props[property]
    if (!type) continue
    const ref = refOf(type)
    const target = ref
      ? nameParts(ref).className
      : isIri(type)
        ? [pascal(property), pascal(property.replace(/s$/, ''))].find((c) => resourceOfClass(c))
        : undefined
    if (!target) continue
    const res = resourceOfClass(target)?.name
    return { className: target, ...(res ? { resource: res } : {}), many: type.kind === 'arr' }
  }
  return undefined
}

export interface Stub {
  records: Records
  /** The table of a resource, made on first use. */
  table(name: string): Table<StoredRecord>
  /** Inserts a record (next id of its resource) and returns it. */
  add(name: string, values?: Record<string, unknown>): StoredRecord
}

export function createStub(options: { indexed?: boolean } = {}): Stub {
  const tables = new Map<string, Table<StoredRecord>>()
  const nextIds = new Map<string, number>()
  const table = (name: string) => {
    let t = tables.get(name)
    if (!t) tables.set(name, (t = tableFor(resource(name)!, options.indexed ?? true)))
    return t
  }
  const keyOf = (name: string) => resource(name)?.key ?? 'id'
  const records: Records = {
    resourceOfClass,
    relation: stubRelation,
    get: (name, id) => (resource(name) ? table(name).get(id) : undefined),
    find(name, key) {
      if (!resource(name)) return undefined
      if (keyOf(name) === 'id') return /^\d+$/.test(key) ? table(name).get(Number(key)) : undefined
      return table(name).findUnique(keyOf(name) as never, key as never)
    },
    ids: (name) =>
      table(name)
        .all()
        .map((r) => r.id),
    iri: (name, record) => `/api/v1/${name}/${encodeURIComponent(String(record[keyOf(name)] ?? record.id))}`,
  }
  const add = (name: string, values: Record<string, unknown> = {}) => {
    const id = (nextIds.get(name) ?? 0) + 1
    nextIds.set(name, id)
    const key = keyOf(name)
    const own = key === 'id' ? {} : { [key]: `${key}-${name}-${id}` }
    return table(name).insertNow({ id, tenant: TENANT, ...own, ...values })
  }
  return { records, table, add }
}

/** The class a dotted path ends in, walking the stub's relations (undefined inside a value object). */
export function leafClass(className: string, segments: readonly string[]): string | undefined {
  let cls: string | undefined = className
  for (const step of segments.slice(0, -1)) cls = cls ? stubRelation(cls, step)?.className : undefined
  return cls
}

/** A record's values putting `leaf` at the end of `segments`, related records made on the way. */
export function along(
  stub: Stub,
  className: string | undefined,
  segments: readonly string[],
  leaf: unknown,
): Record<string, unknown> {
  const [head, ...rest] = segments as [string, ...string[]]
  if (!rest.length) return { [head]: leaf }
  const relation = className ? stubRelation(className, head) : undefined
  if (relation?.resource) {
    const related = stub.add(relation.resource, along(stub, relation.className, rest, leaf))
    return { [head]: relation.many ? [related.id] : related.id }
  }
  return { [head]: along(stub, relation?.className, rest, leaf) }
}

const pointsAt = (t: TypeNode): boolean =>
  t.kind === 'iri' ||
  t.kind === 'ref' ||
  (t.kind === 'arr' && pointsAt(t.items)) ||
  (t.kind === 'union' && t.of.some(pointsAt))

/** A valid value of a type: an IRI of a record that exists for a relation. */
export function sample(stub: Stub, className: string, name: string, type: TypeNode): unknown {
  const relation = stubRelation(className, name)
  const iri = (resource: string) => stub.records.iri(resource, stub.add(resource))
  const many = type.kind === 'arr'
  if (relation?.resource && pointsAt(type)) return many ? [iri(relation.resource)] : iri(relation.resource)
  switch (type.kind) {
    case 'str':
      return type.format === 'email'
        ? 'ana@example.org'
        : type.format === 'date-time'
          ? '2024-05-01T10:00:00+00:00'
          : 'text'
    case 'int':
      return 3
    case 'num':
      return 1.5
    case 'bool':
      return true
    case 'enum':
      return type.values[0]
    case 'iri':
      return iri('towns')
    case 'arr':
      return [sample(stub, className, name, type.items)]
    case 'union':
      return sample(stub, className, name, type.of[0]!)
    case 'ref': {
      const of = schema(type.name)
      const out: Record<string, unknown> = {}
      for (const prop of of?.required ?? []) out[prop] = sample(stub, of!.className, prop, of!.props[prop]!)
      return out
    }
    default:
      return {}
  }
}

/** What a write validation answered: the values to store, or the refusal's status, detail and violations. */
export type Answer = {
  status: number
  detail?: string
  violations?: unknown
  values?: Record<string, unknown>
}

export function answer(run: () => Record<string, unknown>): Answer {
  try {
    return { status: 200, values: run() }
  } catch (e) {
    if (!(e instanceof HttpError)) throw e
    return { status: e.status, detail: e.detail, ...(e.violations ? { violations: e.violations } : {}) }
  }
}
