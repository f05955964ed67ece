import type { Item } from 'json-server/lib/service.js'
import type { Principal } from '../auth/principal.ts'
import { notFound } from '../http/errors.ts'
import { itemIri, negotiate, renderItem, renderPage, type Format } from '../http/hydra.ts'
import { noContent } from '../http/respond.ts'
import type { SandboxResponse } from '../http/types.ts'
import type { Operation } from '../operations/index.ts'
import { API } from '../resources/engine/serialize.ts'
import { findByKey, jsonServerQuery } from './extra-collections.ts'
import { assertMayShowRecord } from './generic-rules.ts'
import { keyOf, shapeOf } from './generic-shape.ts'
import type { RouteContext } from './route.ts'

// A `--db` file's own collection named after one of Orgo's resources (`posts`, `newsletters`) is json-server's:
// its routes (extra-collections.ts) serve `/api/v1/<name>` and `/api/v1/<name>/{id}`, and the index's other
// operations on it read the same records: a custom action shows the record it names, unchanged (findings-3 N4:
// the file's records are written by its routes alone), a collection GET lists them. The rest is the engine's.

/** Whether the operation reads a db.json's own collection of `name`: a record it names, or a list. */
export function readsFileCollection(ctx: RouteContext, op: Operation, name: string): boolean {
  const collections = ctx.core.db.collections
  if (!collections?.names.includes(name) || collections.isGeneric(name)) return false
  const shape = shapeOf(op)
  return shape.kind === 'item' || shape.kind === 'action' || op.method === 'GET'
}

export async function fileCollectionAnswer(
  ctx: RouteContext,
  op: Operation,
  principal: Principal | undefined,
): Promise<SandboxResponse> {
  const shape = shapeOf(op)
  const format = negotiate(ctx.req)
  const service = ctx.core.db.collections!.service(ctx.tenant.tenant.slug)!
  if (shape.kind === 'item' || shape.kind === 'action') {
    const record = findByKey(service, shape.name, ctx.params[shape.param]!) ?? notFound()
    assertMayShowRecord(principal, op, shape)
    return op.method === 'DELETE' ? noContent() : render(format, op, shape.name, record)
  }
  const rows = (service.find(shape.name, jsonServerQuery(ctx.req.query)) as Item[] | undefined) ?? []
  return renderPage(ctx.req, { path: ctx.req.path, type: op.tag }, rows, (record) => ({
    iri: iriOf(shape.name, record),
    body: record,
  }))
}

const iriOf = (name: string, record: Item) => itemIri(`${API}/${name}`, record[keyOf(name)])

const render = (format: Format, op: Operation, name: string, record: Item): SandboxResponse =>
  renderItem(format, { iri: iriOf(name, record), type: op.tag }, record)
