import type { Group } from '../db/schema.ts'
import { API } from '../resources/engine/serialize.ts'
import { groups } from '../resources/index.ts'
import { allow, renderRows } from './resources.ts'
import { route, type Route } from './route.ts'

/**
 * `GET /api/v1/my-groups` (~2,790,500): "groups, role groups, units, and local centers the current user is a
 * member of", in `Group-group_read`, with the groups collection's filters. The sandbox holds groups only.
 */
export const groupRoutes: Route[] = [
  route.get(`${API}/my-groups`, async (ctx) => {
    const principal = (await allow(ctx, groups, 'list'))!
    const me = principal.user!.id
    return renderRows(ctx, groups, (g: Group) => g.memberIds.includes(me), `${API}/my-groups`)
  }),
]
