import type { SandboxCore } from '../core.ts'
import type { TenantDb } from '../db/database.ts'
import type { ApiToken, User } from '../db/schema.ts'
import { readOptionalJsonObject } from '../http/body.ts'
import { forbidden, notFound } from '../http/errors.ts'
import { noContent } from '../http/respond.ts'
import { validateBody } from '../http/validate.ts'
import { isoDate } from '../resources/engine/serialize.ts'
import { writeSpecs } from '../resources/engine/write.ts'
import { userApiTokens } from '../resources/index.ts'
import { allow, renderRecord } from './resources.ts'
import { route, type Route, type RouteContext } from './route.ts'

const PATH = '/api/v1/user-api-tokens'

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
  const record = await t.apiTokens.insert({
    id: core.db.ids.next('api_token'),
    tenant: t.tenant.slug,
    userId: owner.id,
    name: input.name ?? 'API token',
    token: core.random.hex(64),
    isReadOnly: input.isReadOnly ?? false,
    expiresAt: input.expiresAt ? isoDate(input.expiresAt) : null,
    revokedAt: null,
    lastUsedAt: null,
    dateCreated: isoDate(core.clock.now()),
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

/** "Users can only revoke [delete] their own tokens. Requires ADMIN_TENANT permission." */
async function ownToken(ctx: RouteContext): Promise<ApiToken> {
  const principal = await ctx.auth()
  const id = Number(ctx.params.id)
  const token = Number.isInteger(id) ? ctx.tenant.apiTokens.get(id) : undefined
  await allow(ctx, userApiTokens, 'list', token)
  if (!token) notFound()
  if (token.userId !== principal.user!.id) forbidden('not the owner of this Api-Token')
  return token
}

/** Orgo "Settings -> Developers -> API Access", as endpoints: `/api/v1/user-api-tokens` (~6,571,900). */
export const apiTokenRoutes: Route[] = [
  // `create_token`: no request body is documented; "Accepts optional name, expiresAt, and isReadOnly".
  route.post(PATH, async (ctx) => {
    const principal = (await allow(ctx, userApiTokens, 'list'))!
    const values = validateBody(writeSpecs(userApiTokens), await readOptionalJsonObject(ctx.req), false)
    const token = await mintApiToken(ctx.core, ctx.tenant, principal.user!, values as MintApiTokenInput)
    // "The raw token value is returned only once in the response" (the spec names no field: `token`).
    return renderRecord(ctx, userApiTokens, token, 201, { extra: { token: token.token } })
  }),
  route.patch(`${PATH}/:id/revoke`, async (ctx) => {
    const token = await ownToken(ctx)
    const revoked = token.revokedAt
      ? token
      : await ctx.tenant.apiTokens.update(token, (draft) => {
          draft.revokedAt = isoDate(ctx.core.clock.now())
        })
    ctx.core.change('api-token.revoked', ctx.tenant.tenant.slug, `Api-Token #${token.id} revoked`, {
      id: token.id,
    })
    return renderRecord(ctx, userApiTokens, revoked)
  }),
  route.delete(`${PATH}/:id`, async (ctx) => {
    const token = await ownToken(ctx)
    ctx.tenant.apiTokens.delete(token)
    ctx.core.change('api-token.deleted', ctx.tenant.tenant.slug, `Api-Token #${token.id} deleted`, {
      id: token.id,
    })
    return noContent()
  }),
]
