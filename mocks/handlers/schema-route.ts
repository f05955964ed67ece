import type { Principal } from '../auth/principal.ts'
import type { SandboxResponse } from '../http/types.ts'
import type { Operation } from '../operations/index.ts'
import type { RouteContext } from './route.ts'
import { schemaAnswer, schemaResourceOf } from './schema-answer.ts'
import { OPERATION_OVERLAYS } from './schema-overlays.ts'
import {
  standaloneAnswer,
  standalonePlanOf,
  standaloneResource,
  type StandalonePlan,
} from './schema-standalone.ts'

// The schema engine's side of a route, loaded on the first request it answers (operation-routes.ts imports it
// dynamically): Orgo's spec (858 KB of generated data) is parsed then, never at start-up.

/** How the schema engine serves an operation: as one of its resource's, or standalone. */
export type SchemaPlan = NonNullable<ReturnType<typeof schemaResourceOf>> | StandalonePlan

export const schemaPlanOf = (op: Operation): SchemaPlan | undefined =>
  schemaResourceOf(op) ?? standalonePlanOf(op)

/** The collection a plan's records live in, for the `--db` file-collection check (file-collection.ts). */
export const planCollection = (plan: SchemaPlan): string | undefined =>
  'spec' in plan ? plan.spec.name : undefined

export function answerBySchema(
  ctx: RouteContext,
  op: Operation,
  plan: SchemaPlan,
  principal: Principal | undefined,
  overlay?: string,
): Promise<SandboxResponse> {
  const own = OPERATION_OVERLAYS[overlay ?? op.operationId]
  if ('spec' in plan) return schemaAnswer(ctx, op, plan, principal, own)
  // An operation on no resource that a workflow gives behaviour: answered as one of its nearest resource's.
  const spec = own && standaloneResource(plan)
  return spec
    ? schemaAnswer(ctx, op, { spec, op: plan.op }, principal, own)
    : standaloneAnswer(ctx, op, plan, principal)
}
