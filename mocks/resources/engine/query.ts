import { badRequest } from '../../http/errors.ts'
import { resourceAt } from '../index.ts'
import type { AnyResource, ReadContext, ResourceDef, Row, TableLike } from '../types.ts'
import { API } from './serialize.ts'

type Value = string | number | boolean | null

const DATE_OPS = ['before', 'strictly_before', 'after', 'strictly_after'] as const

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
      tests.push((row) =>
        needles.some((needle) =>
          fields.some((f) => typeof row[f] === 'string' && (row[f] as string).toLowerCase().includes(needle)),
        ),
      )
    } else if (kind === 'boolean') {
      const values = wanted.map((w) => w === 'true' || w === '1')
      tests.push((row) => values.includes(row[field] === true))
    } else if (field.includes('.')) {
      // A related record's field (`event.type`, `townCurrent.country`): compared as given.
      const values = new Set<unknown>(wanted.flatMap((w) => [w, /^\d+$/.test(w) ? Number(w) : w]))
      tests.push((row) => values.has(valueAt(def, row as unknown as Row, field, ctx)))
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
      const v = row[field]
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

/** A stored field, or a related record's field (`unit.name`): what sorts and dotted filters compare. */
function valueAt(def: AnyResource, row: Row, path: string, ctx: ReadContext): unknown {
  const [head, sub] = path.split('.', 2) as [string, string | undefined]
  const value = (row as unknown as Record<string, unknown>)[head]
  if (sub === undefined) return value
  const ref = def.fields[head]?.ref
  const related = ref && typeof value === 'number' ? ctx.table(ref)?.get(value) : undefined
  return related ? (related as unknown as Record<string, unknown>)[sub] : null
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
