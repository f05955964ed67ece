import type { Format } from '../../http/hydra.ts'
import { resourceAt } from '../index.ts'
import { isoDate } from '../fields.ts'
import type { AnyResource, FieldDef, ReadContext, Row } from '../types.ts'

export const API = '/api/v1'
export { isoDate }

/** `/api/v1/contacts/12`, or `/api/v1/events/<uuid>` for resources addressed by uuid (the spec's paths). */
export function iriOf(def: AnyResource, record: Row): string {
  const key = def.key === 'uuid' ? (record as Row & { uuid: string }).uuid : record.id
  return `${API}/${def.path}/${key}`
}


const NO_FIELD: FieldDef = {}

/** The wire value of one field: computed, a relation (IRI or embedded object), or the stored value or no-data value. */
function fieldValue(
  def: AnyResource,
  record: Row,
  name: string,
  ctx: ReadContext,
  format: Format,
): unknown {
  const field = def.fields[name] ?? NO_FIELD
  if (field.compute) return field.compute(record, ctx) ?? field.none ?? null
  const raw = (record as unknown as Record<string, unknown>)[name]
  if (field.type === 'ref') return raw == null ? null : relation(field, raw as number, ctx, format)
  if (field.type === 'ref[]')
    return ((raw as number[] | undefined) ?? []).map((id) => relation(field, id, ctx, format))
  return raw ?? field.none ?? null
}

function relation(field: FieldDef, id: number, ctx: ReadContext, format: Format): unknown {
  const target = resourceAt(field.ref!)
  const record = ctx.table(field.ref!)?.get(id)
  if (!target || !record) return null
  if (!field.embed) return iriOf(target, record)
  const body = pick(target, record, field.embed, ctx, format)
  // JSON-LD embeds a resource with its own @id and @type, as API Platform does.
  return format === 'jsonld' ? { '@id': iriOf(target, record), '@type': target.type, ...body } : body
}

/** The record's fields named by a group, every one present: null (or the field's no-data value) where none. */
export function pick(
  def: AnyResource,
  record: Row,
  names: readonly string[],
  ctx: ReadContext,
  format: Format,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const name of names) out[name] = fieldValue(def, record, name, ctx, format)
  return out
}
