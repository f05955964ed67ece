import { nullable, number, oneOf, optional, shape, string } from './shape.ts'

// Record shapes of the tenant database. Ids of tenant resources are unique across tenants, so an id that
// exists in another tenant is a real cross-tenant probe (and must answer 404, never 403).

// Resource records (users, contacts, events, ...) are declared by their definitions in mocks/resources/; these
// are their stored shapes. Stored fields keep the wire's names (Orgo's spec); a relation is stored as the related
// record's integer id under the relation's name; fields no record holds are sent as the definition's no-data value.

/**
 * Orgo's permission model: a domain and a scope; a TENANT scope covers every local center, PARENT_LOCAL a center
 * and the centers under it (`local_centers.parent`), LOCAL one center (manage-local-centers-and-permissions).
 */
export interface Permission {
  domain: 'ADMIN' | 'HR' | 'FINANCIAL' | 'EVENT' | 'COMMUNICATION'
  scope: 'TENANT' | 'PARENT_LOCAL' | 'LOCAL'
  /** The local center a LOCAL or PARENT_LOCAL permission is for; null for TENANT. */
  localCenter: number | null
  /** The centers a PARENT_LOCAL grant reaches (its own and those under it), worked out when it is read. */
  covers?: readonly number[]
}

interface Stored {
  id: number
  tenant: string
}

export interface User extends Stored {
  email: string
  firstName: string
  lastName: string
  roles: string[]
  permissions: Permission[]
  // Test credentials are kept in clear: the control API shows them, like the Firebase emulator does.
  password: string
  status: string
  localCenter: number | null
  phoneNumber: string | null
  language: string
  timezone: string | null
  gender: string | null
  dateBirth: string | null
  isFullMember: boolean
  dateJoined: string | null
  dateCreated: string
  dateUpdated: string
}

export interface Contact extends Stored {
  name: string | null
  email: string | null
  phone: string | null
  organisation: string | null
  role: string | null
  twitter: string | null
  linkedin: string | null
  instagram: string | null
  bio: string | null
  country: number | null
  town: number | null
  isEmailConfirmed: boolean
  isNewsletterSubscribed: boolean
  localCenter: number | null
  companyIdentifier: string | null
  companyName: string | null
  companyAddress: string | null
  professionOrganisationRole: string | null
  companyRegNo: string | null
  notes: string | null
  gender: string | null
  dateBirth: string | null
  source: string
  dateCreated: string
  /**
   * Stamped on create and on every write (sync-your-crm-with-orgo, step 5 polls `dateUpdated[after]`); absent
   * from a record a `--db` file of an older sandbox kept.
   */
  dateUpdated?: string
  /** Its ProfileTags' ids (the inverse of `ProfileTag.contact`, as Orgo's `Contact.tags` maps it). */
  tags?: number[]
}

export interface Event extends Stored {
  uuid: string
  name: string
  description: string | null
  location: string | null
  dateTimeBegin: string | null
  dateTimeEnd: string | null
  timezone: string | null
  status: string
  isPublic: boolean
  hasEventTicketing: boolean
  requiresRegistrationForm: boolean
  sendAttendanceReminder: boolean
  sendOneHourReminder: boolean
  newsletterEnabled: boolean
  hasVoting: boolean
  isGeneralMeeting: boolean
  isGeneralMeetingEx: boolean
  isGeneralMeetingElection: boolean
  isTraining: boolean
  isAnnualReport: boolean
  registrationManuallyClosed: boolean
  maxCapacity: number | null
  placeLatitude: number | null
  placeLongitude: number | null
  placesApiId: string | null
  registrationFormText: string | null
  meet: string | null
  unit: number | null
  owner: number | null
  invitesSent: string | null
  dateCreated: string
}

export interface EventAttend extends Stored {
  event: number
  user: number | null
  /** The invited contact (Orgo calls a contact without an account "external"). */
  external: number | null
  statusRsvp: string | null
  statusRegistration: string | null
  isInvited: boolean
  /** The contact's credential (X-Contact-Hash) and the QR check-in code: 32 hex. */
  hash: string
  canceledAt: string | null
  dateCreated: string
}

export interface Group extends Stored {
  name: string
  description: string | null
  status: string | null
  isJoinable: boolean
  isProject: boolean
  includesAllMembers: boolean
  hasPriority: boolean
  hasDueDate: boolean
  hasTypes: boolean
  hasStatus: boolean
  hasEvents: boolean
  hasDiscussion: boolean
  hasFiles: boolean
  onlyAdminsCanPost: boolean
  onlyAdminsCanCreateEvents: boolean
  onlyAdminsCanUploadFiles: boolean
  onlyAdminsCanAddMembers: boolean
  emoji: string | null
  owner: number | null
  /** Membership (Orgo keeps it in user_roles, not on the group): never serialized. */
  memberIds: number[]
  dateCreated: string
  dateEnded: string | null
}

export interface Form extends Stored {
  uuid: string
  name: string
  status: string
  header: string | null
  footer: string | null
  thankYouMessage: string | null
  contentTitle: string | null
  closeAt: string | null
  owner: number | null
  createdAt: string
}

export interface FormSubmission extends Stored {
  form: number
  user: number | null
  contact: number | null
  isValid: boolean
  createdAt: string
}

export interface ApiToken extends Stored {
  userId: number
  name: string
  token: string
  isReadOnly: boolean
  expiresAt: string | null
  revokedAt: string | null
  lastUsedAt: string | null
  dateCreated: string
}

/** Reference data the resources embed: local centers, units, countries, towns. */
export interface LocalCenter extends Stored {
  name: string
  parent: number | null
}

export interface Unit extends Stored {
  name: string
  /** The center the unit belongs to: its own id for a center's unit. */
  localCenter?: number | null
}

export interface Country extends Stored {
  name: string
  code: string
}

export interface Town extends Stored {
  name: string
  country: number | null
}

/** An ISO 8601 instant, as every stored timestamp is. */
type Timestamp = string

export interface Session {
  id: string
  tenant: string
  userId: number
  // Orgo Authentication page: an OTP login's JWTs carry auth_strength "OTP"; absent means a password login.
  authStrength?: 'password' | 'OTP'
  createdAt: Timestamp
}

// One code per purpose and email (`login:member@acme.test`): a new request replaces the pending one (SPEC 5).
export interface OtpCode {
  id: string
  tenant: string
  purpose: 'login' | 'password-reset'
  email: string
  userId: number
  code: string
  attemptsLeft: number
  expiresAt: Timestamp
  usedAt: Timestamp | null
  createdAt: Timestamp
}

export interface RefreshToken {
  id: string
  tenant: string
  sessionId: string
  userId: number
  expiresAt: Timestamp
  revokedAt: Timestamp | null
  createdAt: Timestamp
}

export const sessionSchema = shape<Session>({
  id: string,
  tenant: string,
  userId: number,
  authStrength: optional(oneOf(['password', 'OTP'])),
  createdAt: string,
})

export const otpCodeSchema = shape<OtpCode>({
  id: string,
  tenant: string,
  purpose: oneOf(['login', 'password-reset']),
  email: string,
  userId: number,
  code: string,
  attemptsLeft: number,
  expiresAt: string,
  usedAt: nullable(string),
  createdAt: string,
})

export const refreshTokenSchema = shape<RefreshToken>({
  id: string,
  tenant: string,
  sessionId: string,
  userId: number,
  expiresAt: string,
  revokedAt: nullable(string),
  createdAt: string,
})

export const ROLES = ['ROLE_USER', 'ROLE_MEMBER', 'ROLE_ADMIN'] as const
export type Role = (typeof ROLES)[number]
