import type { Data, Service } from 'json-server/lib/service.js'
import type { Low } from 'lowdb'
import { GENERIC_COLLECTIONS_KEY, type Item } from './db-json-format.ts'
import { noteWrite } from './write-counter.ts'

/** One tenant's records of every collection: json-server's own `db.data`. */
export type CollectionData = Record<string, Item[]>

/** An id's integer value (`7` or `"7"`), 0 for any other: what the next integer id must pass. */
function integerOf(id: unknown): number {
  const n = typeof id === 'string' && /^\d{1,16}$/.test(id) ? Number(id) : id
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : 0
}

interface TenantStore {
  low: Low<Data>
  service: Service
}

type Backend = (data: Data) => TenantStore

/** json-server's Service and lowdb: loaded only for a `--db` file with collections of its own (docs/decisions/011). */
async function loadBackend(): Promise<Backend> {
  const [{ Service }, { Low }] = await Promise.all([import('json-server/lib/service.js'), import('lowdb')])

  /**
   * json-server's Service, with ids as Orgo's: a db.json's ids keep their type (json-server 1.0 turns `1` into
   * `"1"` on load) and a record POSTed without an id gets the collection's next integer (json-server gives 4
   * random hex digits), as a string only where every id the collection holds is one. Lookups by the URL's id
   * match either type. Written here because json-server has no option for either (issue 27).
   */
  class OrgoIdService extends Service {
    readonly #low: Low<Data>
    /** Per collection, the next integer id: scanned once, then counted (a POST costs the same at any size). */
    readonly #next = new Map<string, { next: number; strings: boolean }>()

    constructor(low: Low<Data>, data: Data) {
      // The Service rewrites the ids of the data it is built over: it is built over none, then given the file's.
      super(low)
      this.#low = low
      low.data = data
    }

    #items(name: string): Item[] {
      const items = this.#low.data[name]
      return Array.isArray(items) ? items : []
    }

    /** The stored id whose text is `id` (the URL's), of the type the record holds. */
    #stored(name: string, id: string): Item['id'] {
      return this.#items(name).find((item) => String(item.id) === id)?.id
    }

    #counter(name: string) {
      let counter = this.#next.get(name)
      if (!counter) {
        const items = this.#items(name)
        // A loop, not Math.max(...ids): a spread of a million arguments overflows the stack.
        const max = items.reduce((m, item) => Math.max(m, integerOf(item.id)), 0)
        counter = {
          next: max + 1,
          strings: items.length > 0 && items.every((item) => typeof item.id === 'string'),
        }
        this.#next.set(name, counter)
      }
      return counter
    }

    override async create(name: string, data: Omit<Item, 'id'> = {}): Promise<Item | undefined> {
      const counter = this.#counter(name)
      const given = (data as Item).id
      if (given !== undefined) {
        counter.next = Math.max(counter.next, integerOf(given) + 1)
        return super.create(name, data)
      }
      const id = counter.strings ? String(counter.next) : counter.next
      counter.next += 1
      return super.create(name, { ...data, id })
    }

    override findById(name: string, id: string, query: { _embed?: string[] | string }): Item | undefined {
      const stored = this.#stored(name, id)
      // json-server's own lookup and `_embed`, by the id as stored (its declared type says string; it compares ===).
      return stored === undefined ? undefined : super.findById(name, stored as string, query)
    }

    override async updateById(name: string, id: string, body?: Item): Promise<Item | undefined> {
      const stored = this.#stored(name, id)
      return stored === undefined ? undefined : super.updateById(name, stored as string, body)
    }

    override async patchById(name: string, id: string, body?: Item): Promise<Item | undefined> {
      const stored = this.#stored(name, id)
      return stored === undefined ? undefined : super.patchById(name, stored as string, body)
    }

    override async destroyById(name: string, id: string, dependent?: string | string[]) {
      const stored = this.#stored(name, id)
      // json-server nulls `<name>Id` where it equals the id as stored: `postId: 1` for the post `1`.
      return stored === undefined ? undefined : super.destroyById(name, stored as string, dependent)
    }
  }

  return (data) => {
    // lowdb calls the adapter on every write the Service makes: that is what marks the state for saving.
    const low = new Low<Data>({ read: async () => data, write: async () => noteWrite() }, {})
    return { low, service: new OrgoIdService(low, data) }
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

  /** Replaces every tenant's records; ids keep the type the file gave them. */
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
