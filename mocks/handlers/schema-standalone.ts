import type { Principal } from '../auth/principal.ts'
import { notFound } from '../http/errors.ts'
import { negotiate } from '../http/hydra.ts'
import type { SandboxResponse } from '../http/types.ts'
import type { Operation } from '../operations/index.ts'
import { resourceOfClass } from '../schema/relations.ts'
import { renderAnswer } from '../schema/render.ts'
import { recordsOf, schemaTable } from '../schema/store.ts'
import type { StoredRecord } from '../schema/types.ts'
import { validateWrite } from '../schema/validate.ts'
import { classProperties, operation as specOperation, resourceOf, schemaOfType } from '../spec/index.ts'
import type { ResourceSpec, SpecOperation, TypeNode } from '../spec/types.ts'
import { recordRule } from './generic-rules.ts'
import { shapeOf } from './generic-shape.ts'
import type { RouteContext } from './route.ts'
import { admit, type Access } from './schema-access.ts'
import { okStatus, readBody } from './schema-body.ts'
import { pageOf } from './schema-records.ts'

// Issue 23: an operation on no resource of the spec (`/api/v1/user-connection-count`, `/api/v1/my-tasks`,
// `/api/v1/product-go-publish/{uuid}`, the website builder's `/api/v1/website-build`) answers in its spec's
// shape through the schema engine: a page of the records of its answer's class, the record its path names, or
// its answer type with every field at its default. Its body is validated; nothing is stored and no domain
// behaviour runs (a publish does not publish). What a hand-written resource shows through one (the published
// public events, the caller's own attendances) is that resource's scope for the operation (schema-access.ts).

/** How the schema engine answers a standalone operation. */
export type StandalonePlan =
  /** A Hydra collection or array of a resource's class: a page of its records, with its declared filters. */
  | { kind: 'page'; op: SpecOperation; resource: ResourceSpec }
  /** An item of a resource's class the path names by `param`, its key or another unique field of the class. */
  | { kind: 'record'; op: SpecOperation; resource: ResourceSpec; param: string }
  /** Anything else (a stats object, an inline object, a class with no resource, no content): no payload. */
  | { kind: 'type'; op: SpecOperation }

/** The plan for an operation on no resource of the spec. */
export function standalonePlanOf(op: Operation): StandalonePlan | undefined {
  const specOp = specOperation(op.operationId)
  if (!specOp || resourceOf(op.operationId)) return undefined
  const offered = specOp.ok[okStatus(specOp)]
  const type = offered && (offered['application/ld+json'] ?? offered['application/json'] ?? firstOf(offered))
  if (!type) return { kind: 'type', op: specOp }
  const listed = type.kind === 'hydra' || type.kind === 'arr'
  const resource = classResource(listed ? type.items : type)
  if (resource === undefined) return { kind: 'type', op: specOp }
  if (listed) return { kind: 'page', op: specOp, resource }
  const param = recordParam(specOp, resource)
  return param ? { kind: 'record', op: specOp, resource, param } : { kind: 'type', op: specOp }
}

/**
 * The resource an operation on none stands nearest to, for a workflow that gives it behaviour
 * (`POST /api/v1/group/join` makes a user_role): the resource of its records, else of its answer's class.
 */
export function standaloneResource(plan: StandalonePlan): ResourceSpec | undefined {
  if (plan.kind !== 'type') return plan.resource
  const offered = plan.op.ok[okStatus(plan.op)]
  const type = offered && (offered['application/ld+json'] ?? offered['application/json'] ?? firstOf(offered))
  return type ? classResource(type.kind === 'hydra' || type.kind === 'arr' ? type.items : type) : undefined
}

const firstOf = (offered: Readonly<Record<string, TypeNode>>) => Object.values(offered)[0]

/** The resource holding records of a type's class, or undefined for none. */
function classResource(type: TypeNode): ResourceSpec | undefined {
  const className = type.kind === 'ref' ? schemaOfType(type)?.className : undefined
  return className === undefined ? undefined : resourceOfClass(className)
}

/**
 * The path parameter naming a record of the resource: its key (`/tenant_fee_product/{uuid}` of products), else
 * a field of the class (`id`, `uuid`, `hash`, `slugGo`). Another name (`/user-connection-status/{targetUserId}`)
 * names no record of the answer's class.
 */
function recordParam(op: SpecOperation, resource: ResourceSpec): string | undefined {
  if (op.pathParams.includes(resource.key)) return resource.key
  const props = classProperties(resource.type)
  return op.pathParams.findLast((p) => props.has(p))
}

export async function standaloneAnswer(
  ctx: RouteContext,
  op: Operation,
  plan: StandalonePlan,
  principal: Principal | undefined,
): Promise<SandboxResponse> {
  const records = recordsOf(ctx.core, ctx.tenant)
  const specOp = plan.op
  const answer = (payload: Parameters<typeof renderAnswer>[3]) =>
    renderAnswer(specOp, okStatus(specOp), negotiate(ctx.req), payload, records, ctx.req)
  switch (plan.kind) {
    case 'page':
      admit(ctx, op, principal, plan.resource.name, 'list')
      await validated(ctx, specOp)
      return answer(pageOf(ctx, op, plan.resource, principal))
    case 'record': {
      const record = findRecord(ctx, plan.resource, plan.param) ?? notFound()
      admit(ctx, op, principal, plan.resource.name, accessOf(op), record)
      await validated(ctx, specOp, record)
      return answer(record)
    }
    default:
      admit(ctx, op, principal, undefined, accessOf(op))
      await validated(ctx, specOp)
      return answer(undefined)
  }
}

/** A write of the record the path ends in (`PATCH /api/v1/profile-update/{id}`) is checked as one; the rest show. */
function accessOf(op: Operation): Access {
  const shape = shapeOf(op)
  return shape.kind === 'item' || shape.kind === 'action' ? recordRule(op, shape) : 'read'
}

/** The body read and validated against the spec's body schema, then dropped: a standalone operation stores nothing. */
async function validated(ctx: RouteContext, op: SpecOperation, current?: StoredRecord): Promise<void> {
  const body = await readBody(ctx, op)
  if (!body) return
  const mode = op.method === 'PATCH' ? 'update' : op.method === 'PUT' ? 'replace' : 'create'
  validateWrite(op, body, mode, recordsOf(ctx.core, ctx.tenant), current)
}

function findRecord(ctx: RouteContext, resource: ResourceSpec, param: string): StoredRecord | undefined {
  const key = ctx.params[param]
  if (key === undefined) return undefined
  const records = recordsOf(ctx.core, ctx.tenant)
  if (param === resource.key) return records.find(resource.name, key)
  // Another field of the class (a uuid beside an integer key, a form's `slugGo`): a rare path, scanned.
  const found = schemaTable(ctx.core, ctx.tenant, resource)
    .all()
    .find((record) => record[param] != null && String(record[param]) === key)
  return found && records.get(resource.name, found.id)
}
