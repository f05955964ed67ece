import type { Format } from '../http/hydra.ts'
import { schema } from '../spec/index.ts'
import type { Schema, TypeNode } from '../spec/index.ts'
import { dateTime, EPOCH, isObject, looksLike, skolemIri } from './scalars.ts'
import { shapeProblems } from './shape.ts'
import type { Records, StoredRecord } from './types.ts'

// One value of a schema's property as Orgo sends it (issue 23 item 2). A stored record keeps the wire's names
// and holds a relation as the related record's integer id (mocks/schema/types.ts): here an id becomes the
// embedded object or the IRI the schema asks for. What no stored value gives, the schema decides:
//   - `null` where the type is nullable (`?`): API Platform sends an unset property as null;
//   - else the spec's `default` (a PHP property's initial value), when the default is of the type itself
//     (`settings: arr<str?>? =obj` carries an object: a default of another type is not used);
//   - else the type's empty value: `0`, `false`, `''`, `[]`, `{}`, an enum's first value, the epoch
//     (`1970-01-01T00:00:00+00:00`) for a date-time, a skolem IRI for an IRI, the embedded schema's own empty
//     object for `@X`, `null` for `any`.
// A stored value of the wrong type is treated as no value, so an answer always has the schema's shape.

/** Which class and property a value belongs to: `records.relation` reads where an id points from it. */
export interface Owner {
  className: string
  property: string
}

/** The resource a record is rendered as: its IRI's collection and its JSON-LD `@type`. */
export interface Rendered {
  readonly name: string
  readonly type: string
}

/**
 * What one rendering carries down: the records (and empty schemas) being rendered on the way, so a cycle is
 * cut where it closes. The format is not among them: the schema names carry it (a `.jsonld` schema lists
 * `@id`/`@type` and refers to `.jsonld` schemas), so `format` in the signatures is the contract's, unused here.
 */
interface Walk {
  readonly records: Records
  readonly path: Set<string>
}

/** One value of a type: see the module's comment for what stands in for a missing one. */
export function renderValue(
  type: TypeNode,
  value: unknown,
  records: Records,
  _format: Format,
  owner?: Owner,
): unknown {
  return valueOf(type, value, owner, { records, path: new Set() })
}

/** A record in a schema's shape: its properties in the spec's order, each one present, write-only ones never. */
export function renderRecord(
  schemaName: string,
  record: StoredRecord,
  records: Records,
  _format: Format,
  top = false,
): Record<string, unknown> {
  const target = schema(schemaName)
  if (!target) throw new Error(`render: the spec has no schema "${schemaName}"`)
  const resource = records.resourceOfClass(target.className)
  return recordBody(target, record, resource, { records, path: new Set() }, top)
}

/**
 * The body of one object of a schema. `@context` only on the top object: every `.jsonld` schema lists it (its
 * HydraItemBaseSchema base, spec ~offset of `HydraItemBaseSchema`), but API Platform's JSON-LD normalizer adds it
 * to the root only; `@id`/`@type` on every object whose schema lists them.
 */
export function recordBody(
  target: Schema,
  record: Record<string, unknown>,
  resource: Rendered | undefined,
  walk: Walk,
  top = false,
): Record<string, unknown> {
  const id = record['id']
  const key = resource && typeof id === 'number' ? `${resource.name}#${id}` : undefined
  // A record already being embedded above (a price's previousVersion pointing back): API Platform would send
  // its IRI (circular_reference_handler), which breaks the schema's shape; its relations are cut instead.
  const cut = key !== undefined && walk.path.has(key)
  if (key && !cut) walk.path.add(key)
  const out: Record<string, unknown> = {}
  const type = resource?.type ?? target.className
  for (const { prop, t, owner, embeds } of fieldsOf(target)) {
    if (prop === '@context') {
      if (top) out[prop] = `/api/contexts/${type}`
    } else if (prop === '@id') {
      out[prop] =
        resource && typeof id === 'number'
          ? walk.records.iri(resource.name, record as StoredRecord)
          : skolemIri(`${type}:${typeof id === 'number' ? id : JSON.stringify(record)}`)
    } else if (prop === '@type') out[prop] = type
    else if (cut && embeds) out[prop] = absent(t, undefined, walk)
    else out[prop] = valueOf(t, record[prop], owner, walk)
  }
  // `"kind":"obj"`: the spec lists no properties, so the record's own are the shape (the tenant is the store's).
  if (target.open)
    for (const [prop, v] of Object.entries(record)) if (!(prop in out) && prop !== 'tenant') out[prop] = v
  if (key && !cut) walk.path.delete(key)
  return out
}

/** Whether rendering the type follows a relation into another record (what a cut cycle leaves out). */
const embeds = (t: TypeNode): boolean =>
  t.kind === 'ref' || (t.kind === 'arr' && embeds(t.items)) || (t.kind === 'union' && t.of.some(embeds))

interface Field {
  readonly prop: string
  readonly t: TypeNode
  readonly owner: Owner
  readonly embeds: boolean
}

const fieldCache = new WeakMap<Schema, readonly Field[]>()

/** A schema's shown properties, worked out once (a page renders the same schema 30 times and more). */
function fieldsOf(target: Schema): readonly Field[] {
  let fields = fieldCache.get(target)
  if (fields) return fields
  fields = Object.entries(target.props)
    .filter(([, t]) => !t.writeOnly)
    .map(([prop, t]) => ({
      prop,
      t,
      owner: { className: target.className, property: prop },
      embeds: embeds(t),
    }))
  fieldCache.set(target, fields)
  return fields
}

function valueOf(type: TypeNode, value: unknown, owner: Owner | undefined, walk: Walk): unknown {
  if (value === undefined || value === null) return absent(type, owner, walk)
  let out: unknown
  switch (type.kind) {
    case 'int':
      out = Number.isInteger(value) ? value : undefined
      break
    case 'num':
      out = typeof value === 'number' && Number.isFinite(value) ? value : undefined
      break
    case 'bool':
      out = typeof value === 'boolean' ? value : undefined
      break
    case 'str':
      if (type.format === 'date-time') out = dateTime(value)
      else out = typeof value === 'string' ? value : undefined
      break
    case 'any':
      out = value
      break
    case 'obj':
      out = isObject(value) ? value : undefined
      break
    case 'enum':
      out = type.values.includes(value as string | number) ? value : undefined
      break
    case 'iri':
      out = iriOf(value, owner, walk)
      break
    case 'ref':
      out = embedded(type.name, value, owner, walk)
      break
    case 'arr':
      // A to-many relation's id whose record is gone is left out, as a Doctrine collection would not hold it.
      out = Array.isArray(value) ? listOf(type.items, value, owner, walk) : undefined
      break
    case 'map':
      out = isObject(value)
        ? Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k, valueOf(type.values, v, undefined, walk)]),
          )
        : undefined
      break
    case 'inline':
      out = isObject(value) ? inline(type.props, value, walk) : undefined
      break
    case 'union': {
      const member = type.of.find((t) => looksLike(t, value))
      out = member ? valueOf(member, value, owner, walk) : undefined
      break
    }
    case 'hydra':
      out = undefined
      break
  }
  return out === undefined ? absent(type, owner, walk) : out
}

/** A list's items; a related record that is gone is left out, as a Doctrine collection would not hold it. */
function listOf(items: TypeNode, value: readonly unknown[], owner: Owner | undefined, walk: Walk) {
  const out: unknown[] = []
  for (const v of value) {
    const byKey = typeof v === 'number' || (typeof v === 'string' && !v.startsWith('/api/'))
    const related =
      byKey && items.kind === 'ref'
        ? embedded(items.name, v, owner, walk)
        : byKey && items.kind === 'iri'
          ? iriOf(v, owner, walk)
          : valueOf(items, v, owner, walk)
    if (related !== undefined) out.push(related)
  }
  return out
}

function inline(props: Readonly<Record<string, TypeNode>>, value: Record<string, unknown>, walk: Walk) {
  const out: Record<string, unknown> = {}
  for (const [prop, t] of Object.entries(props))
    if (!t.writeOnly) out[prop] = valueOf(t, value[prop], undefined, walk)
  return out
}

const defaultFits = new WeakMap<TypeNode, boolean>()

/** No value: null where allowed, else the spec's default when it is of the type, else the empty value. */
function absent(type: TypeNode, owner: Owner | undefined, walk: Walk): unknown {
  if (type.nullable) return null
  if (type.default !== undefined) {
    let fits = defaultFits.get(type)
    if (fits === undefined)
      defaultFits.set(type, (fits = shapeProblems(type, type.default, 'json').length === 0))
    if (fits) return typeof type.default === 'object' ? structuredClone(type.default) : type.default
  }
  return empty(type, owner, walk)
}

function empty(type: TypeNode, owner: Owner | undefined, walk: Walk): unknown {
  switch (type.kind) {
    case 'int':
    case 'num':
      return 0
    case 'bool':
      return false
    case 'str':
      return type.format === 'date-time' ? EPOCH : ''
    case 'enum':
      return type.values[0]
    case 'arr':
    case 'hydra':
      return []
    case 'obj':
    case 'map':
      return {}
    case 'inline':
      return inline(type.props, {}, walk)
    case 'union':
      return absent(type.of[0]!, owner, walk)
    case 'iri':
      return skolemIri(owner ? `${owner.className}.${owner.property}` : 'iri')
    case 'ref': {
      // The schema's own empty object; `{}` where it would hold itself (the spec has no such non-nullable loop).
      const target = schema(type.name)
      const key = `empty ${type.name}`
      if (!target || walk.path.has(key)) return {}
      walk.path.add(key)
      const body = recordBody(target, {}, undefined, walk)
      walk.path.delete(key)
      return body
    }
    case 'any':
      return null
  }
}

/** Where an id of the owner's property points: its relation's resource, else the target class's resource. */
function targetResource(owner: Owner | undefined, className: string, records: Records): Rendered | undefined {
  const relation = owner && records.relation(owner.className, owner.property)
  if (!relation?.resource) return records.resourceOfClass(className)
  return {
    name: relation.resource,
    type: records.resourceOfClass(relation.className)?.type ?? relation.className,
  }
}

/** A related record by id (or by its key, as an item path names it). */
function related(resource: string, value: unknown, records: Records): StoredRecord | undefined {
  if (typeof value === 'number') return records.get(resource, value)
  if (typeof value === 'string') return records.find(resource, value)
  return undefined
}

/** `@X`: the related record (by id) or the stored value object, in X's shape; undefined when it is gone. */
function embedded(name: string, value: unknown, owner: Owner | undefined, walk: Walk): unknown {
  const target = schema(name)
  if (!target) return undefined
  if (isObject(value)) {
    // A value object (an address), or a copy of a resource's record: the latter keeps its own IRI.
    const resource =
      typeof value['id'] === 'number' ? walk.records.resourceOfClass(target.className) : undefined
    return recordBody(target, value, resource, walk)
  }
  const resource = targetResource(owner, target.className, walk.records)
  const record = resource && related(resource.name, value, walk.records)
  return record ? recordBody(target, record, resource, walk) : undefined
}

/** `iri`: an IRI kept as stored, or the related record's IRI; a skolem IRI where the class has no resource. */
function iriOf(value: unknown, owner: Owner | undefined, walk: Walk): string | undefined {
  if (typeof value === 'string' && value.startsWith('/api/')) return value
  const key = isObject(value) ? value['id'] : value
  if (typeof key !== 'number' && typeof key !== 'string') return undefined
  const relation = owner && walk.records.relation(owner.className, owner.property)
  if (!relation?.resource) return skolemIri(`${relation?.className ?? owner?.property}:${key}`)
  const record = related(relation.resource, key, walk.records)
  return record && walk.records.iri(relation.resource, record)
}
