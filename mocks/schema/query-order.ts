import type { ResourceSpec } from '../spec/types.ts'
import { valuesAt } from './query-path.ts'
import type { Records, StoredRecord } from './types.ts'

// OrderFilter: `order[field]=asc|desc` on the declared fields, in the order the query gives them; then API
// Platform's OrderExtension appends the identifier ascending (`collection.order: ASC`), so ties are by id and a
// page boundary never moves. No `order[]` at all: by id ascending.

export interface OrderBy {
  readonly field: string
  readonly segments: readonly string[]
  readonly descending: boolean
}

/**
 * The orders a query asks for. OrderFilter::normalizeValue: an empty direction is the field's default (the
 * spec's `default` of `order[field]`), any other word than asc/desc (any case) ignores it. A repeated
 * `order[field]` keeps its first place and its last value, as PHP's parse_str builds the array.
 */
export function ordersOf(spec: ResourceSpec, query: URLSearchParams): OrderBy[] {
  const directions = new Map<string, string>()
  for (const [key, value] of query) {
    const field = /^order\[(.+)\]$/.exec(key)?.[1]
    const declared = field === undefined ? undefined : spec.order[field]
    if (declared) directions.set(field!, value === '' ? declared : value.toLowerCase())
  }
  const orders: OrderBy[] = []
  for (const [field, direction] of directions)
    if (direction === 'asc' || direction === 'desc')
      orders.push({ field, segments: field.split('.'), descending: direction === 'desc' })
  return orders
}

/** Nulls first (MySQL's ascending order), strings by code unit, numbers by value: mocks/db/table.ts's order. */
function compareValues(x: unknown, y: unknown): number {
  if (x == null || y == null) return x == null ? (y == null ? 0 : -1) : 1
  if (x === y) return 0
  if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : 1
  return Number(x) - Number(y) || 0
}

/** Records sorted by several orders, then id; each sort key read once (a dotted path goes through `records`). */
export function sortRecords(
  rows: readonly StoredRecord[],
  orders: readonly OrderBy[],
  records: Records,
  className: string,
): StoredRecord[] {
  const keyOf = (o: OrderBy, r: StoredRecord) =>
    o.segments.length === 1
      ? r[o.field]
      : (valuesAt(records, className, o.segments, r).find((v) => v != null) ?? null)
  const keyed = rows.map((r) => ({ r, keys: orders.map((o) => keyOf(o, r)) }))
  keyed.sort((a, b) => {
    for (let i = 0; i < orders.length; i++) {
      const c = compareValues(a.keys[i], b.keys[i])
      if (c) return orders[i]!.descending ? -c : c
    }
    return a.r.id - b.r.id
  })
  return keyed.map((k) => k.r)
}

const same = (x: unknown, y: unknown) => (x == null && y == null) || x === y

/**
 * A page of rows already sorted by `field` then id (Table.orderedBy), descending read backwards a run of equal
 * values at a time so ties stay by id ascending; `keep` skips rows another filter refused. Reads only as far as
 * the page needs.
 */
export function pageOfSorted(
  sorted: readonly StoredRecord[],
  field: string,
  descending: boolean,
  start: number,
  count: number,
  keep?: (r: StoredRecord) => boolean,
): StoredRecord[] {
  const out: StoredRecord[] = []
  let skip = start
  const take = (r: StoredRecord) => {
    if (keep && !keep(r)) return
    if (skip > 0) skip--
    else out.push(r)
  }
  if (!descending) {
    if (!keep) return sorted.slice(start, start + count)
    for (let i = 0; i < sorted.length && out.length < count; i++) take(sorted[i]!)
    return out
  }
  let end = sorted.length
  while (end > 0 && out.length < count) {
    let begin = end - 1
    while (begin > 0 && same(sorted[begin - 1]![field], sorted[end - 1]![field])) begin--
    for (let i = begin; i < end && out.length < count; i++) take(sorted[i]!)
    end = begin
  }
  return out
}
