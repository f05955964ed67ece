import type { Item } from 'json-server/lib/service.js'
import type { Principal } from '../auth/principal.ts'
import { readOperationBody } from '../http/body.ts'
import { notFound } from '../http/errors.ts'
import { itemIri, negotiate, renderItem, renderPage, type Format } from '../http/hydra.ts'
import { noContent } from '../http/respond.ts'
import type { SandboxResponse } from '../http/types.ts'
import { mergePatch } from '../http/validate.ts'
import { OPERATIONS, routeShape, type Operation, type ServedOperation } from '../operations/index.ts'
import { SCHEMA_SERVED } from '../operations/schema-served.ts'
import { API } from '../resources/engine/serialize.ts'
import { resourceAt } from '../resources/index.ts'
import type { ResourceDef, Row } from '../resources/types.ts'
import { attemptedMethod } from '../request-context.ts'
import { isCollectionRoute } from './extra-collections.ts'
import { genericRecords, type GenericRecords } from './generic-store.ts'
import {
  assertMayShowRecord,
  assertMayWriteRecord,
  assertStated,
  assertUser,
  recordRule,
  writesRecord,
} from './generic-rules.ts'
import { keyOf, shapeOf, type RecordShape, type Shape } from './generic-shape.ts'
import { allow, deleteRecord, findRecord, listRows, patchRecord, renderRecord } from './resources.ts'
import type { Route, RouteContext } from './route.ts'
import type { SchemaPlan } from './schema-route.ts'

// SPEC 8: every operation of Orgo's index that no handler emulates in full answers generically, API Platform's
// way, behind the same guard as the rest: 401 without a valid credential of this tenant, 403 for a read-only
// Api-Token writing or a missing stated permission, the spec's public operations open to anyone; and the rules
// of the record it acts on, as on every other path to that record (generic-rules.ts, findings-3 N2 and N4).

/**
 * The routes, each full one that serves an operation of the index marked as such, then (unless `generic` is off)
 * a generic route for every operation none of them serves. A full route always wins: its shape is taken first.
 */
export function withOperations(generic: boolean, routes: readonly Route[]): Route[] {
  // Built once per process: every sandbox (a test file may make dozens) reads the same index.
  const index = (byShape ??= new Map(OPERATIONS.map((op) => [routeShape(op.method, op.path), op])))
  const taken = new Set<string>()
  const out = routes.map((route): Route => {
    const shape = routeShape(route.method, route.path)
    const operation = taken.has(shape) ? undefined : index.get(shape)
    taken.add(shape)
    if (!operation) return route
    if (!isCollectionRoute(route)) return { ...route, operation: { operation, emulation: 'full', calls: 0 } }
    // A db.json collection at an Orgo path is json-server's emulation of it, behind the operation's own guard too.
    const { handle } = route
    return {
      ...route,
      operation: { operation, emulation: 'generic', calls: 0 },
      handle: async (ctx) => (await guard(ctx, operation), handle(ctx)),
    }
  })
  if (!generic) return out
  for (const [shape, operation] of index) if (!taken.has(shape)) out.push(genericRoute(operation))
  return out
}

let byShape: Map<string, Operation> | undefined
const shapes = new Map<Operation, Shape>()

function genericRoute(operation: Operation): Route {
  let shape = shapes.get(operation)
  if (!shape) shapes.set(operation, (shape = shapeOf(operation)))
  // Known at start-up from a vendored list; the engine and Orgo's spec load on the first request it answers.
  const bySchema = SCHEMA_SERVED.has(operation.operationId)
  const served: ServedOperation = { operation, emulation: bySchema ? 'schema' : 'generic', calls: 0 }
  let plan: SchemaPlan | undefined
  return {
    method: operation.method as Route['method'],
    path: operation.path,
    scope: 'tenant',
    operation: served,
    handle: async (ctx) => {
      if (!bySchema) return answer(ctx, operation, shape)
      const engine = await schemaEngine()
      plan ??= engine.schemaPlanOf(operation)!
      // A --db file's own collection of that name keeps its records, written by its routes alone (findings-3 N4).
      if (fileCollection(ctx, engine.planCollection(plan) ?? shape.name)) return answer(ctx, operation, shape)
      return engine.answerBySchema(ctx, operation, plan, await guard(ctx, operation))
    },
  }
}

let loading: Promise<typeof import('./schema-route.ts')> | undefined
const schemaEngine = () => (loading ??= import('./schema-route.ts'))

const fileCollection = (ctx: RouteContext, name: string) =>
  ctx.core.db.collections?.names.includes(name) === true && !ctx.core.db.collections.isGeneric(name)

/**
 * Public operations need no credential (one sent is still checked); the rest authenticate as a user of this
 * tenant, then the permission the operation states.
 */
async function guard(ctx: RouteContext, op: Operation): Promise<Principal | undefined> {
  if (op.public && attemptedMethod(ctx.req) === null) return undefined
  const principal = await ctx.auth()
  assertUser(principal, op)
  assertStated(principal, op)
  return principal
}

async function answer(ctx: RouteContext, op: Operation, shape: Shape): Promise<SandboxResponse> {
  const def = resourceAt(shape.name)
  if (def && (shape.kind === 'item' || shape.kind === 'action')) return onModelled(ctx, op, shape, def)
  const principal = await guard(ctx, op)
  const format = negotiate(ctx.req)
  switch (shape.kind) {
    case 'collection':
      return def ? listRows(ctx, def) : list(ctx, op, shape.name)
    case 'bare':
      return accepted(ctx, op)
    case 'create': {
      // A resource the sandbox models but cannot create (the reference data): its table stays as seeded.
      if (def) return accepted(ctx, op)
      const store = genericRecords(ctx, shape.name, keyOf(shape.name))
      const values = writable((await readBody(ctx, op)) ?? {}, keyOf(shape.name))
      return render(format, op, shape.name, await store.create(values), 201)
    }
    default: {
      const store = genericRecords(ctx, shape.name, keyOf(shape.name))
      const record = store.get(ctx.params[shape.param]!) ?? notFound()
      return onRecord(ctx, op, shape, format, store, record, principal)
    }
  }
}

/** API Platform's custom operation without output: 202 and no body; a DELETE is a 204 all the same. */
async function accepted(ctx: RouteContext, op: Operation): Promise<SandboxResponse> {
  await readBody(ctx, op)
  return op.method === 'DELETE' ? noContent() : { status: 202, headers: {} }
}

/**
 * A record of a generic collection. Only its item operations write it, and only where the generic operations
 * own the collection (a db.json's own collection is written by its json-server routes alone); a custom action
 * answers the record as it found it, whatever it was sent (findings-3 N4: the index knows no field of its body).
 */
async function onRecord(
  ctx: RouteContext,
  op: Operation,
  shape: RecordShape,
  format: Format,
  store: GenericRecords,
  record: Item,
  principal: Principal | undefined,
): Promise<SandboxResponse> {
  const key = keyOf(shape.name)
  if (writesRecord(op, shape) && store.owned) {
    assertMayWriteRecord(principal, op, shape.name)
    switch (op.method) {
      case 'DELETE':
        await store.remove(record)
        return noContent()
      case 'PATCH': {
        const patch = await readBody(ctx, op)
        if (!patch) return render(format, op, shape.name, record)
        // RFC 7396: the body merges into the stored record; a null removes a field.
        const merged = mergePatch(record, writable(patch, key)) as Item
        return render(format, op, shape.name, await store.replace(record, merged))
      }
      default: {
        // API Platform 3's PUT replaces the whole resource: fields left out are gone.
        const body = await readBody(ctx, op)
        return render(format, op, shape.name, await store.replace(record, writable(body ?? {}, key)))
      }
    }
  }
  assertMayShowRecord(principal, op, shape)
  await readBody(ctx, op)
  return op.method === 'DELETE' ? noContent() : render(format, op, shape.name, record)
}

/**
 * A record of a resource the sandbox models (`/api/v1/events/{uuid}/analytics`): its table is the truth, and its
 * definition's rules hold as on the direct item operations (mocks/handlers/resources.ts), in their order: 401,
 * then 404 for no such record, then 403 (findings-3 N2). A custom action shows the record, unchanged.
 */
async function onModelled(
  ctx: RouteContext,
  op: Operation,
  shape: RecordShape,
  def: ResourceDef<Row>,
): Promise<SandboxResponse> {
  await ctx.auth()
  const record = findRecord(ctx, def, ctx.params[shape.param]!)
  const principal = (await allow(ctx, def, recordRule(op, shape), record))!
  assertStated(principal, op)
  if (writesRecord(op, shape)) {
    if (op.method !== 'DELETE') return renderRecord(ctx, def, await patchRecord(ctx, def, record, principal))
    deleteRecord(ctx, def, record, principal)
    return noContent()
  }
  await readBody(ctx, op)
  return op.method === 'DELETE' ? noContent() : renderRecord(ctx, def, record)
}

/** The body the spec gives the operation, with API Platform's 415 and 400; none for a body-less operation. */
const readBody = (ctx: RouteContext, op: Operation) => readOperationBody(ctx.req, op.method, op.hasBody)

/** JSON-LD keywords and the record's identity are the server's: dropped from a write. */
function writable(body: Record<string, unknown>, key: string): Item {
  const out: Item = {}
  for (const [name, value] of Object.entries(body))
    if (!name.startsWith('@') && name !== 'id' && name !== key) out[name] = value
  return out
}

const iriOf = (name: string, record: Item) => itemIri(`${API}/${name}`, record[keyOf(name)])

function render(format: Format, op: Operation, name: string, record: Item, status = 200): SandboxResponse {
  return renderItem(format, { iri: iriOf(name, record), type: op.tag }, record, status)
}

function list(ctx: RouteContext, op: Operation, name: string): SandboxResponse {
  const rows = genericRecords(ctx, name, keyOf(name)).list(ctx.req.query)
  return renderPage(ctx.req, { path: ctx.req.path, type: op.tag }, rows, (record) => ({
    iri: iriOf(name, record),
    body: record,
  }))
}
