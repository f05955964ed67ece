import type { Principal } from '../auth/principal.ts'
import { notFound } from '../http/errors.ts'
import { negotiate } from '../http/hydra.ts'
import type { SandboxResponse } from '../http/types.ts'
import type { Operation } from '../operations/index.ts'
import { resourceAt } from '../resources/index.ts'
import { renderAnswer } from '../schema/render.ts'
import { recordsOf } from '../schema/store.ts'
import type { StoredRecord } from '../schema/types.ts'
import { operation as specOperation, resourceOf, schemaOfType } from '../spec/index.ts'
import type { MethodName, ResourceSpec, SpecOperation } from '../spec/types.ts'
import type { RouteContext } from './route.ts'
import { admit } from './schema-access.ts'
import { okStatus, readBody } from './schema-body.ts'
import { ACTION_OVERLAYS, OPERATION_OVERLAYS, type OperationOverlay } from './schema-overlays.ts'
import { createRecord, pageOf, removeRecord, writeRecord } from './schema-records.ts'

// Issue 23: an operation no hand-written handler serves answers from Orgo's spec: the records of its resource
// (a hand-written resource's own table, else the engine's, seeded on first touch: mocks/schema/store.ts),
// filtered and paged as the spec declares, written through the body schema's validation, and answered in the
// shape the spec gives that status and media type. The record's rules (schema-access.ts) hold as on every path.

/** The spec's resource an operation of the index belongs to, when the schema engine serves it. */
export function schemaResourceOf(op: Operation): { spec: ResourceSpec; op: SpecOperation } | undefined {
  const specOp = specOperation(op.operationId)
  const spec = specOp && resourceOf(op.operationId)
  if (!specOp || !spec) return undefined
  return { spec, op: specOp }
}

/** Which generic operation of its resource an operation is (`list`, `read`, ...), or undefined for an action. */
function methodOf(spec: ResourceSpec, op: SpecOperation): MethodName | undefined {
  for (const [name, id] of Object.entries(spec.methods)) if (id === op.operationId) return name as MethodName
  return undefined
}

export async function schemaAnswer(
  ctx: RouteContext,
  op: Operation,
  found: { spec: ResourceSpec; op: SpecOperation },
  principal: Principal | undefined,
  overlay: OperationOverlay | undefined = OPERATION_OVERLAYS[op.operationId],
): Promise<SandboxResponse> {
  const { spec, op: specOp } = found
  const records = recordsOf(ctx.core, ctx.tenant)
  // Negotiated before anything runs (a 406 changes nothing), unless an operation answering for itself is asked
  // for a PDF (an adhesion form, a signed contract) or a CSV (an election's results): it says itself what it sends.
  let format =
    overlay && /application\/pdf|text\/csv/i.test(ctx.req.header('accept') ?? '')
      ? undefined
      : negotiate(ctx.req)
  const status = okStatus(specOp)
  const answer = (payload: Parameters<typeof renderAnswer>[3], code = status) =>
    renderAnswer(specOp, code, (format ??= negotiate(ctx.req)), payload, records, ctx.req)
  // An operation whose behaviour is hand-written in full (a workflow's transition: mocks/workflows/).
  if (overlay)
    return overlay({
      ctx,
      op,
      spec,
      specOp,
      principal,
      records,
      answer,
      admit: (access, record) => admit(ctx, op, principal, spec.name, access, record),
      record: () => findIn(ctx, spec, specOp),
      body: () => readBody(ctx, specOp),
      update: (record) => writeRecord(ctx, spec, specOp, record, 'update', principal),
      create: () => createRecord(ctx, spec, specOp, principal),
      page: () => pageOf(ctx, op, spec, principal),
    })
  const method = methodOf(spec, specOp)
  switch (method) {
    case 'list':
      admit(ctx, op, principal, spec.name, 'list')
      return answer(pageOf(ctx, op, spec, principal))
    case 'create':
      admit(ctx, op, principal, spec.name, 'create')
      return answer(await createRecord(ctx, spec, specOp, principal))
    case 'read': {
      const record = findIn(ctx, spec, specOp)
      admit(ctx, op, principal, spec.name, 'read', record)
      return answer(record)
    }
  }
  if (method) {
    // update, replace, delete: the record itself, under the strongest write permission of its collection.
    const record = findIn(ctx, spec, specOp)
    admit(ctx, op, principal, spec.name, method === 'delete' ? 'delete' : 'update', record)
    if (method === 'delete') {
      removeRecord(ctx, spec, record, principal)
      return answer(undefined)
    }
    const mode = method === 'update' ? 'update' : 'replace'
    return answer(await writeRecord(ctx, spec, specOp, record, mode, principal))
  }
  return action(ctx, op, found, principal, answer)
}

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
  answer: (payload: Parameters<typeof renderAnswer>[3], code?: string) => SandboxResponse,
): Promise<SandboxResponse> {
  const { spec, op: specOp } = found
  const param = recordParam(ctx, spec, specOp)
  if (param === undefined) {
    // A hand-written resource's custom collection POSTs (`contacts/bulk-delete`) are its own behaviour, not a create.
    if (specOp.method === 'POST' && answersRecordOf(spec, specOp) && !resourceAt(spec.name)) {
      admit(ctx, op, principal, spec.name, 'create')
      return answer(await createRecord(ctx, spec, specOp, principal))
    }
    const lists = specOp.method === 'GET'
    admit(ctx, op, principal, spec.name, lists ? 'list' : 'read')
    // A GET on the collection whose answer lists the resource's class: a page of its records.
    if (lists && listsRecordsOf(spec, specOp)) return answer(pageOf(ctx, op, spec, principal))
    await readBody(ctx, specOp)
    return answer(undefined)
  }
  const record = findIn(ctx, spec, specOp)
  // A custom action shows the record: whom the record's GET shows it to (a path that ends in the key,
  // `/widgets/public/{uuid}`, is a read of its own, with its own statement).
  admit(ctx, op, principal, spec.name, 'read', record)
  const body = await readBody(ctx, specOp)
  // An action with behaviour of its own (a subscription's test delivery, its logs) answers for itself.
  const custom = ACTION_OVERLAYS[op.operationId]
  return custom ? custom(ctx, record, body, principal) : answer(record)
}

/** The type an operation answers with first (JSON-LD, else plain JSON). */
function answerTypeOf(op: SpecOperation) {
  const ok = op.ok[okStatus(op)]
  return ok?.['application/ld+json'] ?? ok?.['application/json']
}

/** Whether an operation's answer is a record of the resource's class (`@Adhesion.jsonld-adhesion_read`). */
function answersRecordOf(spec: ResourceSpec, op: SpecOperation): boolean {
  const type = answerTypeOf(op)
  return type?.kind === 'ref' && schemaOfType(type)?.className === spec.type
}

/** Whether an operation's answer is a Hydra collection or array of the resource's class. */
function listsRecordsOf(spec: ResourceSpec, op: SpecOperation): boolean {
  const type = answerTypeOf(op)
  const items = type && (type.kind === 'hydra' || type.kind === 'arr') ? type.items : undefined
  return items?.kind === 'ref' && schemaOfType(items)?.className === spec.type
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
