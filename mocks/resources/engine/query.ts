import { badRequest } from '../../http/errors.ts'
import { resourceAt } from '../index.ts'
import type { AnyResource, ReadContext, ResourceDef, Row, TableLike } from '../types.ts'
import { API } from './serialize.ts'
import { DATE_OPS, orderedPage, type PageQuery } from './query-dated.ts'

export type { PageQuery }

type Value = string | number | boolean | null

/**
 * API Platform's collection filters over stored values (never serialized rows): SearchFilter exact (`email=`,
 * `email[]=`; a relation by IRI or id) and partial (case-insensitive), BooleanFilter, DateFilter
 * (`dateTimeBegin[after]=`), and the free-text `search`. Unknown parameters are ignored, as API Platform does.
 */
function matcher(def: AnyResource, query: URLSearchParams, ctx: ReadContext): ((row: Row) => boolean) | null {
  const tests: Array<(row: Record<string, unknown>) => boolean> = []
  for (const [param, kind] of Object.entries(def.filters)) {
    const field = param
    if (kind === 'date') {
      for (const op of DATE_OPS) {
        const given = query.get(`${param}[${op}]`)
        if (given === null) continue
        const bound = Date.parse(given)
        if (Number.isNaN(bound)) badRequest(`The filter "${param}[${op}]" needs a date, "${given}" given.`)
        tests.push((row) => {
          const at = typeof row[field] === 'string' ? Date.parse(row[field] as string) : NaN
          if (Number.isNaN(at)) return false
          if (op === 'before') return at <= bound
          if (op === 'strictly_before') return at < bound
          if (op === 'after') return at >= bound
          return at > bound
        })
      }
      continue
    }
    const wanted = [...query.getAll(param), ...query.getAll(`${param}[]`)]
    if (!wanted.length) continue
    if (kind === 'search' || kind === 'partial') {
      const needles = wanted.map((w) => w.toLowerCase())
      const fields = kind === 'search' ? (def.searchFields ?? ['name', 'email']) : [field]
      // A list of strings (a user's `roles`, an event's `sdg`) matches when one of its items does.
      const holds = (v: unknown, needle: string): boolean =>
        typeof v === 'string'
          ? v.toLowerCase().includes(needle)
          : Array.isArray(v) && v.some((item) => holds(item, needle))
      tests.push((row) => needles.some((needle) => fields.some((f) => holds(row[f], needle))))
    } else if (kind === 'boolean') {
      const values = wanted.map((w) => w === 'true' || w === '1')
      tests.push((row) => values.includes(row[field] === true))
    } else if (field.includes('.')) {
      // A related record's field (`event.type`, `townCurrent.country`, a contact's `tags.tag`): compared as given,
      // or as the id a relation's IRI names (SearchFilter's getIdFromValue); a to-many relation matches on any.
      const values = new Set<unknown>(wanted.flatMap((w) => [w, idOf(w) ?? w]))
      tests.push((row) => {
        const v = valueAt(def, row as unknown as Row, field, ctx)
        return Array.isArray(v) ? v.some((x) => values.has(x)) : values.has(v)
      })
    } else {
      const spec = def.fields[field]
      const values = new Set<Value>(wanted.map((w) => exactValue(spec?.ref, w, ctx)))
      const lower = def.caseInsensitive?.includes(field as never)
      tests.push((row) => {
        const v = row[field]
        if (Array.isArray(v)) return v.some((x) => values.has(x as Value))
        return values.has(lower && typeof v === 'string' ? v.toLowerCase() : (v as Value))
      })
      if (lower) for (const w of [...values]) if (typeof w === 'string') values.add(w.toLowerCase())
    }
  }
  for (const field of def.exists ?? []) {
    const given = query.get(`exists[${field}]`)
    if (given === null) continue
    const want = given === 'true' || given === '1'
    tests.push((row) => {
      // A related record's field (`userRoles.dateEnded`): null where the relation holds no record.
      const v = field.includes('.') ? valueAt(def, row as unknown as Row, field, ctx) : row[field]
      return (v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)) === want
    })
  }
  if (!tests.length) return null
  return (row) => tests.every((test) => test(row as unknown as Record<string, unknown>))
}

/** A filter value as stored: a relation's IRI or id becomes the related id; numbers stay numbers. */
function exactValue(ref: string | undefined, given: string, ctx: ReadContext): Value {
  if (ref) {
    const target = resourceAt(ref)
    const key = given.startsWith(`${API}/${ref}/`) ? given.slice(API.length + ref.length + 2) : given
    if (target?.key === 'uuid') {
      const found = ctx.table(ref)?.findUnique('uuid' as never, key as never)
      return found ? found.id : -1
    }
    return /^\d+$/.test(key) ? Number(key) : -1
  }
  return /^-?\d+$/.test(given) ? Number(given) : given
}

/** The id of `4` or of an item IRI (`/api/v1/tags/4`), else undefined. */
const idOf = (given: string): number | undefined => {
  const id = /^(?:\/api\/v1\/[\w-]+\/)?(\d+)$/.exec(given)?.[1]
  return id === undefined ? undefined : Number(id)
}

/**
 * A stored field, or a related record's field (`unit.name`): what sorts and dotted filters compare. A to-many
 * relation (a contact's `tags`, ids of the schema engine's ProfileTags) gives each related record's value.
 */
function valueAt(def: AnyResource, row: Row, path: string, ctx: ReadContext): unknown {
  const [head, sub] = path.split('.', 2) as [string, string | undefined]
  const value = (row as unknown as Record<string, unknown>)[head]
  if (sub === undefined) return value
  const ref = def.fields[head]?.ref
  const table = ref ? (ctx.table(ref) ?? ctx.schemaTable?.(ref)) : undefined
  const field = (id: unknown) =>
    typeof id === 'number' ? (table?.get(id) as Record<string, unknown> | undefined)?.[sub] : undefined
  if (Array.isArray(value)) return value.map(field).filter((v) => v !== undefined)
  return field(value) ?? null
}

function compare(a: unknown, b: unknown): number {
  // Nulls first ascending, as MySQL sorts them.
  if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  return Number(a) - Number(b)
}

function orders(def: AnyResource, query: URLSearchParams): Array<[string, number]> {
  const out: Array<[string, number]> = []
  for (const [key, value] of query) {
    const match = /^order\[([\w.]+)\]$/.exec(key)
    if (match && def.order.includes(match[1]!)) out.push([match[1]!, value.toLowerCase() === 'desc' ? -1 : 1])
  }
  if (!out.length && def.defaultOrder)
    out.push([def.defaultOrder[0], def.defaultOrder[1] === 'desc' ? -1 : 1])
  return out
}

/** The rows a collection query selects, filtered and ordered; `extra` narrows them further (my-groups). */
export function selectRows<T extends Row>(
  def: ResourceDef<T>,
  table: TableLike<T>,
  query: URLSearchParams,
  ctx: ReadContext,
  extra?: (row: T) => boolean,
): T[] {
  const match = matcher(def, query, ctx)
  let rows = table.all()
  if (match || extra) rows = rows.filter((row) => (!match || match(row)) && (!extra || extra(row)))
  const by = orders(def, query)
  if (by.length) {
    // The id breaks ties, so a page boundary never moves between requests.
    rows = [...rows].sort((a, b) => {
      for (const [path, direction] of by) {
        const c = compare(valueAt(def, a, path, ctx), valueAt(def, b, path, ctx))
        if (c) return c * direction
      }
      return a.id - b.id
    })
  }
  return rows
}

/**
 * One page of a collection and its total, answered from the table's indexes when the query allows it (no filter,
 * or only exact and boolean filters of indexed fields, in the default order): neither the cost nor the memory of
 * a request then grows with the records that are not on the page (issue 13). Anything else is filtered and
 * sorted in full by `selectRows`.
 */
export function queryPage<T extends Row>(
  def: AnyResource,
  table: TableLike<T>,
  query: URLSearchParams,
  ctx: ReadContext,
  page: PageQuery,
  extra?: (row: T) => boolean,
): { total: number; rows: T[] } {
  const sorted = extra ? undefined : orderedPage(def, table, query, page)
  if (sorted) return sorted
  const fast = extra ? undefined : indexedIds(def, table, query, ctx)
  const descending = def.defaultOrder?.[0] === 'id' && def.defaultOrder[1] === 'desc'
  if (fast === null) return { total: table.count(), rows: table.slice(page.start, page.count, descending) }
  if (fast) {
    const ids = [...fast].sort((a, b) => (descending ? Number(b) - Number(a) : Number(a) - Number(b)))
    const rows = ids.slice(page.start, page.start + page.count).map((id) => table.get(id as number)!)
    return { total: ids.length, rows }
  }
  const rows = selectRows(def, table, query, ctx, extra)
  return { total: rows.length, rows: rows.slice(page.start, page.start + page.count) }
}

/**
 * The ids an all-indexed query selects (intersected, smallest set first), `null` for "every row, in order", or
 * undefined when the query needs the full scan (a partial or date filter, `exists[]`, `order[]`, a dotted path).
 */
function indexedIds<T extends Row>(
  def: AnyResource,
  table: TableLike<T>,
  query: URLSearchParams,
  ctx: ReadContext,
): ReadonlySet<string | number> | null | undefined {
  const sets: Array<ReadonlySet<string | number>> = []
  for (const key of new Set(query.keys())) {
    if (key === 'page' || key === 'itemsPerPage' || key === 'pagination') continue
    if (key.startsWith('order[') || key.startsWith('exists[')) return undefined
    const field = key.endsWith('[]') ? key.slice(0, -2) : key
    const kind = def.filters[field]
    // A parameter that is no filter of this resource is ignored, as API Platform ignores it.
    if (kind === undefined) {
      if (/\[(before|after|strictly_before|strictly_after)\]$/.test(key)) return undefined
      continue
    }
    if ((kind !== 'exact' && kind !== 'boolean') || !table.isIndexed(field as never)) return undefined
    const wanted = [...query.getAll(field), ...query.getAll(`${field}[]`)]
    const union = new Set<string | number>()
    for (const given of wanted) {
      const value =
        kind === 'boolean'
          ? given === 'true' || given === '1'
          : exactValue(def.fields[field]?.ref, given, ctx)
      for (const id of table.idsWhere(field as never, value) ?? []) union.add(id)
    }
    sets.push(union)
  }
  if (!sets.length) return def.defaultOrder && def.defaultOrder[0] !== 'id' ? undefined : null
  sets.sort((a, b) => a.size - b.size)
  const [smallest, ...others] = sets
  return new Set([...smallest!].filter((id) => others.every((set) => set.has(id))))
}
