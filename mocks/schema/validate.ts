import { unprocessable, type Violation } from '../http/errors.ts'
import { CONSTRAINT, EMAIL, mergePatch } from '../http/validate.ts'
import {
  bodyType,
  classProperties,
  nameParts,
  parseType,
  resourceOf,
  schema,
  schemaNames,
  schemaOfType,
} from '../spec/index.ts'
import type { Schema, SpecOperation } from '../spec/types.ts'
import type { Records, StoredRecord } from './types.ts'
import { denormalize, withoutKeywords } from './validate-value.ts'

// A write's body against its operation's body schema (issue 23 item 4), in API Platform's two steps: the
// denormalizer reads every value first (a wrong JSON type, a bad IRI: 400, validate-value.ts), then the
// validator checks the constraints the schema carries and answers all it finds at once (422
// ConstraintViolationList with Symfony's codes, as mocks/http/validate.ts gives them).

export type WriteMode = 'create' | 'update' | 'replace'

/** Fields the store owns: `id` (the table's key) and `tenant` (the sandbox's tenant slug on every record). */
const RESERVED = new Set(['id', 'tenant'])

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** A key API Platform would read: a property of the body, not JSON-LD's, not one the store owns. */
const readable = (name: string) => !name.startsWith('@') && !RESERVED.has(name)

/**
 * The values to store from a write's body: its schema's writable properties (unknown and read-only keys are
 * ignored, as API Platform ignores them; JSON-LD keywords dropped), relations as the related records' ids.
 * `create` and `replace` fill the schema's defaults of what the body leaves out (the entity's own defaults;
 * `replace` also nulls a nullable property left out: PUT replaces the resource); `update` is a JSON merge patch
 * (RFC 7396): only the keys given, `null` sets null, an object merged into the stored one.
 */
export function validateWrite(
  op: SpecOperation,
  body: Record<string, unknown>,
  mode: WriteMode,
  records: Records,
  current?: StoredRecord,
): Record<string, unknown> {
  if (!op.body) return {}
  const of = schemaOfType(
    bodyType(op, mode === 'update' ? 'application/merge-patch+json' : 'application/json'),
  )
  const className = of?.className ?? resourceOf(op.operationId)?.type ?? op.tag
  const values: Record<string, unknown> = {}
  for (const [name, given] of Object.entries(body)) {
    if (!readable(name)) continue
    const value =
      mode === 'update' && isObject(given) && isObject(current?.[name])
        ? mergePatch(current[name], given)
        : given
    if (!of || of.open) {
      const taken = openValue(className, name, value, records)
      if (taken) values[name] = taken.value
      continue
    }
    const type = Object.hasOwn(of.props, name) ? of.props[name]! : undefined
    if (type && !type.readOnly) values[name] = denormalize(name, type, value, { records, className })
  }
  if (!of || of.open) return values
  if (mode !== 'update') fillDefaults(of, values, mode)
  const violations = constraintViolations(of, values, mode)
  if (violations.length) unprocessable(violations)
  return values
}

const IRI = parseType('iri?')
const IRIS = parseType('arr<iri>')

/**
 * A body whose schema the spec leaves open (`"kind":"obj"`, or a body described in prose only): any property of
 * the class is taken as given, since the spec gives no type to check; a relation is still resolved to an id. A
 * class the spec gives no property at all (the website builder's, whose bodies are prose only: `{"name": "Field
 * notes"}`) takes the body's own properties, but for JSON-LD keywords and the record's identity.
 */
function openValue(
  className: string,
  name: string,
  value: unknown,
  records: Records,
): { value: unknown } | undefined {
  const props = classProperties(className)
  if (props.size === 0 && !name.startsWith('@') && name !== 'id' && name !== 'tenant') return { value }
  if (!props.has(name)) return undefined
  const relation = records.relation(className, name)
  if (relation?.resource)
    return { value: denormalize(name, relation.many ? IRIS : IRI, value, { records, className }) }
  return { value: isObject(value) ? withoutKeywords(value) : value }
}

function fillDefaults(of: Schema, values: Record<string, unknown>, mode: WriteMode): void {
  for (const [name, type] of Object.entries(of.props)) {
    if (Object.hasOwn(values, name) || type.readOnly || !readable(name)) continue
    if (type.default !== undefined) values[name] = structuredClone(type.default)
    else if (mode === 'replace' && type.nullable) values[name] = null
  }
}

const maxLengths = new Map<string, Readonly<Record<string, number>>>()

/**
 * `maxLength` from any schema of the class: the Length constraint sits on the entity's property, whatever the
 * group, but the compact spec keeps it on some schemas only (User's firstName: on its read schemas; the spec
 * itself has it on `User-user_write_register_by_admin` too, ~10,238,100).
 */
function classMaxLength(className: string): Readonly<Record<string, number>> {
  let found = maxLengths.get(className)
  if (found) return found
  found = {}
  for (const name of schemaNames())
    if (nameParts(name).className === className) found = { ...schema(name)?.maxLength, ...found }
  maxLengths.set(className, found)
  return found
}

/** Symfony NotBlank: null, '' and [] are blank (false and 0 are values; nothing is trimmed). */
const isBlank = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)

/** Symfony Length's maxMessage, singular and plural. */
const tooLong = (max: number) =>
  `This value is too long. It should have ${max} ${max === 1 ? 'character' : 'characters'} or less.`

/**
 * The constraints the schema carries, every one that fails: `required` (NotBlank; on a patch only for the keys
 * given), an enum (Choice), `str:email` (Email), `str:date-time` (DateTime), `maxLength` (Length).
 */
function constraintViolations(of: Schema, values: Record<string, unknown>, mode: WriteMode): Violation[] {
  const violations: Violation[] = []
  const add = (propertyPath: string, c: { code: string; message: string }) =>
    violations.push({ propertyPath, message: c.message, code: c.code })
  // A merge-patch schema lists no `required`; the validator still holds the entity's NotBlank on what it sets.
  const required = of.name.endsWith('.jsonMergePatch')
    ? (schema(of.name.slice(0, -'.jsonMergePatch'.length))?.required ?? of.required)
    : of.required
  for (const [name, type] of Object.entries(of.props)) {
    if (type.readOnly || !readable(name)) continue
    const present = Object.hasOwn(values, name)
    const value = values[name]
    if (required.includes(name) && (present ? isBlank(value) : mode !== 'update')) {
      add(name, CONSTRAINT.notBlank)
      continue
    }
    if (!present || value === null) continue
    if (type.kind === 'enum' && !type.values.includes(value as string | number)) add(name, CONSTRAINT.choice)
    // Email, DateTime and Length pass an empty string (each leaves '' to NotBlank).
    if (typeof value !== 'string' || value === '') continue
    if (type.kind === 'str' && type.format === 'email' && !EMAIL.test(value)) add(name, CONSTRAINT.email)
    if (type.kind === 'str' && type.format === 'date-time' && Number.isNaN(Date.parse(value)))
      add(name, CONSTRAINT.dateTime)
    const max = of.maxLength?.[name] ?? classMaxLength(of.className)[name]
    // Length counts characters (mb_strlen), not UTF-16 units.
    if (max !== undefined && [...value].length > max)
      add(name, { code: CONSTRAINT.tooLong.code, message: tooLong(max) })
  }
  return violations
}
