import type { Item, Service } from 'json-server/lib/service.js'
import { JSON_TYPES, MERGE_PATCH_TYPES, readJsonObject } from '../http/body.ts'
import { badRequest, conflict, notFound } from '../http/errors.ts'
import { itemIri, negotiate, renderItem, renderPage, type Format } from '../http/hydra.ts'
import { noContent } from '../http/respond.ts'
import type { SandboxResponse } from '../http/types.ts'
import { API } from '../resources/engine/serialize.ts'
import { route, type Route, type RouteContext } from './route.ts'
import { mergePatch } from '../http/validate.ts'
import { keyOf } from './generic-shape.ts'

/** A record's IRI: by its id, or by the uuid or hash its Orgo resource is addressed by. */
const iri = (name: string, record: Item) => itemIri(`${API}/${name}`, record[keyOf(name)] ?? record.id)

// json-server's own paging and slicing: this API pages the API Platform way (SPEC 8), in one shape only.
const JSON_SERVER_PAGING = ['_page', '_per_page', '_start', '_end', '_limit']

/** `blog-posts` -> `BlogPost`: the JSON-LD @type of a collection's records, as API Platform names resources. */
export function typeName(name: string): string {
  const singular = name
    .replace(/ies$/, 'y')
    .replace(/(ss|x|z|ch|sh)es$/, '$1')
    .replace(/([^s])s$/, '$1')
  return singular.replace(/(?:^|[-_])(\w)/g, (_, c: string) => c.toUpperCase())
}

// The routes made here, told apart from Orgo's own when checking that no collection hides an endpoint.
const collectionRouteSet = new WeakSet<Route>()

/** Whether a route serves a db.json collection (json-server's, not one of Orgo's operations). */
export const isCollectionRoute = (route: Route) => collectionRouteSet.has(route)

/** A start-up check: a collection may not hide an Orgo endpoint (`me`, `login-check`, ...). */
export function assertCollectionPaths(names: readonly string[], routes: readonly Route[]): void {
  for (const name of names) {
    const base = `${API}/${name}`
    // A route not emulated in full (the schema engine's, or a generic one) gives way to the collection.
    const taken = routes.find(
      (r) =>
        !collectionRouteSet.has(r) &&
        (r.operation === undefined || r.operation.emulation === 'full') &&
        (r.path === base || r.path.startsWith(`${base}/`)),
    )
    if (taken)
      throw new Error(
        `--db collection "${name}" cannot be served at ${base}: that is the Orgo endpoint ${taken.path}. Rename the collection.`,
      )
  }
}

function serviceOf(ctx: RouteContext): Service {
  const service = ctx.core.db.collections?.service(ctx.tenant.tenant.slug)
  if (!service) throw new Error(`tenant ${ctx.tenant.tenant.slug} has no --db collections`)
  return service
}

/** URL query -> json-server query: its filters (`views_gt=10`), `_sort`, `_embed`; `order[field]` sorts too. */
export function jsonServerQuery(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  const sort: string[] = []
  for (const key of new Set(query.keys())) {
    if (key === 'page' || key === 'itemsPerPage') continue
    if (JSON_SERVER_PAGING.includes(key)) {
      badRequest(
        `"${key}" is json-server's paging; this API pages with "page" and "itemsPerPage" (default 30, max 100).`,
      )
    }
    const values = query.getAll(key)
    const order = /^order\[(.+)\]$/.exec(key)
    if (order) sort.push(values[0]!.toLowerCase() === 'desc' ? `-${order[1]}` : order[1]!)
    else if (key === '_sort') sort.unshift(...values)
    // A repeated filter stays an array, which json-server's Service ignores, as json-server itself does.
    else out[key] = values.length === 1 ? values[0]! : values
  }
  if (sort.length) out._sort = sort.join(',')
  return out
}

/**
 * The record of `:id`; `_embed` only on reads, so a write never stores embedded records. A collection named
 * after an Orgo resource addressed by uuid or hash (`courses`, `referrals`) is looked up by that field.
 */
function findRecord(ctx: RouteContext, name: string, embed = false): Item {
  const record = findByKey(serviceOf(ctx), name, ctx.params.id!, embed ? ctx.req.query.getAll('_embed') : [])
  // Another tenant's record lives in another Service: 404, never 403 (existence is not leaked).
  if (!record) notFound()
  return record
}

/** A record of a collection by the key its Orgo paths address it by (`id`, or `uuid`/`hash`), or undefined. */
export function findByKey(
  service: Service,
  name: string,
  raw: string,
  embed: string[] = [],
): Item | undefined {
  const key = keyOf(name)
  const id =
    key === 'id'
      ? raw
      : (service.find(name, { [key]: raw }) as Item[] | undefined)?.find((r) => String(r[key]) === raw)?.id
  return id === undefined ? undefined : service.findById(name, String(id), { _embed: embed })
}

/** A write body: JSON-LD keywords dropped; the tenant and the id belong to the host and the URL. */
function writable(ctx: RouteContext, body: Record<string, unknown>, id?: string): Item {
  const slug = ctx.tenant.tenant.slug
  const values = Object.fromEntries(Object.entries(body).filter(([key]) => !key.startsWith('@')))
  if ('tenant' in values && values.tenant !== slug) {
    badRequest(
      `"tenant" is set by the host: this record belongs to "${slug}". Leave "tenant" out of the body.`,
    )
  }
  delete values.tenant
  if (values.id === null) delete values.id
  if (values.id !== undefined) {
    if (
      !(typeof values.id === 'string' && values.id !== '') &&
      // A whole number the next start can load again (db-json.ts refuses 1.5 or 1e308: findings L10).
      !(typeof values.id === 'number' && Number.isSafeInteger(values.id))
    ) {
      badRequest(`"id" must be a whole number or a non-empty string, ${JSON.stringify(values.id)} given.`)
    }
    // Kept as given, as the file's ids are; the URL's id is text, so `1` repeats `/posts/1`.
    if (id !== undefined && String(values.id) !== id)
      badRequest(`The id is the URL's (${id}): leave "id" out of the body or repeat it.`)
  }
  return values
}

/** A json-server collection of a `--db` file under `/api/v1/<name>`, behind the same guards as Orgo's resources. */
function collectionRoutes(name: string): Route[] {
  const base = `${API}/${name}`
  const type = typeName(name)
  const render = (format: Format, record: Item, status = 200): SandboxResponse =>
    renderItem(format, { iri: iri(name, record), type }, record, status)
  return [
    route.get(base, async (ctx) => {
      await ctx.auth('ROLE_USER')
      const rows = serviceOf(ctx).find(name, jsonServerQuery(ctx.req.query)) as Item[]
      return renderPage(ctx.req, { path: base, type }, rows, (record) => ({
        iri: iri(name, record),
        body: record,
      }))
    }),
    route.get(`${base}/:id`, async (ctx) => {
      await ctx.auth('ROLE_USER')
      return render(negotiate(ctx.req), findRecord(ctx, name, true))
    }),
    route.post(base, async (ctx) => {
      await ctx.auth('ROLE_ADMIN')
      const format = negotiate(ctx.req)
      const values = writable(ctx, await readJsonObject(ctx.req, JSON_TYPES))
      const service = serviceOf(ctx)
      const given = values.id === undefined ? undefined : String(values.id)
      if (given !== undefined && service.findById(name, given, {})) {
        conflict(`A ${type} with the id "${given}" already exists: ${API}/${name}/${given}.`)
      }
      return render(format, (await service.create(name, values))!, 201)
    }),
    route.put(`${base}/:id`, async (ctx) => {
      await ctx.auth('ROLE_ADMIN')
      const format = negotiate(ctx.req)
      const id = String(findRecord(ctx, name).id)
      const values = writable(ctx, await readJsonObject(ctx.req, JSON_TYPES), id)
      return render(format, (await serviceOf(ctx).updateById(name, id, values))!)
    }),
    route.patch(`${base}/:id`, async (ctx) => {
      await ctx.auth('ROLE_ADMIN')
      const format = negotiate(ctx.req)
      const current = findRecord(ctx, name)
      const id = String(current.id)
      // PATCH is JSON Merge Patch (RFC 7396) here too; json-server's Service stores the merged record.
      const patch = writable(ctx, await readJsonObject(ctx.req, MERGE_PATCH_TYPES), id)
      const merged = mergePatch(current, patch) as Item
      return render(format, (await serviceOf(ctx).updateById(name, id, merged))!)
    }),
    route.delete(`${base}/:id`, async (ctx) => {
      await ctx.auth('ROLE_ADMIN')
      // json-server nulls `<name>Id` in the tenant's other collections; `_dependent` deletes those records instead.
      const id = keyOf(name) === 'id' ? ctx.params.id! : String(findRecord(ctx, name).id)
      const removed = await serviceOf(ctx).destroyById(name, id, ctx.req.query.getAll('_dependent'))
      if (!removed) notFound()
      return noContent()
    }),
  ]
}

/**
 * The routes of a db.json's collections, json-server's way. A collection named after one of Orgo's resources
 * (`posts`, `newsletters`) is served at its real paths: these routes take `/api/v1/<name>` and `/<name>/{id}`,
 * and the other operations of the index under them (`/api/v1/posts/{id}/moderate`) read the same records
 * (mocks/handlers/file-collection.ts).
 */
export function extraCollectionRoutes(names: readonly string[]): Route[] {
  const routes = names.flatMap(collectionRoutes)
  for (const r of routes) collectionRouteSet.add(r)
  return routes
}
