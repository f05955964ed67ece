import type { StandardSchemaV1 } from '@standard-schema/spec'
import { noteWrite } from './write-counter.ts'

type Key = string | number
type Row = { id: Key }

const EMPTY: ReadonlySet<Key> = new Set()

/** An insert or update that would give a second record an id or unique value already held: a bug, never a replace. */
export class DuplicateKeyError extends Error {
  constructor(
    readonly field: string,
    readonly holder: Key,
  ) {
    super(`A record with this ${field} exists (id ${JSON.stringify(holder)}); records are never replaced`)
    this.name = 'DuplicateKeyError'
  }
}

/** What an index files a record under: each element of an array field, else the value (never null). */
function valuesOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value
  return value === null || value === undefined ? [] : [value]
}

/**
 * One kind of record of one tenant: a Map by id (insertion order is id order) plus hash indexes on the declared
 * unique fields. Every change is synchronous: a check and the write it guards can never be split by an `await`,
 * so N concurrent uses of a single-use credential (a refresh token, an OAuth code, an OTP) have exactly one
 * winner (findings H3). It replaced @msw/data, whose async updates let concurrent requests in between, and which
 * loaded all of es-toolkit at start-up (docs/decisions/010).
 */
/** One write of a table: the stored versions before and after it (a record version never changes). */
export type TableChange<T> =
  { kind: 'created'; after: T } | { kind: 'updated'; before: T; after: T } | { kind: 'deleted'; before: T }

export class Table<T extends Row> {
  readonly #schema: StandardSchemaV1<T, T>
  readonly #rows = new Map<Key, T>()
  readonly #unique = new Map<keyof T, Map<unknown, T>>()
  /** Non-unique indexes (a filterable field's value -> the ids holding it), for collections in O(page). */
  readonly #byValue = new Map<keyof T, Map<unknown, Set<Key>>>()
  readonly #caseInsensitive: ReadonlySet<keyof T>
  /** The ids in order, rebuilt only after an insert or delete (a page from the end needs it). */
  #ids: Key[] | undefined
  /** Rows sorted by a field (then id), built on the first `order[field]` and kept in step by every write. */
  readonly #sorted = new Map<keyof T, T[]>()
  /**
   * Told of each write once the record is stored (the webhooks of issue 24: a record's create, update or delete,
   * through whichever operation). Set after seeding, so seeded records announce nothing.
   */
  observer: ((change: TableChange<T>) => void) | undefined

  /** `caseInsensitive` fields (emails) are indexed lower-cased; tokens and hashes stay exact. */
  constructor(
    schema: StandardSchemaV1<T, T>,
    uniqueFields: Array<keyof T> = [],
    caseInsensitive: Array<keyof T> = [],
    indexedFields: Array<keyof T> = [],
  ) {
    this.#schema = schema
    for (const field of uniqueFields) this.#unique.set(field, new Map())
    for (const field of indexedFields) if (!this.#unique.has(field)) this.#byValue.set(field, new Map())
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

  /** Throws a `DuplicateKeyError` when the id or a unique value is taken: a record is never silently replaced (N1). */
  insertNow(values: T): T {
    const record = { ...values }
    if (this.#rows.has(record.id)) throw new DuplicateKeyError('id', record.id)
    this.#assertUniqueFree(record)
    this.#ids = undefined
    this.#rows.set(record.id, record)
    this.#index(record)
    noteWrite()
    this.observer?.({ kind: 'created', after: record })
    return record
  }

  get(id: Key): T | undefined {
    return this.#rows.get(id)
  }

  /** Whether `field` has an index (unique or not) that `idsWhere` answers from. */
  isIndexed(field: keyof T): boolean {
    return this.#unique.has(field) || this.#byValue.has(field)
  }

  /** The ids whose `field` holds `value` (or, for an array field, contains it); undefined without an index. */
  idsWhere(field: keyof T, value: unknown): ReadonlySet<Key> | undefined {
    const unique = this.#unique.get(field)
    if (unique) {
      const found = unique.get(this.#key(field, value))
      return new Set(found ? [found.id] : [])
    }
    return this.#byValue.get(field)?.get(this.#key(field, value)) ?? EMPTY
  }

  /** `count` rows from position `start`, in id order or its reverse, without copying the others. */
  slice(start: number, count: number, descending = false): T[] {
    const out: T[] = []
    if (descending) {
      const ids = (this.#ids ??= [...this.#rows.keys()])
      for (let i = ids.length - 1 - start; i >= 0 && out.length < count; i--)
        out.push(this.#rows.get(ids[i]!)!)
      return out
    }
    let i = 0
    for (const row of this.#rows.values()) {
      if (i++ < start) continue
      if (out.length >= count) break
      out.push(row)
    }
    return out
  }

  /** The rows sorted by `field` ascending (nulls first, then by id): `order[field]` pages without sorting. */
  orderedBy(field: keyof T): readonly T[] {
    let sorted = this.#sorted.get(field)
    if (!sorted) {
      sorted = [...this.#rows.values()].sort((a, b) => compareBy(field, a, b))
      this.#sorted.set(field, sorted)
    }
    return sorted
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
    if (next.id !== current.id) throw new Error(`A record's id never changes (${String(current.id)})`)
    this.#assertUniqueFree(next)
    this.#unindex(current)
    this.#rows.set(next.id, next)
    this.#index(next)
    noteWrite()
    this.observer?.({ kind: 'updated', before: current, after: next })
    return next
  }

  delete(record: T): boolean {
    const current = this.#rows.get(record.id)
    if (!current) return false
    this.#rows.delete(record.id)
    this.#ids = undefined
    this.#unindex(current)
    noteWrite()
    this.observer?.({ kind: 'deleted', before: current })
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
    this.#ids = undefined
    for (const index of this.#unique.values()) index.clear()
    for (const index of this.#byValue.values()) index.clear()
    this.#sorted.clear()
    noteWrite()
  }

  /** A unique value held by another record would re-point its index at this one (another user's token). */
  #assertUniqueFree(record: T): void {
    for (const [field, index] of this.#unique) {
      const value = record[field]
      if (value === null || value === undefined) continue
      const holder = index.get(this.#key(field, value))
      if (holder && holder.id !== record.id) throw new DuplicateKeyError(String(field), holder.id)
    }
  }

  #key(field: keyof T, value: unknown): unknown {
    return this.#caseInsensitive.has(field) && typeof value === 'string' ? value.toLowerCase() : value
  }

  #index(record: T): void {
    for (const [field, sorted] of this.#sorted) sorted.splice(position(sorted, field, record), 0, record)
    for (const [field, index] of this.#byValue)
      for (const value of valuesOf(record[field])) {
        const key = this.#key(field, value)
        let ids = index.get(key)
        if (!ids) index.set(key, (ids = new Set()))
        ids.add(record.id)
      }
    for (const [field, index] of this.#unique) {
      const value = record[field]
      // Null is "no value" (a contact without an email), never a key two records would share.
      if (value !== null && value !== undefined) index.set(this.#key(field, value), record)
    }
  }

  #unindex(record: T): void {
    for (const [field, sorted] of this.#sorted) {
      const at = position(sorted, field, record)
      if (sorted[at]?.id === record.id) sorted.splice(at, 1)
    }
    for (const [field, index] of this.#byValue)
      for (const value of valuesOf(record[field])) {
        const key = this.#key(field, value)
        const ids = index.get(key)
        ids?.delete(record.id)
        if (ids?.size === 0) index.delete(key)
      }
    for (const [field, index] of this.#unique) {
      const key = this.#key(field, record[field])
      if (index.get(key)?.id === record.id) index.delete(key)
    }
  }
}

/** Nulls first, strings by code unit, numbers by value, ties by id: the order `order[field]` answers with. */
function compareBy<T extends Row>(field: keyof T, a: T, b: T): number {
  const x = a[field] as unknown
  const y = b[field] as unknown
  if (x == null || y == null) {
    if (x != null) return 1
    if (y != null) return -1
  } else if (x !== y) {
    if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : 1
    return Number(x) - Number(y) || 0
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** Where `record` is (or would go) in rows sorted by `field`: a binary search. */
function position<T extends Row>(sorted: readonly T[], field: keyof T, record: T): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (compareBy(field, sorted[mid]!, record) < 0) low = mid + 1
    else high = mid
  }
  return low
}
