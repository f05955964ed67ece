import { effectiveRoles } from '../auth/roles.ts'
import { TENANT_ADMIN_PERMISSIONS } from '../auth/permissions.ts'
import type { User } from '../db/schema.ts'
import { badRequest, conflict } from '../http/errors.ts'
import { absent, ageOn, computed, empty, flag, ref, text, when } from './fields.ts'
import { permissionFor, publicAccess, signedIn, superAdminOnly } from './rules.ts'
import type { FieldDef, ResourceDef } from './types.ts'

export const SEED_PASSWORD = 'password'

// Users (accounts): `/api/v1/users` (~6,300,000), `/api/v1/me` (~5,785,000) in `user_read_private`.

const CARD = ['id', 'firstName', 'lastName', 'fullName', 'email', 'status', 'localCenter', 'logo', 'dateCreated']

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
] as const

/** `GET /api/v1/me`: `User-user_read_private_get_one_User`. */
export const USER_PRIVATE = [
  ...['id', 'firstName', 'lastName', 'email', 'newEmailRequested', 'status', 'isGuest', 'resignPending'],
  ...['resignApproved', 'dateBirth', 'gender', 'dateUpdated', 'dateCreated', 'localCenter', 'localCenterParent'],
  ...['townFrom', 'type', 'userRoles', 'mainRole', 'age', 'fullName', 'isFeeActive', 'isExpiredValidFeeDate'],
  ...['isActive', 'accountType', 'roles', 'timezone', 'customFieldValues', 'townCurrent', 'mapLatitude'],
  ...['mapLongitude', 'mapPlaceName', 'logo', 'phoneNumber', 'profileWebsite', 'profileFacebook'],
  ...['profileTwitter', 'profileBsky', 'profileSignal', 'profileLinkedin', 'profileInstagram', 'profileTelegram'],
  ...['profileTiktok', 'dateJoined', 'familyNth', 'isFullMember', 'importInfo', 'isTrainer', 'cardId'],
  ...['validFeeDate', 'validLocalFeeDate', 'lastCardPrintedDate', 'feeLocalProductPrice', 'feeTenantProductPrice'],
  ...['language', 'isSupporter', 'identity', 'adhesion', 'bio', 'postalCode', 'address', 'phoneCountry'],
  ...['phoneLocalNumber', 'dateJoinedFullMember', 'isRegisterAsMember', 'educationStatus', 'educationPhd'],
  ...['educationMaster', 'educationUniversity', 'professionIndustry', 'professionHeadline', 'professionJob'],
  ...['professionExpertise', 'professionSector', 'professionExpertiseOther', 'professionOrganisation'],
  ...['professionOrganisationWebsite', 'professionOrganisationRole', 'companyIdentifier', 'companyName'],
  ...['companyAddress', 'companyRegNo', 'isFollowGeneralUnit', 'roleGroups', 'pushNotificationTokens'],
  ...['permissions', 'customPermissions', 'privacy', 'notificationSettings', 'mfaEnabled'],
  ...['isExpiredValidLocalFeeDate', 'isLocalFeeActive', 'isSubscribedNewsletter', 'isSubscribedPush'],
  ...['isSubscribedDiscussion', 'isSubscribedEvent', 'isSubscribedComment', 'isSubscribedIssue'],
  ...['isSubscribedVote', 'isSubscribedTag', 'tenant'],
]

const FLAGS = [
  ...['isGuest', 'resignPending', 'resignApproved', 'isFeeActive', 'isExpiredValidFeeDate', 'isTrainer'],
  ...['isSupporter', 'isRegisterAsMember', 'isFollowGeneralUnit', 'mfaEnabled', 'isExpiredValidLocalFeeDate'],
  ...['isLocalFeeActive', 'isSubscribedNewsletter', 'isSubscribedPush', 'isSubscribedDiscussion'],
  ...['isSubscribedEvent', 'isSubscribedComment', 'isSubscribedIssue', 'isSubscribedVote', 'isSubscribedTag'],
]
const LISTS = ['userRoles', 'customFieldValues', 'roleGroups', 'pushNotificationTokens', 'customPermissions']

// User-user_write (~6,000,000); `email` and `plainPassword` for self-registration.
const WRITE = ['email', 'firstName', 'lastName', 'status', 'dateBirth', 'gender', 'timezone', 'phoneNumber', 'plainPassword', 'language']

const fields: Record<string, FieldDef> = {
  ...Object.fromEntries(FLAGS.map((name) => [name, flag])),
  ...Object.fromEntries(LISTS.map((name) => [name, empty])),
  email: { type: 'string', format: 'email', required: true },
  firstName: text,
  lastName: text,
  status: text,
  gender: text,
  timezone: text,
  phoneNumber: text,
  language: text,
  plainPassword: { type: 'string', maxLength: 4096 },
  dateBirth: when,
  dateCreated: when,
  dateUpdated: when,
  dateJoined: when,
  isFullMember: flag,
  localCenter: ref('local_centers', ['id', 'name']),
  localCenterParent: absent,
  fullName: computed<User>((u) => `${u.firstName} ${u.lastName}`.trim()),
  age: { compute: (u, ctx) => ageOn((u as User).dateBirth, ctx.now) },
  isActive: computed<User>((u) => u.status === 'ACTIVE', false),
  accountType: computed<User>((u) => (u.roles.includes('ROLE_MEMBER') || u.roles.includes('ROLE_ADMIN') ? 'MEMBER' : 'USER')),
  roles: computed<User>((u) => effectiveRoles(u)),
  permissions: computed<User>((u) => u.permissions),
  tenant: { compute: (_u, ctx) => ({ id: ctx.tenant.id, name: ctx.tenant.name, slug: ctx.tenant.slug }) },
}

export const users: ResourceDef<User> = {
  path: 'users',
  type: 'User',
  key: 'id',
  specOffset: 6_300_000,
  fields,
  groups: { collection: CARD, item: USER_READ, private: USER_PRIVATE },
  writable: WRITE,
  pageSize: 50,
  filters: { email: 'exact', firstName: 'partial', lastName: 'partial', status: 'exact', localCenter: 'exact', search: 'search' },
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
  unique: ['email'],
  caseInsensitive: ['email'],
  beforeWrite(v, w, current) {
    if (typeof v.email === 'string') {
      const other = w.table('users')!.findUnique('email' as never, v.email as never)
      if (other && other.id !== current?.id)
        conflict('Cannot create: a resource with this identifier already exists. Please refresh and try again.')
    }
    if (typeof v.plainPassword === 'string' && v.plainPassword.length < 8)
      badRequest('The password must be at least 8 characters long.')
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
    const centers = s.table('local_centers')!.all().map((c) => c.id)
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

export function blankUser(dateCreated: string): Omit<User, 'id' | 'tenant' | 'email' | 'firstName' | 'lastName' | 'roles' | 'password'> {
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
    dateUpdated: null,
  }
}
