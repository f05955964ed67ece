import { effectiveRoles } from '../auth/roles.ts'
import { negotiate, renderItem } from '../http/hydra.ts'
import { tenantHost } from './tenancy.ts'
import { iri } from './resource-types.ts'
import { route, type Route } from './route.ts'

/** `GET /api/v1/me`: the caller's profile, roles and tenant settings, whatever credential it used. */
export const meRoutes: Route[] = [
  route.get('/api/v1/me', async (ctx) => {
    const principal = await ctx.auth()
    const user = principal.user!
    const { tenant } = ctx.tenant
    const base = ctx.host.kind === 'tenant' ? ctx.host.base : null
    return renderItem(
      negotiate(ctx.req),
      { iri: iri('users', user.id), type: 'User' },
      {
        id: user.id,
        email: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
        roles: effectiveRoles(user),
        authMethod: principal.method,
        tenant: {
          slug: tenant.slug,
          name: tenant.name,
          host: tenantHost(ctx.req.host, base, tenant.slug, ctx.core.options.baseDomains[0]!),
          settings: tenant.settings,
        },
      },
    )
  }),
]
