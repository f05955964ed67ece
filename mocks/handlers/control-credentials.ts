import { mintOAuthGrant } from '../auth/oauth-tokens.ts'
import { startSession } from '../auth/sessions.ts'
import type { TenantDb } from '../db/database.ts'
import { OAUTH_SCOPES, type OAuthScope } from '../db/oauth-schema.ts'
import type { User } from '../db/schema.ts'
import { readOptionalJsonObject } from '../http/body.ts'
import { badRequest, notFound } from '../http/errors.ts'
import { json } from '../http/respond.ts'
import { validateBody } from '../http/validate.ts'
import { route, type Route, type RouteContext } from './route.ts'

const P = '/__sandbox'

/** The tenant (the body's, else the host's, else the default) and the user of `email` in it. */
function whoIn(ctx: RouteContext, values: Record<string, unknown>): { t: TenantDb; user: User } {
  const hostTenant = ctx.host.kind === 'tenant' ? ctx.host.slug : undefined
  const slug = (values.tenant as string | undefined) ?? hostTenant ?? ctx.core.options.defaultTenant
  const t = ctx.core.tenant(slug)
  if (!t) notFound(`No tenant with slug "${slug}".`)
  const email = (values.email as string | undefined) ?? `admin@${slug}.test`
  const user = t.users.findUnique('email', email)
  if (!user) badRequest(`No user "${email}" in tenant "${slug}".`)
  return { t, user }
}

/** SPEC 10: credentials for a user without a login, for tests that need one. */
export const controlCredentialRoutes: Route[] = [
  // `{tenant?, email?}` -> the `{token, refresh_token}` pair a password login gives.
  route.post(
    `${P}/sessions`,
    async (ctx) => {
      const values = validateBody(
        { tenant: { type: 'string' }, email: { type: 'string', format: 'email' } },
        // Every field is optional: no body at all is the default tenant's admin.
        await readOptionalJsonObject(ctx.req),
        false,
      )
      const { t, user } = whoIn(ctx, values)
      return json(await startSession(ctx.core, t, user), 201)
    },
    'any',
  ),
  // `{tenant?, email?, scopes?, clientId?}` -> an RFC 6749 5.1 token response of the tenant's (seeded) app.
  route.post(
    `${P}/oauth-tokens`,
    async (ctx) => {
      const values = validateBody(
        {
          tenant: { type: 'string' },
          email: { type: 'string', format: 'email' },
          scopes: { type: 'string[]' },
          clientId: { type: 'string' },
        },
        await readOptionalJsonObject(ctx.req),
        false,
      )
      const { t, user } = whoIn(ctx, values)
      const clientId = values.clientId as string | undefined
      const app = clientId ? t.oauthApps.findUnique('clientId', clientId) : t.oauthApps.all()[0]
      if (!app)
        notFound(
          clientId
            ? `No OAuth app "${clientId}" in tenant "${t.tenant.slug}".`
            : 'This tenant has no OAuth app.',
        )
      const scopes = (values.scopes as string[] | undefined) ?? app.scopes
      const unknown = scopes.find((s) => !(OAUTH_SCOPES as readonly string[]).includes(s))
      if (unknown !== undefined) badRequest(`Unknown scope "${unknown}": use ${OAUTH_SCOPES.join(', ')}.`)
      const outside = scopes.find((s) => !app.scopes.includes(s as OAuthScope))
      if (outside !== undefined) badRequest(`The app "${app.name}" may not ask for the scope "${outside}".`)
      const response = await mintOAuthGrant(ctx.core, t, {
        clientId: app.clientId,
        user,
        scopes: scopes as OAuthScope[],
        clientAuth: 'secret',
      })
      // RFC 6749 5.1: a token response is never cached.
      return json(response, 201, { 'Cache-Control': 'no-store', Pragma: 'no-cache' })
    },
    'any',
  ),
]
