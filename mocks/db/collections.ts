import { Service, type Data } from 'json-server/lib/service.js'
import { Low } from 'lowdb'
import type { Item } from './db-json.ts'
import { noteWrite } from './write-counter.ts'

/** One tenant's records of every collection: json-server's own `db.data`. */
export type CollectionData = Record<string, Item[]>

interface TenantStore {
  low: Low<Data>
  service: Service
}

/**
 * The `--db` collections the sandbox does not model (`posts`, ...), stored and queried by json-server's own
 * data layer. One `Service` per tenant over that tenant's records: a lookup on one host can never see another
 * tenant's, by construction, as with the tables (docs/decisions/002).
 */
export class Collections {
  readonly #tenants = new Map<string, TenantStore>()

  constructor(readonly names: readonly string[]) {}

  service(slug: string): Service | undefined {
    return this.#tenants.get(slug)?.service
  }

  /** Replaces every tenant's records; json-server takes them over as it would a db.json (numeric ids become strings). */
  replace(bySlug: ReadonlyMap<string, CollectionData>): void {
    this.#tenants.clear()
    for (const [slug, given] of bySlug) {
      const data: Data = Object.fromEntries(this.names.map((name) => [name, given[name] ?? []]))
      // lowdb calls the adapter on every write the Service makes: that is what marks the state for saving.
      const low = new Low<Data>({ read: async () => data, write: async () => noteWrite() }, data)
      this.#tenants.set(slug, { low, service: new Service(low) })
    }
  }

  /** Every record by collection, each with its tenant (the db.json layout). */
  dump(): CollectionData {
    const out: CollectionData = {}
    for (const name of this.names) {
      out[name] = [...this.#tenants].flatMap(([slug, store]) =>
        ((store.low.data[name] as Item[] | undefined) ?? []).map((record) => ({ ...record, tenant: slug })),
      )
    }
    return out
  }
}
