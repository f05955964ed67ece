import { classProperties } from '../spec/index.ts'
import type { Filter, ResourceSpec } from '../spec/types.ts'
import { at, listOf, pathOf, relatedId, type Path } from './query-path.ts'
import type { Records, Relation, StoredRecord } from './types.ts'

// API Platform's collection filters (Doctrine ORM) over stored records, each read from the query as API Platform's
// RequestParser reads it: a plain parameter's last value wins (PHP's parse_str), `field[]` adds values. A value
// a filter cannot use is ignored, as the filters log "Invalid filter ignored" and return; so is an undeclared one.

export type Test = (record: StoredRecord) => boolean

/** An exact or boolean filter on a record's own field: its stored values, any one matching. */
export interface FieldFilter {
  readonly field: string
  readonly values: readonly unknown[]
}

export interface FilterPlan {
  /** Answered by `table.idsWhere` where the field is indexed (query.ts), else tested. */
  readonly exact: FieldFilter[]
  /** Every other filter, tested on each candidate record. */
  readonly tests: Test[]
}

const DATE_OPS = ['before', 'strictly_before', 'after', 'strictly_after'] as const
const RANGE_OPS = ['gt', 'gte', 'lt', 'lte'] as const
const NUMBER = /^-?\d+(\.\d+)?$/

/** A parameter's values: the last plain one (PHP keeps the last) and every `name[]`. */
function givenValues(query: URLSearchParams, name: string): string[] {
  const plain = query.getAll(name)
  const last = plain.length ? [plain[plain.length - 1]!] : []
  return [...last, ...query.getAll(`${name}[]`)]
}

export function lastValue(query: URLSearchParams, name: string): string | undefined {
  const all = query.getAll(name)
  return all[all.length - 1]
}

/** SearchFilter exact: stored values to look for, or undefined when the filter ignores the values given. */
function exactValues(records: Records, filter: Filter, target: Relation | undefined, given: string[]) {
  if (target?.resource) return given.flatMap((g) => relatedId(records, target.resource!, g) ?? [])
  // A related object with no resource of its own: matched by its `@id` or `id` (exactTest), as given.
  if (target)
    return given.flatMap((g) => [g, ...(/\/(\d+)$/.exec(g)?.slice(1).map(Number) ?? []), ...numeric(g)])
  const type = filter.type
  const integer = type.kind === 'int' || (type.kind === 'enum' && type.base === 'int')
  if (integer || type.kind === 'num' || (type.kind === 'enum' && type.base === 'num')) {
    // SearchFilter::hasValidValues: a value that is no number for a number column ignores the filter.
    const numbers = given.map((g) => (NUMBER.test(g) ? Number(g) : NaN))
    return numbers.some((n) => Number.isNaN(n) || (integer && !Number.isInteger(n))) ? undefined : numbers
  }
  // A string parameter: its text, and the number it spells (a column the spec types loosely).
  return given.flatMap((g) => [g, ...numeric(g)])
}

const numeric = (text: string) => (NUMBER.test(text) ? [Number(text)] : [])

/** BooleanFilter::normalizeValue: `true`/`1` and `false`/`0`; anything else is ignored. */
function booleans(given: string[]): boolean[] | undefined {
  const values = given.flatMap((g) =>
    g === 'true' || g === '1' ? [true] : g === 'false' || g === '0' ? [false] : [],
  )
  return values.length ? values : undefined
}

export function exactTest(records: Records, path: Path | string, values: readonly unknown[]): Test {
  const wanted = new Set(values)
  const read = typeof path === 'string' ? (r: StoredRecord) => listOf(r[path]) : at(records, path)
  const matches = (v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? wanted.has((v as Record<string, unknown>)['@id']) || wanted.has((v as Record<string, unknown>).id)
      : wanted.has(v)
  return (r) => read(r).some(matches)
}

/** `2024-05-01T10:00:00` without a zone is UTC here, as PHP's DateTime reads it on a UTC server. */
function timeOf(value: unknown): number {
  if (typeof value !== 'string') return NaN
  return Date.parse(/T[\d:.]+$/.test(value) ? `${value}Z` : value)
}

const numberOf = (value: unknown) =>
  typeof value === 'number' ? value : typeof value === 'string' && NUMBER.test(value) ? Number(value) : NaN

/** `[before]`/`[after]` include the bound, `[strictly_*]` and `[gt]`/`[lt]` do not; a null never matches. */
function compared(op: string, value: number, bound: number): boolean {
  if (op === 'before' || op === 'lte') return value <= bound
  if (op === 'strictly_before' || op === 'lt') return value < bound
  if (op === 'after' || op === 'gte') return value >= bound
  return value > bound
}

/** DateFilter and RangeFilter: every bound given, on one value of the path (one joined row). */
function boundsTest(
  read: (r: StoredRecord) => unknown[],
  bounds: [string, number][],
  toNumber: (v: unknown) => number,
): Test {
  return (r) =>
    read(r).some((v) => {
      const n = toNumber(v)
      return !Number.isNaN(n) && bounds.every(([op, bound]) => compared(op, n, bound))
    })
}

function dateBounds(query: URLSearchParams, field: string): [string, number][] {
  const bounds: [string, number][] = []
  for (const op of DATE_OPS) {
    const text = lastValue(query, `${field}[${op}]`)
    // DateFilter: a value `new \DateTime()` cannot read is ignored.
    const bound = text === undefined ? NaN : timeOf(text)
    if (!Number.isNaN(bound)) bounds.push([op, bound])
  }
  return bounds
}

/** RangeFilter: `[between]=a..b` (both included), `[gt]`, `[gte]`, `[lt]`, `[lte]`; non-numbers are ignored. */
function rangeBounds(query: URLSearchParams, field: string): [string, number][] {
  const bounds: [string, number][] = []
  const between = lastValue(query, `${field}[between]`)?.split('..')
  if (between?.length === 2 && between.every((b) => NUMBER.test(b)))
    bounds.push(['gte', Number(between[0])], ['lte', Number(between[1])])
  for (const op of RANGE_OPS) {
    const text = lastValue(query, `${field}[${op}]`)
    if (text !== undefined && NUMBER.test(text)) bounds.push([op, Number(text)])
  }
  return bounds
}

/** ExistsFilter::normalizeValue: `true`, `1` and an empty value ask for a value; `false`, `0` for none. */
function existsTest(records: Records, path: Path, text: string): Test | undefined {
  const want =
    text === 'true' || text === '1' || text === ''
      ? true
      : text === 'false' || text === '0'
        ? false
        : undefined
  if (want === undefined) return undefined
  const read = at(records, path)
  // IS NULL over a LEFT JOIN: no related row, or one whose value is null; a to-many with no element is empty.
  return (r) => {
    const values = read(r)
    return want ? values.some((v) => v != null) : values.length === 0 || values.some((v) => v == null)
  }
}

/** Orgo's map bounds (`north`, `south`, `east`, `west`) over a user's map position; other map options shape output. */
const BOUNDS: Readonly<Record<string, [string, string]>> = {
  north: ['mapLatitude', 'lte'],
  south: ['mapLatitude', 'gte'],
  east: ['mapLongitude', 'lte'],
  west: ['mapLongitude', 'gte'],
}

/**
 * A custom filter (Orgo's own class, whose rules the spec does not give): a text one (`search`, `keyword`,
 * `customerName`, `feeStatus`) is a case-insensitive contains over the record's own string fields; a map bound
 * compares the user's map position; any other (`clusterLat`, `clusterPrecision`) is ignored.
 */
function customTest(
  spec: ResourceSpec,
  [field, filter]: [string, Filter],
  query: URLSearchParams,
  records: Records,
): Test | undefined {
  const bound = BOUNDS[field]
  if (bound) {
    const text = lastValue(query, field)
    if (text === undefined || !NUMBER.test(text)) return undefined
    const own = classProperties(spec.type).has(bound[0])
    const viaUser = !own && records.relation(spec.type, 'user')?.className === 'User'
    if (!own && !viaUser) return undefined
    const path = { className: spec.type, segments: own ? [bound[0]] : ['user', bound[0]] }
    return boundsTest(at(records, path), [[bound[1], Number(text)]], numberOf)
  }
  if (filter.type.kind !== 'str') return undefined
  const needles = givenValues(query, field).map((v) => v.toLowerCase())
  if (!needles.length) return undefined
  return (r) =>
    needles.some((needle) => {
      for (const key in r) {
        const v = r[key]
        if (key !== 'tenant' && typeof v === 'string' && v.toLowerCase().includes(needle)) return true
      }
      return false
    })
}

/** Every declared filter the query uses, as stored-value filters and tests (API Platform ignores the others). */
export function filterPlan(spec: ResourceSpec, query: URLSearchParams, records: Records): FilterPlan {
  const exact: FieldFilter[] = []
  const tests: Test[] = []
  const add = (test: Test | undefined) => test && tests.push(test)
  for (const [field, filter] of Object.entries(spec.filters)) {
    if (filter.kind === 'custom') {
      add(customTest(spec, [field, filter], query, records))
      continue
    }
    const path = pathOf(records, spec.type, field)
    if (!path) continue
    if (filter.kind === 'date') {
      const bounds = dateBounds(query, field)
      if (bounds.length) add(boundsTest(at(records, path), bounds, timeOf))
    } else if (filter.kind === 'range') {
      const bounds = rangeBounds(query, field)
      if (bounds.length) add(boundsTest(at(records, path), bounds, numberOf))
    } else {
      const given = givenValues(query, field)
      if (!given.length) continue
      if (filter.kind === 'partial') {
        // SearchFilter partial: LIKE %value% under MySQL's case-insensitive collation.
        const needles = given.map((g) => g.toLowerCase())
        const read = at(records, path)
        add((r) =>
          read(r).some((v) => {
            const text =
              typeof v === 'string' ? v.toLowerCase() : typeof v === 'number' ? String(v) : undefined
            return text !== undefined && needles.some((n) => text.includes(n))
          }),
        )
        continue
      }
      const values =
        filter.kind === 'boolean' ? booleans(given) : exactValues(records, filter, path.target, given)
      if (!values) continue
      // An index holds stored values: a related object with no resource is matched by its id, by a test.
      if (path.segments.length === 1 && !(path.target && !path.target.resource)) exact.push({ field, values })
      else add(exactTest(records, path, values))
    }
  }
  for (const field of spec.exists) {
    const text = lastValue(query, `exists[${field}]`)
    const path = text === undefined ? undefined : pathOf(records, spec.type, field)
    if (path) add(existsTest(records, path, text!))
  }
  return { exact, tests }
}
