import type { TenantDb } from '../db/database.ts'
import type { LocalCenter } from '../db/schema.ts'

// Resources of the schema engine whose seed cannot be random: the roles carry Orgo's permission constants and the
// user_roles grant them (mocks/auth/grants.ts), so a faked role would hand a seeded member arbitrary permissions.
// Their other fields are still the spec's, faked (mocks/schema/store.ts); these values are laid over them.

type Values = Record<string, unknown>

/**
 * The roles of a tenant, as manage-local-centers-and-permissions describes them ("named permission containers":
 * Chapter Lead, Treasurer, ...); `member` is the one adhesion SUCCESS and `group/join` give.
 */
const ROLES: ReadonlyArray<readonly [slug: string, name: string, permissions: string[], flags: Values]> = [
  [
    'administrator',
    'Administrator',
    ['ADMIN_TENANT', 'HR_TENANT', 'FINANCIAL_TENANT', 'EVENT_TENANT'],
    { isNational: true },
  ],
  ['member', 'Member', [], { isUserType: true }],
  ['chapter-lead', 'Chapter Lead', ['HR_LOCAL', 'FINANCIAL_LOCAL', 'ADMIN_LOCAL'], { isLocalCenter: true }],
  ['regional-coordinator', 'Regional Coordinator', ['HR_PARENT_LOCAL'], { isLocalCenterParent: true }],
  ['treasurer', 'Treasurer', ['FINANCIAL_LOCAL'], { isLocalCenter: true }],
  ['event-organiser', 'Event Organiser', ['EVENT_LOCAL'], { isLocalCenter: true }],
  ['hr-manager', 'HR Manager', ['HR_TENANT'], { isNational: true }],
  ['communication-officer', 'Communication Officer', ['COMMUNICATION_TENANT'], { isNational: true }],
  ['volunteer', 'Volunteer', [], { isVolunteer: true }],
  ['board-member', 'Board Member', [], { isNational: true }],
]

const roles = (): Values[] =>
  ROLES.map(([slug, name, permissions, flags], i) => ({
    name,
    namePlural: `${name}s`,
    slug,
    chartName: name,
    position: i + 1,
    permissions,
    unitType: null,
    options: [],
    isUserType: false,
    isLocalCenter: false,
    isLocalCenterParent: false,
    isNational: false,
    isNotEligibleForFee: false,
    isParent: false,
    isVolunteer: false,
    ...flags,
  }))

/**
 * What the seeded users hold, as assignments: the tenant admin is Administrator of the national office (the
 * permissions stored on it: SPEC 9), every other user a Member of their local center's unit (same id).
 */
function userRoles(t: TenantDb, roleIds: (slug: string) => number | undefined): Values[] {
  const national = (t.localCenters.all() as LocalCenter[])[0]?.id ?? null
  return t.users.all().map((user) => {
    const admin = user.roles.includes('ROLE_ADMIN')
    return {
      user: user.id,
      role: roleIds(admin ? 'administrator' : 'member') ?? null,
      unit: admin ? national : user.localCenter,
      dateCreated: user.dateCreated,
      dateEnded: null,
      isAdmin: admin,
      localCenterPermission: null,
    }
  })
}

/**
 * A seeded contract assignment as the workflow keeps one (mocks/workflows/contracts-state.ts): of a user or a
 * contact, never both ("Either user or contact is required (not both)"), and in one state with that state's
 * fields: UNSIGNED (nothing signed, not locked), COMPLETE (signed and locked) or CANCELED (by the admin, dated).
 */
function contractUser(row: Values, i: number, t: TenantDb): Values {
  const state = (['UNSIGNED', 'COMPLETE', 'CANCELED'] as const)[i % 3]!
  const at = row.dateValidityStart ?? row.dateSignature ?? row.dateCanceled ?? null
  const admin = t.users.all().find((u) => u.roles.includes('ROLE_ADMIN'))?.id ?? null
  return {
    user: i % 4 === 3 ? null : row.user,
    contact: i % 4 === 3 ? row.contact : null,
    status: state,
    isLocked: state === 'COMPLETE',
    dateSignature: state === 'COMPLETE' ? at : null,
    signature: state === 'COMPLETE' ? row.signature : null,
    signatureAdmin: null,
    canceledBy: state === 'CANCELED' ? admin : null,
    dateCanceled: state === 'CANCELED' ? at : null,
  }
}

/** The curated records of a resource in a tenant, or undefined for a resource seeded by faking alone. */
export function curatedSeed(
  name: string,
  t: TenantDb,
  open: (resource: string) => { all(): Array<{ id: number; slug?: unknown }> } | undefined,
): Values[] | undefined {
  if (name === 'roles') return roles()
  if (name === 'user_roles') {
    const list = open('roles')?.all() ?? []
    return userRoles(t, (slug) => list.find((r) => r.slug === slug)?.id)
  }
  return undefined
}

/**
 * A seeded membership application in one of the docs' states (onboard-a-new-member, step 5), with the flags that
 * state sets (mocks/workflows/adhesion-status.ts): the spec's default `pending` for every one would leave nothing
 * to walk. The newest is NEW (a draft an integration can upload to), as is one other; none has documents yet.
 */
const ADHESION_STATES = [
  'PENDING',
  'VALIDATED',
  'INTERVIEWED',
  'SUCCESS',
  'REJECTED',
  'NEW',
  'PENDING',
  'VALIDATED',
  'SUCCESS',
  'NEW',
]

function adhesion(_row: Values, i: number): Values {
  const state = ADHESION_STATES[i % ADHESION_STATES.length]!
  return {
    status: state,
    isValidated: ['VALIDATED', 'INTERVIEWED', 'SUCCESS'].includes(state),
    isSuccess: state === 'SUCCESS',
    isRejected: state === 'REJECTED',
    hasUploadedDocument: state !== 'NEW',
    medias: [],
  }
}

/** What a resource's faked seed records need laid over them to be in a state its workflow keeps, if anything. */
export function seedFix(name: string): ((row: Values, i: number, t: TenantDb) => Values) | undefined {
  return name === 'contract_users' ? contractUser : name === 'adhesion' ? adhesion : undefined
}
