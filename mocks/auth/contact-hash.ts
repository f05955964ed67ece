import type { TenantDb } from '../db/database.ts'
import { forbidden, unauthorized } from '../http/errors.ts'
import type { SandboxRequest } from '../http/types.ts'
import { contractSignPrincipal } from '../workflows/contracts-sign-link.ts'
import type { Principal } from './principal.ts'

export const CONTACT_HASH_HEADER = 'x-contact-hash'

// SPEC 7: the hash opens GET/PATCH /api/v1/event_attends/{id} and POST .../confirm, nothing else.
const ATTENDANCE_ITEM = /^\/api\/v1\/event_attends\/([^/]+)$/
const ATTENDANCE_CONFIRM = /^\/api\/v1\/event_attends\/([^/]+)\/confirm$/

/** The attendance id a request targets when it is one the hash may open, else undefined. */
function grantedTarget(req: SandboxRequest): string | undefined {
  const method = req.method === 'HEAD' ? 'GET' : req.method
  if (method === 'GET' || method === 'PATCH') return ATTENDANCE_ITEM.exec(req.path)?.[1]
  if (method === 'POST') return ATTENDANCE_CONFIRM.exec(req.path)?.[1]
  return undefined
}

/**
 * Orgo Authentication page, "X-Contact-Hash": the hash from an invitation's magic URL, sent as a header, acts
 * as that contact for that attendance only. Unknown or another tenant's hash -> 401; anything else -> 403.
 */
export function authenticateContactHash(
  tenant: TenantDb,
  headerValue: string,
  req: SandboxRequest,
): Principal {
  const hash = headerValue.trim()
  // Hashes live in the tenant's own table: another tenant's hash is as unknown here as a made-up one.
  const attend = hash === '' ? undefined : tenant.eventAttends.findUnique('hash', hash)
  if (!attend) {
    // A contract's sign-now link carries a hash of its own (mocks/workflows/contracts-sign-link.ts).
    const signer = hash === '' ? undefined : contractSignPrincipal(tenant, hash, req)
    if (signer) return signer
    unauthorized('Invalid X-Contact-Hash.', { reason: 'unknown contact hash for this tenant' })
  }
  const target = grantedTarget(req)
  if (target === undefined) forbidden('X-Contact-Hash opens only its own event attendance')
  if (target !== String(attend.id)) forbidden(`X-Contact-Hash of attendance #${attend.id} used on #${target}`)
  const contact = attend.external === null ? undefined : tenant.contacts.get(attend.external)
  return {
    method: 'contact-hash',
    tenant: tenant.tenant.slug,
    readOnly: false,
    eventAttendId: attend.id,
    label: contact ? `${contact.email} (contact #${contact.id})` : `attendance #${attend.id}`,
  }
}
