import type { Table } from '../db/table.ts'
import { badRequest } from '../http/errors.ts'
import { DEFAULT_ITEMS_PER_PAGE, readPage, type Page } from '../http/hydra.ts'
import type { ResourceSpec } from '../spec/types.ts'
import { exactTest, filterPlan, lastValue, type Test } from './query-filters.ts'
import { ordersOf, pageOfSorted, sortRecords, type OrderBy } from './query-order.ts'
import type { QueryResult, Records, StoredRecord } from './types.ts'

// A collection GET of a resource derived from the spec (issue 23 item 4): its declared filters (query-filters.ts),
// its orders (query-order.ts) and its page, with API Platform's refusals. The common cases cost the page, not the
// table: no filter is `table.slice`, an exact filter on an indexed field is `table.idsWhere`, one order is
// `table.orderedBy`. Anything else (a partial, date or dotted filter, several orders) scans the candidates.

/**
 * The fields to index when the store makes a resource's table: every exact and boolean filter on a record's
 * own field (`email`, `status`, `localCenter`). `id` is the table's key already; `tenant` is never filtered.
 */
export function indexedFields(spec: ResourceSpec): string[] {
  return Object.entries(spec.filters)
    .filter(([field, f]) => (f.kind === 'exact' || f.kind === 'boolean') && !/[.]|^id$|^tenant$/.test(field))
    .map(([field]) => field)
}

/**
 * Pagination::getPage/getLimit with the operation's settings: `page`, `itemsPerPage` only where the spec declares
 * it (client items per page) and clamped to the maximum (readPage's 100: the spec's `maximum` on every
 * `itemsPerPage`, which Pagination::getLimit applies to the operation's default too), `pagination=false` only
 * where declared. A collection the spec does not page answers everything at once (itemsPerPage MAX_SAFE_INTEGER,
 * as readPage's `pagination=false`), unless the client switches paging on.
 */
export function pageOf(spec: ResourceSpec, query: URLSearchParams): Page {
  const size = spec.pageSize
  const given = new URLSearchParams()
  const copy = (name: string, declared: boolean) => {
    const value = lastValue(query, name)
    if (declared && value !== undefined) given.set(name, value)
  }
  copy('page', true)
  copy('itemsPerPage', size.clientItemsPerPage)
  copy('pagination', size.clientPagination)
  if (size.default === null) {
    const on = size.clientPagination && ['true', '1', 'on', 'yes'].includes(given.get('pagination') ?? '')
    if (!on) return { page: 1, itemsPerPage: Number.MAX_SAFE_INTEGER }
    given.delete('pagination')
  }
  const page = readPage(given, size.default ?? DEFAULT_ITEMS_PER_PAGE)
  if (page.itemsPerPage !== Number.MAX_SAFE_INTEGER) {
    // Without client items per page, the operation's own size holds, and no maximum applies to it.
    if (!size.clientItemsPerPage) page.itemsPerPage = size.default ?? DEFAULT_ITEMS_PER_PAGE
    else if (size.max !== undefined) page.itemsPerPage = Math.min(page.itemsPerPage, size.max)
  }
  if (page.itemsPerPage === 0 && page.page > 1)
    badRequest('Page should not be greater than 1 if limit is equal to 0')
  if ((page.page - 1) * page.itemsPerPage > Number.MAX_SAFE_INTEGER)
    badRequest('Page parameter is too large.')
  return page
}

/** One page of a resource's records after its declared filters and orders, and how many match in all. */
export function queryRecords(
  spec: ResourceSpec,
  table: Table<StoredRecord>,
  query: URLSearchParams,
  records: Records,
  /** Which records the caller may see at all (a hand-written resource's scope and visibility), before filters. */
  shows?: Test,
): QueryResult {
  const page = pageOf(spec, query)
  const start = (page.page - 1) * page.itemsPerPage
  const count = page.itemsPerPage
  const plan = filterPlan(spec, query, records)
  const tests = shows ? [shows, ...plan.tests] : [...plan.tests]
  const sets: ReadonlySet<string | number>[] = []
  for (const { field, values } of plan.exact) {
    if (field === 'id')
      sets.push(new Set(values.filter((id): id is number => typeof id === 'number' && !!table.get(id))))
    else if (table.isIndexed(field)) sets.push(idsOfValues(table, field, values))
    else tests.push(exactTest(records, field, values))
  }
  const orders = ordersOf(spec, query)
  const select = { table, orders, start, count, records, className: spec.type }
  const { rows, total } = tests.length
    ? scanned(select, sets.length ? intersection(sets) : undefined, tests)
    : sets.length
      ? indexed(select, sets)
      : whole(select)
  return { rows, total, page: page.page, itemsPerPage: page.itemsPerPage }
}

interface Select {
  table: Table<StoredRecord>
  orders: OrderBy[]
  start: number
  count: number
  records: Records
  className: string
}

type Selected = { rows: StoredRecord[]; total: number }

/** Several values of one filter: any one matches (a union of index entries). */
function idsOfValues(table: Table<StoredRecord>, field: string, values: readonly unknown[]) {
  if (values.length === 1) return table.idsWhere(field, values[0]) ?? new Set()
  const union = new Set<string | number>()
  for (const value of values) for (const id of table.idsWhere(field, value) ?? []) union.add(id)
  return union
}

/** Ids in every set, ascending: the smallest set walked once (an index set is in id order unless updated). */
function intersection(sets: ReadonlySet<string | number>[]): number[] {
  sets.sort((a, b) => a.size - b.size)
  const [smallest, ...others] = sets
  const ids: number[] = []
  let ordered = true
  for (const id of smallest!) {
    if (!others.every((set) => set.has(id))) continue
    if (ids.length && (id as number) < ids[ids.length - 1]!) ordered = false
    ids.push(id as number)
  }
  return ordered ? ids : ids.sort((a, b) => a - b)
}

/** The one order a sorted table view answers: a record's own field; `id` is the table's own order. */
const single = (orders: OrderBy[]) =>
  orders.length === 1 && orders[0]!.segments.length === 1 ? orders[0] : undefined

/** No filter: a slice of the table in id order or of its rows sorted by one field; several orders sort it all. */
function whole({ table, orders, start, count, records, className }: Select): Selected {
  const total = table.count()
  const first = orders[0]
  if (!first || first.field === 'id') return { rows: table.slice(start, count, first?.descending), total }
  const one = single(orders)
  if (one)
    return { rows: pageOfSorted(table.orderedBy(one.field), one.field, one.descending, start, count), total }
  return { rows: sortRecords(table.all(), orders, records, className).slice(start, start + count), total }
}

/**
 * Only indexed exact filters. A sorted view of the table (by id, or by the one order) walked for the matches
 * reads about (start + count) * N / matches rows; listing the matches reads them all, and sorts them for an
 * order: whichever is cheaper. One filter's matches are its index set, counted without reading it.
 */
function indexed(select: Select, sets: ReadonlySet<string | number>[]): Selected {
  const { table, orders, start, count, records, className } = select
  const only = sets.length === 1 ? sets[0]! : undefined
  const listed = only ? undefined : intersection(sets)
  const total = only ? only.size : listed!.length
  const first = orders[0]
  const byId = !first || first.field === 'id'
  const one = byId ? { field: 'id', descending: first?.descending ?? false } : single(orders)
  const walk = (start + count) * (table.count() / Math.max(total, 1))
  const list = byId ? (listed ? 0 : total) : total * Math.log2(total + 1)
  if (one && walk < list) {
    const wanted = only ?? new Set(listed)
    const keep = (r: StoredRecord) => wanted.has(r.id)
    return {
      rows: pageOfSorted(table.orderedBy(one.field), one.field, one.descending, start, count, keep),
      total,
    }
  }
  const ids = listed ?? intersection([only!])
  if (byId) {
    const from = first?.descending ? Math.max(0, total - start - count) : start
    const page = ids.slice(from, first?.descending ? Math.max(0, total - start) : start + count)
    if (first?.descending) page.reverse()
    return { rows: page.map((id) => table.get(id)!), total }
  }
  const rows = ids.map((id) => table.get(id)!)
  return { rows: sortRecords(rows, orders, records, className).slice(start, start + count), total }
}

/** Filters that need each record looked at: the candidates (index matches, else every record), tested, ordered. */
function scanned(select: Select, ids: number[] | undefined, tests: Test[]): Selected {
  const { table, orders, start, count, records, className } = select
  const candidates = ids ? ids.map((id) => table.get(id)!) : table.all()
  let rows = candidates.filter((r) => tests.every((test) => test(r)))
  const first = orders[0]
  if (first?.field === 'id') {
    if (first.descending) rows.reverse()
  } else if (first) rows = sortRecords(rows, orders, records, className)
  return { rows: rows.slice(start, start + count), total: rows.length }
}
