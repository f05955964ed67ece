import { mintOAuthGrant } from '../auth/oauth-tokens.ts'
import { startSession } from '../auth/sessions.ts'
import { OAUTH_SCOPES, type OAuthScope } from '../db/oauth-schema.ts'
import { readOptionalJsonObject } from '../http/body.ts'
import { badRequest, notFound } from '../http/errors.ts'
import { json } from '../http/respond.ts'
import { validateBody } from '../http/validate.ts'
import { controlUser } from './control.ts'
import { route, type Route, type RouteContext } from './route.ts'

const P = '/__sandbox'

const whoIn = (ctx: RouteContext, values: Record<string, unknown>) =>
  controlUser(ctx.core, values, ctx.host.kind === 'tenant' ? ctx.host.slug : undefined)

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
