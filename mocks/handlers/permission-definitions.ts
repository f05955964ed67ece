import { PERMISSION_DEFINITIONS } from '../auth/permission-catalog.ts'
import { renderPage } from '../http/hydra.ts'
import { API } from '../resources/engine/serialize.ts'
import { route, type Route } from './route.ts'

/**
 * `GET /api/v1/permission_definitions`: "the permission strings are constants; the full list lives at GET
 * /api/v1/permission_definitions" (manage-local-centers-and-permissions, step 2). Orgo's spec has no such operation,
 * so its shape is the sandbox's: a collection of `{name, domain, scope, description}`, as any user of the tenant
 * may read (the constants are what a role's `permissions` take).
 */
export const permissionDefinitionRoutes: Route[] = [
  route.get(`${API}/permission_definitions`, async (ctx) => {
    await ctx.auth()
    return renderPage(
      ctx.req,
      { path: `${API}/permission_definitions`, type: 'PermissionDefinition' },
      PERMISSION_DEFINITIONS,
      (d) => ({ iri: `${API}/permission_definitions/${d.name}`, body: { ...d } }),
    )
  }),
]
