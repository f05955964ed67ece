import type { Format } from '../http/hydra.ts'
import { schema } from '../spec/index.ts'
import type { Schema, TypeNode } from '../spec/index.ts'
import { DATE_TIME, isObject } from './scalars.ts'

// The conformance checker (issue 23 items 2 and 7): does a whole answer have its response schema's shape?
// Every property of a schema present and no other, each value of its type, embedded objects recursed into.
// Each problem is a path and what was wrong: `hydra:member[0].localCenter: expected @X or null, got "x"`.
//
// Where the spec and API Platform differ, API Platform's behaviour is the rule:
//   - `@context` is listed (optional) by every `.jsonld` schema (HydraItemBaseSchema), embedded ones too, but
//     API Platform's JSON-LD normalizer writes it on the root object only: required there, refused below.
//   - A Hydra collection's schema (HydraCollectionBaseSchema) lists no `@context`/`@id`/`@type`, which API
//     Platform sends on every collection: they are required. `hydra:member` and `hydra:totalItems` are required,
//     `hydra:view` and `hydra:search` optional (API Platform writes them only when paginated, when filtered).
//   - `str:date-time` is ISO 8601 with a numeric offset (`Y-m-d\TH:i:sP`, DateTimeNormalizer's default); the
//     other formats (`email`, `uri`) are checked as strings: API Platform never validates what it sends.
//   - `iri` is a string starting with `/api/` (an item IRI, or a skolem `/api/.well-known/genid/...`).

/** The problems of a whole answer (its root is the top object: `@context` belongs there in JSON-LD). */
export function shapeProblems(type: TypeNode, value: unknown, format: Format): string[] {
  const problems: string[] = []
  check(type, value, '', { format, problems }, true)
  return problems
}

interface Checking {
  readonly format: Format
  readonly problems: string[]
}

/** `a.b`, `a[0]`; the root has no name. */
const join = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key

/** The type as the compact spec spells it (`@Product-product_read`, `arr<iri>`, `str:date-time`). */
export function describe(t: TypeNode): string {
  switch (t.kind) {
    case 'ref':
      return `@${t.name}`
    case 'arr':
    case 'hydra':
      return `${t.kind}<${describe(t.items)}>`
    case 'map':
      return `map<${describe(t.values)}>`
    case 'enum':
      return `${t.base}{${t.values.join('|')}}`
    case 'inline':
      return `obj{${Object.keys(t.props).join(',')}}`
    case 'union':
      return t.of.map(describe).join('|')
    default:
      return 'format' in t && t.format ? `${t.kind}:${t.format}` : t.kind
  }
}

function shown(v: unknown): string {
  if (v === undefined) return 'nothing'
  const text = JSON.stringify(v)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

function wrong(c: Checking, path: string, t: TypeNode, v: unknown) {
  const expected = describe(t) + (t.nullable ? ' or null' : '')
  c.problems.push(`${path || '(root)'}: expected ${expected}, got ${shown(v)}`)
}

function check(t: TypeNode, v: unknown, path: string, c: Checking, top: boolean): void {
  if (v === null) {
    // A property the spec gives no type (`any`: JSON Schema's `{}`) takes any JSON value, null included.
    if (!t.nullable && t.kind !== 'any') wrong(c, path, t, v)
    return
  }
  let ok: boolean
  switch (t.kind) {
    case 'int':
      ok = Number.isInteger(v)
      break
    case 'num':
      ok = typeof v === 'number' && Number.isFinite(v)
      break
    case 'bool':
      ok = typeof v === 'boolean'
      break
    case 'str':
      ok = typeof v === 'string' && (t.format !== 'date-time' || DATE_TIME.test(v))
      break
    case 'any':
      ok = v !== undefined
      break
    case 'obj':
      ok = isObject(v)
      break
    case 'enum':
      ok = t.values.includes(v as string | number)
      break
    case 'iri':
      ok = typeof v === 'string' && v.startsWith('/api/')
      break
    case 'arr':
      if ((ok = Array.isArray(v))) v.forEach((item, i) => check(t.items, item, join(path, i), c, false))
      break
    case 'map':
      if ((ok = isObject(v)))
        for (const [k, item] of Object.entries(v)) check(t.values, item, join(path, k), c, false)
      break
    case 'inline':
      if ((ok = isObject(v)))
        checkProps(t.props, v, path, c, { open: false, optional: false, name: describe(t) })
      break
    case 'union':
      ok = t.of.some((member) => {
        const alone: Checking = { format: c.format, problems: [] }
        check(member, v, path, alone, top)
        return alone.problems.length === 0
      })
      break
    case 'ref': {
      const target = schema(t.name)
      if (!target) {
        c.problems.push(`${path || '(root)'}: the spec has no schema ${t.name}`)
        return
      }
      if ((ok = isObject(v))) checkSchema(target, v, path, c, top)
      break
    }
    case 'hydra':
      if ((ok = isObject(v))) checkHydra(t.items, v, path, c, top)
      break
  }
  if (!ok) wrong(c, path, t, v)
}

/** An object of a schema: its properties, `@context` on the root only, write-only ones never. */
function checkSchema(s: Schema, v: Record<string, unknown>, path: string, c: Checking, top: boolean) {
  const props: Record<string, TypeNode> = {}
  let rest = v
  const refuse = (prop: string, why: string) => {
    c.problems.push(`${join(path, prop)}: ${why}`)
    // Reported once: not again as a property the schema lacks.
    if (rest === v) rest = { ...v }
    delete rest[prop]
  }
  for (const [prop, t] of Object.entries(s.props)) {
    if (t.writeOnly) {
      if (prop in v) refuse(prop, 'write-only, never shown')
    } else if (prop === '@context') {
      if (top && c.format === 'jsonld') props[prop] = t
      else if (prop in v) refuse(prop, 'only the top object carries @context')
    } else props[prop] = t
  }
  checkProps(props, rest, path, c, { open: s.open, optional: false, name: `@${s.name}` })
}

function checkProps(
  props: Readonly<Record<string, TypeNode>>,
  v: Record<string, unknown>,
  path: string,
  c: Checking,
  rules: { open: boolean; optional: boolean; name: string },
) {
  for (const [prop, t] of Object.entries(props)) {
    if (prop in v) check(t, v[prop], join(path, prop), c, false)
    else if (!rules.optional) c.problems.push(`${join(path, prop)}: missing`)
  }
  if (rules.open) return
  for (const key of Object.keys(v))
    if (!(key in props)) c.problems.push(`${join(path, key)}: not in ${rules.name}`)
}

const COLLECTION_KEYS: Readonly<Record<string, TypeNode>> = {
  '@context': { kind: 'str', nullable: false },
  '@id': { kind: 'iri', nullable: false },
  '@type': { kind: 'enum', base: 'str', values: ['hydra:Collection'], nullable: false },
}

/** A Hydra collection: HydraCollectionBaseSchema's properties around `hydra:member` of the item type. */
function checkHydra(items: TypeNode, v: Record<string, unknown>, path: string, c: Checking, top: boolean) {
  const base = schema('HydraCollectionBaseSchema')!.props
  const required: Record<string, TypeNode> = {
    ...COLLECTION_KEYS,
    'hydra:totalItems': base['hydra:totalItems']!,
    'hydra:member': { kind: 'arr', items, nullable: false },
  }
  if (!top) delete required['@context']
  checkProps(required, v, path, c, { open: true, optional: false, name: 'a Hydra collection' })
  for (const key of ['hydra:view', 'hydra:search']) {
    const t = base[key]
    const value = v[key]
    if (!t || value === undefined) continue
    if (t.kind !== 'inline' || !isObject(value)) wrong(c, join(path, key), t, value)
    else checkProps(t.props, value, join(path, key), c, { open: false, optional: true, name: describe(t) })
  }
  const known = new Set([...Object.keys(required), 'hydra:view', 'hydra:search'])
  for (const key of Object.keys(v))
    if (!known.has(key)) c.problems.push(`${join(path, key)}: not in a Hydra collection`)
  if (typeof v['hydra:totalItems'] === 'number' && v['hydra:totalItems'] < 0)
    c.problems.push(`${join(path, 'hydra:totalItems')}: negative`)
}
