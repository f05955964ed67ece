import { badRequest } from '../http/errors.ts'
import { schema } from '../spec/index.ts'
import type { TypeNode } from '../spec/types.ts'
import { keyOfIri, resourceOfIri } from './iri-key.ts'
import type { Records, Relation } from './types.ts'

// One body value denormalized as API Platform's AbstractItemNormalizer does before any validation runs: a value
// of the wrong JSON type, a null where the property is not nullable, an IRI that names nothing are 400s (its
// NotNormalizableValueException / UnexpectedValueException), in its words. What comes out is what is stored:
// relations as the related records' integer ids (mocks/schema/types.ts), value objects as objects.

/** PHP's gettype(), which AbstractItemNormalizer::validateType and denormalizeRelation name the given value with. */
export function givenType(value: unknown): string {
  if (value === null) return 'NULL'
  if (Array.isArray(value) || typeof value === 'object') return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'double'
  if (typeof value === 'boolean') return 'boolean'
  return typeof value
}

/** The PHP builtin type a property is declared with (Symfony PropertyInfo's Type::BUILTIN_TYPE_*). */
function builtin(type: TypeNode): string {
  switch (type.kind) {
    case 'str':
    case 'iri':
      return 'string'
    case 'int':
      return 'int'
    case 'num':
      return 'float'
    case 'bool':
      return 'bool'
    case 'enum':
      return type.base === 'str' ? 'string' : type.base === 'int' ? 'int' : 'float'
    case 'union':
      return builtin(type.of[0]!)
    default:
      return 'array'
  }
}

function typeError(name: string, type: TypeNode, value: unknown): never {
  badRequest(`The type of the "${name}" attribute must be "${builtin(type)}", "${givenType(value)}" given.`)
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** Whether a declared type names related records (an IRI, an embedded object, or a list of either). */
const pointsAt = (type: TypeNode): boolean =>
  type.kind === 'iri' ||
  type.kind === 'ref' ||
  (type.kind === 'arr' && pointsAt(type.items)) ||
  (type.kind === 'union' && type.of.some(pointsAt))

export interface Where {
  readonly records: Records
  /** The class whose property this is (relations are looked up by it); undefined inside an untyped object. */
  readonly className?: string
}

/** A property's value as stored, or a thrown 400. */
export function denormalize(name: string, type: TypeNode, value: unknown, where: Where): unknown {
  const relation = where.className ? where.records.relation(where.className, name) : undefined
  // A relation to a class with no resource holds no records to point at: its value is an object or text.
  if (relation?.resource && pointsAt(type)) return relationValue(name, type, value, relation, where.records)
  if (value === null) return type.nullable ? null : typeError(name, type, value)
  switch (type.kind) {
    case 'any':
    case 'hydra':
      return value
    case 'str':
      return typeof value === 'string' ? value : typeError(name, type, value)
    case 'int':
      return Number.isInteger(value) ? value : typeError(name, type, value)
    case 'num':
      // AbstractItemNormalizer: a JSON integer is a float too.
      return typeof value === 'number' && Number.isFinite(value) ? value : typeError(name, type, value)
    case 'bool':
      return typeof value === 'boolean' ? value : typeError(name, type, value)
    case 'enum': {
      const ok = type.base === 'str' ? typeof value === 'string' : Number.isFinite(value)
      // A value outside the enum is the Choice constraint's 422, once every value is read (validate.ts).
      return ok ? value : typeError(name, type, value)
    }
    case 'iri':
      return typeof value === 'string' ? unrelatedIri(value, where.records) : typeError(name, type, value)
    case 'obj':
      // A PHP array: a JSON object or list, taken as given.
      return typeof value === 'object' ? withoutKeywords(value) : typeError(name, type, value)
    case 'map': {
      if (!isObject(value)) return typeError(name, type, value)
      // fromEntries defines own keys: a `__proto__` key stays data, never the object's prototype.
      return Object.fromEntries(
        Object.entries(value).map(([key, v]) => [
          key,
          denormalize(key, type.values, v, { records: where.records }),
        ]),
      )
    }
    case 'inline':
      return isObject(value)
        ? objectOf(type.props, value, { records: where.records })
        : typeError(name, type, value)
    case 'ref': {
      if (!isObject(value)) return typeError(name, type, value)
      const of = schema(type.name)
      if (!of || of.open) return withoutKeywords(value)
      return objectOf(of.props, value, { records: where.records, className: of.className })
    }
    case 'arr':
      if (!Array.isArray(value)) return typeError(name, type, value)
      return value.map((item) => denormalize(name, type.items, item, where))
    case 'union': {
      // The first member the value fits; else the first member's refusal.
      for (const member of type.of) {
        try {
          return denormalize(name, member, value, where)
        } catch {
          continue
        }
      }
      return denormalize(name, type.of[0]!, value, where)
    }
  }
}

/** A value object (a schema or inline object with no resource): its declared, writable members, checked. */
function objectOf(
  props: Readonly<Record<string, TypeNode>>,
  value: Record<string, unknown>,
  where: Where,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    const type = Object.hasOwn(props, key) ? props[key] : undefined
    if (type && !type.readOnly) out[key] = denormalize(key, type, v, where)
  }
  return out
}

/** JSON-LD's keywords (`@context`, `@id`, `@type`) are no data. */
export function withoutKeywords(value: object): unknown {
  if (Array.isArray(value)) return value
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('@')))
}

/**
 * A to-one or to-many relation: each element an IRI or `{"@id": IRI}` (the JSON-LD ItemNormalizer reads a nested
 * document's `@id` as the record to point at), stored as the record's id. A nested document without `@id` would
 * make API Platform create the related record (a writable link): that is the store's to do, so it is refused
 * here with the words API Platform uses for a link that is not writable.
 */
function relationValue(
  name: string,
  type: TypeNode,
  value: unknown,
  relation: Relation,
  records: Records,
): unknown {
  const many = type.kind === 'arr' || (type.kind === 'union' && type.of.some((t) => t.kind === 'arr'))
  if (value === null && type.nullable) return null
  if (!many) return linkedId(name, value, relation, records)
  if (!Array.isArray(value)) return typeError(name, type, value)
  return [...new Set(value.map((item) => linkedId(name, item, relation, records)))]
}

function linkedId(name: string, value: unknown, relation: Relation, records: Records): number {
  const iri = isObject(value) && typeof value['@id'] === 'string' ? value['@id'] : value
  if (isObject(iri)) badRequest(`Nested documents for attribute "${name}" are not allowed. Use IRIs instead.`)
  if (typeof iri !== 'string')
    badRequest(`Expected IRI or nested document for attribute "${name}", "${givenType(iri)}" given.`)
  // IriConverter::getResourceFromIri: no route, a collection, another resource's item: InvalidArgumentException.
  const key = keyOfIri(relation.resource!, iri)
  if (key === undefined) badRequest(`Invalid IRI "${iri}".`)
  const found = records.find(relation.resource!, key)
  // ItemNotFoundException; another tenant's record is in another table: not found either, never leaked.
  if (!found) badRequest(`Item not found for "${iri}".`)
  return found.id
}

/**
 * An IRI property the engine knows no target class for (relations.ts found none): kept as the text given, but
 * an IRI of a resource must name one of its records, as for any relation.
 */
function unrelatedIri(iri: string, records: Records): string {
  const named = resourceOfIri(iri)
  if (!named) badRequest(`Invalid IRI "${iri}".`)
  if (!records.find(named.resource, named.key)) badRequest(`Item not found for "${iri}".`)
  return iri
}
