import type { TenantDb } from '../db/database.ts'
import type { LocalCenter } from '../db/schema.ts'
import { invoiceSeed } from '../workflows/invoices-seed.ts'
import { companySeed, paymentSeed, priceSeeds, productSeeds } from '../workflows/payments-seed.ts'

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
  // Issue 26, payments: the products and prices (mocks/workflows/payments-seed.ts), which no list operation seeds.
  if (name === 'products') return productSeeds()
  if (name === 'product_prices') return priceSeeds(t, (open('products')?.all() ?? []) as never)
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

/**
 * A seeded newsletter in a state mocks/workflows/newsletters.ts keeps (send-a-newsletter-campaign): every other one
 * DRAFT (nothing sent), the rest SENT (dated when made). None SCHEDULED: a seeded schedule would mail the tenant on a
 * move of the clock nobody meant for it. The count is the workflow's to work out on each read.
 */
function newsletter(row: Values, i: number): Values {
  const sent = i % 2 === 1
  return {
    status: sent ? 'SENT' : 'DRAFT',
    dateSent: sent ? (row.dateCreated ?? null) : null,
    scheduledAt: null,
    clicks: [],
    parentNewsletter: null,
  }
}

/**
 * A seeded election in a state of run-a-board-election (mocks/workflows/votes-state.ts), with that state's flags.
 * All but the drafts are the whole organisation's (the national office's unit, sub-units included): the open and
 * published ones until closed by hand (no `dateEnd`), so the seeded members have a live vote; the closed ones ran
 * three hours, the CLOSED ones secret. The two DRAFTs are private, their voters the seeded vote_users (five each).
 * `seedQuestions`: mocks/workflows/votes-seed.ts adds their questions and ballots.
 */
const VOTE_STATES = [
  'DRAFT',
  'OPEN',
  'CLOSED',
  'PUBLISHED',
  'ARCHIVED',
  'OPEN',
  'CLOSED',
  'DRAFT',
  'CLOSED',
  'ARCHIVED',
]
/** The private DRAFTs, each with five of the seeded vote_users. */
const PRIVATE_VOTES = [0, 7]

function voteCollection(row: Values, i: number, t: TenantDb): Values {
  const state = VOTE_STATES[i % VOTE_STATES.length]!
  const live = state === 'OPEN' || state === 'PUBLISHED'
  // A closed one ran for three hours from when it was made.
  const made = Date.parse(String(row.dateCreated))
  const iso = (time: number) => new Date(time).toISOString().replace(/\.\d{3}Z$/, '+00:00')
  const ran =
    (state === 'CLOSED' || state === 'ARCHIVED') && !Number.isNaN(made)
      ? { dateStart: iso(made), dateEnd: iso(made + 3 * 3_600_000), hideVotersList: state === 'CLOSED' }
      : {}
  return {
    status: state,
    isDraft: state === 'DRAFT',
    isEditable: state === 'DRAFT',
    isLocked: state !== 'DRAFT',
    isArchived: state === 'ARCHIVED',
    isGeneral: !PRIVATE_VOTES.includes(i),
    votes: [],
    totalVoted: '0',
    totalEligible: '0',
    participationPercentage: '0',
    seedQuestions: true,
    ...ran,
    ...(state === 'DRAFT' ? {} : { unit: (t.localCenters.all() as LocalCenter[])[0]?.id ?? null }),
    ...(live ? { dateStart: state === 'OPEN' ? (row.dateCreated ?? null) : null, dateEnd: null } : {}),
  }
}

/** The seeded voters lists: the private DRAFTs' (above), five seeded users each, none voted yet. */
function voteUser(row: Values, i: number, t: TenantDb): Values {
  const collection = t.open?.('vote_collections')?.all()[PRIVATE_VOTES[i < 5 ? 0 : 1]!]?.id
  return {
    voteCollection: collection ?? row.voteCollection,
    user: t.users.all()[i % 5]?.id ?? row.user,
    vote: null,
    external: null,
    hasVoted: false,
  }
}

/** Resources seeded though the spec gives them no list operation: their curated records (above). */
export const hasCuratedSeed = (name: string) => name === 'products' || name === 'product_prices'

/** Issue 26, payments: payments, invoices and company plans in the payments flow's states (payments-seed.ts). */
const PAYMENT_FIXES: Readonly<Record<string, (row: Values, i: number, t: TenantDb) => Values>> = {
  product_payments: paymentSeed,
  invoices: invoiceSeed,
  companies: companySeed,
}

/** What a resource's faked seed records need laid over them to be in a state its workflow keeps, if anything. */
export function seedFix(name: string): ((row: Values, i: number, t: TenantDb) => Values) | undefined {
  if (Object.hasOwn(PAYMENT_FIXES, name)) return PAYMENT_FIXES[name]
  return name === 'contract_users'
    ? contractUser
    : name === 'adhesion'
      ? adhesion
      : name === 'newsletters'
        ? newsletter
        : name === 'vote_collections'
          ? voteCollection
          : name === 'vote_users'
            ? voteUser
            : undefined
}
