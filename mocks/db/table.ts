import { Collection } from '@msw/data'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import { noteWrite } from './write-counter.ts'

type Key = string | number
type Row = { id: Key }

/**
 * An @msw/data collection plus hash indexes. @msw/data answers queries by scanning; a credential lookup on
 * every request cannot (a tenant may hold 100,000 records), so each table keeps `id` and any declared
 * unique fields in Maps, refreshed on every write that goes through it.
 */
export class Table<T extends Row> {
  collection: Collection<StandardSchemaV1<T, T>>
  readonly #schema: StandardSchemaV1<T, T>
  readonly #byId = new Map<Key, T>()
  readonly #unique = new Map<keyof T, Map<unknown, T>>()
  readonly #caseInsensitive: ReadonlySet<keyof T>

  /** `caseInsensitive` fields (emails) are indexed lower-cased; tokens and hashes stay exact. */
  constructor(
    schema: StandardSchemaV1<T, T>,
    uniqueFields: Array<keyof T> = [],
    caseInsensitive: Array<keyof T> = [],
  ) {
    this.#schema = schema
    this.collection = new Collection({ schema })
    for (const field of uniqueFields) this.#unique.set(field, new Map())
    this.#caseInsensitive = new Set(caseInsensitive)
  }

  /** The record shape, for checking records loaded from a `--db` file before they are inserted. */
  get schema(): StandardSchemaV1<T, T> {
    return this.#schema
  }

  async insert(values: T): Promise<T> {
    const record = (await this.collection.create(values)) as T
    noteWrite()
    this.#index(record)
    return record
  }

  get(id: Key): T | undefined {
    return this.#byId.get(id)
  }

  /** Lookup through a unique index declared at construction. */
  findUnique<K extends keyof T>(field: K, value: T[K]): T | undefined {
    const index = this.#unique.get(field)
    if (!index) throw new Error(`Table has no unique index on ${String(field)}`)
    return index.get(this.#key(field, value))
  }

  async update(record: T, mutate: (draft: T) => void): Promise<T> {
    const current = this.#byId.get(record.id)
    if (!current) throw new Error(`No record ${String(record.id)} to update`)
    const next = (await this.collection.update(current as never, { data: mutate as never })) as T
    noteWrite()
    this.#unindex(current)
    this.#index(next)
    return next
  }

  delete(record: T): boolean {
    const current = this.#byId.get(record.id)
    if (!current) return false
    this.collection.delete(current as never)
    noteWrite()
    this.#unindex(current)
    return true
  }

  /** A copy: @msw/data hands out its live array, which later inserts would grow under the caller. */
  all(): T[] {
    return (this.collection.all() as T[]).slice()
  }

  count(): number {
    return this.collection.count()
  }

  clear(): void {
    // A new collection, not Collection.clear(): that deletes one record at a time (indexOf + splice), O(n²).
    this.collection = new Collection({ schema: this.#schema })
    noteWrite()
    this.#byId.clear()
    for (const index of this.#unique.values()) index.clear()
  }

  #key(field: keyof T, value: unknown): unknown {
    return this.#caseInsensitive.has(field) && typeof value === 'string' ? value.toLowerCase() : value
  }

  #index(record: T): void {
    this.#byId.set(record.id, record)
    for (const [field, index] of this.#unique) index.set(this.#key(field, record[field]), record)
  }

  #unindex(record: T): void {
    this.#byId.delete(record.id)
    for (const [field, index] of this.#unique) {
      const key = this.#key(field, record[field])
      if (index.get(key)?.id === record.id) index.delete(key)
    }
  }
}
