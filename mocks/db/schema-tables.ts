import type { Database } from './database.ts'
import { MAX_ID } from './db-json-format.ts'
import type { DbJson, Item } from './db-json-format.ts'

/**
 * The records of the resources the schema engine serves (mocks/schema/store.ts) in db.json: each resource under
 * its own name, as Orgo names it (`products`), and the resources and tenants the file holds under
 * `schema_resources`, so that on the next start they are loaded back rather than seeded again, and the same
 * request gets the same answer before and after a restart (issue 23, item 5). A tenant listed with no record
 * stays empty: what a client deleted is not seeded back.
 */
export const SCHEMA_RESOURCES_KEY = 'schema_resources'

/** The names a file keeps under `schema_resources`: its schema resources, not json-server collections. */
export function schemaKeysOf(json: DbJson): Set<string> {
  const out = new Set<string>()
  for (const entry of json[SCHEMA_RESOURCES_KEY] ?? []) if (typeof entry.id === 'string') out.add(entry.id)
  return out
}

/**
 * Adds every touched or loaded schema resource of every tenant to a dump, and the ids reserved for the records
 * of resources not seeded yet (`reserved: {"<slug>": [ids]}`): records saved now point at them, so the seed
 * that comes after a restart must give those records the same ids.
 */
export function dumpSchemaTables(db: Database, out: DbJson): void {
  const entries = new Map<string, { id: string; tenants: string[]; reserved?: Record<string, number[]> }>()
  const entry = (id: string) => {
    let made = entries.get(id)
    if (!made) entries.set(id, (made = { id, tenants: [] }))
    return made
  }
  for (const t of db.tenants.values()) {
    const names = new Set([...t.schema.keys(), ...t.schemaLoaded.keys()])
    for (const name of names) {
      const rows = t.schema.get(name)?.all() ?? t.schemaLoaded.get(name) ?? []
      // concat, not push(...rows): a spread of 100,000 records overflows the stack.
      out[name] = (out[name] ?? []).concat(rows as Item[])
      entry(name).tenants.push(t.tenant.slug)
    }
    for (const [name, ids] of t.schemaReserved) {
      const made = entry(name)
      made.reserved = { ...made.reserved, [t.tenant.slug]: [...ids] }
    }
  }
  if (entries.size) out[SCHEMA_RESOURCES_KEY] = [...entries.values()]
}

/**
 * Puts a file's schema resources back, to be taken by the store on each one's first touch in a tenant; throws
 * (through `fail`) on a record that is not one.
 */
export function applySchemaTables(db: Database, json: DbJson, fail: (message: string) => never): void {
  for (const [i, entry] of (json[SCHEMA_RESOURCES_KEY] ?? []).entries()) {
    const where = `${SCHEMA_RESOURCES_KEY}[${i}]`
    const { id: name, tenants, reserved } = entry
    if (typeof name !== 'string' || !Array.isArray(tenants) || tenants.some((s) => typeof s !== 'string'))
      fail(
        `${where} must be {"id": "<resource>", "tenants": ["<slug>", ...]}; it is ${JSON.stringify(entry)}.`,
      )
    const rows = json[name] ?? []
    let maxId = 0
    for (const [slug, ids] of Object.entries(reserved ?? {})) {
      const t = db.tenants.get(slug)
      const valid =
        Array.isArray(ids) && ids.every((id) => Number.isSafeInteger(id) && id >= 1 && id <= MAX_ID)
      if (!t || !valid)
        fail(`${where}.reserved.${slug} must be a served tenant's list of integer ids from 1 to ${MAX_ID}.`)
      t.schemaReserved.set(name, [...(ids as number[])])
      maxId = Math.max(maxId, ...(ids as number[]))
    }
    for (const slug of tenants as string[]) {
      const t = db.tenants.get(slug)
      if (!t) fail(`${where} lists the tenant ${JSON.stringify(slug)}, which is not served.`)
      t.schemaLoaded.set(name, [])
      t.schema.delete(name)
    }
    for (const [j, record] of rows.entries()) {
      const id = record.id
      if (!Number.isSafeInteger(id) || (id as number) < 1 || (id as number) > MAX_ID)
        fail(`${name}[${j}] needs an integer "id" from 1 to ${MAX_ID}; it has ${JSON.stringify(id)}.`)
      const own =
        typeof record.tenant === 'string' ? db.tenants.get(record.tenant)?.schemaLoaded.get(name) : undefined
      if (!own)
        fail(`${name}[${j}] has "tenant": ${JSON.stringify(record.tenant)}, which ${where} does not list.`)
      own.push(structuredClone(record) as Item & { id: number; tenant: string })
      maxId = Math.max(maxId, id as number)
    }
    // The resource's id sequence (the store's `ids.next(name)`) must never hand out a loaded id.
    if (maxId) db.ids.reserve(name, maxId + 1)
  }
}
