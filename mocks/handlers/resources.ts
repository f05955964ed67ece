import type { Group } from '../db/schema.ts'
import { JSON_TYPES, MERGE_PATCH_TYPES, readJsonObject } from '../http/body.ts'
import { conflict, notFound } from '../http/errors.ts'
import { negotiate, renderItem, renderPage } from '../http/hydra.ts'
import { noContent } from '../http/respond.ts'
import type { SandboxResponse } from '../http/types.ts'
import { API, GROUPS, iri, RESOURCE_TYPES, type ResourceType, type WriteContext } from './resource-types.ts'
import { route, type Route, type RouteContext } from './route.ts'
import { mergePatch, validateBody } from './validate.ts'

type Row = { id: string | number }

function findItem<T extends Row>(rt: ResourceType<T>, ctx: RouteContext): T {
  const raw = ctx.params.id!
  const id = rt.idKind === 'int' ? Number(raw) : raw
  const record = rt.idKind === 'int' && !/^\d+$/.test(raw) ? undefined : rt.table(ctx.tenant).get(id)
  // A record of another tenant lives in another table: 404, never 403 (existence is not leaked).
  if (!record) notFound()
  return record
}

/** Exact-value filters and `order[field]`, on the serialized values (what the client sees is what it filters). */
export function listRecords<T extends Row>(rt: ResourceType<T>, records: T[], query: URLSearchParams): T[] {
  const filters = rt.filters
    .filter((field) => query.has(field))
    .map((field) => [field, query.getAll(field)] as const)
  let rows = records
  if (filters.length) {
    rows = rows.filter((record) => {
      const data = rt.serialize(record)
      return filters.every(([field, wanted]) => wanted.includes(String(data[field])))
    })
  }
  const orders: Array<[string, 1 | -1]> = []
  for (const [key, value] of query) {
    const match = /^order\[(\w+)\]$/.exec(key)
    if (match && rt.order.includes(match[1]!))
      orders.push([match[1]!, value.toLowerCase() === 'desc' ? -1 : 1])
  }
  if (orders.length) {
    rows = [...rows].sort((a, b) => {
      for (const [field, direction] of orders) {
        const x = (a as Record<string, unknown>)[field] as string | number
        const y = (b as Record<string, unknown>)[field] as string | number
        if (x < y) return -direction
        if (x > y) return direction
      }
      return 0
    })
  }
  return rows
}

function collection<T extends Row>(
  rt: ResourceType<T>,
  ctx: RouteContext,
  records: T[],
  path: string,
): SandboxResponse {
  return renderPage(ctx.req, { path, type: rt.type }, listRecords(rt, records, ctx.req.query), (record) => ({
    iri: iri(rt.path, record.id),
    body: rt.serialize(record),
  }))
}

function item<T extends Row>(
  rt: ResourceType<T>,
  ctx: RouteContext,
  record: T,
  status = 200,
): SandboxResponse {
  return renderItem(
    negotiate(ctx.req),
    { iri: iri(rt.path, record.id), type: rt.type },
    rt.serialize(record),
    status,
  )
}

async function writeContext(ctx: RouteContext, role: ResourceType<Row>['writeRole']): Promise<WriteContext> {
  const principal = await ctx.auth(role)
  return { core: ctx.core, t: ctx.tenant, principal, now: new Date(ctx.core.clock.now()).toISOString() }
}

function assertUnique<T extends Row>(
  rt: ResourceType<T>,
  ctx: RouteContext,
  values: Record<string, unknown>,
  self?: T,
) {
  if (!rt.unique || typeof values[rt.unique] !== 'string') return
  const existing = rt.table(ctx.tenant).findUnique(rt.unique, values[rt.unique] as T[keyof T & string])
  if (existing && existing.id !== self?.id) {
    conflict(
      `A ${rt.type.toLowerCase()} with this ${rt.unique} already exists: ${iri(rt.path, existing.id)}.`,
    )
  }
}

function crudRoutes<T extends Row>(rt: ResourceType<T>): Route[] {
  const base = `${API}/${rt.path}`
  return [
    route.get(base, async (ctx) => {
      await ctx.auth(rt.readRole)
      return collection(rt, ctx, rt.table(ctx.tenant).all(), base)
    }),
    route.get(`${base}/:id`, async (ctx) => {
      await ctx.auth(rt.readRole)
      return item(rt, ctx, findItem(rt, ctx))
    }),
    route.post(base, async (ctx) => {
      const w = await writeContext(ctx, rt.createRole ?? rt.writeRole)
      // Orgo's own client sends JSON-LD; plain JSON works too (SPEC 8).
      const values = validateBody(rt.fields, await readJsonObject(ctx.req, JSON_TYPES), true)
      assertUnique(rt, ctx, values)
      const record = await rt.table(ctx.tenant).insert(rt.build(values, w))
      return item(rt, ctx, record, 201)
    }),
    route.put(`${base}/:id`, async (ctx) => {
      const w = await writeContext(ctx, rt.writeRole)
      const record = findItem(rt, ctx)
      const values = validateBody(rt.fields, await readJsonObject(ctx.req, JSON_TYPES), true)
      assertUnique(rt, ctx, values, record)
      return item(rt, ctx, await rt.table(ctx.tenant).update(record, (draft) => rt.assign(draft, values, w)))
    }),
    route.patch(`${base}/:id`, async (ctx) => {
      const w = await writeContext(ctx, rt.writeRole)
      const record = findItem(rt, ctx)
      // API Platform 3+: PATCH is JSON Merge Patch only (RFC 7396), anything else is a 415.
      const patch = await readJsonObject(ctx.req, MERGE_PATCH_TYPES)
      const current = rt.serialize(record)
      const merged = mergePatch(current, patch) as Record<string, unknown>
      // A member removed by `null` is a null value, which the field's own rules then accept or refuse.
      for (const field of Object.keys(rt.fields))
        if (field in patch && !(field in merged)) merged[field] = null
      const changed = Object.fromEntries(
        Object.keys(patch)
          .filter((k) => k in rt.fields)
          .map((k) => [k, merged[k]]),
      )
      validateBody(rt.fields, merged, true)
      const values = validateBody(rt.fields, changed, false)
      assertUnique(rt, ctx, values, record)
      return item(rt, ctx, await rt.table(ctx.tenant).update(record, (draft) => rt.assign(draft, values, w)))
    }),
    route.delete(`${base}/:id`, async (ctx) => {
      await writeContext(ctx, rt.writeRole)
      rt.table(ctx.tenant).delete(findItem(rt, ctx))
      return noContent()
    }),
  ]
}

export const resourceRoutes: Route[] = [
  ...RESOURCE_TYPES.flatMap((rt) => crudRoutes(rt)),
  // The caller's own groups, whatever its role.
  route.get(`${API}/my-groups`, async (ctx) => {
    const principal = await ctx.auth('ROLE_USER')
    const userId = principal.user?.id
    const mine = (ctx.tenant.groups.all() as Group[]).filter(
      (g) => userId !== undefined && g.memberIds.includes(userId),
    )
    return collection(GROUPS, ctx, mine, `${API}/my-groups`)
  }),
  // Orgo publishes an event through its own operation rather than a PATCH of `published`.
  route.post(`${API}/events_publish/:id`, async (ctx) => {
    await ctx.auth('ROLE_ADMIN')
    const events = RESOURCE_TYPES.find((rt) => rt.path === 'events')!
    const event = findItem(events, ctx)
    const published = await ctx.tenant.events.update(event as never, (draft) => {
      draft.published = true
    })
    return item(events, ctx, published)
  }),
]
