import type { CollectionData, Collections } from './collections.ts'
import { createTenantDb, IdSequence, TENANT_SLUG, type Database, type TenantDb } from './database.ts'
import { describeTenant } from './seed.ts'
import { applySchemaTables, dumpSchemaTables, SCHEMA_RESOURCES_KEY, schemaKeysOf } from './schema-tables.ts'
import { Table } from './table.ts'
import { uniqueClash, uniqueFieldsOf } from './unique-clash.ts'

import {
  GENERIC_COLLECTIONS_KEY,
  MAX_ID,
  SEQUENCES_KEY,
  TENANTS_KEY,
  type DbJson,
  type Item,
} from './db-json-format.ts'

export { GENERIC_COLLECTIONS_KEY, MAX_ID, SEQUENCES_KEY, TENANTS_KEY, type DbJson, type Item }

type AnyTable = Table<{ id: string | number }>

const tableKey = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** A tenant's tables under their db.json keys (`eventAttends` -> `event_attends`), so new tables are saved too. */
export function tablesOf(t: TenantDb): Map<string, AnyTable> {
  const out = new Map<string, AnyTable>()
  for (const [field, value] of Object.entries(t))
    if (value instanceof Table) out.set(tableKey(field), value as AnyTable)
  return out
}

let sandboxKeys: ReadonlySet<string> | undefined

/** The keys the sandbox keeps itself; every other key of a db.json is a json-server collection. */
export function isSandboxKey(key: string): boolean {
  sandboxKeys ??= new Set([
    TENANTS_KEY,
    SEQUENCES_KEY,
    GENERIC_COLLECTIONS_KEY,
    SCHEMA_RESOURCES_KEY,
    ...tablesOf(createTenantDb(describeTenant('x'))).keys(),
  ])
  return sandboxKeys.has(key)
}

/**
 * The whole state in db.json form: tenants, id sequences, every table of every tenant, the collections.
 * `rowsOf` picks a table's rows: `--db` saves them as if no state scenario were on (findings N3).
 */
export function dumpDatabase(
  db: Database,
  rowsOf: (table: AnyTable) => Item[] = (table) => table.all(),
): DbJson {
  const tenants = [...db.tenants.values()]
  const out: DbJson = {
    [TENANTS_KEY]: tenants.map(({ tenant }) => ({
      id: tenant.slug,
      name: tenant.name,
      settings: tenant.settings,
    })),
    [SEQUENCES_KEY]: Object.entries(db.ids.toJSON()).map(([id, next]) => ({ id, next })),
  }
  // concat, not push(...rows): a spread of 100,000 records overflows the stack.
  for (const t of tenants)
    for (const [key, table] of tablesOf(t)) out[key] = (out[key] ?? []).concat(rowsOf(table))
  dumpSchemaTables(db, out)
  return { ...out, ...db.collections?.dump() }
}

/** A name from the file, quoted and escaped: a collection key or a slug may hold terminal escapes (findings N7). */
const quote = (name: string) => JSON.stringify(name)

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

const isObject = (value: unknown): value is Item =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** The shape every db.json must have; throws an Error that says what to change (checked once, at start-up). */
export function checkDbJson(value: unknown, source: string): DbJson {
  if (!isObject(value)) {
    throw new Error(
      `${source} must hold a JSON object of collections, e.g. {"posts": [{"id": 1, "title": "Hello"}]}; it holds ${kindOf(value)}.`,
    )
  }
  for (const [key, records] of Object.entries(value)) {
    if (!Array.isArray(records)) {
      throw new Error(
        `${source}: ${quote(key)} must be an array of records, e.g. ${quote(key)}: [{"id": 1}]; it is ${kindOf(records)} (json-server's single-object resources are not served).`,
      )
    }
    if (!isSandboxKey(key) && !/^[A-Za-z0-9][\w-]*$/.test(key)) {
      throw new Error(
        `${source}: ${quote(key)} cannot be served as /api/v1/${quote(key).slice(1, -1)}: name collections with letters, digits, "-" and "_".`,
      )
    }
    // A record container keyed by such a name would find Object.prototype's member instead (findings L10).
    if (!isSandboxKey(key) && (key in Object.prototype || key === 'prototype')) {
      throw new Error(
        `${source}: ${quote(key)} cannot be a collection name: JavaScript objects have a built-in ${quote(key)}, which the data layer would find instead of the collection. Rename it.`,
      )
    }
    records.forEach((record: unknown, i) => {
      if (!isObject(record))
        throw new Error(`${source}: ${key}[${i}] must be an object with an "id"; it is ${kindOf(record)}.`)
      const id = record.id
      if (id === undefined)
        throw new Error(
          `${source}: ${key}[${i}] has no "id": give every record a unique "id" (a number or a string).`,
        )
      if (!(typeof id === 'number' && Number.isFinite(id)) && !(typeof id === 'string' && id !== '')) {
        throw new Error(
          `${source}: ${key}[${i}] has "id": ${JSON.stringify(id)}; an id is a number or a non-empty string.`,
        )
      }
      // 1e308 or 2^53 + 1 are not exact: two records, or the next ids handed out, would share one (findings L10).
      if (typeof id === 'number' && !Number.isSafeInteger(id)) {
        throw new Error(
          `${source}: ${key}[${i}] has "id": ${JSON.stringify(id)}; a numeric id is a whole number of at most ${Number.MAX_SAFE_INTEGER} (2^53 - 1).`,
        )
      }
      if (key === TENANTS_KEY && !(typeof id === 'string' && TENANT_SLUG.test(id))) {
        throw new Error(
          `${source}: ${key}[${i}] has "id": ${JSON.stringify(id)}; a tenant id is its slug, a DNS label such as "acme".`,
        )
      }
    })
  }
  return value as DbJson
}

export interface ApplyOptions {
  /** Records without a `tenant` belong to it. */
  defaultTenant: string
  /** Names the file in error messages. */
  source: string
}

/**
 * Puts a db.json's data into a database: each modelled collection present replaces that table in every tenant,
 * the id sequences move past every loaded id, and the json-server collections replace theirs. Throws an Error
 * naming the record to fix; the database may then be half-loaded, which is why it only runs at start-up, on a
 * reset and on a restore of the sandbox's own snapshot.
 */
export async function applyDbJson(db: Database, json: DbJson, options: ApplyOptions): Promise<void> {
  // A copy: the caller's data (the file read at start-up, a snapshot) is applied again on every reset or restore.
  const data = structuredClone(json)
  const fail = (message: string): never => {
    throw new Error(`${options.source}: ${message}`)
  }
  const slugOf = (record: Item, where: string): string => {
    const slug = record.tenant ?? options.defaultTenant
    if (typeof slug !== 'string')
      fail(
        `${where} has "tenant": ${JSON.stringify(slug)}; it must be a tenant slug such as "${options.defaultTenant}".`,
      )
    if (!db.tenants.has(slug as string)) {
      const served = [...db.tenants.keys()].join(', ')
      fail(
        `${where} belongs to tenant ${quote(slug as string)}, which is not served: add {"id": ${quote(slug as string)}} to "${TENANTS_KEY}", or change the record's "tenant" (served: ${served}).`,
      )
    }
    return slug as string
  }
  data[TENANTS_KEY]?.forEach((record, i) => applyTenant(db, record, `${TENANTS_KEY}[${i}]`, fail))
  data[SEQUENCES_KEY]?.forEach((record, i) => {
    const next = record.next
    if (typeof next !== 'number' || !Number.isSafeInteger(next) || next < 1 || next > MAX_ID + 1)
      fail(
        `${SEQUENCES_KEY}[${i}] needs "next": the next id to hand out, an integer from 1 to ${MAX_ID + 1} (2^52 + 1).`,
      )
    db.ids.reserve(String(record.id), next as number)
  })
  const tables = [...db.tenants.values()].map((t) => ({
    slug: t.tenant.slug,
    tables: tablesOf(t),
    unique: uniqueFieldsOf(t),
  }))
  for (const [key, schemaTable] of tables[0]?.tables ?? []) {
    const records = data[key]
    if (!records) continue
    const seen = new Map<string, number>()
    let maxId = 0
    for (const [i, record] of records.entries()) {
      const where = `${key}[${i}]`
      record.tenant = slugOf(record, where)
      const first = seen.get(String(record.id))
      if (first !== undefined)
        fail(`${where} repeats the id ${JSON.stringify(record.id)} of ${key}[${first}]: ids must be unique.`)
      seen.set(String(record.id), i)
      if (typeof record.id === 'number' && record.id > MAX_ID)
        fail(
          `${where} has "id": ${record.id}; integer ids go up to ${MAX_ID} (2^52), so that the ids handed out after them stay below 2^53, where numbers stop being exact.`,
        )
      if (typeof record.id === 'number' && record.id > maxId) maxId = record.id
      const result = await schemaTable.schema['~standard'].validate(record)
      if (result.issues) {
        const problems = result.issues.map((issue) => `${issuePath(issue.path)}: ${issue.message}`).join('; ')
        fail(
          `${where} (id ${JSON.stringify(record.id)}) does not fit "${key}": ${problems}. Fix it, or leave "${key}" out to keep the seeded ones.`,
        )
      }
    }
    for (const { slug, tables: own, unique } of tables) {
      const table = own.get(key)!
      table.clear()
      for (const [i, record] of records.entries()) {
        if (record.tenant !== slug) continue
        const clash = uniqueClash(table, unique.get(table), record)
        if (clash)
          fail(
            `${key}[${i}] (id ${JSON.stringify(record.id)}) has the ${clash.field} ${JSON.stringify(record[clash.field])} of id ${JSON.stringify(clash.holder)} in tenant "${slug}": ${clash.field} is unique in a tenant${clash.ignoringCase ? ', ignoring case' : ''}.`,
          )
        await table.insert(record as never)
      }
    }
    // Integer ids come from one sequence per kind (`contacts` -> `contact`); it must never hand out a loaded id.
    if (maxId) db.ids.reserve(key.replace(/s$/, ''), maxId + 1)
  }
  applySchemaTables(db, data, fail)
  applyCollections(db, data, slugOf, fail)
}

function applyCollections(
  db: Database,
  data: DbJson,
  slugOf: (record: Item, where: string) => string,
  fail: (message: string) => never,
) {
  const collections = db.collections
  const schemaKeys = schemaKeysOf(data)
  const stray = Object.keys(data).find(
    (key) => !isSandboxKey(key) && !schemaKeys.has(key) && !collections?.names.includes(key),
  )
  if (stray !== undefined)
    fail(
      `${quote(stray)} is not a collection of this sandbox (it serves those of its --db file at start-up).`,
    )
  if (!collections) return
  const bySlug = new Map<string, CollectionData>(
    [...db.tenants.keys()].map((slug) => [slug, Object.create(null) as CollectionData]),
  )
  for (const name of collections.names) {
    const seen = new Map<string, number>()
    data[name]?.forEach((record, i) => {
      const where = `${name}[${i}]`
      const slug = slugOf(record, where)
      // Stored without its tenant: the host decides the tenant, so a body can never move a record elsewhere.
      delete record.tenant
      const key = `${slug} ${String(record.id)}`
      const first = seen.get(key)
      if (first !== undefined)
        fail(
          `${where} repeats the id ${JSON.stringify(record.id)} of ${name}[${first}] in tenant "${slug}": ids must be unique.`,
        )
      seen.set(key, i)
      ;(bySlug.get(slug)![name] ??= []).push(record)
    })
  }
  collections.replace(bySlug)
}

function applyTenant(db: Database, record: Item, where: string, fail: (message: string) => never): void {
  const t = db.tenants.get(String(record.id))
  if (!t) return fail(`${where}: tenant ${quote(String(record.id))} is not served.`)
  const { name, settings } = record
  if (name !== undefined && typeof name !== 'string') fail(`${where}: "name" must be a string.`)
  if (
    settings !== undefined &&
    !(isObject(settings) && Object.values(settings).every((v) => typeof v === 'string'))
  ) {
    fail(`${where}: "settings" must be an object of strings (locale, timezone, currency, primaryColor).`)
  }
  t.tenant = {
    id: t.tenant.id,
    slug: t.tenant.slug,
    name: (name as string | undefined) ?? t.tenant.name,
    settings: { ...t.tenant.settings, ...(settings as object) },
  }
}

function issuePath(path: ReadonlyArray<PropertyKey | { key: PropertyKey }> | undefined): string {
  return (
    (path ?? [])
      .map((part) => {
        const key = String(typeof part === 'object' ? part.key : part)
        return /^[\w$-]+$/.test(key) ? key : quote(key)
      })
      .join('.') || '(record)'
  )
}

/** A new database holding exactly a dump's data (a snapshot's): its tenants, tables, sequences and collections. */
export async function loadDatabase(
  json: DbJson,
  collections: Collections | undefined,
  defaultTenant: string,
): Promise<Database> {
  const db: Database = { tenants: new Map(), ids: new IdSequence(), collections }
  for (const record of json[TENANTS_KEY] ?? [])
    db.tenants.set(String(record.id), createTenantDb(describeTenant(String(record.id))))
  await applyDbJson(db, json, { defaultTenant, source: 'snapshot' })
  return db
}

/** Slugs a db.json lists in its `tenants` collection: served beside the configured ones. */
export function tenantsOf(json: DbJson): string[] {
  return (json[TENANTS_KEY] ?? []).map((record) => String(record.id))
}
