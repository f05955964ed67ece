// The db.json format's own words, in a module that imports nothing: the collections (json-server's side) and
// the tables (the sandbox's side) both read them, and neither may import the other.

/** One record of a json-server collection. */
export type Item = Record<string, unknown>

/** json-server's db.json: top-level keys, each an array of records with an `id` (docs/decisions/005). */
export type DbJson = Record<string, Item[]>

export const TENANTS_KEY = 'tenants'
export const SEQUENCES_KEY = 'id_sequences'
/** The collections a generic operation made, `[{"id": "courses"}]`: served by the generic operations (findings-3 N9). */
export const GENERIC_COLLECTIONS_KEY = 'generic_collections'

/** The largest integer id a file may hold: 2^52 leaves 2^52 new ids before 2^53, where numbers stop being exact. */
export const MAX_ID = 2 ** 52
