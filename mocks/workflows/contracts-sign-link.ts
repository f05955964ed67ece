import type { Principal } from '../auth/principal.ts'
import type { TenantDb } from '../db/database.ts'
import { forbidden } from '../http/errors.ts'
import type { SandboxRequest } from '../http/types.ts'

// A contract's sign-now magic link (issue-and-track-contracts, step 2: "For Contacts who haven't yet become Users,
// contracts can still be assigned — they sign via a magic link"). Orgo's docs do not say what the link holds; the
// sandbox gives each contract_user a secret `signHash` (64 hex, stored beside the record, never in an answer: the
// spec's ContractUser shapes have no such field) and mails `{app}/contracts/{id}/sign?hash={signHash}`. The link's
// front end sends the hash as `X-Contact-Hash`, the header Orgo's Authentication page gives a contact's magic-link
// hash; it opens that one contract_user: `GET /api/v1/contract_users/{id}` (and `{id}.pdf`, its signed PDF) and
// `PATCH /api/v1/contract_users/{id}` with `{"signature": ...}` to sign. Loaded with the guard: no engine import.

/** The stored field holding an instance's link secret. */
export const SIGN_HASH = 'signHash'

/** The link mailed for a contract_user: the app's (or the sandbox's) origin, its id and hash. */
export const signLink = (base: string, id: number, hash: string) =>
  `${base}/contracts/${id}/sign?hash=${hash}`

const ITEM = /^\/api\/v1\/contract_users\/(\d+)(\.pdf)?$/

/**
 * The principal a contract sign-now hash stands for, or undefined when no contract_user of this tenant holds it
 * (the guard's 401 follows). It reads the instance, its PDF, and PATCHes it; anything else is a 403.
 */
export function contractSignPrincipal(
  tenant: TenantDb,
  hash: string,
  req: SandboxRequest,
): Principal | undefined {
  if (!/^[0-9a-f]{64}$/.test(hash)) return undefined
  // The engine's table once made; before that (a --db file just opened) the rows it will load.
  const rows = tenant.schema.get('contract_users')?.all() ?? tenant.schemaLoaded.get('contract_users') ?? []
  const held = rows.find((row) => (row as Record<string, unknown>)[SIGN_HASH] === hash)
  if (!held) return undefined
  const method = req.method === 'HEAD' ? 'GET' : req.method
  const target = ITEM.exec(req.path)
  const allowed = target && (method === 'GET' || (method === 'PATCH' && !target[2]))
  if (!allowed) forbidden(`a contract sign-now hash opens only its own contract_user (#${held.id})`)
  if (Number(target[1]) !== held.id)
    forbidden(`the sign-now hash of contract_user #${held.id} used on #${target[1]}`)
  return {
    method: 'contact-hash',
    tenant: tenant.tenant.slug,
    readOnly: false,
    contractUserId: held.id,
    label: `contract_user #${held.id} (sign-now link)`,
  }
}
