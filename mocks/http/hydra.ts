import { badRequest, HttpError } from './errors.ts'
import { json, jsonLd } from './respond.ts'
import type { SandboxRequest, SandboxResponse } from './types.ts'

export type Format = 'jsonld' | 'json'

/** API Platform content negotiation: JSON-LD unless the client asks for plain JSON only. */
export function negotiate(req: SandboxRequest): Format {
  const accept = (req.header('accept') ?? '').toLowerCase()
  if (accept === '' || accept.includes('application/ld+json')) return 'jsonld'
  if (accept.includes('application/json')) return 'json'
  if (accept.includes('*/*') || accept.includes('application/*')) return 'jsonld'
  throw new HttpError(
    406,
    `Requested format "${accept}" is not supported. Supported MIME types are "application/ld+json", "application/json".`,
  )
}

// A UTF-16 half without its other half: no UTF-8 encodes it, so encodeURIComponent would throw on it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/**
 * An item's IRI, its id one percent-encoded path segment (RFC 3986 3.3): an id from a db.json or a POST body
 * (`a/b`, `€`, `x\r\nSet-Cookie: a=b`) stays inside its segment and never reaches a header raw (findings N8).
 * The router decodes the segment back, so the IRI answers.
 */
export function itemIri(collection: string, id: unknown): string {
  // Most ids are integers: nothing to encode on a list's hot path.
  if (typeof id === 'number') return `${collection}/${id}`
  const text = String(id)
  try {
    return `${collection}/${encodeURIComponent(text)}`
  } catch {
    return `${collection}/${encodeURIComponent(text.replace(LONE_SURROGATE, '\ufffd'))}`
  }
}

// Anything but visible ASCII; `u`: a whole code point at a time, so a pair is encoded as one character.
const NOT_HEADER_SAFE = /[^\x21-\x7e]/gu
const HAS_UNSAFE = /[^\x21-\x7e]/

/**
 * An IRI for a header: a field value is visible ASCII (RFC 9110 5.5), so any other character is
 * percent-encoded as UTF-8, as RFC 3987 3.1 maps an IRI to a URI. A no-op for IRIs made by `itemIri`; it keeps
 * node's writeHead from throwing on any other (findings N8: a bare `500 OK`).
 */
export function headerIri(iri: string): string {
  if (!HAS_UNSAFE.test(iri)) return iri
  return iri.replace(LONE_SURROGATE, '\ufffd').replace(NOT_HEADER_SAFE, (c) => encodeURIComponent(c))
}

export interface ItemMeta {
  iri: string
  type: string
}

export function renderItem(
  format: Format,
  meta: ItemMeta,
  body: Record<string, unknown>,
  status = 200,
  headers: Record<string, string> = {},
): SandboxResponse {
  if (format === 'json') return json(body, status, headers)
  return jsonLd(
    { '@context': `/api/contexts/${meta.type}`, '@id': meta.iri, '@type': meta.type, ...body },
    status,
    {
      'Content-Location': headerIri(meta.iri),
      ...headers,
    },
  )
}

/** A JSON-LD member: its own @id and @type, no @context. */
export function member(
  format: Format,
  meta: ItemMeta,
  body: Record<string, unknown>,
): Record<string, unknown> {
  return format === 'json' ? body : { '@id': meta.iri, '@type': meta.type, ...body }
}

export interface Page {
  page: number
  itemsPerPage: number
}

export const DEFAULT_ITEMS_PER_PAGE = 30
export const MAX_ITEMS_PER_PAGE = 100

/**
 * `page` (1-based) and `itemsPerPage` (the resource's default, clamped to 100), with API Platform's refusals;
 * `pagination=false` asks for every item on one page.
 */
export function readPage(query: URLSearchParams, defaultPerPage = DEFAULT_ITEMS_PER_PAGE): Page {
  if (query.get('pagination') === 'false' || query.get('pagination') === '0')
    return { page: 1, itemsPerPage: Number.MAX_SAFE_INTEGER }
  const pageText = query.get('page')
  const perPageText = query.get('itemsPerPage')
  const page = pageText === null ? 1 : Number(pageText)
  if (!Number.isInteger(page) || page < 1) badRequest('Page should not be less than 1')
  const perPage = perPageText === null ? defaultPerPage : Number(perPageText)
  if (!Number.isInteger(perPage) || perPage < 0) badRequest('Limit should not be less than 0')
  return { page, itemsPerPage: Math.min(perPage, MAX_ITEMS_PER_PAGE) }
}

export function renderCollection(
  format: Format,
  options: { path: string; type: string; query: URLSearchParams; page: Page; total: number },
  members: Record<string, unknown>[],
): SandboxResponse {
  if (format === 'json') return json(members)
  const { path, type, query, page, total } = options
  const pageUrl = (n: number) => {
    const params = new URLSearchParams(query)
    params.set('page', String(n))
    return `${path}?${params.toString()}`
  }
  const lastPage = page.itemsPerPage === 0 ? 1 : Math.max(1, Math.ceil(total / page.itemsPerPage))
  const view: Record<string, unknown> = {
    '@id': query.size ? `${path}?${query.toString()}` : path,
    '@type': 'hydra:PartialCollectionView',
  }
  if (lastPage > 1 || query.has('page')) {
    view['@id'] = pageUrl(page.page)
    view['hydra:first'] = pageUrl(1)
    view['hydra:last'] = pageUrl(lastPage)
    if (page.page > 1) view['hydra:previous'] = pageUrl(page.page - 1)
    if (page.page < lastPage) view['hydra:next'] = pageUrl(page.page + 1)
  }
  return jsonLd({
    '@context': `/api/contexts/${type}`,
    '@id': path,
    '@type': 'hydra:Collection',
    'hydra:totalItems': total,
    'hydra:member': members,
    'hydra:view': view,
  })
}

/**
 * One page of a collection, answered as the client asked (Hydra or a bare array): `page`/`itemsPerPage` read and
 * checked, the rows sliced, each row turned into a member with its IRI.
 */
export function renderPage<T>(
  req: SandboxRequest,
  collection: { path: string; type: string },
  rows: readonly T[],
  toMember: (row: T) => { iri: string; body: Record<string, unknown> },
): SandboxResponse {
  const format = negotiate(req)
  const page = readPage(req.query)
  const start = (page.page - 1) * page.itemsPerPage
  const members = rows.slice(start, start + page.itemsPerPage).map((row) => {
    const { iri, body } = toMember(row)
    return member(format, { iri, type: collection.type }, body)
  })
  return renderCollection(format, { ...collection, query: req.query, page, total: rows.length }, members)
}
