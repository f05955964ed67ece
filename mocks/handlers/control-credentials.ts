import { mintOAuthGrant } from '../auth/oauth-tokens.ts'
import { startSession } from '../auth/sessions.ts'
import type { SandboxCore } from '../core.ts'
import type { TenantDb } from '../db/database.ts'
import { OAUTH_SCOPES, type OAuthScope } from '../db/oauth-schema.ts'
import type { User } from '../db/schema.ts'
import { didYouMean } from '../did-you-mean.ts'
import { readOptionalJsonObject } from '../http/body.ts'
import { badRequest, notFound } from '../http/errors.ts'
import { json } from '../http/respond.ts'
import { validateBody } from '../http/validate.ts'
import { controlRoute } from './control-route.ts'
import type { Route, RouteContext } from './route.ts'

const P = '/__sandbox'
const LISTED = 10

/** A tenant's emails for a message, the seeded admin and member first; `GET /__sandbox/state` has them all. */
function someEmails(t: TenantDb): string {
  const emails = t.users.all().map((u) => u.email)
  const shown = emails.slice(0, LISTED).join(', ')
  return emails.length > LISTED ? `${shown} and ${emails.length - LISTED} more (GET ${P}/state)` : shown
}

/**
 * Whom a control API call acts for: the body's `tenant`, else the host's, else the default one, and the user of
 * its `email` there. Only an Api-Token may leave `email` out (its owner is then the tenant's admin, as the
 * seeded ones are): a session or an OAuth token for a typo must never be the admin's (issue 22).
 */
export function controlUser(
  core: SandboxCore,
  values: { tenant?: unknown; email?: unknown },
  hostTenant: string | undefined,
  emailRequired: boolean,
): { t: TenantDb; user: User } {
  const slug = (values.tenant as string | undefined) ?? hostTenant ?? core.options.defaultTenant
  const t = core.tenant(slug)
  if (!t) notFound(`No tenant with slug ${JSON.stringify(slug)}.${didYouMean(slug, core.db.tenants.keys())}`)
  if (values.email === undefined && emailRequired)
    badRequest(`"email" is required: the user to act as. Users of tenant "${slug}": ${someEmails(t)}.`)
  const email = (values.email as string | undefined) ?? `admin@${slug}.test`
  const user = t.users.findUnique('email', email)
  if (user) return { t, user }
  const home = [...core.db.tenants.values()].find((o) => o !== t && o.users.findUnique('email', email))
  const hint = home
    ? ` It is a user of tenant "${home.tenant.slug}": add {"tenant": "${home.tenant.slug}"}.`
    : didYouMean(
        email,
        t.users.all().map((u) => u.email),
      ) || ` Users of tenant "${slug}": ${someEmails(t)}.`
  return notFound(`No user ${JSON.stringify(email.slice(0, 100))} in tenant "${slug}".${hint}`)
}

/**
 * `POST /__sandbox/sessions` and the test API's `sessions.create()`: `{tenant?, email}` -> the `{token,
 * refresh_token}` pair a password login gives. `where` names the caller in the 400 for an unknown key.
 */
export async function startControlSession(
  core: SandboxCore,
  body: Record<string, unknown>,
  hostTenant: string | undefined,
  where = `the body of POST ${P}/sessions`,
) {
  const values = validateBody(
    { tenant: { type: 'string' }, email: { type: 'string', format: 'email' } },
    body,
    false,
    where,
  )
  const { t, user } = controlUser(core, values, hostTenant, true)
  return startSession(core, t, user)
}

/**
 * `POST /__sandbox/oauth-tokens` and the test API's `oauthTokens.create()`: `{tenant?, email, scopes?, clientId?}`
 * -> an RFC 6749 5.1 token response of the tenant's (seeded) app.
 */
export async function mintControlOAuthToken(
  core: SandboxCore,
  body: Record<string, unknown>,
  hostTenant: string | undefined,
  where = `the body of POST ${P}/oauth-tokens`,
) {
  const values = validateBody(
    {
      tenant: { type: 'string' },
      email: { type: 'string', format: 'email' },
      scopes: { type: 'string[]' },
      clientId: { type: 'string' },
    },
    body,
    false,
    where,
  )
  const { t, user } = controlUser(core, values, hostTenant, true)
  const clientId = values.clientId as string | undefined
  const app = clientId ? t.oauthApps.findUnique('clientId', clientId) : t.oauthApps.all()[0]
  if (!app)
    notFound(
      clientId ? `No OAuth app "${clientId}" in tenant "${t.tenant.slug}".` : 'This tenant has no OAuth app.',
    )
  const scopes = (values.scopes as string[] | undefined) ?? app.scopes
  const unknown = scopes.find((s) => !(OAUTH_SCOPES as readonly string[]).includes(s))
  if (unknown !== undefined) badRequest(`Unknown scope "${unknown}": use ${OAUTH_SCOPES.join(', ')}.`)
  const outside = scopes.find((s) => !app.scopes.includes(s as OAuthScope))
  if (outside !== undefined) badRequest(`The app "${app.name}" may not ask for the scope "${outside}".`)
  return mintOAuthGrant(core, t, {
    clientId: app.clientId,
    user,
    scopes: scopes as OAuthScope[],
    clientAuth: 'secret',
  })
}

const hostTenantOf = (ctx: RouteContext) => (ctx.host.kind === 'tenant' ? ctx.host.slug : undefined)

/** SPEC 10: credentials for a user without a login, for tests that need one. */
export const controlCredentialRoutes: Route[] = [
  controlRoute.post(`${P}/sessions`, async (ctx) =>
    // No body is a 400 naming "email" (controlUser), not the admin's session.
    json(await startControlSession(ctx.core, await readOptionalJsonObject(ctx.req), hostTenantOf(ctx)), 201),
  ),
  controlRoute.post(`${P}/oauth-tokens`, async (ctx) => {
    const response = await mintControlOAuthToken(
      ctx.core,
      await readOptionalJsonObject(ctx.req),
      hostTenantOf(ctx),
    )
    // RFC 6749 5.1: a token response is never cached.
    return json(response, 201, { 'Cache-Control': 'no-store', Pragma: 'no-cache' })
  }),
]
