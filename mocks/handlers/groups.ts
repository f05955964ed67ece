import type { Group } from '../db/schema.ts'
import { selectRows } from '../resources/engine/query.ts'
import { API } from '../resources/engine/serialize.ts'
import { groups } from '../resources/index.ts'
import { allow, readContext, renderRows, tableOf } from './resources.ts'
import { route, type Route } from './route.ts'

/**
 * `GET /api/v1/my-groups` (~2,790,500): "groups, role groups, units, and local centers the current user is a
 * member of", in `Group-group_read`, with the groups collection's filters. The sandbox holds groups only.
 */
export const groupRoutes: Route[] = [
  route.get(`${API}/my-groups`, async (ctx) => {
    const principal = (await allow(ctx, groups, 'list'))!
    const me = principal.user!.id
    const rows = selectRows(
      groups,
      tableOf<Group>(ctx.tenant, groups),
      ctx.req.query,
      readContext(ctx),
      (g) => g.memberIds.includes(me),
    )
    return renderRows(ctx, groups, rows, `${API}/my-groups`)
  }),
]
