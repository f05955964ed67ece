import { badRequest } from '../../http/errors.ts'
import { mergePatch, validateBody, type FieldSpec, type FieldSpecs } from '../../http/validate.ts'
import { resourceAt } from '../index.ts'
import type { AnyResource, FieldDef, ReadContext, Row } from '../types.ts'
import { API, isoDate, pick } from './serialize.ts'

/** A definition's writable fields as the body validator sees them (wrong JSON type 400, constraint 422). */
export function writeSpecs(def: AnyResource, names: readonly string[] = def.writable): FieldSpecs {
  const specs: FieldSpecs = {}
  for (const name of names) specs[name] = specOf(def.fields[name] ?? {})
  return specs
}

function specOf(field: FieldDef): FieldSpec {
  const nullable = !field.notNull
  const base = { required: field.required, nullable, maxLength: field.maxLength, format: field.format }
  switch (field.type) {
    case 'ref':
      return { ...base, type: 'iri' }
    case 'ref[]':
      return { ...base, type: 'iri[]' }
    case 'datetime':
      return { ...base, type: 'string', format: 'datetime' }
    case 'integer':
    case 'number':
    case 'boolean':
    case 'object':
    case 'string[]':
      return { ...base, type: field.type }
    default:
      return { ...base, type: 'string' }
  }
}

/** Resolves an IRI (`/api/v1/local_centers/4`) to the related record's id in this tenant, with API Platform's 400s. */
export function resolveIri(ref: string, value: string, ctx: ReadContext): number {
  const target = resourceAt(ref)
  const prefix = `${API}/${ref}/`
  if (!value.startsWith(prefix)) badRequest(`Invalid IRI "${value}".`)
  // A resource the sandbox holds no records of (profile statuses, custom field values): nothing to find.
  if (!target) badRequest(`Item not found for "${value}".`)
  const key = value.slice(prefix.length)
  const table = ctx.table(ref)
  const record =
    target.key === 'uuid'
      ? table?.findUnique('uuid' as never, key as never)
      : /^\d+$/.test(key)
        ? table?.get(Number(key))
        : undefined
  // Another tenant's record lives in another table: "not found" here too, existence is never leaked.
  if (!record) badRequest(`Item not found for "${value}".`)
  return record.id
}

/** Validated values in stored form: relations as ids, dates in API Platform's format. */
function toStored(
  def: AnyResource,
  values: Record<string, unknown>,
  ctx: ReadContext,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(values)) {
    const field = def.fields[name] ?? {}
    if (value === null) out[name] = field.type === 'ref[]' ? [] : null
    else if (field.type === 'ref') out[name] = resolveIri(field.ref!, value as string, ctx)
    else if (field.type === 'ref[]')
      out[name] = [...new Set((value as string[]).map((v) => resolveIri(field.ref!, v, ctx)))]
    else if (field.type === 'datetime') out[name] = isoDate(value as string)
    else out[name] = value
  }
  return out
}

/** A POST body: the writable fields it holds, checked and resolved; every NotBlank field must be there. */
export function createValues(def: AnyResource, body: Record<string, unknown>, ctx: ReadContext) {
  return toStored(def, validateBody(writeSpecs(def), body, true), ctx)
}

/**
 * A PATCH body (RFC 7396 merge patch) applied to the record's writable fields: the merged document must still
 * pass the field rules; only the members the patch names are returned, ready to store.
 */
export function patchValues(
  def: AnyResource,
  record: Row,
  patch: Record<string, unknown>,
  ctx: ReadContext,
): Record<string, unknown> {
  const names = def.patchable ?? def.writable
  const specs = writeSpecs(def, names)
  const current = pick(def, record, names, ctx, 'json')
  const merged = mergePatch(current, patch) as Record<string, unknown>
  // A member removed by `null` is a null value, which the field's own rules then accept or refuse.
  for (const field of names) if (field in patch && !(field in merged)) merged[field] = null
  const changed = Object.fromEntries(
    Object.keys(patch)
      // Own keys only: `constructor` or `toString` in a body must not reach the record (findings L12).
      .filter((k) => Object.hasOwn(specs, k))
      .map((k) => [k, merged[k]]),
  )
  validateBody(specs, changed, false)
  return toStored(def, changed, ctx)
}
