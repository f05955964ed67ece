import { operation } from '../../mocks/spec/index.ts'
import type { ResourceSpec, TypeNode } from '../../mocks/spec/types.ts'
import { bodySchema, requiredBody } from './bodies.ts'
import { acmeRecords, seededRows, type Runtime } from './runtime.ts'

// Issue 23 item 7: a declared filter or order discriminates between two records of `acme`, one kept and one
// dropped (or one before the other), as a client sees them in the collection's JSON-LD pages.

export type Row = Record<string, unknown>

/** The `@id`s of a filtered collection in the order given, every page (following `hydra:next`). */
export async function listed(rt: Runtime, spec: ResourceSpec, query: URLSearchParams) {
  const headers = { 'Api-Token': rt.adminToken, Accept: 'application/ld+json' }
  const ids: string[] = []
  let path: string | undefined = `${spec.collectionPath}?${query}`
  for (let page = 0; path && page < 40; page++) {
    const res = await rt.call({ path, headers })
    if (res.status !== 200) return { status: res.status, ids, text: res.text.slice(0, 160) }
    ids.push(...(res.json['hydra:member'] as Row[]).map((m) => m['@id'] as string))
    path = res.json['hydra:view']?.['hydra:next']
  }
  return { status: 200, ids, text: '' }
}

/** A record's `@id`, as its collection shows it. */
export const iriOf = (rt: Runtime, spec: ResourceSpec, row: Row) =>
  acmeRecords(rt).iri(spec.name, row as never)

/** The records of the resource in `acme` now (a PATCH replaces a stored record). */
export const rowsOf = (rt: Runtime, spec: ResourceSpec) => seededRows(rt, spec.name)

/**
 * A record's value at a property path (`user.lastName`) through to-one relations, as the spec's classes relate
 * them; null past a missing relation (Doctrine's LEFT JOIN); undefined where a step is to-many or no relation.
 */
export function valueAt(rt: Runtime, spec: ResourceSpec, row: Row, field: string): unknown {
  const records = acmeRecords(rt)
  const steps = field.split('.')
  let [className, current] = [spec.type, row as Row | undefined]
  for (const step of steps.slice(0, -1)) {
    const relation = records.relation(className, step)
    const id = current?.[step]
    if (!relation?.resource || relation.many) return undefined
    if (typeof id !== 'number') return null
    ;[className, current] = [relation.className, records.get(relation.resource, id)]
  }
  return current ? current[steps[steps.length - 1]!] : null
}

/** `2024-05-01T10:00:00` without a zone read as UTC, as PHP does on a UTC server; NaN for no date. */
export const timeOf = (v: unknown) =>
  typeof v === 'string' ? Date.parse(/T[\d:.]+$/.test(v) ? `${v}Z` : v) : Number.NaN

/** A value an `exists[]` filter counts as there: not null, not an empty to-many. */
export const present = (v: unknown) => v !== null && v !== undefined && !(Array.isArray(v) && !v.length)

type Read = (row: Row) => unknown
export type Pick = (rows: readonly Row[], read: Read) => [Row, Row] | undefined

/**
 * Two records whose values order them the same way under any collation: numbers and booleans by value, strings
 * by code unit and case-insensitively alike. The lowest and the highest; undefined when no two differ.
 */
export const orderedPair: Pick = (rows, read) => {
  const key = (v: unknown): number | string | undefined =>
    typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : typeof v === 'string' ? v : undefined
  const sorted = rows.filter((r) => key(read(r)) !== undefined)
  sorted.sort((x, y) => (key(read(x))! < key(read(y))! ? -1 : key(read(x))! > key(read(y))! ? 1 : 0))
  const [low, high] = [sorted[0], sorted[sorted.length - 1]]
  const [a, b] = [key(low && read(low)), key(high && read(high))]
  if (a === undefined || b === undefined || !(a < b)) return undefined
  if (typeof a === 'string' && typeof b === 'string' && !(a.toLowerCase() < b.toLowerCase())) return undefined
  return [low!, high!]
}

/** Two records with distinct dates: the earliest and the latest. */
export const datedPair: Pick = (rows, read) => {
  const dated = rows.filter((r) => !Number.isNaN(timeOf(read(r))))
  dated.sort((x, y) => timeOf(read(x)) - timeOf(read(y)))
  const [low, high] = [dated[0], dated[dated.length - 1]]
  return low && high && timeOf(read(low)) < timeOf(read(high)) ? [low, high] : undefined
}

/** A record with a value and one without. */
export const existsPair: Pick = (rows, read) => {
  const [has, lacks] = [rows.find((r) => present(read(r))), rows.find((r) => !present(read(r)))]
  return has && lacks ? [has, lacks] : undefined
}

/** Two values of a type, the first ordered before the second, that a client can write. */
function twoValues(
  rt: Runtime,
  spec: ResourceSpec,
  field: string,
  t: TypeNode,
): [unknown, unknown] | undefined {
  if (t.kind === 'str' && t.format === 'date-time')
    return ['2021-03-04T05:06:07+00:00', '2032-08-09T10:11:12+00:00']
  if (t.kind === 'str' && t.format === 'email')
    return ['a-conformance@example.test', 'z-conformance@example.test']
  if (t.kind === 'str') return ['Aardvark conformance', 'Zebra conformance']
  if (t.kind === 'int' || t.kind === 'num') return [1, 900]
  if (t.kind === 'bool') return [false, true]
  if (t.kind === 'enum' && t.values.length > 1) return [t.values[0], t.values[t.values.length - 1]]
  if (t.kind !== 'iri') return undefined
  const target = acmeRecords(rt).relation(spec.type, field)?.resource
  const [x, y] = target ? seededRows(rt, target) : []
  return x && y
    ? [acmeRecords(rt).iri(target!, x as never), acmeRecords(rt).iri(target!, y as never)]
    : undefined
}

/** How a client writes a field: the resource's PATCH of an existing record, else its create of a new one. */
function writerOf(rt: Runtime, spec: ResourceSpec, field: string) {
  for (const method of ['update', 'create'] as const) {
    const op = spec.methods[method] && operation(spec.methods[method])
    const type = op && !field.includes('.') ? bodySchema(op)?.props[field] : undefined
    if (!op || !type || type.readOnly) continue
    const write = (row: Row, value: unknown) => {
      const key = encodeURIComponent(String(row[spec.key] ?? row.id))
      const [path, values, media] =
        method === 'update'
          ? [op.path.replace(/:\w+$/, key), { [field]: value }, 'application/merge-patch+json']
          : [op.path, { ...requiredBody(rt, op), [field]: value }, 'application/ld+json']
      const headers = { 'Api-Token': rt.adminToken, 'Content-Type': media }
      return rt.call({ method: op.method, path, headers, body: JSON.stringify(values) })
    }
    return { type, write, how: method === 'update' ? 'PATCH' : 'POST' }
  }
  return undefined
}

/**
 * Two records the pick tells apart on a field; where the seed has none, two made to differ as a client would (a
 * value and `null` for `exists`): the first two records by the resource's PATCH, else two new ones by its create.
 * Else why there are none.
 */
export async function pairOn(
  rt: Runtime,
  spec: ResourceSpec,
  field: string,
  pick: Pick,
): Promise<{ pair: [Row, Row] } | { skip: string }> {
  const read = (r: Row) => valueAt(rt, spec, r, field)
  const rows = rowsOf(rt, spec)
  const found = pick(rows, read)
  if (found) return { pair: found }
  if (rows.length && read(rows[0]!) === undefined && field.includes('.'))
    return { skip: 'a path through a to-many relation or one to no resource' }
  const has = rows.some((r) => present(read(r)))
  const seeded = pick === existsPair ? `${has ? 'every' : 'no'} record has a value` : 'no two records differ'
  const writer = writerOf(rt, spec, field)
  const values = writer && twoValues(rt, spec, field, writer.type)
  if (!writer || !values || rows.length < 2) return { skip: `${seeded}, no PATCH or create writes it` }
  const written = pick === existsPair ? [values[1], null] : values
  for (const [i, value] of written.entries()) {
    const res = await writer.write(rows[i]!, value)
    if (res.status >= 300)
      return { skip: `${seeded}, ${writer.how} ${JSON.stringify(value)} is a ${res.status}` }
  }
  const made = pick(rowsOf(rt, spec), read)
  return made ? { pair: made } : { skip: `${seeded}, even after a ${writer.how}` }
}

/** Records for a collection the seed leaves empty (`webhook_subscriptions`), made by its create. */
export async function seedEmpty(rt: Runtime, specs: readonly ResourceSpec[], count = 3) {
  for (const spec of specs) {
    const create = spec.methods.create && operation(spec.methods.create)
    if (!create || rowsOf(rt, spec).length >= count) continue
    for (let i = 0; i < count; i++) {
      const body = JSON.stringify({ ...requiredBody(rt, create), name: `Conformance ${i}` })
      const headers = { 'Api-Token': rt.adminToken, 'Content-Type': 'application/ld+json' }
      await rt.call({ method: 'POST', path: create.path, headers, body })
    }
  }
}
