import { effectiveRoles } from '../auth/roles.ts'
import { TENANT_ADMIN_PERMISSIONS } from '../auth/permissions.ts'
import { ROLES, type User } from '../db/schema.ts'
import { badRequest, conflict } from '../http/errors.ts'
import { ageOn, computed, empty, flag, ref, text, when } from './fields.ts'
import { permissionFor, publicAccess, signedIn, superAdminOnly } from './rules.ts'
import type { FieldDef, ReadContext, ResourceDef } from './types.ts'

export const SEED_PASSWORD = 'password'

// Users (accounts): `/api/v1/users` (~6,300,000), `/api/v1/me` (~5,785,000) in `user_read_private`.

// Field lists as the spec's schemas order them (test/fixtures/orgo-spec-fields.json holds the source).
/** `GET /api/v1/users`: `User-user_collection`. */
const CARD = [
  'id',
  'firstName',
  'lastName',
  'email',
  'status',
  'isGuest',
  'dateCreated',
  'localCenter',
  'type',
  'age',
  'fullName',
  'isFeeActive',
  'townCurrent',
  'logo',
  'phoneNumber',
  'dateJoined',
  'isFullMember',
  'cardId',
  'professionHeadline',
  'roleGroups',
  'validFeeDate',
  'feeTenantProductPrice',
  'isSupporter',
  'adhesion',
  'professionOrganisation',
]

/** `GET /api/v1/users/{id}`: `User-user_read_user_read_profession`. */
export const USER_READ = [
  'id',
  'firstName',
  'lastName',
  'email',
  'newEmailRequested',
  'status',
  'dateBirth',
  'gender',
  'dateUpdated',
  'dateCreated',
  'localCenter',
  'localCenterParent',
  'townFrom',
  'type',
  'userRoles',
  'age',
  'fullName',
  'isFeeActive',
  'isExpiredValidFeeDate',
  'isActive',
  'accountType',
  'timezone',
  'customFieldValues',
  'townCurrent',
  'mapLatitude',
  'mapLongitude',
  'mapPlaceName',
  'mainRole',
  'logo',
  'phoneNumber',
  'profileWebsite',
  'profileFacebook',
  'profileTwitter',
  'profileBsky',
  'profileSignal',
  'profileLinkedin',
  'profileInstagram',
  'profileTelegram',
  'dateJoined',
  'familyNth',
  'isFullMember',
  'importInfo',
  'isTrainer',
  'cardId',
  'professionIndustry',
  'professionHeadline',
  'validFeeDate',
  'validLocalFeeDate',
  'lastCardPrintedDate',
  'feeLocalProductPrice',
  'feeTenantProductPrice',
  'language',
  'isSupporter',
  'adhesion',
  'bio',
  'postalCode',
  'address',
  'phoneCountry',
  'phoneLocalNumber',
  'dateJoinedFullMember',
  'educationStatus',
  'educationPhd',
  'educationMaster',
  'educationUniversity',
  'professionJob',
  'professionExpertise',
  'professionSector',
  'professionExpertiseOther',
  'isRegisterAsMember',
  'professionOrganisation',
  'professionOrganisationWebsite',
  'professionOrganisationRole',
  'companyIdentifier',
  'companyName',
  'companyAddress',
  'companyRegNo',
  'isExpiredValidLocalFeeDate',
  'isLocalFeeActive',
  'profileTiktok',
]

/**
 * `GET /api/v1/me`: `User-user_read_private_get_one_User`, plus `tenant {id, name, slug}`, which Orgo's curated
 * example and SPEC 4 add (the schema omits it); `permissions` are the curated example's `{domain, scope, localCenter}`.
 */
export const USER_PRIVATE = [
  'id',
  'firstName',
  'lastName',
  'email',
  'newEmailRequested',
  'status',
  'isGuest',
  'resignPending',
  'resignApproved',
  'dateBirth',
  'gender',
  'dateUpdated',
  'dateCreated',
  'localCenter',
  'localCenterParent',
  'townFrom',
  'type',
  'userRoles',
  'age',
  'fullName',
  'isFeeActive',
  'isExpiredValidFeeDate',
  'isActive',
  'accountType',
  'roles',
  'timezone',
  'customFieldValues',
  'townCurrent',
  'mapLatitude',
  'mapLongitude',
  'mapPlaceName',
  'mainRole',
  'logo',
  'phoneNumber',
  'profileWebsite',
  'profileFacebook',
  'profileTwitter',
  'profileBsky',
  'profileSignal',
  'profileLinkedin',
  'profileInstagram',
  'profileTelegram',
  'dateJoined',
  'familyNth',
  'isFullMember',
  'importInfo',
  'isTrainer',
  'cardId',
  'professionIndustry',
  'professionHeadline',
  'isFollowGeneralUnit',
  'roleGroups',
  'validFeeDate',
  'validLocalFeeDate',
  'lastCardPrintedDate',
  'feeLocalProductPrice',
  'feeTenantProductPrice',
  'language',
  'isSupporter',
  'identity',
  'adhesion',
  'bio',
  'postalCode',
  'address',
  'phoneCountry',
  'phoneLocalNumber',
  'dateJoinedFullMember',
  'educationStatus',
  'educationPhd',
  'educationMaster',
  'educationUniversity',
  'professionJob',
  'professionExpertise',
  'professionSector',
  'professionExpertiseOther',
  'isRegisterAsMember',
  'pushNotificationTokens',
  'permissions',
  'customPermissions',
  'privacy',
  'notificationSettings',
  'isSubscribedNewsletter',
  'isSubscribedPush',
  'isSubscribedDiscussion',
  'isSubscribedEvent',
  'isSubscribedComment',
  'isSubscribedIssue',
  'isSubscribedVote',
  'isSubscribedTag',
  'professionOrganisation',
  'professionOrganisationWebsite',
  'professionOrganisationRole',
  'companyIdentifier',
  'companyName',
  'companyAddress',
  'companyRegNo',
  'mfaEnabled',
  'isExpiredValidLocalFeeDate',
  'isLocalFeeActive',
  'profileTiktok',
  'tenant',
]

/** Non-nullable booleans of these groups: false when unset. */
const FLAGS = [
  'isGuest',
  'isFeeActive',
  'isExpiredValidFeeDate',
  'isExpiredValidLocalFeeDate',
  'isLocalFeeActive',
]

/** Non-nullable collections: [] when empty. */
const LISTS = ['userRoles', 'customFieldValues', 'pushNotificationTokens']

/** `POST /api/v1/users` (`User-user_write_user_register_write`), also what `PATCH /api/v1/users/{id}` may set. */
const WRITE = [
  'firstName',
  'lastName',
  'email',
  'newEmailRequested',
  'status',
  'dateBirth',
  'gender',
  'localCenter',
  'townFrom',
  'type',
  'plainPassword',
  'tenant',
  'timezone',
  'townCurrent',
  'mapLatitude',
  'mapLongitude',
  'mapPlaceName',
  'mainRole',
  'phoneNumber',
  'profileWebsite',
  'profileFacebook',
  'profileTwitter',
  'profileBsky',
  'profileSignal',
  'profileLinkedin',
  'profileInstagram',
  'profileTelegram',
  'professionIndustry',
  'professionHeadline',
  'isFollowGeneralUnit',
  'feeLocalProductPrice',
  'feeTenantProductPrice',
  'language',
  'bio',
  'postalCode',
  'address',
  'phoneCountry',
  'educationStatus',
  'professionJob',
  'professionExpertise',
  'professionSector',
  'professionExpertiseOther',
  'isRegisterAsMember',
  'privacy',
  'notificationSettings',
  'isSubscribedNewsletter',
  'isSubscribedPush',
  'isSubscribedDiscussion',
  'isSubscribedEvent',
  'isSubscribedComment',
  'isSubscribedIssue',
  'isSubscribedVote',
  'isSubscribedTag',
  'professionOrganisation',
  'professionOrganisationWebsite',
  'professionOrganisationRole',
  'companyIdentifier',
  'companyName',
  'companyAddress',
  'companyRegNo',
  'mfaEnabled',
  'profileTiktok',
].filter((name) => name !== 'tenant')

/** Nullable booleans a registration may set: null until set. */
const CHOICES = [
  ...['isFollowGeneralUnit', 'isRegisterAsMember', 'isSubscribedNewsletter', 'isSubscribedPush'],
  ...['isSubscribedEvent', 'isSubscribedComment', 'isSubscribedIssue', 'isSubscribedVote', 'isSubscribedTag'],
  'mfaEnabled',
]

// Relations to Orgo resources the sandbox holds no records of: null, and only null may be written.
const UNMODELLED = {
  type: 'user_types',
  mainRole: 'roles',
  professionIndustry: 'profession_industries',
  professionJob: 'profession_jobs',
  professionExpertise: 'profession_expertises',
  feeLocalProductPrice: 'product_prices',
  feeTenantProductPrice: 'product_prices',
}

/** `PATCH /api/v1/users/{id}` (`…admin_patch_User_hr_patch_User.jsonMergePatch`): the admin's update. */
const PATCH = [
  ...WRITE.filter((name) => name !== 'type' && name !== 'isRegisterAsMember'),
  ...['accountType', 'roles', 'dateJoined', 'isFullMember', 'isTrainer', 'cardId', 'lastCardPrintedDate'],
  ...['dateJoinedFullMember', 'customPermissions'],
]

const fields: Record<string, FieldDef> = {
  ...Object.fromEntries(WRITE.map((name) => [name, text])),
  ...Object.fromEntries(CHOICES.map((name) => [name, { type: 'boolean' } as FieldDef])),
  ...Object.fromEntries(Object.entries(UNMODELLED).map(([name, path]) => [name, ref(path)])),
  ...Object.fromEntries(FLAGS.map((name) => [name, flag])),
  ...Object.fromEntries(LISTS.map((name) => [name, empty])),
  email: { type: 'string', format: 'email', required: true },
  bio: { type: 'string', maxLength: 5000 },
  plainPassword: { type: 'string', maxLength: 4096 },
  privacy: { type: 'object' },
  roles: { type: 'string[]', compute: (u) => effectiveRoles(u as User) },
  customPermissions: { type: 'string[]' },
  isTrainer: { type: 'boolean' },
  lastCardPrintedDate: when,
  dateJoinedFullMember: when,
  notificationSettings: { type: 'string[]' },
  isSubscribedDiscussion: { type: 'integer' },
  dateBirth: when,
  dateCreated: when,
  dateUpdated: when,
  dateJoined: when,
  isFullMember: { type: 'boolean' },
  localCenter: ref('local_centers', ['id', 'name']),
  townFrom: ref('towns', ['id', 'name']),
  townCurrent: ref('towns', ['id', 'name']),
  localCenterParent: { compute: (u, ctx) => parentCenter(u as User, ctx) },
  fullName: computed<User>((u) => `${u.firstName} ${u.lastName}`.trim()),
  age: { compute: (u, ctx) => ageOn((u as User).dateBirth, ctx.now) },
  isActive: computed<User>((u) => u.status === 'ACTIVE'),
  accountType: {
    type: 'string',
    compute: (u) =>
      (u as { accountType?: string }).accountType ??
      ((u as User).roles.some((r) => r !== 'ROLE_USER') ? 'MEMBER' : 'USER'),
  },
  permissions: computed<User>((u) => u.permissions),
  tenant: { compute: (_u, ctx) => ({ id: ctx.tenant.id, name: ctx.tenant.name, slug: ctx.tenant.slug }) },
}

/** The user's local center's parent, `{id, name}` as the center itself is shown. */
function parentCenter(user: User, ctx: ReadContext): unknown {
  const center = user.localCenter === null ? undefined : ctx.table('local_centers')?.get(user.localCenter)
  const parentId = (center as { parent?: number | null } | undefined)?.parent
  const parent =
    parentId == null
      ? undefined
      : (ctx.table('local_centers')?.get(parentId) as { id: number; name: string } | undefined)
  return parent ? { id: parent.id, name: parent.name } : null
}

export const users: ResourceDef<User> = {
  path: 'users',
  type: 'User',
  key: 'id',
  specOffset: 6_300_000,
  fields,
  groups: { collection: CARD, item: USER_READ, private: USER_PRIVATE },
  writable: WRITE,
  patchable: PATCH,
  pageSize: 50,
  filters: {
    email: 'exact',
    firstName: 'partial',
    lastName: 'partial',
    status: 'exact',
    localCenter: 'exact',
    search: 'search',
  },
  order: ['id', 'firstName', 'lastName', 'email', 'dateCreated'],
  operations: {
    // Sandbox choice where the spec states no permission: a member may see the tenant's directory.
    list: signedIn,
    read: signedIn,
    // "Public self-registration".
    create: publicAccess,
    // `update_by_admin`: HR for the user's local center.
    update: permissionFor('HR'),
    delete: superAdminOnly,
  },
  actions: [
    {
      method: 'GET',
      path: '/api/v1/me',
      who: 'any credential with a user',
      does: 'the caller, in the private group, with permissions and tenant',
    },
    {
      method: 'PATCH',
      path: '/api/v1/users/{id}/new-password',
      who: 'the user themself',
      does: 'sets newPassword (merge-patch); currentPassword unless the JWT is an OTP one',
    },
  ],
  unique: ['email'],
  caseInsensitive: ['email'],
  beforeWrite(v, w, current) {
    if (typeof v.email === 'string') {
      const other = w.table('users')!.findUnique('email' as never, v.email as never)
      if (other && other.id !== current?.id)
        conflict(
          'Cannot create: a resource with this identifier already exists. Please refresh and try again.',
        )
    }
    if (Array.isArray(v.roles)) {
      // An HR update may grant the tenant's roles, never the platform's own.
      const unknown = (v.roles as string[]).find((role) => !(ROLES as readonly string[]).includes(role))
      if (unknown !== undefined) badRequest(`Unknown role "${unknown}": use ${ROLES.join(', ')}.`)
    }
    if (typeof v.plainPassword === 'string' && v.plainPassword.length < 8)
      badRequest('The password must be at least 8 characters long.')
    // `plainPassword` is write-only: what is stored is the password itself (in clear: test credentials).
    if (current && typeof v.plainPassword === 'string') v.password = v.plainPassword
    if (current) delete v.plainPassword
  },
  create: (v, w) => {
    const { plainPassword, ...values } = v as Partial<User> & { plainPassword?: string }
    return {
      ...blankUser(w.nowIso),
      ...values,
      email: values.email as string,
      firstName: values.firstName ?? '',
      lastName: values.lastName ?? '',
      id: w.nextId('users'),
      tenant: w.tenant.slug,
      // Self-registration: a plain user until the organisation makes them a member.
      roles: ['ROLE_USER'],
      permissions: [],
      password: plainPassword ?? '',
      status: 'ACTIVE',
    }
  },
  async seed(s) {
    const { faker } = s
    const center = s.table('local_centers')!.all()[0]?.id ?? null
    await s.insert<User>('users', {
      ...blankUser(s.at(-365)),
      email: `admin@${s.tenant.slug}.test`,
      firstName: 'Ada',
      lastName: 'Admin',
      roles: ['ROLE_ADMIN'],
      permissions: TENANT_ADMIN_PERMISSIONS,
      password: SEED_PASSWORD,
      localCenter: center,
      isFullMember: true,
    })
    await s.insert<User>('users', {
      ...blankUser(s.at(-200)),
      email: `member@${s.tenant.slug}.test`,
      firstName: 'Max',
      lastName: 'Member',
      roles: ['ROLE_MEMBER'],
      password: SEED_PASSWORD,
      localCenter: center,
      isFullMember: true,
    })
    const centers = s
      .table('local_centers')!
      .all()
      .map((c) => c.id)
    for (let i = 0; i < 8; i++) {
      const firstName = faker.person.firstName()
      const lastName = faker.person.lastName()
      await s.insert<User>('users', {
        ...blankUser(s.at(-faker.number.int({ min: 1, max: 300 }))),
        email: faker.internet.email({ firstName, lastName, provider: `${s.tenant.slug}.test` }).toLowerCase(),
        firstName,
        lastName,
        roles: ['ROLE_MEMBER'],
        password: SEED_PASSWORD,
        localCenter: centers[i % centers.length] ?? null,
        isFullMember: i % 2 === 0,
      })
    }
  },
}

export function blankUser(
  dateCreated: string,
): Omit<User, 'id' | 'tenant' | 'email' | 'firstName' | 'lastName' | 'roles' | 'password'> {
  return {
    permissions: [],
    status: 'ACTIVE',
    localCenter: null,
    phoneNumber: null,
    language: 'en',
    timezone: null,
    gender: null,
    dateBirth: null,
    isFullMember: false,
    dateJoined: dateCreated,
    dateCreated,
    dateUpdated: dateCreated,
  }
}
