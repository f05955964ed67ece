import { hasRole } from '../auth/roles.ts'
import type { SandboxCore } from '../core.ts'
import type { TenantDb } from '../db/database.ts'
import type { ApiToken, User } from '../db/schema.ts'
import { JSON_TYPES, readJsonObject } from '../http/body.ts'
import { forbidden, notFound } from '../http/errors.ts'
import { negotiate, renderItem, renderPage } from '../http/hydra.ts'
import { noContent } from '../http/respond.ts'
import type { SandboxResponse } from '../http/types.ts'
import { API, iri } from './resource-types.ts'
import { route, type Route, type RouteContext } from './route.ts'
import { validateBody } from './validate.ts'

const PATH = `${API}/user-api-tokens`

/** What the API shows of a token: never the secret, except once in the answer that creates it. */
export function describeApiToken(token: ApiToken): Record<string, unknown> {
  return {
    id: token.id,
    name: token.name,
    isReadOnly: token.isReadOnly,
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
    createdAt: token.createdAt,
    owner: iri('users', token.userId),
  }
}

export interface MintApiTokenInput {
  name?: string
  isReadOnly?: boolean
  expiresAt?: string | null
}

/** Creates an Api-Token for a user; shared by the API and the control API (`POST /__sandbox/api-tokens`). */
export async function mintApiToken(
  core: SandboxCore,
  t: TenantDb,
  owner: User,
  input: MintApiTokenInput,
): Promise<ApiToken> {
  const now = core.clock.now()
  const record = await t.apiTokens.insert({
    id: core.db.ids.next('api_token'),
    tenant: t.tenant.slug,
    userId: owner.id,
    name: input.name ?? 'API token',
    token: core.random.hex(64),
    isReadOnly: input.isReadOnly ?? false,
    expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
    revokedAt: null,
    createdAt: new Date(now).toISOString(),
  })
  const kind = record.isReadOnly ? ' (read-only)' : ''
  core.change(
    'api-token.issued',
    t.tenant.slug,
    `Api-Token #${record.id} "${record.name}" for ${owner.email}${kind}`,
    {
      id: record.id,
      token: record.token,
    },
  )
  return record
}

const TOKEN_FIELDS = {
  name: { type: 'string' },
  isReadOnly: { type: 'boolean' },
  expiresAt: { type: 'string', nullable: true, format: 'datetime' },
} as const

function findToken(ctx: RouteContext, user: User): ApiToken {
  const id = Number(ctx.params.id)
  const token = Number.isInteger(id) ? ctx.tenant.apiTokens.get(id) : undefined
  if (!token) notFound()
  // Admins manage every token of the tenant; others only their own.
  if (token.userId !== user.id && !hasRole(user, 'ROLE_ADMIN')) forbidden('not the owner of this Api-Token')
  return token
}

function render(
  ctx: RouteContext,
  token: ApiToken,
  status = 200,
  extra: Record<string, unknown> = {},
): SandboxResponse {
  return renderItem(
    negotiate(ctx.req),
    { iri: `${PATH}/${token.id}`, type: 'UserApiToken' },
    { ...describeApiToken(token), ...extra },
    status,
  )
}

/** Orgo "Settings -> Developers -> API Access", as endpoints (SPEC 3). */
export const apiTokenRoutes: Route[] = [
  route.get(PATH, async (ctx) => {
    await ctx.auth('ROLE_ADMIN')
    return renderPage(ctx.req, { path: PATH, type: 'UserApiToken' }, ctx.tenant.apiTokens.all(), (t) => ({
      iri: `${PATH}/${t.id}`,
      body: describeApiToken(t),
    }))
  }),
  route.post(PATH, async (ctx) => {
    const principal = await ctx.auth('ROLE_USER')
    const values = validateBody(TOKEN_FIELDS, await readJsonObject(ctx.req, JSON_TYPES), false)
    const token = await mintApiToken(ctx.core, ctx.tenant, principal.user!, values as MintApiTokenInput)
    // The raw token is shown this once; later reads never return it.
    return render(ctx, token, 201, { token: token.token })
  }),
  route.patch(`${PATH}/:id/revoke`, async (ctx) => {
    const principal = await ctx.auth('ROLE_USER')
    const token = findToken(ctx, principal.user!)
    const revoked = token.revokedAt
      ? token
      : await ctx.tenant.apiTokens.update(token, (draft) => {
          draft.revokedAt = new Date(ctx.core.clock.now()).toISOString()
        })
    ctx.core.change('api-token.revoked', ctx.tenant.tenant.slug, `Api-Token #${token.id} revoked`, {
      id: token.id,
    })
    return render(ctx, revoked)
  }),
  route.delete(`${PATH}/:id`, async (ctx) => {
    const principal = await ctx.auth('ROLE_USER')
    const token = findToken(ctx, principal.user!)
    ctx.tenant.apiTokens.delete(token)
    ctx.core.change('api-token.deleted', ctx.tenant.tenant.slug, `Api-Token #${token.id} deleted`, {
      id: token.id,
    })
    return noContent()
  }),
]
