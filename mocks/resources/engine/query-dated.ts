import type { AnyResource, Row, TableLike } from '../types.ts'

/** API Platform's DateFilter operators (`dateUpdated[after]`). */
export const DATE_OPS = ['before', 'strictly_before', 'after', 'strictly_after'] as const

/** A page of a collection: where it starts, how many it takes. */
export interface PageQuery {
  start: number
  count: number
}

// Pages of a table's rows sorted by one field (`Table.orderedBy`, kept in step by every write): what `order[field]`
// answers without sorting per request, and the DateFilter bounds on that field found by binary search.

/**
 * The page of `rows[from, to)` (sorted by `field` ascending, then id) in the order asked: descending takes runs of
 * equal values from the end, each still in ascending id order, as the full sort gives them.
 */
export function slicePage<T extends Row>(
  rows: readonly T[],
  field: keyof T,
  from: number,
  to: number,
  descending: boolean,
  page: PageQuery,
): { total: number; rows: T[] } {
  const total = to - from
  if (!descending)
    return { total, rows: rows.slice(from + page.start, Math.min(to, from + page.start + page.count)) }
  const same = (x: unknown, y: unknown) => (x == null && y == null) || x === y
  const out: T[] = []
  let skip = page.start
  let end = to
  while (end > from && out.length < page.count) {
    let begin = end - 1
    while (begin > from && same(rows[begin - 1]![field], rows[end - 1]![field])) begin--
    for (let i = begin; i < end && out.length < page.count; i++) {
      if (skip > 0) skip--
      else out.push(rows[i]!)
    }
    end = begin
  }
  return { total, rows: out }
}

/**
 * `order[field]` on a stored field, alone or with DateFilter bounds on that same field (`dateUpdated[after]=…&
 * order[dateUpdated]=asc`: the watermark poll of Orgo's sync-your-crm-with-orgo, step 5): a page of the table's
 * rows sorted by that field (no sort per request), the bounds found by two binary searches, so a page costs
 * O(log n + page) however many records the bounds leave out. Any other parameter: undefined (the full scan).
 */
export function orderedPage<T extends Row>(
  def: AnyResource,
  table: TableLike<T>,
  query: URLSearchParams,
  page: PageQuery,
): { total: number; rows: T[] } | undefined {
  let order: [string, boolean] | undefined
  const bounds: Array<[(typeof DATE_OPS)[number], number]> = []
  let dated: string | undefined
  for (const [key, value] of query) {
    if (key === 'page' || key === 'itemsPerPage' || key === 'pagination') continue
    const ordered = /^order\[(\w+)\]$/.exec(key)
    if (ordered) {
      if (order) return undefined
      order = [ordered[1]!, value.toLowerCase() === 'desc']
      continue
    }
    const match = /^(\w+)\[(before|strictly_before|after|strictly_after)\]$/.exec(key)
    if (!match || def.filters[match[1]!] !== 'date' || (dated && dated !== match[1])) return undefined
    dated = match[1]!
    const bound = Date.parse(value)
    // A bound that is no date: the full scan answers its 400.
    if (Number.isNaN(bound)) return undefined
    bounds.push([match[2] as (typeof DATE_OPS)[number], bound])
  }
  if (!order || (dated !== undefined && order[0] !== dated)) return undefined
  if (!def.order.includes(order[0]) || def.fields[order[0]]?.compute) return undefined
  const field = order[0] as keyof T
  const rows = table.orderedBy(field)
  if (!bounds.length) return slicePage(rows, field, 0, rows.length, order[1], page)
  // Nulls sort first and never pass a bound: as the earliest instant, they stay below every lower bound.
  const at = (row: T) => {
    const v = row[field]
    const time = typeof v === 'string' ? Date.parse(v) : NaN
    return Number.isNaN(time) ? -Infinity : time
  }
  // The first row for which `past(row)` holds (it holds from some row to the end).
  const first = (past: (time: number) => boolean) => {
    let low = 0
    let high = rows.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (past(at(rows[mid]!))) high = mid
      else low = mid + 1
    }
    return low
  }
  let from = first((t) => t > -Infinity)
  let to = rows.length
  for (const [op, bound] of bounds) {
    if (op === 'after')
      from = Math.max(
        from,
        first((t) => t >= bound),
      )
    else if (op === 'strictly_after')
      from = Math.max(
        from,
        first((t) => t > bound),
      )
    else if (op === 'before')
      to = Math.min(
        to,
        first((t) => t > bound),
      )
    else
      to = Math.min(
        to,
        first((t) => t >= bound),
      )
  }
  return slicePage(rows, field, from, Math.max(from, to), order[1], page)
}
