import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { Faker } from '@faker-js/faker'
import type { SandboxCore } from '../core-types.ts'
import type { TenantDb } from '../db/database.ts'
import { createRandom } from '../db/random.ts'
import { Table } from '../db/table.ts'
import { itemIri } from '../http/hydra.ts'
import { API } from '../resources/engine/serialize.ts'
import { resourceAt } from '../resources/index.ts'
import type { ReadContext, ResourceDef, Row, TableLike } from '../resources/types.ts'
import { resource as specResource } from '../spec/index.ts'
import type { ResourceSpec } from '../spec/types.ts'
import { curatedSeed, hasCuratedSeed, seedFix } from './curated.ts'
import { fakeRecords } from './fake.ts'
import { indexedFields } from './query.ts'
import { relationOf, resourceOfClass } from './relations.ts'
import { fnv1a } from './scalars.ts'
import type { Records, StoredRecord } from './types.ts'

/**
 * Where the resources the schema engine serves keep their records: one table per tenant and resource, made and
 * seeded on the resource's first touch in that tenant (issue 23 item 3: start-up and idle memory do not grow with
 * the number of resources), or filled from what a `--db` file or a snapshot held. The seed is the sandbox's
 * `--seed` with the tenant and the resource, so a resource's records do not depend on which was touched first.
 * The hand-written resources keep their own tables; `Records` reaches both, so either can point at the other.
 */

/** Records seeded per tenant for each resource with a collection. */
export const SEED_COUNT = 10

/**
 * Resources a tenant starts without: a seeded webhook subscription would point deliveries at a made-up URL, and
 * the sandbox sends webhooks only where the developer said.
 */
const UNSEEDED: ReadonlySet<string> = new Set(['webhook_subscriptions'])

export type SchemaTable = Table<StoredRecord>

const ANY_RECORD: StandardSchemaV1<StoredRecord, StoredRecord> = {
  '~standard': {
    version: 1,
    vendor: 'orgo-sandbox',
    validate: (value) =>
      value !== null && typeof value === 'object' && Number.isSafeInteger((value as Row).id)
        ? { value: value as StoredRecord }
        : { issues: [{ message: 'a record needs an integer id' }] },
  },
}

/** The key fields a resource's records are found by besides `id`, each held by one record only. */
function keyFields(spec: ResourceSpec): string[] {
  return spec.key === 'id' ? [] : [spec.key]
}

/**
 * The resource's table in this tenant: a hand-written resource's own (its records, written by every operation on
 * the resource: issue 23 item 5), else the engine's, made and seeded or loaded on the first touch.
 */
export function schemaTable(core: SandboxCore, t: TenantDb, spec: ResourceSpec): SchemaTable {
  t.open ??= openTable(core, t)
  const def = resourceAt(spec.name)
  if (def) {
    const table = t.tables.get(def.path) as unknown as SchemaTable
    if (def.fakeRest) fillRest(core, t, spec, table)
    return table
  }
  const made = t.schema.get(spec.name) as SchemaTable | undefined
  if (made) return made
  const unique = keyFields(spec)
  const indexed = indexedFields(spec).filter((f) => !unique.includes(f))
  const table = new Table<StoredRecord>(ANY_RECORD, unique as never[], [], indexed as never[])
  // In the map before seeding: a relation back to this resource finds the records seeded so far, not a loop.
  t.schema.set(spec.name, table as unknown as Table<Row>)
  const loaded = t.schemaLoaded.get(spec.name)
  const reserved = [...(t.schemaReserved.get(spec.name) ?? [])]
  t.schemaReserved.delete(spec.name)
  if (loaded) {
    t.schemaLoaded.delete(spec.name)
    for (const row of loaded) table.insertNow(row as StoredRecord)
  } else if (isSeeded(spec)) {
    // The ids other records already point at, then the sequence.
    const next = () => reserved.shift() ?? core.db.ids.next(spec.name)
    const curated = curatedSeed(spec.name, t, openTable(core, t))
    const fakes = fakesOf(core, t, spec, curated?.length ?? SEED_COUNT, next)
    const fix = seedFix(spec.name)
    for (const [i, row] of fakes.entries())
      table.insertNow(
        curated
          ? { ...row, ...curated[i], id: row.id }
          : fix
            ? { ...row, ...fix(row, i, t), id: row.id }
            : row,
      )
    seededIds.set(
      table,
      fakes.slice(0, 50).map((row) => row.id),
    )
  }
  // Its seeded or loaded records are in: from here on, its writes are changes others may be told of.
  t.watch?.(spec.name, table as unknown as Table<Row>)
  return table
}

/** A resource's table by name, made on demand (TenantDb `open`: the permission grants read user_roles by it). */
const openTable = (core: SandboxCore, t: TenantDb) => (name: string) => {
  const spec = specResource(name)
  return spec ? (schemaTable(core, t, spec) as unknown as Table<Row>) : undefined
}

/** The ids a table's seed gave, the ones fake relations of other resources may point at. */
const seededIds = new WeakMap<SchemaTable, readonly number[]>()

/** A resource with a list, or one whose records are curated (products and prices: mocks/schema/curated.ts). */
const isSeeded = (spec: ResourceSpec) =>
  (spec.methods.list !== undefined || hasCuratedSeed(spec.name)) && !UNSEEDED.has(spec.name)

/**
 * The ids of a resource's records in this tenant, without seeding it: those of its table once made (or loaded),
 * else the ids its seed will give its records, reserved now from its sequence (`t.schemaReserved`). A fake
 * record's relation points at one of them, and the related resource is seeded when it is read: a first touch
 * costs one resource, not the graph of everything it relates to.
 */
function idsOf(core: SandboxCore, t: TenantDb, spec: ResourceSpec): readonly number[] {
  // The curated-only resources (products and prices: curated.ts) are pointed at by the curated seeds that need them;
  // no other fake points at them, as before they were seeded, so seeding them moves no other resource's fake values.
  if (hasCuratedSeed(spec.name)) return []
  if (t.schema.has(spec.name) || t.schemaLoaded.has(spec.name)) {
    const table = schemaTable(core, t, spec)
    // A seeded record points at seeded ones: never at one a client has just made (a fake contract user of the
    // contract a walkthrough created would be cancelled by its ask-resign, or block its delete).
    const seeded = seededIds.get(table)?.filter((id) => table.get(id))
    return seeded?.length ? seeded : table.slice(0, 50).map((r) => r.id)
  }
  let ids = t.schemaReserved.get(spec.name)
  if (!ids) {
    ids = isSeeded(spec) ? Array.from({ length: SEED_COUNT }, () => core.db.ids.next(spec.name)) : []
    t.schemaReserved.set(spec.name, ids)
  }
  return ids
}

const filled = new WeakMap<TenantDb, Set<string>>()

/**
 * A hand-written resource's records with the schema's other fields faked, once per tenant: the seed gave the
 * names the curated examples use, the spec has the rest (a local center's town, status, contact details). A field
 * a record holds (its name, a value written since, or one a `--db` file kept) is never replaced.
 */
function fillRest(core: SandboxCore, t: TenantDb, spec: ResourceSpec, table: SchemaTable): void {
  let done = filled.get(t)
  if (!done) filled.set(t, (done = new Set()))
  if (done.has(spec.name)) return
  done.add(spec.name)
  const rows = table.all()
  const fakes = fakesOf(core, t, spec, rows.length, () => 0)
  rows.forEach((row, i) =>
    table.updateNow(row, (draft) => {
      for (const [name, value] of Object.entries(fakes[i]!))
        if (!(name in draft) && name !== 'id' && name !== 'tenant') draft[name] = value
    }),
  )
}

/** `count` fake records of the resource in this tenant, deterministic for the seed, tenant and resource. */
function fakesOf(
  core: SandboxCore,
  t: TenantDb,
  spec: ResourceSpec,
  count: number,
  nextId: () => number,
): StoredRecord[] {
  const faker = fakerFor(core, t.tenant.slug, spec.name)
  return fakeRecords(spec, count, {
    faker,
    tenant: t.tenant,
    now: core.clock.now(),
    nextId,
    records: recordsOf(core, t),
  })
}

const fakers = new WeakMap<SandboxCore['db'], Faker>()

/** One faker per database, seeded afresh for each resource: the same seed, tenant and resource, the same records. */
function fakerFor(core: SandboxCore, slug: string, name: string): Faker {
  let faker = fakers.get(core.db)
  if (!faker) fakers.set(core.db, (faker = createRandom(core.options.seed).faker))
  faker.seed([core.options.seed, fnv1a(slug), fnv1a(name)])
  return faker
}

const records = new WeakMap<TenantDb, Records>()

/** Every resource's records in one tenant, as the engine's stages reach them (mocks/schema/types.ts). */
export function recordsOf(core: SandboxCore, t: TenantDb): Records {
  let made = records.get(t)
  if (made) return made
  const handWritten = (name: string) => {
    const def = resourceAt(name)
    if (!def) return undefined
    const table = t.tables.get(def.path)!
    if (def.fakeRest) fillRest(core, t, specResource(name)!, table as unknown as SchemaTable)
    return { def, table }
  }
  const derived = (name: string) => {
    const spec = specResource(name)
    return spec ? schemaTable(core, t, spec) : undefined
  }
  made = {
    resourceOfClass,
    relation: relationOf,
    get(name, id) {
      const own = handWritten(name)
      if (!own) return derived(name)?.get(id)
      const record = own.table.get(id)
      return record && withComputed(core, t, own.def, record)
    },
    find(name, key) {
      const own = handWritten(name)
      if (own) {
        const { def, table } = own
        const found = def.key === 'uuid' ? table.findUnique('uuid' as never, key as never) : byId(table, key)
        return found && withComputed(core, t, def, found)
      }
      const spec = specResource(name)
      if (!spec) return undefined
      const table = schemaTable(core, t, spec)
      return spec.key === 'id' ? byId(table, key) : table.findUnique(spec.key as never, key as never)
    },
    ids(name) {
      // A page of ids is enough to relate fake records to: the hand-written tables may hold 100,000.
      const own = handWritten(name)
      if (own) return own.table.slice(0, 50).map((r) => r.id)
      const spec = specResource(name)
      return spec ? idsOf(core, t, spec) : []
    },
    iri(name, record) {
      const own = handWritten(name)
      const key = own ? (own.def.key === 'uuid' ? 'uuid' : 'id') : (specResource(name)?.key ?? 'id')
      return itemIri(`${API}/${name}`, record[key] ?? record.id)
    },
  }
  records.set(t, made)
  return made
}

/**
 * A hand-written record with its computed fields (`fullName` of a user), as its own serializer shows them: an
 * embed of it in a derived resource's answer must not show what the hand-written answer computes as empty.
 * A view, not a copy: an embed shows a few of a user's fields, and copying and computing all of them was a fifth
 * of a page of newsletters (each embeds its owner). One view per stored version of a record (a write makes a new
 * object), computed on each read, so it never goes stale.
 */
function withComputed(core: SandboxCore, t: TenantDb, def: ResourceDef, record: Row): StoredRecord {
  let view = views.get(record)
  if (view) return view
  const read = readContextOf(core, t)
  const names = computedOf(def)
  view = new Proxy(record as StoredRecord, {
    get(target, name, receiver) {
      const field = typeof name === 'string' && names.has(name) ? def.fields[name]! : undefined
      return field
        ? (field.compute!(target, read) ?? field.none ?? null)
        : Reflect.get(target, name, receiver)
    },
    has: (target, name) => (typeof name === 'string' && names.has(name)) || Reflect.has(target, name),
  })
  views.set(record, view)
  return view
}

const views = new WeakMap<Row, StoredRecord>()
const readContexts = new WeakMap<TenantDb, ReadContext>()

/** What a computed field reads: the tenant's tables and the sandbox clock, read live. */
function readContextOf(core: SandboxCore, t: TenantDb): ReadContext {
  let read = readContexts.get(t)
  if (!read) {
    const clock = core.clock
    read = {
      table: (path) => t.tables.get(path) as TableLike<Row> | undefined,
      get now() {
        return clock.now()
      },
      tenant: { slug: t.tenant.slug, name: t.tenant.name, id: t.tenant.id },
    }
    readContexts.set(t, read)
  }
  return read
}

const computed = new WeakMap<ResourceDef, ReadonlySet<string>>()

function computedOf(def: ResourceDef): ReadonlySet<string> {
  let names = computed.get(def)
  if (!names)
    computed.set(def, (names = new Set(Object.keys(def.fields).filter((name) => def.fields[name]!.compute))))
  return names
}

function byId<T extends { id: string | number }>(table: { get(id: number): T | undefined }, key: string) {
  return /^\d+$/.test(key) ? table.get(Number(key)) : undefined
}
