import type { ApiToken } from '../db/schema.ts'
import { flag, when } from './fields.ts'
import { permission } from './rules.ts'
import type { ResourceDef } from './types.ts'
import { SPEC_FIELDS } from './spec-fields.generated.ts'

// Api-Tokens: `/api/v1/user-api-tokens` (~6,571,900), complete in the spec: `UserApiToken-user_api_token_read`.
// Every operation "Requires ADMIN_TENANT permission"; revoke and delete act on the caller's own tokens only.
// Minting, revoking and deleting are actions (mocks/handlers/api-tokens.ts): a secret is shown once.

export type ApiTokenState = 'active' | 'revoked' | 'expired'

/** What a token can do now: the guard refuses by it, the API's `isActive`, the control API and the dashboard show it. */
export function apiTokenState(
  token: { expiresAt: string | null; revokedAt: string | null },
  now: number,
): ApiTokenState {
  if (token.revokedAt) return 'revoked'
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired'
  return 'active'
}

// The spec's list group; it has no GET of one token: the answer to a create is the same group.
const SPEC = SPEC_FIELDS['user-api-tokens']!

export const userApiTokens: ResourceDef<ApiToken> = {
  path: 'user-api-tokens',
  type: 'UserApiToken',
  key: 'id',
  specOffset: 6_571_900,
  sequence: 'api_token',
  fields: {
    name: { type: 'string', maxLength: 255 },
    expiresAt: when,
    lastUsedAt: when,
    isReadOnly: flag,
    dateCreated: when,
    isActive: { compute: (t, ctx) => apiTokenState(t as ApiToken, ctx.now) === 'active' },
  },
  groups: { collection: SPEC.collection!, item: SPEC.item! },
  writable: ['name', 'expiresAt', 'isReadOnly'],
  pageSize: 30,
  filters: {},
  order: [],
  operations: { list: permission('ADMIN') },
  actions: [
    {
      method: 'POST',
      path: '/api/v1/user-api-tokens',
      who: 'ADMIN permission',
      does: 'mints a token (body optional: name, expiresAt, isReadOnly); the raw `token` only in this 201',
    },
    {
      method: 'PATCH',
      path: '/api/v1/user-api-tokens/{id}/revoke',
      who: 'ADMIN permission, own tokens only',
      does: 'revokes it at once',
    },
    {
      method: 'DELETE',
      path: '/api/v1/user-api-tokens/{id}',
      who: 'ADMIN permission, own tokens only',
      does: 'deletes it; 204',
    },
  ],
  unique: ['token'],
  internal: { userId: 'integer', token: 'string', revokedAt: 'datetime' },
  async seed(s) {
    const admin = s.table('users')!.all()[0]
    if (!admin) return
    for (const [name, isReadOnly] of [
      ['Read/write integration', false],
      ['Read-only analytics', true],
    ] as const)
      await s.insert<ApiToken>('user-api-tokens', {
        userId: admin.id,
        name,
        token: s.hex(64),
        isReadOnly,
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: null,
        dateCreated: s.at(-20),
      })
  },
}
