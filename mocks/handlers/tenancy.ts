import { notFound, tenantsHint } from '../http/errors.ts'
import { json } from '../http/respond.ts'
import { route, type Route } from './route.ts'

/** Orgo Tenancy page: `GET /api/v1/tenant-host/{slug}` is public and names the slug's canonical host. */
export const tenancyRoutes: Route[] = [
  route.get(
    '/api/v1/tenant-host/:slug',
    (ctx) => {
      const slug = ctx.params.slug!.toLowerCase()
      const tenant = ctx.core.tenant(slug)
      if (!tenant) {
        const shown = slug.slice(0, 100)
        notFound(
          `No tenant with slug "${shown}".`,
          'unknown tenant slug',
          tenantsHint(shown, [...ctx.core.db.tenants.keys()]),
        )
      }
      return json({
        slug,
        host: tenantHost(
          ctx.req.host,
          ctx.host.kind === 'tenant' || ctx.host.kind === 'platform' ? ctx.host.base : null,
          slug,
          ctx.core.options.baseDomains[0]!,
        ),
      })
    },
    'any',
  ),
]

/** The tenant's host as seen from the caller: `acme.localhost:4010` locally, `acme.orgo.space` in process. */
export function tenantHost(
  requestHost: string,
  base: string | null,
  slug: string,
  fallbackBase: string,
): string {
  const colon = requestHost.lastIndexOf(':')
  const tail = colon > requestHost.lastIndexOf(']') && colon !== -1 ? requestHost.slice(colon) : ''
  // Only `:<digits>` is a port: nothing else of the Host header ever reaches a mailed link (findings L4).
  const port = /^:\d{1,5}$/.test(tail) ? tail : ''
  return `${slug}.${base ?? fallbackBase}${port}`
}
