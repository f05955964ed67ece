import { headerIri, renderCollection, renderItem, type Format } from '../http/hydra.ts'
import { json, jsonLd, noContent } from '../http/respond.ts'
import type { SandboxRequest, SandboxResponse } from '../http/types.ts'
import { resourceOf, schema } from '../spec/index.ts'
import type { MediaTypes, SpecOperation, TypeNode } from '../spec/index.ts'
import { renderCsv } from './render-csv.ts'
import { recordBody, renderValue, type Rendered } from './render-value.ts'
import type { QueryResult, Records, StoredRecord } from './types.ts'

export { renderRecord, renderValue, type Owner } from './render-value.ts'
export { skolemIri } from './scalars.ts'

// The answer the spec gives an operation for a status and media type (issue 23 item 2), from what the store or
// the overlay produced: one record, one page of a query, or nothing.
//   - `application/ld+json` `@X`: the item with `@context`, `@id`, `@type` (mocks/http/hydra.ts renderItem);
//     `hydra<@X>`: a Hydra collection (renderCollection: members with `@id`/`@type`, totalItems, view).
//   - `application/json` `@X`: the plain object; `arr<@X>`: a bare array of the page's rows.
//   - `null` in the spec: no content, under the status given: 117 answers are 204, and 40 of the 44
//     website-builder operations' (`websiteGuide`) a 200 or 201 the spec gives no content schema.
//   - a type that is no schema (`login_check`'s `obj{token:str}`, a string): a value of that type built from
//     the record where the names match, the spec's default or the type's empty value elsewhere.
// A payload of the other kind is adapted: an item answered as a collection is a page of one, a page answered
// as an item its first row, nothing answered with a schema the schema's empty object (render-value.ts).

const JSON_LD = 'application/ld+json'
const JSON_PLAIN = 'application/json'

/**
 * The media type to answer in, negotiate()'s way: the format asked for when the operation offers it, the other
 * JSON one next (ld+json first); an operation that offers neither (`contact_csv`: `text/csv` only) answers in
 * what it offers, the media type the request names first.
 */
export function answerMedia(offered: MediaTypes, format: Format, req: SandboxRequest): string | undefined {
  const order = format === 'json' ? [JSON_PLAIN, JSON_LD] : [JSON_LD, JSON_PLAIN]
  const media = Object.keys(offered)
  const accept = (req.header('accept') ?? '').toLowerCase()
  return order.find((m) => m in offered) ?? media.find((m) => accept.includes(m.toLowerCase())) ?? media[0]
}

const isPage = (payload: StoredRecord | QueryResult): payload is QueryResult =>
  !('id' in payload) && Array.isArray((payload as QueryResult).rows)

/** The page a collection answer lists. */
function pageOf(payload: StoredRecord | QueryResult | undefined): QueryResult {
  if (payload && isPage(payload)) return payload
  const rows = payload ? [payload] : []
  return { rows, total: rows.length, page: 1, itemsPerPage: 30 }
}

/** The resource a record of the schema's class is rendered as: the operation's own when it is of that class. */
function renderedAs(op: SpecOperation, className: string, records: Records): Rendered | undefined {
  const own = resourceOf(op.operationId)
  if (own && own.type === className && records.resourceOfClass(className)) return own
  return records.resourceOfClass(className)
}

export function renderAnswer(
  op: SpecOperation,
  status: string,
  format: Format,
  payload: StoredRecord | QueryResult | undefined,
  records: Records,
  req: SandboxRequest,
): SandboxResponse {
  if (!(status in op.ok))
    throw new Error(`render: ${op.operationId} has no ${status} answer (${Object.keys(op.ok).join(', ')})`)
  const offered = op.ok[status]
  const code = Number(status)
  const media = offered ? answerMedia(offered, format, req) : undefined
  if (!offered || !media) return code === 204 ? noContent() : { status: code, headers: {} }
  const type = offered[media]!
  const asFormat: Format = media === JSON_LD ? 'jsonld' : 'json'
  const walk = { records, path: new Set<string>() }

  if (type.kind === 'hydra' || type.kind === 'arr') {
    const item = type.items.kind === 'ref' ? schema(type.items.name) : undefined
    const page = pageOf(payload)
    const resource = item && renderedAs(op, item.className, records)
    const members = page.rows.map((row) =>
      item
        ? recordBody(item, row, resource, walk)
        : (renderValue(type.items, row, records, asFormat) as Record<string, unknown>),
    )
    if (media === 'text/csv') return renderCsv(members, code)
    const response = renderCollection(
      type.kind === 'hydra' ? 'jsonld' : 'json',
      {
        path: req.path,
        type: resource?.type ?? item?.className ?? op.tag,
        query: req.query,
        page: { page: page.page, itemsPerPage: page.itemsPerPage },
        total: page.total,
      },
      members,
    )
    return { ...response, status: code }
  }

  const record = payload && isPage(payload) ? payload.rows[0] : payload
  const target = type.kind === 'ref' ? schema(type.name) : undefined
  if (!target) return send(renderValue(type, record ?? {}, records, asFormat), media, code)
  const resource = renderedAs(op, target.className, records)
  const body = recordBody(target, record ?? {}, resource, walk, true)
  const id = body['@id']
  // API Platform's RespondListener: a 201 carries the new record's IRI as `Location` (a skolem IRI is none).
  const headers: Record<string, string> = {}
  if (code === 201 && resource && record && typeof record.id === 'number')
    headers['Location'] = headerIri(records.iri(resource.name, record))
  // renderItem writes @context/@id/@type first, as the schema lists them, and the Content-Location header.
  if (asFormat === 'jsonld' && typeof id === 'string' && '@type' in body)
    return renderItem('jsonld', { iri: id, type: String(body['@type']) }, body, code, headers)
  return send(body, media, code, headers)
}

function send(body: unknown, media: string, status: number, headers: Record<string, string> = {}) {
  return media === JSON_LD
    ? jsonLd(body, status, headers)
    : json(body, status, { 'Content-Type': media, ...headers })
}

/** The type an operation answers a status with in a format (the conformance test checks against it). */
export function answerType(
  op: SpecOperation,
  status: string,
  format: Format,
  req: SandboxRequest,
): TypeNode | undefined {
  const offered = op.ok[status]
  const media = offered ? answerMedia(offered, format, req) : undefined
  return offered && media ? offered[media] : undefined
}
