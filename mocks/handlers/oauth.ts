import { beginAuthorization, submitConsent, submitSignIn, type AuthorizeStep } from '../auth/oauth.ts'
import {
  createOAuthApp,
  describeOAuthApp,
  OAuthAppInvalid,
  tenantsFor,
  type OAuthAppInput,
} from '../auth/oauth-apps.ts'
import { userinfoClaims } from '../auth/oauth-bearer.ts'
import { authenticateClient, invalidRequest, readTokenForm } from '../auth/oauth-client-auth.ts'
import { checkAccessToken, exchangeCode, refreshGrant, revokeToken } from '../auth/oauth-tokens.ts'
import { OAUTH_SCOPES } from '../db/oauth-schema.ts'
import { assertContentType, FORM_TYPE, JSON_TYPES, readJsonObject } from '../http/body.ts'
import { noTenantAt, OAuthError, unprocessable } from '../http/errors.ts'
import { json, redirect } from '../http/respond.ts'
import type { SandboxResponse } from '../http/types.ts'
import { consentPage, errorPage, signInPage } from './oauth-pages.ts'
import { route, type Route, type RouteContext } from './route.ts'
import { validateBody } from '../http/validate.ts'

// SPEC 1: the OAuth flow answers on tenant hosts and on the platform host `app.<base>`, nowhere else.
function assertOAuthHost(ctx: RouteContext): void {
  if (tenantsFor(ctx.core, ctx.host).length === 0)
    noTenantAt(ctx.host.hostname, [...ctx.core.db.tenants.keys()])
}

function render(step: AuthorizeStep): SandboxResponse {
  switch (step.kind) {
    case 'sign-in':
      return signInPage(step)
    case 'consent':
      return consentPage(step.flow, step.app, step.tenant, step.user)
    case 'redirect':
      // RFC 6749 4.1.2: 302 to the client; the browser follows with a GET (never 307, which would re-post the form).
      return redirect(step.location)
    case 'error':
      return errorPage(step.message, step.status)
  }
}

async function readPageForm(ctx: RouteContext): Promise<URLSearchParams> {
  assertOAuthHost(ctx)
  assertContentType(ctx.req, [FORM_TYPE])
  return new URLSearchParams(await ctx.req.text())
}

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' }

/** `POST /oauth/token` (RFC 6749 4.1.3, 6): form-encoded only; errors are RFC 6749 5.2 JSON. */
async function token(ctx: RouteContext): Promise<SandboxResponse> {
  assertOAuthHost(ctx)
  const form = await readTokenForm(ctx.req)
  const grantType = form.get('grant_type')
  if (!grantType) invalidRequest('The request has no grant_type.')
  // SPEC 6: Orgo's server knows only these two grants; any other, RFC 6749's own included, is unsupported.
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    throw new OAuthError(
      400,
      'unsupported_grant_type',
      `grant_type "${grantType}" is not supported: use authorization_code or refresh_token.`,
    )
  }
  const client = authenticateClient(ctx.core, ctx.host, ctx.req, form)
  if (grantType === 'authorization_code')
    return json(await exchangeCode(ctx.core, client, form), 200, NO_STORE)
  return json(await refreshGrant(ctx.core, client, form), 200, NO_STORE)
}

const BEARER = /^Bearer\s+(\S+)$/i

/** `GET /oauth/userinfo` (RFC 6750 2.1, 3.1): the claims the granted scopes allow. */
function userinfo(ctx: RouteContext): SandboxResponse {
  assertOAuthHost(ctx)
  const match = BEARER.exec(ctx.req.header('authorization')?.trim() ?? '')
  if (!match) {
    // RFC 6750 3.1: no credentials at all -> a challenge without an error code.
    throw new OAuthError(
      401,
      'invalid_token',
      'The request has no access token: send Authorization: Bearer <access_token>.',
      {
        'WWW-Authenticate': 'Bearer realm="Orgo sandbox"',
      },
    )
  }
  // Another tenant's token is unknown here; on `app.<base>` every tenant's tokens are read.
  const check = checkAccessToken(ctx.core, tenantsFor(ctx.core, ctx.host), match[1]!)
  if (!check.ok) {
    throw new OAuthError(401, 'invalid_token', check.description, {
      'WWW-Authenticate': `Bearer realm="Orgo sandbox", error="invalid_token", error_description="${check.description}"`,
    })
  }
  return json(userinfoClaims(check.tenant, check.user, check.token.scopes), 200, NO_STORE)
}

export const oauthRoutes: Route[] = [
  route.get(
    '/oauth/authorize',
    async (ctx) => {
      assertOAuthHost(ctx)
      return render(await beginAuthorization(ctx.core, ctx.host, ctx.req.query))
    },
    'any',
  ),
  route.post(
    '/oauth/authorize/sign-in',
    async (ctx) =>
      render(await submitSignIn(ctx.core, ctx.host, ctx.req.clientAddress, await readPageForm(ctx))),
    'any',
  ),
  route.post(
    '/oauth/authorize/consent',
    async (ctx) => render(await submitConsent(ctx.core, ctx.host, await readPageForm(ctx))),
    'any',
  ),
  route.post('/oauth/token', token, 'any'),
  route.post(
    '/oauth/revoke',
    async (ctx) => {
      assertOAuthHost(ctx)
      const form = await readTokenForm(ctx.req)
      await revokeToken(ctx.core, authenticateClient(ctx.core, ctx.host, ctx.req, form), form)
      // RFC 7009 2.2: 200 whether or not the token existed.
      return { status: 200, headers: NO_STORE }
    },
    'any',
  ),
  route.get('/oauth/userinfo', userinfo, 'any'),
  // OpenID Connect Core 5.3.1 lets clients POST to the UserInfo endpoint too.
  route.post('/oauth/userinfo', userinfo, 'any'),
]

/** Sandbox choice (SPEC 6): RFC 8414 metadata, served only with `--oauth-discovery` (Orgo publishes none). */
export const oauthDiscoveryRoutes: Route[] = [
  route.get(
    '/.well-known/oauth-authorization-server',
    (ctx) => {
      assertOAuthHost(ctx)
      // RFC 8414 2: the issuer is the host the client talks to, so every tenant is its own issuer.
      const issuer = `${ctx.req.protocol}://${ctx.req.host}`
      const auth = ['client_secret_basic', 'client_secret_post', 'none']
      return json(
        {
          issuer,
          authorization_endpoint: `${issuer}/oauth/authorize`,
          token_endpoint: `${issuer}/oauth/token`,
          userinfo_endpoint: `${issuer}/oauth/userinfo`,
          revocation_endpoint: `${issuer}/oauth/revoke`,
          scopes_supported: OAUTH_SCOPES,
          response_types_supported: ['code'],
          response_modes_supported: ['query'],
          grant_types_supported: ['authorization_code', 'refresh_token'],
          token_endpoint_auth_methods_supported: auth,
          revocation_endpoint_auth_methods_supported: auth,
          code_challenge_methods_supported: ['S256'],
          service_documentation: 'https://orgo.space/docs',
        },
        200,
        { 'Cache-Control': 'public, max-age=300' },
      )
    },
    'any',
  ),
]

// Symfony Validator codes, so the control API's 422 reads like the API's own.
const VIOLATION_CODES = {
  blank: 'c1051bb4-d103-4f74-8988-acbcafc7fdc3',
  'too-long': 'd94b19cc-114f-4f44-9cc4-4138e80a87b9',
  count: 'bef8e338-6ae5-4caf-b8e2-50e7b0579e69',
  url: '57c2f299-1154-4870-89bb-ef3b1f5ad229',
  choice: '8e179f1b-97aa-4560-a02f-2a8b42e49df7',
  format: 'de1e3db3-5ed4-4941-aae4-59f3667cc3a3',
  taken: '23bd9dbf-6b9b-41cd-a99e-4844bcf3077f',
} as const

/**
 * `POST /__sandbox/oauth-apps` `{tenant?, name, description?, redirectUris, scopes?, client_id?, client_secret?}`:
 * an app without the admin pages; the answer shows the secret (SPEC 10).
 */
export async function mintOAuthApp(ctx: RouteContext): Promise<SandboxResponse> {
  const body = await readJsonObject(ctx.req, JSON_TYPES)
  const values = validateBody(
    {
      tenant: { type: 'string' },
      name: { type: 'string', required: true },
      description: { type: 'string' },
      redirectUris: { type: 'string[]', required: true },
      scopes: { type: 'string[]' },
      client_id: { type: 'string' },
      client_secret: { type: 'string' },
    },
    body,
    true,
    'the body of POST /__sandbox/oauth-apps',
  )
  const input: OAuthAppInput = {
    tenant: (values.tenant as string | undefined) ?? (ctx.host.kind === 'tenant' ? ctx.host.slug : undefined),
    name: values.name as string,
    description: values.description as string | undefined,
    redirectUris: values.redirectUris as string[],
    scopes: values.scopes as string[] | undefined,
    clientId: values.client_id as string | undefined,
    clientSecret: values.client_secret as string | undefined,
  }
  try {
    return json(describeOAuthApp(await createOAuthApp(ctx.core, input)), 201)
  } catch (error) {
    if (!(error instanceof OAuthAppInvalid)) throw error
    return unprocessable(
      error.problems.map((p) => ({
        propertyPath: p.path.replace(/^clientId$/, 'client_id').replace(/^clientSecret$/, 'client_secret'),
        message: p.message,
        code: VIOLATION_CODES[p.kind],
      })),
    )
  }
}
