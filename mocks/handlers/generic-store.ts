import type { Item, Service } from 'json-server/lib/service.js'
import type { Collections } from '../db/collections.ts'
import { genericMemory } from '../db/generic-memory.ts'
import { noteWrite } from '../db/write-counter.ts'
import { assertRecordFits, assertRoom } from './record-budget.ts'
import { jsonServerQuery } from './extra-collections.ts'
import type { KeyKind } from './generic-shape.ts'
import type { RouteContext } from './route.ts'

/**
 * Where the records of an operation that is not emulated in full live: one tenant's collection, named after the
 * path's resource (`/api/v1/newsletters/{id}/send` -> `newsletters`), addressed by the path's key (`id`, `uuid`,
 * `hash`). With `--db` it is a json-server collection, saved with the file like the file's own (created on its
 * first write); without, it lives in memory with the database, so a reset (a new database) empties it.
 */
export interface GenericRecords {
  /** Whether generic operations own the records: a db.json's own collection is written by its routes alone. */
  readonly owned: boolean
  list(query: URLSearchParams): Item[]
  get(key: string): Item | undefined
  /** Stores a new record; `values` has no id yet (nor a key other than `id`). */
  create(values: Item): Promise<Item>
  replace(record: Item, values: Item): Promise<Item>
  remove(record: Item): Promise<void>
}

export function genericRecords(ctx: RouteContext, name: string, key: KeyKind): GenericRecords {
  const collections = ctx.core.db.collections
  return collections ? jsonServerRecords(ctx, collections, name, key) : memoryRecords(ctx, name, key)
}

function memoryRecords(ctx: RouteContext, name: string, key: KeyKind): GenericRecords {
  const { core } = ctx
  const tenants = genericMemory(core.db)
  const slot = `${ctx.tenant.tenant.slug} ${name}`
  let records = tenants.get(slot)
  if (!records) tenants.set(slot, (records = new Map()))
  const rows = records
  return {
    owned: true,
    list: () => [...rows.values()],
    get: (k) => rows.get(k),
    async create(values) {
      assertRoom(name, rows.size, ' for the generic operations')
      assertRecordFits(values, GENERIC)
      // Integer ids from the sequence every tenant shares, so the same id never names two records (as Orgo's).
      const record: Item = { id: core.db.ids.next(name), ...withKey(ctx, values, key) }
      rows.set(String(record[key]), record)
      noteWrite()
      return record
    },
    async replace(record, values) {
      const next: Item = { ...values, id: record.id }
      if (key !== 'id') next[key] = record[key]
      assertRecordFits(next, GENERIC)
      rows.set(String(record[key]), next)
      noteWrite()
      return next
    },
    async remove(record) {
      rows.delete(String(record[key]))
      noteWrite()
    },
  }
}

/** A `--db` collection through json-server's Service (its filters, `_sort` and `_embed` included). */
function jsonServerRecords(
  ctx: RouteContext,
  collections: Collections,
  name: string,
  key: KeyKind,
): GenericRecords {
  const slug = ctx.tenant.tenant.slug
  // Absent until its first write: reads of a collection nobody wrote to find nothing.
  const service = (): Service | undefined =>
    collections.names.includes(name) ? collections.service(slug) : undefined
  const find = (k: string): Item | undefined => {
    const s = service()
    if (!s) return undefined
    if (key === 'id') return s.findById(name, k, {})
    return (s.find(name, { [key]: k }) as Item[] | undefined)?.find((r) => String(r[key]) === k)
  }
  return {
    // A collection no operation made yet becomes a generic one on its first write.
    owned: !collections.names.includes(name) || collections.isGeneric(name),
    list: (query) => (service()?.find(name, jsonServerQuery(query)) as Item[] | undefined) ?? [],
    get: find,
    async create(values) {
      assertRoom(
        name,
        (service()?.find(name, {}) as Item[] | undefined)?.length ?? 0,
        ' for the generic operations',
      )
      assertRecordFits(values, GENERIC)
      await collections.ensure(name)
      // An Orgo-like integer id from the shared sequence, as a string: json-server looks ids up as strings.
      let id = String(ctx.core.db.ids.next(name))
      while (service()!.findById(name, id, {})) id = String(ctx.core.db.ids.next(name))
      return (await service()!.create(name, { id, ...withKey(ctx, values, key) }))!
    },
    async replace(record, values) {
      const next: Item = { ...values, id: record.id }
      if (key !== 'id') next[key] = record[key]
      assertRecordFits(next, GENERIC)
      return (await service()!.updateById(name, String(record.id), next))!
    },
    async remove(record) {
      await service()!.destroyById(name, String(record.id), [])
    },
  }
}

/** A new record's key when it is not its id: a uuid (`/courses/{uuid}`), or a hash (`/referrals/{hash}`). */
function withKey(ctx: RouteContext, values: Item, key: KeyKind): Item {
  if (key === 'uuid') return { ...values, uuid: ctx.core.random.uuid() }
  if (key === 'hash') return { ...values, hash: ctx.core.random.hex(32) }
  return values
}

const GENERIC = 'A record of a generic operation'
