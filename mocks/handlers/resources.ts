import type { Principal } from '../auth/principal.ts'
import type { TenantDb } from '../db/database.ts'
import { JSON_TYPES, MERGE_PATCH_TYPES, readJsonObject } from '../http/body.ts'
import { forbidden, notFound } from '../http/errors.ts'
import { negotiate, readPage, renderCollection, renderItem } from '../http/hydra.ts'
import { noContent } from '../http/respond.ts'
import type { SandboxResponse } from '../http/types.ts'
import { queryPage } from '../resources/engine/query.ts'
import { API, iriOf, isoDate, pick } from '../resources/engine/serialize.ts'
import { createValues, patchValues } from '../resources/engine/write.ts'
import { RESOURCES, sequenceOf } from '../resources/index.ts'
import { isPublic } from '../resources/rules.ts'
import type {
  OperationName,
  ReadContext,
  ResourceDef,
  Row,
  TableLike,
  WriteContext,
} from '../resources/types.ts'
import { attemptedMethod } from '../request-context.ts'
import { route, type Route, type RouteContext } from './route.ts'

// The generic operations of every resource definition (mocks/resources/), API Platform's way: a collection GET,
// POST, item GET, PATCH (merge patch) and DELETE, each only where the spec lists it (else 405 with Allow).

export function tableOf<T extends Row>(t: TenantDb, def: ResourceDef<T>): TableLike<T> {
  return t.tables.get(def.path) as unknown as TableLike<T>
}

/**
 * A schema-engine table of the tenant once made or loaded (`ReadContext.schemaTable`): through the store's `open`,
 * else the one already made; undefined while untouched, so reading a hand-written record seeds nothing.
 */
export function schemaTableIn(t: TenantDb, resource: string): TableLike<Row> | undefined {
  if (!t.schema.has(resource) && !t.schemaLoaded.has(resource)) return undefined
  return (t.open?.(resource) ?? t.schema.get(resource)) as TableLike<Row> | undefined
}

export function readContext(ctx: RouteContext): ReadContext {
  const t = ctx.tenant
  return {
    table: (path) => t.tables.get(path) as TableLike<Row> | undefined,
    schemaTable: (resource) => schemaTableIn(t, resource),
    now: ctx.core.clock.now(),
    tenant: { slug: t.tenant.slug, name: t.tenant.name, id: t.tenant.id },
  }
}

export function writeContext(ctx: RouteContext, principal: Principal): WriteContext {
  const read = readContext(ctx)
  const { core } = ctx
  return {
    ...read,
    principal,
    nextId: (path) => core.db.ids.next(sequenceOf(path)),
    uuid: () => core.random.uuid(),
    hex: (length) => core.random.hex(length),
    nowIso: isoDate(read.now),
  }
}

/** Authenticates (unless the operation is public) and applies the operation's permission: 403 `Access Denied.`. */
export async function allow<T extends Row>(
  ctx: RouteContext,
  def: ResourceDef<T>,
  operation: OperationName,
  record?: T,
): Promise<Principal | undefined> {
  const rule = def.operations[operation]
  if (!rule) forbidden(`${operation} is not an operation of ${def.path}`)
  if (isPublic(rule as never) && !hasCredential(ctx)) return undefined
  const principal = await ctx.auth()
  if (!rule({ principal, record, read: readContext(ctx) }))
    forbidden(`${def.type} ${operation} needs a permission ${principal.label} lacks`)
  return principal
}

// The guard's own reading of which credential a request carries (request-context.ts), none for a public call.
const hasCredential = (ctx: RouteContext) => attemptedMethod(ctx.req) !== null

/** The record a path names (`{id}` or `{uuid}`), or the 404 envelope; another tenant's is not found either. */
export function findRecord<T extends Row>(ctx: RouteContext, def: ResourceDef<T>, raw = ctx.params.id!): T {
  const table = tableOf(ctx.tenant, def)
  const record =
    def.key === 'uuid'
      ? table.findUnique('uuid' as never, raw as never)
      : /^\d+$/.test(raw)
        ? table.get(Number(raw))
        : undefined
  if (!record) notFound()
  return record
}

/** One item in the `*_read` group (or another group of the definition), Hydra or plain JSON as negotiated. */
export function renderRecord<T extends Row>(
  ctx: RouteContext,
  def: ResourceDef<T>,
  record: T,
  status = 200,
  options: { group?: string; extra?: Record<string, unknown> } = {},
): SandboxResponse {
  const format = negotiate(ctx.req)
  // A write's answer is in the definition's `write` group where it has one (API Platform's per-operation groups).
  const group = options.group ?? (ctx.req.method !== 'GET' && def.groups.write ? 'write' : 'item')
  const body = { ...pick(def, record, def.groups[group]!, readContext(ctx), format, group), ...options.extra }
  return renderItem(format, { iri: iriOf(def, record), type: def.type }, body, status)
}

/** A page of rows in the collection group; only the rows on the page are serialized. */
export function renderRows<T extends Row>(
  ctx: RouteContext,
  def: ResourceDef<T>,
  extra?: (row: T) => boolean,
  path = `${API}/${def.path}`,
): SandboxResponse {
  const format = negotiate(ctx.req)
  const read = readContext(ctx)
  const page = readPage(ctx.req.query, def.pageSize)
  const start = (page.page - 1) * page.itemsPerPage
  const query = { start, count: page.itemsPerPage }
  const { total, rows } = queryPage(def, tableOf(ctx.tenant, def), ctx.req.query, read, query, extra)
  const members = rows.map((row) => {
    const body = pick(def, row, def.groups.collection, read, format, 'collection')
    return format === 'json' ? body : { '@id': iriOf(def, row), '@type': def.type, ...body }
  })
  return renderCollection(format, { path, type: def.type, query: ctx.req.query, page, total }, members)
}

/** The collection as the caller may see it: the list rule, then the rows the definition lets them see. */
export async function listRows<T extends Row>(
  ctx: RouteContext,
  def: ResourceDef<T>,
): Promise<SandboxResponse> {
  const principal = await allow(ctx, def, 'list')
  const visible = principal && def.visibleTo?.({ principal, read: readContext(ctx) })
  return renderRows(ctx, def, visible)
}

function crudRoutes<T extends Row>(def: ResourceDef<T>): Route[] {
  const base = `${API}/${def.path}`
  const item = `${base}/:id`
  const table = (ctx: RouteContext) => tableOf(ctx.tenant, def)
  const routes: Route[] = []
  const ops = def.operations
  if (ops.list) routes.push(route.get(base, (ctx) => listRows(ctx, def)))
  if (ops.create)
    routes.push(
      route.post(base, async (ctx) => {
        const principal = await allow(ctx, def, 'create')
        // Orgo's own client sends JSON-LD; plain JSON works too (SPEC 8).
        const body = await readJsonObject(ctx.req, JSON_TYPES)
        const w = writeContext(ctx, principal ?? anonymous(ctx))
        const values = createValues(def, body, w)
        def.beforeWrite?.(values, w)
        const record = await table(ctx).insert(await def.create!(values, w))
        return renderRecord(ctx, def, record, 201)
      }),
    )
  if (ops.read)
    routes.push(
      route.get(item, async (ctx) => {
        // A missing credential is a 401 before a missing record is a 404.
        if (!isPublic(ops.read as never)) await ctx.auth()
        const record = findRecord(ctx, def)
        await allow(ctx, def, 'read', record)
        return renderRecord(ctx, def, record)
      }),
    )
  if (ops.update)
    routes.push(
      route.patch(item, async (ctx) => {
        await ctx.auth()
        const record = findRecord(ctx, def)
        const principal = (await allow(ctx, def, 'update', record))!
        // The resource's own PATCH answers in its `patch` group where the spec gives it one (a user's).
        const group = def.groups.patch ? 'patch' : undefined
        return renderRecord(ctx, def, await patchRecord(ctx, def, record, principal), 200, { group })
      }),
    )
  if (ops.delete)
    routes.push(
      route.delete(item, async (ctx) => {
        await ctx.auth()
        const record = findRecord(ctx, def)
        deleteRecord(ctx, def, record, (await allow(ctx, def, 'delete', record))!)
        return noContent()
      }),
    )
  return routes
}

/** Deletes a record and what hangs on it (the definition's `afterDelete`: an event's attendances). */
export function deleteRecord<T extends Row>(
  ctx: RouteContext,
  def: ResourceDef<T>,
  record: T,
  principal: Principal,
): void {
  ctx.tenant.tables.get(def.path)!.delete(record as never)
  def.afterDelete?.(record, writeContext(ctx, principal))
}

/** API Platform 3+: PATCH is JSON Merge Patch only (RFC 7396), anything else is a 415. */
export async function patchRecord<T extends Row>(
  ctx: RouteContext,
  def: ResourceDef<T>,
  record: T,
  principal: Principal,
): Promise<T> {
  const patch = await readJsonObject(ctx.req, MERGE_PATCH_TYPES)
  const w = writeContext(ctx, principal)
  const values = patchValues(def, record, patch, w)
  def.beforeWrite?.(values, w, record)
  return tableOf(ctx.tenant, def).update(record, (draft) => {
    Object.assign(draft, values)
    if ('dateUpdated' in draft) (draft as Record<string, unknown>).dateUpdated = w.nowIso
  })
}

/** Who a public operation (self-registration) acts as when no credential came with it. */
function anonymous(ctx: RouteContext): Principal {
  return { method: 'jwt', tenant: ctx.tenant.tenant.slug, readOnly: false, label: 'anonymous' }
}

export const resourceRoutes: Route[] = RESOURCES.flatMap((def) => crudRoutes(def))
