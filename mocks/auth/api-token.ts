import type { SandboxCore } from '../core.ts'
import { forbidden, unauthorized } from '../http/errors.ts'
import type { TenantDb } from '../db/database.ts'
import type { SandboxRequest } from '../http/types.ts'
import { apiTokenHint } from './mix-ups.ts'
import type { Principal } from './principal.ts'
import { isoDate } from '../resources/fields.ts'
import { apiTokenState } from '../resources/user-api-tokens.ts'

export { apiTokenState, type ApiTokenState } from '../resources/user-api-tokens.ts'

export const API_TOKEN_HEADER = 'api-token'

/**
 * Orgo Authentication page, "Api-Token": the raw token, no `Bearer` prefix, no encoding; it works only on its
 * owner's tenant host and dies at once when revoked or deleted. Every unknown value is Orgo's "Invalid API
 * token." (a `Bearer ` prefix, a JWT, another tenant's token); the sandbox's fix rides in the hint.
 */
export function authenticateApiToken(
  core: SandboxCore,
  tenant: TenantDb,
  req: SandboxRequest,
  headerValue: string,
): Principal {
  const value = headerValue.trim()
  // Another tenant's token is the same 401 as an unknown one: the body never tells; the local hint may.
  const record = value === '' ? undefined : tenant.apiTokens.findUnique('token', value)
  if (!record) {
    const hint = apiTokenHint(core, tenant, req, value)
    unauthorized('Invalid API token.', { reason: 'unknown Api-Token for this tenant', hint })
  }
  const now = core.clock.now()
  const state = apiTokenState(record, now)
  if (state === 'revoked')
    unauthorized('API token has been revoked.', { reason: `token #${record.id} revoked` })
  if (state === 'expired') unauthorized('API token has expired.', { reason: `token #${record.id} expired` })
  const user = tenant.users.get(record.userId)
  if (!user) unauthorized('Invalid API token.', { reason: `owner of token #${record.id} was deleted` })
  // `lastUsedAt` is bookkeeping, not a write: set in place, saved with the next real write.
  record.lastUsedAt = isoDate(now)
  return {
    method: 'api-token',
    tenant: tenant.tenant.slug,
    user,
    readOnly: record.isReadOnly,
    label: `${user.email} (token #${record.id}${record.isReadOnly ? ', read-only' : ''})`,
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function isWrite(method: string): boolean {
  return WRITE_METHODS.has(method)
}

/** Read-only tokens: "any POST, PATCH, PUT, or DELETE is rejected with 403 Forbidden". */
export function assertMayWrite(principal: Principal, method: string): void {
  if (principal.readOnly && isWrite(method)) forbidden('read-only Api-Token used for a write')
}
