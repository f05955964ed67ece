import type { FieldDef, ReadContext, Row } from './types.ts'

// A user's membership application and identity as the user's own answers embed them (issue 25, the adhesion
// workflow: mocks/workflows/adhesion-*.ts stores their ids on the user). Both are the schema engine's records;
// the fields are those of Orgo's embeds: `Adhesion-user_collection` {id, status} (~7,453,555) in the list,
// `Adhesion-user_read*` {id, isValidated, isSuccess, isRejected, hasUploadedDocument, status} (~7,453,850) in
// the item, plus `medias` in the private and PATCH groups (~7,454,680); `Identity-user_read_private_get_one_User`
// {id, isValidated, hasUploadedDocument, firstName, lastName, status, addressDetails} (~8,536,125).

const API = '/api/v1'

const ADHESION_CARD = ['id', 'status']
const ADHESION = ['id', 'isValidated', 'isSuccess', 'isRejected', 'hasUploadedDocument', 'status']
const IDENTITY = [
  'id',
  'isValidated',
  'hasUploadedDocument',
  'firstName',
  'lastName',
  'status',
  'addressDetails',
]
/** Non-nullable in the embeds: false when a record lacks them. */
const FLAGS = new Set(['hasUploadedDocument'])

function embed(
  record: Row,
  fields: readonly string[],
  ld: { iri: string; type: string } | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = ld ? { '@id': ld.iri, '@type': ld.type } : {}
  for (const name of fields) {
    const value = (record as Record<string, unknown>)[name]
    out[name] = value ?? (FLAGS.has(name) ? false : null)
  }
  return out
}

const find = (ctx: ReadContext, resource: string, value: unknown) =>
  typeof value === 'number' ? ctx.schemaTable?.(resource)?.get(value) : undefined

export const userAdhesion: FieldDef = {
  type: 'integer',
  show(value, ctx, format, group) {
    const record = find(ctx, 'adhesion', value)
    if (!record) return null
    const ld = format === 'jsonld' ? { iri: `${API}/adhesion/${record.id}`, type: 'Adhesion' } : undefined
    if (group === 'collection') return embed(record, ADHESION_CARD, ld)
    const shown = embed(record, ADHESION, ld)
    if (group === 'private' || group === 'patch') {
      const medias = (record as { medias?: unknown }).medias
      shown.medias = Array.isArray(medias) ? medias : []
    }
    return shown
  },
}

export const userIdentity: FieldDef = {
  type: 'integer',
  show(value, ctx, format) {
    const record = find(ctx, 'identity', value)
    if (!record) return null
    return embed(
      record,
      IDENTITY,
      format === 'jsonld' ? { iri: `${API}/identity/${record.id}`, type: 'Identity' } : undefined,
    )
  },
}
