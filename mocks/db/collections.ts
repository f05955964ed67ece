import type { Data, Service } from 'json-server/lib/service.js'
import type { Low } from 'lowdb'
import { GENERIC_COLLECTIONS_KEY, type Item } from './db-json-format.ts'
import { noteWrite } from './write-counter.ts'

/** One tenant's records of every collection: json-server's own `db.data`. */
export type CollectionData = Record<string, Item[]>

/** json-server's id for a POST without one: 4 hex digits (its `randomId`); longer once those keep colliding. */
function randomHexId(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
}

interface TenantStore {
  low: Low<Data>
  service: Service
}

type Backend = (data: Data) => TenantStore

/** json-server's Service and lowdb: loaded only for a `--db` file with collections of its own (docs/decisions/011). */
async function loadBackend(): Promise<Backend> {
  const [{ Service }, { Low }] = await Promise.all([import('json-server/lib/service.js'), import('lowdb')])

  /** json-server's Service, except that a generated id is never one the collection already holds (findings L11). */
  class UniqueIdService extends Service {
    override async create(name: string, data: Omit<Item, 'id'> = {}): Promise<Item | undefined> {
      return super.create(name, data.id === undefined ? { ...data, id: this.#freeId(name) } : data)
    }

    #freeId(name: string): string {
      // 8 tries per length: a collection half full of 4-digit ids still finds one almost always on the first.
      for (let bytes = 2; ; bytes *= 2) {
        for (let tries = 0; tries < 8; tries++) {
          const id = randomHexId(bytes)
          if (!this.findById(name, id, {})) return id
        }
      }
    }
  }

  return (data) => {
    // lowdb calls the adapter on every write the Service makes: that is what marks the state for saving.
    const low = new Low<Data>({ read: async () => data, write: async () => noteWrite() }, data)
    return { low, service: new UniqueIdService(low) }
  }
}

/**
 * The `--db` collections the sandbox does not model (`posts`, ...), stored and queried by json-server's own
 * data layer. One `Service` per tenant over that tenant's records: a lookup on one host can never see another
 * tenant's, by construction, as with the tables (docs/decisions/002).
 */
export class Collections {
  readonly #tenants = new Map<string, TenantStore>()
  readonly #backend: Backend | undefined
  readonly #names: string[]
  readonly #generic: Set<string>

  private constructor(names: readonly string[], backend: Backend | undefined, generic: Set<string>) {
    this.#names = [...names]
    this.#backend = backend
    this.#generic = generic
  }

  /** The file's collections. */
  get names(): readonly string[] {
    return this.#names
  }

  /** The collections json-server's routes serve: the file's own, not those a generic operation made. */
  get served(): readonly string[] {
    return this.#names.filter((name) => !this.#generic.has(name))
  }

  /**
   * Whether a generic operation of an earlier version made the collection (listed under the file's generic
   * collections key): kept in the file as it was, but the schema engine, not json-server, serves its paths.
   */
  isGeneric(name: string): boolean {
    return this.#generic.has(name)
  }

  /**
   * The collections of a `--db` file; json-server's data layer is loaded only if there are any. `generic` is the
   * file's `generic_collections` list; throws an Error that says what to fix when it is not a list of names.
   */
  static async open(names: readonly string[], generic: readonly Item[] = []): Promise<Collections> {
    const made = new Set<string>()
    generic.forEach(({ id }, i) => {
      if (typeof id !== 'string' || !/^[A-Za-z0-9][\w-]*$/.test(id))
        throw new Error(
          `"${GENERIC_COLLECTIONS_KEY}"[${i}] must name a collection, e.g. {"id": "courses"}; it has "id": ${JSON.stringify(id)}. Fix it, or remove "${GENERIC_COLLECTIONS_KEY}" to serve every collection with json-server's routes.`,
        )
      made.add(id)
    })
    return new Collections(names, names.length ? await loadBackend() : undefined, made)
  }

  service(slug: string): Service | undefined {
    return this.#tenants.get(slug)?.service
  }

  /** Replaces every tenant's records; json-server takes them over as it would a db.json (numeric ids become strings). */
  replace(bySlug: ReadonlyMap<string, CollectionData>): void {
    this.#tenants.clear()
    if (!this.#backend) return
    for (const [slug, given] of bySlug) {
      const data: Data = Object.fromEntries(this.names.map((name) => [name, given[name] ?? []]))
      this.#tenants.set(slug, this.#backend(data))
    }
  }

  /** Every record by collection, each with its tenant (the db.json layout), and which ones are generic. */
  dump(): CollectionData {
    const out: CollectionData = {}
    if (this.#generic.size) out[GENERIC_COLLECTIONS_KEY] = [...this.#generic].map((id) => ({ id }))
    for (const name of this.names) {
      out[name] = [...this.#tenants].flatMap(([slug, store]) =>
        ((store.low.data[name] as Item[] | undefined) ?? []).map((record) => ({ ...record, tenant: slug })),
      )
    }
    return out
  }
}
