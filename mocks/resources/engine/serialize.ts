import { itemIri, type Format } from '../../http/hydra.ts'
import { resourceAt } from '../index.ts'
import { isoDate } from '../fields.ts'
import type { AnyResource, FieldDef, ReadContext, Row } from '../types.ts'

export const API = '/api/v1'
export { isoDate }

/** `/api/v1/contacts/12`, or `/api/v1/events/<uuid>` for resources addressed by uuid (the spec's paths). */
export function iriOf(def: AnyResource, record: Row): string {
  const key = def.key === 'uuid' ? (record as Row & { uuid: string }).uuid : record.id
  return itemIri(`${API}/${def.path}`, key)
}

const NO_FIELD: FieldDef = {}

/** The wire value of one field: computed, a relation (IRI or embedded object), or the stored value or no-data value. */
function fieldValue(
  def: AnyResource,
  record: Row,
  name: string,
  ctx: ReadContext,
  format: Format,
  group: string,
): unknown {
  const field = def.fields[name] ?? NO_FIELD
  if (field.compute) return field.compute(record, ctx) ?? field.none ?? null
  const raw = (record as unknown as Record<string, unknown>)[name]
  if (field.show) return field.show(raw, ctx, format, group)
  const embed = field.embedIn?.[group] ?? field.embed
  if (field.type === 'ref')
    return raw == null ? null : relation(field.ref!, embed, raw as number, ctx, format)
  if (field.type === 'ref[]')
    return ((raw as number[] | undefined) ?? []).map((id) => relation(field.ref!, embed, id, ctx, format))
  return raw ?? field.none ?? null
}

function relation(
  path: string,
  embed: readonly string[] | undefined,
  id: number,
  ctx: ReadContext,
  format: Format,
): unknown {
  const target = resourceAt(path)
  const record = ctx.table(path)?.get(id)
  if (!target || !record) return null
  if (!embed) return iriOf(target, record)
  // An embedded record's own relations are shown as its item group shows them.
  const body = pick(target, record, embed, ctx, format, 'item')
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
  group = 'item',
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const name of names) out[name] = fieldValue(def, record, name, ctx, format, group)
  return out
}
