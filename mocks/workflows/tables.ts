import type { RouteContext } from '../handlers/route.ts'
import { isoDate } from '../resources/fields.ts'
import { schemaTable, type SchemaTable } from '../schema/store.ts'
import { resource as specResource } from '../spec/index.ts'

// What the workflows share: a resource's table in the request's tenant, and the server's own stamps.

/** Where a workflow acts: a request's context, or the sandbox and a tenant (a checkout completed from the control API). */
export type Place = Pick<RouteContext, 'core' | 'tenant'>

/** A resource's table in the request's tenant (the engine's, or a hand-written resource's own). */
export function tableOf(ctx: Place, name: string): SchemaTable {
  const spec = specResource(name)
  if (!spec) throw new Error(`no resource ${name} in Orgo's spec`)
  return schemaTable(ctx.core, ctx.tenant, spec)
}

/** Now on the sandbox clock, as the API writes dates (`2026-01-15T10:00:00+00:00`). */
export const nowIso = (ctx: Place) => isoDate(ctx.core.clock.now())

/** The integer id an IRI of `collection` names (`/api/v1/units/4` -> 4), or undefined for anything else. */
export function idOfIri(value: unknown, collection: string): number | undefined {
  if (typeof value !== 'string') return undefined
  const match = new RegExp(`^/api/v1/${collection}/(\\d+)$`).exec(value)
  return match ? Number(match[1]) : undefined
}
