import type { Item } from 'json-server/lib/service.js'
import type { Database } from './database.ts'

/** The records of one database's generic operations: `"<tenant> <collection>"` -> key -> record. */
export type GenericMemory = Map<string, Map<string, Item>>

// Keyed by the database: a reset builds a new one, and with it an empty store.
const stores = new WeakMap<Database, GenericMemory>()

/**
 * Where the operations not emulated in full keep their records without `--db` (mocks/handlers/generic-store.ts).
 * Beside the database rather than in it: they have no resource definition, and db.json dumps hold only those.
 */
export function genericMemory(db: Database): GenericMemory {
  let store = stores.get(db)
  if (!store) stores.set(db, (store = new Map()))
  return store
}

/** A snapshot's copy of the store, given to the database that restoring it built. */
export function restoreGenericMemory(db: Database, saved: GenericMemory): void {
  stores.set(db, structuredClone(saved))
}
