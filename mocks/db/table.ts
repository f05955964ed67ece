import type { StandardSchemaV1 } from '@standard-schema/spec'
import { noteWrite } from './write-counter.ts'

type Key = string | number
type Row = { id: Key }

/**
 * One kind of record of one tenant: a Map by id (insertion order is id order) plus hash indexes on the declared
 * unique fields. Every change is synchronous: a check and the write it guards can never be split by an `await`,
 * so N concurrent uses of a single-use credential (a refresh token, an OAuth code, an OTP) have exactly one
 * winner (findings H3). It replaced @msw/data, whose async updates let concurrent requests in between, and which
 * loaded all of es-toolkit at start-up (docs/decisions/010).
 */
export class Table<T extends Row> {
  readonly #schema: StandardSchemaV1<T, T>
  readonly #rows = new Map<Key, T>()
  readonly #unique = new Map<keyof T, Map<unknown, T>>()
  readonly #caseInsensitive: ReadonlySet<keyof T>

  /** `caseInsensitive` fields (emails) are indexed lower-cased; tokens and hashes stay exact. */
  constructor(
    schema: StandardSchemaV1<T, T>,
    uniqueFields: Array<keyof T> = [],
    caseInsensitive: Array<keyof T> = [],
  ) {
    this.#schema = schema
    for (const field of uniqueFields) this.#unique.set(field, new Map())
    this.#caseInsensitive = new Set(caseInsensitive)
  }

  /** The record shape, for checking records loaded from a `--db` file before they are inserted. */
  get schema(): StandardSchemaV1<T, T> {
    return this.#schema
  }

  /** Stores a copy of `values`; async only for the callers' sake (a write is done when this returns). */
  async insert(values: T): Promise<T> {
    return this.insertNow(values)
  }

  insertNow(values: T): T {
    const record = { ...values }
    const previous = this.#rows.get(record.id)
    if (previous) this.#unindex(previous)
    this.#rows.set(record.id, record)
    this.#index(record)
    noteWrite()
    return record
  }

  get(id: Key): T | undefined {
    return this.#rows.get(id)
  }

  /** Lookup through a unique index declared at construction. */
  findUnique<K extends keyof T>(field: K, value: T[K]): T | undefined {
    const index = this.#unique.get(field)
    if (!index) throw new Error(`Table has no unique index on ${String(field)}`)
    return index.get(this.#key(field, value))
  }

  async update(record: T, mutate: (draft: T) => void): Promise<T> {
    return this.updateNow(record, mutate)
  }

  /** A new version of the record, mutated from a copy; readers holding the old version keep a consistent one. */
  updateNow(record: T, mutate: (draft: T) => void): T {
    const current = this.#rows.get(record.id)
    if (!current) throw new Error(`No record ${String(record.id)} to update`)
    const next = { ...current }
    mutate(next)
    this.#unindex(current)
    this.#rows.set(next.id, next)
    this.#index(next)
    noteWrite()
    return next
  }

  delete(record: T): boolean {
    const current = this.#rows.get(record.id)
    if (!current) return false
    this.#rows.delete(record.id)
    this.#unindex(current)
    noteWrite()
    return true
  }

  /** A copy of the rows in id order: later inserts never grow an array a caller holds. */
  all(): T[] {
    return [...this.#rows.values()]
  }

  count(): number {
    return this.#rows.size
  }

  clear(): void {
    this.#rows.clear()
    for (const index of this.#unique.values()) index.clear()
    noteWrite()
  }

  #key(field: keyof T, value: unknown): unknown {
    return this.#caseInsensitive.has(field) && typeof value === 'string' ? value.toLowerCase() : value
  }

  #index(record: T): void {
    for (const [field, index] of this.#unique) {
      const value = record[field]
      // Null is "no value" (a contact without an email), never a key two records would share.
      if (value !== null && value !== undefined) index.set(this.#key(field, value), record)
    }
  }

  #unindex(record: T): void {
    for (const [field, index] of this.#unique) {
      const key = this.#key(field, record[field])
      if (index.get(key)?.id === record.id) index.delete(key)
    }
  }
}
