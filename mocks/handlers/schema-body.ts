import { readOperationBody } from '../http/body.ts'
import type { SpecOperation } from '../spec/types.ts'
import type { RouteContext } from './route.ts'

/** The 2xx status the spec documents first for the operation (`201` for a create, `204` for a delete). */
export function okStatus(op: SpecOperation): string {
  return Object.keys(op.ok).sort()[0] ?? '200'
}

/** The body the spec gives the operation, with API Platform's 415 and 400; none for a body-less operation. */
export const readBody = (ctx: RouteContext, op: SpecOperation) =>
  readOperationBody(ctx.req, op.method, op.body !== undefined)
