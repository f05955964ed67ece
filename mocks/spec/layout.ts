import { allOperationLines, append } from './data.ts'
import type { MethodName, OperationLine } from './types.ts'

// Which operations make up which resource, read from paths and names alone (no type is parsed here), as API
// Platform lays a resource out: a collection path `/api/v1/contacts` (GetCollection, Post) and an item path
// `/api/v1/contacts/{id}` (Get, Patch, Put, Delete); operations on their sub-paths are the resource's custom
// actions. An operation on no resource's paths is standalone (`/api/v1/me`, `/api/v1/events_publish/{uuid}`).

const API = '/api/v1/'
export const ITEM_METHODS: Readonly<Record<string, MethodName>> = {
  GET: 'read',
  PATCH: 'update',
  PUT: 'replace',
  DELETE: 'delete',
}
export const COLLECTION_METHODS: Readonly<Record<string, MethodName>> = { GET: 'list', POST: 'create' }

export interface Placed {
  readonly line: OperationLine
  /** The first path segment after /api/v1/ (`contacts`), and the segments after it (`[':id', 'confirm']`). */
  readonly segment: string
  readonly rest: readonly string[]
}

/** A resource's operations: its main segment's first, then the other spellings' (see `spelling`). */
export interface Family {
  /** The segment of the item path, else of the collection path: the resource's name. */
  readonly main: string
  readonly members: readonly Placed[]
}

export interface Layout {
  /** Resources in the order the spec first mentions them. */
  readonly families: readonly Family[]
  /** operationId -> the resource's name. */
  readonly byOperation: ReadonlyMap<string, string>
  /** Standalone operations' ids, in the spec's order. */
  readonly standalone: readonly string[]
}

const place = (line: OperationLine): Placed => {
  const [segment = '', ...rest] = line.path.startsWith(API)
    ? line.path.slice(API.length).split('/')
    : ['', line.path]
  return { line, segment, rest }
}
export const isParam = (s: string | undefined) => s?.startsWith(':') === true
export const isItem = (p: Placed) =>
  p.rest.length === 1 && isParam(p.rest[0]) && p.line.method in ITEM_METHODS
export const isCollection = (p: Placed) => p.rest.length === 0 && p.line.method in COLLECTION_METHODS

/** API Platform's own operation names: `api_contacts_get_collection`, `api_contacts_post`, `api_contacts_id_get`. */
function isStandardName(p: Placed): boolean {
  const id = p.line.operationId
  if (isCollection(p)) return id === `api_${p.segment}_${p.line.method === 'GET' ? 'get_collection' : 'post'}`
  if (isItem(p)) return id === `api_${p.segment}_${p.rest[0]!.slice(1)}_${p.line.method.toLowerCase()}`
  return false
}

/**
 * The same resource under two spellings of its path, as Orgo's routes have them: `user-connections` and
 * `user_connections/{id}`, `adhesions` and `adhesion/{id}`, `product-payment/{id}/accept` beside
 * `product_payments/{id}`. Only within one class (tag), so `website-page/{slug}` stays apart from `website_pages`.
 */
const spelling = (segment: string) => segment.replace(/-/g, '_').replace(/s$/, '')

let layout: Layout | undefined

export function resourceLayout(): Layout {
  return (layout ??= lay())
}

function lay(): Layout {
  const placed = allOperationLines().map(place)
  const bySegment = new Map<string, Placed[]>()
  for (const p of placed) append(bySegment, p.segment, p)

  // A segment is a resource's when API Platform named one of its generic operations, or it has both a
  // collection and an item operation (`newsletter_widgets`, named by hand in Orgo's code).
  const isBase = (list: Placed[]) =>
    list.some(isStandardName) || (list.some(isCollection) && list.some(isItem))
  const tagOf = (list: Placed[]) => (list.find((p) => isCollection(p) || isItem(p)) ?? list[0]!).line.tag

  const spellings = new Map<string, string[]>()
  for (const [segment, list] of bySegment) {
    const key = `${tagOf(list)} ${spelling(segment)}`
    append(spellings, key, segment)
  }

  const families: Family[] = []
  const byOperation = new Map<string, string>()
  for (const segments of spellings.values()) {
    const bases = segments.filter((s) => isBase(bySegment.get(s)!))
    if (bases.length === 0) continue
    // The item path names the resource (its IRIs are item paths); a family without one, its collection.
    const main =
      bases.find((s) => bySegment.get(s)!.some((p) => isItem(p) && isStandardName(p))) ??
      bases.find((s) => bySegment.get(s)!.some(isItem)) ??
      bases[0]!
    const ordered = [main, ...bases.filter((s) => s !== main), ...segments.filter((s) => !bases.includes(s))]
    const members = ordered.flatMap((s) => bySegment.get(s)!)
    families.push({ main, members })
    for (const p of members) byOperation.set(p.line.operationId, main)
  }
  const order = new Map(placed.map((p, i) => [p.line.operationId, i]))
  const firstOf = (f: Family) => Math.min(...f.members.map((p) => order.get(p.line.operationId)!))
  families.sort((a, b) => firstOf(a) - firstOf(b))
  const standalone = placed.map((p) => p.line.operationId).filter((id) => !byOperation.has(id))
  return { families, byOperation, standalone }
}
