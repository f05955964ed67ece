import type { Principal } from '../auth/principal.ts'
import { readOperationBody } from '../http/body.ts'
import { notFound } from '../http/errors.ts'
import { negotiate } from '../http/hydra.ts'
import type { SandboxResponse } from '../http/types.ts'
import type { Operation } from '../operations/index.ts'
import { renderAnswer } from '../schema/render.ts'
import { queryRecords } from '../schema/query.ts'
import { recordsOf, schemaTable } from '../schema/store.ts'
import type { StoredRecord } from '../schema/types.ts'
import { validateWrite } from '../schema/validate.ts'
import { isoDate } from '../resources/fields.ts'
import { classProperties, operation as specOperation, resourceOf, schemaOfType } from '../spec/index.ts'
import type { MethodName, ResourceSpec, SpecOperation } from '../spec/types.ts'
import { resourceAt } from '../resources/index.ts'
import { assertMayShowRecord, assertMayWriteRecord } from './generic-rules.ts'
import { shapeOf } from './generic-shape.ts'
import type { RouteContext } from './route.ts'
import { assertRecordFits, assertRoom } from './record-budget.ts'

// Issue 23: an operation on a resource the sandbox does not model by hand answers from Orgo's spec: its records
// kept per tenant and seeded on first touch (mocks/schema/store.ts), filtered and paged as the spec declares,
// written through the body schema's validation, and answered in the shape the spec gives that status and media
// type. The guard and the record's rules (generic-rules.ts, findings-3 N2 and N4) hold here as on every path.

/** The spec's resource an operation of the index belongs to, when the schema engine serves it. */
export function schemaResourceOf(op: Operation): { spec: ResourceSpec; op: SpecOperation } | undefined {
  const specOp = specOperation(op.operationId)
  const spec = specOp && resourceOf(op.operationId)
  // A resource modelled by hand keeps its own emulation, and its table is the truth (decision 009).
  if (!specOp || !spec || resourceAt(spec.name)) return undefined
  return { spec, op: specOp }
}

/** Which generic operation of its resource an operation is (`list`, `read`, ...), or undefined for an action. */
function methodOf(spec: ResourceSpec, op: SpecOperation): MethodName | undefined {
  for (const [name, id] of Object.entries(spec.methods)) if (id === op.operationId) return name as MethodName
  return undefined
}

/** The 2xx status the spec documents first for the operation (`201` for a create, `204` for a delete). */
export function okStatus(op: SpecOperation): string {
  return Object.keys(op.ok).sort()[0] ?? '200'
}

export async function schemaAnswer(
  ctx: RouteContext,
  op: Operation,
  found: { spec: ResourceSpec; op: SpecOperation },
  principal: Principal | undefined,
): Promise<SandboxResponse> {
  const { spec, op: specOp } = found
  const records = recordsOf(ctx.core, ctx.tenant)
  const table = schemaTable(ctx.core, ctx.tenant, spec)
  const format = negotiate(ctx.req)
  const status = okStatus(specOp)
  const answer = (payload: Parameters<typeof renderAnswer>[3], code = status) =>
    renderAnswer(specOp, code, format, payload, records, ctx.req)
  const method = methodOf(spec, specOp)
  switch (method) {
    case 'list':
      return answer(queryRecords(spec, table, ctx.req.query, records))
    case 'create':
      return answer(await create(ctx, spec, specOp))
    case 'read':
      return answer(findIn(ctx, spec, specOp))
  }
  if (method) {
    // update, replace, delete: the record itself, under the strongest write permission of its collection.
    const record = findIn(ctx, spec, specOp)
    assertMayWriteRecord(principal, op, spec.name)
    if (method === 'delete') {
      table.delete(record)
      return answer(undefined)
    }
    const body = (await readBody(ctx, specOp)) ?? {}
    const values = validateWrite(specOp, body, method === 'update' ? 'update' : 'replace', records, record)
    // API Platform 3's PUT replaces the resource (fields left out are gone); PATCH merges (RFC 7396).
    const base = method === 'replace' ? kept(record) : record
    const next = assertRecordFits({ ...base, ...values, id: record.id, tenant: record.tenant })
    return answer(
      table.updateNow(record, (draft) => {
        for (const name of Object.keys(draft)) delete draft[name]
        Object.assign(draft, next)
      }),
    )
  }
  return action(ctx, op, found, principal, answer)
}

/** What a PUT keeps of a record it replaces: its identity. */
const KEPT = new Set(['id', 'tenant', 'uuid', 'hash'])
const kept = (record: StoredRecord) =>
  Object.fromEntries(Object.entries(record).filter(([name]) => KEPT.has(name))) as StoredRecord

/**
 * A custom operation. On the collection, a POST that answers a record of the resource creates it (`adhesion/create`,
 * `invoices/create-for-bank-transfer`: issue 23 item 4); on a record, it answers the record as it found it: the
 * behaviour of an action is hand-written or absent, never a general-purpose write (findings-3 N4).
 */
async function action(
  ctx: RouteContext,
  op: Operation,
  found: { spec: ResourceSpec; op: SpecOperation },
  principal: Principal | undefined,
  answer: (payload: StoredRecord | undefined, code?: string) => SandboxResponse,
): Promise<SandboxResponse> {
  const { spec, op: specOp } = found
  const param = recordParam(ctx, spec, specOp)
  if (param === undefined) {
    if (specOp.method === 'POST' && answersRecordOf(spec, specOp))
      return answer(await create(ctx, spec, specOp))
    await readBody(ctx, specOp)
    return answer(undefined)
  }
  const record = findIn(ctx, spec, specOp)
  // A path that ends in the key (`/widgets/public/{uuid}`) is a read of its own, with its own statement.
  const shape = shapeOf(op)
  if (shape.kind === 'item' || shape.kind === 'action') assertMayShowRecord(principal, op, shape)
  await readBody(ctx, specOp)
  return answer(record)
}

/** Whether an operation's answer is a record of the resource's class (`@Adhesion.jsonld-adhesion_read`). */
function answersRecordOf(spec: ResourceSpec, op: SpecOperation): boolean {
  const ok = op.ok[okStatus(op)]
  const type = ok?.['application/ld+json'] ?? ok?.['application/json']
  return type?.kind === 'ref' && schemaOfType(type)?.className === spec.type
}

/** The path parameter naming the record an operation acts on: the resource's key, else the path's last one. */
function recordParam(ctx: RouteContext, spec: ResourceSpec, op: SpecOperation): string | undefined {
  if (ctx.params[spec.key] !== undefined) return spec.key
  return op.pathParams.at(-1)
}

function findIn(ctx: RouteContext, spec: ResourceSpec, op: SpecOperation): StoredRecord {
  const param = recordParam(ctx, spec, op)
  const key = param === undefined ? undefined : ctx.params[param]
  return (key !== undefined && recordsOf(ctx.core, ctx.tenant).find(spec.name, key)) || notFound()
}

async function create(ctx: RouteContext, spec: ResourceSpec, op: SpecOperation): Promise<StoredRecord> {
  const records = recordsOf(ctx.core, ctx.tenant)
  const table = schemaTable(ctx.core, ctx.tenant, spec)
  const values = validateWrite(op, (await readBody(ctx, op)) ?? {}, 'create', records)
  assertRoom(spec.name, table.count())
  const record: StoredRecord = {
    ...values,
    id: ctx.core.db.ids.next(spec.name),
    tenant: ctx.tenant.tenant.slug,
  }
  // Gedmo's Timestampable, as Orgo's entities use it: the server stamps a new record's creation and update.
  const now = isoDate(ctx.core.clock.now())
  for (const name of STAMPED)
    if (classProperties(spec.type).has(name) && record[name] == null) record[name] = now
  // A new record's key other than its id is a fresh secret-grade value (findings-3 N1).
  if (spec.key === 'uuid') record.uuid = ctx.core.random.uuid()
  else if (spec.key === 'hash') record.hash = ctx.core.random.hex(32)
  return table.insertNow(assertRecordFits(record))
}

/** The read-only timestamps a create sets (the names Orgo's schemas use). */
const STAMPED = ['dateCreated', 'createdAt', 'dateUpdated', 'updatedAt']

/** The body the spec gives the operation, with API Platform's 415 and 400; none for a body-less operation. */
export const readBody = (ctx: RouteContext, op: SpecOperation) =>
  readOperationBody(ctx.req, op.method, op.body !== undefined)
