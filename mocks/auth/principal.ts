import type { User } from '../db/schema.ts'

export type AuthMethod = 'api-token' | 'jwt' | 'otp' | 'oauth' | 'contact-hash'

/** Who a request acts as, whatever credential it came with. */
export interface Principal {
  method: AuthMethod
  tenant: string
  user?: User
  /** Read-only Api-Tokens: every write answers 403. */
  readOnly: boolean
  /** Shown in the request log and the dashboard: an email, or `contact #12`. */
  label: string
  /** OAuth access tokens carry the scopes granted at consent. */
  scopes?: string[]
  /** X-Contact-Hash: the only attendance this principal may touch. */
  eventAttendId?: number
  /** A contract's sign-now link hash (X-Contact-Hash): the only contract_user it opens (mocks/workflows/). */
  contractUserId?: number
  /** OTP JWTs: the email the code was sent to; across tenants it stands for the contact with that email. */
  verifiedEmail?: string
}
