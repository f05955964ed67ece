import { OPERATIONS, type Operation } from '../operations/index.ts'
import { API } from '../resources/engine/serialize.ts'

/**
 * What API Platform would make of an operation, read from its method and path alone:
 * - `collection`: a GET whose path ends in a static segment (`/api/v1/newsletters`, `/api/v1/contact/newsletter-stats`);
 * - `create`: a POST to a top-level collection (`/api/v1/newsletters`);
 * - `item`: the path ends in the record's key (`/api/v1/newsletters/{id}`): GET, PUT, PATCH, DELETE (POST acts on it);
 * - `action`: a custom operation on a record (`/api/v1/adhesion/{id}/send`, `/events/{uuid}/availability`);
 * - `bare`: a custom operation on no record (`POST /api/v1/adhesion/create`, `PATCH /api/v1/vote_user_alias`).
 * `name` is the collection the records live in: the static segment before the record's key, or the last one.
 */
export type Shape =
  | { kind: 'collection' | 'create' | 'bare'; name: string }
  | { kind: 'item' | 'action'; name: string; param: string; key: KeyKind }

/** The shapes that act on one record. */
export type RecordShape = Extract<Shape, { kind: 'item' | 'action' }>

/** How a path names a record: by its id, or by a uuid or hash field (`/api/v1/courses/{uuid}`). */
export type KeyKind = 'id' | 'uuid' | 'hash'

const keyKind = (param: string): KeyKind => (param === 'uuid' || param === 'hash' ? param : 'id')

export function shapeOf(op: Pick<Operation, 'method' | 'path'>): Shape {
  const segments = op.path.slice(API.length + 1).split('/')
  let last = -1
  segments.forEach((s, i) => {
    if (s.startsWith(':')) last = i
  })
  if (last === -1) {
    const name = segments[segments.length - 1]!
    if (op.method === 'GET') return { kind: 'collection', name }
    if (op.method === 'POST' && segments.length === 1) return { kind: 'create', name }
    return { kind: 'bare', name }
  }
  const param = segments[last]!.slice(1)
  // The collection is the first segment (`/api/v1/adhesion/update/:id` -> `adhesion`), or for a sub-resource the
  // one after the parent's key (`/api/v1/companies/:uuid/invitations/:id` -> `invitations`).
  let at = last - 1
  while (at > 0 && !segments[at - 1]!.startsWith(':')) at--
  const name = segments[at]!.startsWith(':') ? segments[0]! : segments[at]!
  const kind = last === segments.length - 1 ? 'item' : 'action'
  return { kind, name, param, key: keyKind(param) }
}

let keys: Map<string, KeyKind> | undefined

/**
 * How a collection's records are addressed, as its item paths say (`/api/v1/courses/{uuid}` -> `uuid`), so that a
 * record created at `POST /api/v1/courses` can be found at the item path.
 */
export function keyOf(name: string): KeyKind {
  if (!keys) {
    keys = new Map()
    for (const op of OPERATIONS) {
      const shape = shapeOf(op)
      if (shape.kind === 'item' && !keys.has(shape.name)) keys.set(shape.name, shape.key)
    }
  }
  return keys.get(name) ?? 'id'
}
