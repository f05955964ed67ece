import { JSON_TYPES, readJsonObject } from '../http/body.ts'
import { notFound } from '../http/errors.ts'
import { json, noContent } from '../http/respond.ts'
import type { Snapshots } from '../snapshots.ts'
import { controlRoute } from './control-route.ts'
import type { Route, RouteContext } from './route.ts'
import { validateBody } from '../http/validate.ts'

const P = '/__sandbox/snapshots'

/** The id of a snapshot that exists (`:id`, or the test API's argument), else the control API's 404 envelope. */
export function requireSnapshot(snapshots: Snapshots, raw: string): number {
  const id = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!snapshots.list().some((s) => s.id === id)) {
    notFound(`No snapshot "${raw}": GET ${P} lists them, POST ${P} takes one.`)
  }
  return id
}

const snapshotId = (snapshots: Snapshots, ctx: RouteContext): number =>
  requireSnapshot(snapshots, ctx.params.id!)

/** Save the whole state and go back to it later: every table of every tenant, id sequences, outbox, clock. */
export function snapshotRoutes(store: () => Snapshots): Route[] {
  return [
    controlRoute.get(P, () => json(store().list())),
    // Body (optional): {"name": "before checkout"}.
    controlRoute.post(P, async (ctx) => {
      const hasBody = ctx.req.header('content-length') !== '0' && ctx.req.header('content-type') !== null
      const body = hasBody ? await readJsonObject(ctx.req, JSON_TYPES) : {}
      // No VARCHAR 422 here: the store answers a name past its limit with a 400 that names it.
      const values = validateBody(
        { name: { type: 'string', maxLength: Infinity } },
        body,
        false,
        `the body of POST ${P}`,
      )
      return json(store().take(values.name as string | undefined), 201)
    }),
    controlRoute.post(
      `${P}/:id/restore`,
      async (ctx) => json(await store().restore(snapshotId(store(), ctx))),
      { body: 'none' },
    ),
    controlRoute.delete(
      `${P}/:id`,
      (ctx) => {
        store().delete(snapshotId(store(), ctx))
        return noContent()
      },
      { body: 'none' },
    ),
  ]
}
