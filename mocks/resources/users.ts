import { effectiveRoles } from '../auth/roles.ts'
import { TENANT_ADMIN_PERMISSIONS } from '../auth/permissions.ts'
import { ROLES, type User } from '../db/schema.ts'
import { badRequest, conflict, unprocessable } from '../http/errors.ts'
import { ageOn, computed, empty, flag, ref, text, when } from './fields.ts'
import { userAdhesion, userIdentity } from './user-adhesion.ts'
import { permissionFor, publicAccess, signedIn, superAdminOnly } from './rules.ts'
import type { FieldDef, ReadContext, ResourceDef } from './types.ts'
import {
  CARD,
  CHOICES,
  FLAGS,
  LISTS,
  PATCH,
  UNMODELLED,
  USER_PATCHED,
  USER_PRIVATE,
  USER_READ,
  WRITE,
} from './users-fields.ts'

export { USER_PRIVATE, USER_READ }

export const SEED_PASSWORD = 'password'

// Users (accounts): `/api/v1/users` (~6,300,000), `/api/v1/me` (~5,785,000) in `user_read_private`.

const fields: Record<string, FieldDef> = {
  ...Object.fromEntries(WRITE.map((name) => [name, text])),
  ...Object.fromEntries(CHOICES.map((name) => [name, { type: 'boolean' } as FieldDef])),
  ...Object.fromEntries(Object.entries(UNMODELLED).map(([name, path]) => [name, ref(path)])),
  ...Object.fromEntries(FLAGS.map((name) => [name, flag])),
  ...Object.fromEntries(LISTS.map((name) => [name, empty])),
  email: { type: 'string', format: 'email', required: true },
  // User `familyNth: ro bool|int|str`, never null: false for a user in no family (the sandbox holds no families).
  familyNth: { none: false },
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
  adhesion: userAdhesion,
  identity: userIdentity,
  fullName: computed<User>((u) => `${u.firstName} ${u.lastName}`.trim()),
  age: { compute: (u, ctx) => ageOn((u as User).dateBirth, ctx.now) },
  isActive: computed<User>((u) => u.status === 'ACTIVE'),
  accountType: {
    type: 'string',
    compute: (u) =>
      (u as { accountType?: string }).accountType ??
      ((u as User).roles.some((r) => r !== 'ROLE_USER') ? 'MEMBER' : 'USER'),
  },
  // What the guard reads (mocks/auth/grants.ts), as `{domain, scope, localCenter}`: a PARENT_LOCAL grant's reach
  // under its center is the guard's to work out, not a field of the API.
  permissions: computed<User>((u) =>
    u.permissions.map(({ domain, scope, localCenter }) => ({ domain, scope, localCenter })),
  ),
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
  groups: { collection: CARD, item: USER_READ, private: USER_PRIVATE, patch: USER_PATCHED },
  writable: WRITE,
  patchable: PATCH,
  pageSize: 50,
  // The spec's filters but its map ones (north, south, east, west, cluster*) and the fee ones, which need payments.
  filters: {
    email: 'exact',
    firstName: 'partial',
    lastName: 'partial',
    status: 'exact',
    type: 'exact',
    // No `cardId[]`/`roles[]` in the spec: SearchFilter's partial strategy (SearchFilterTrait::getDescription).
    cardId: 'partial',
    roles: 'partial',
    localCenter: 'exact',
    townCurrent: 'exact',
    'townCurrent.country': 'exact',
    professionIndustry: 'exact',
    professionHeadline: 'partial',
    'customFieldValues.value': 'exact',
    'customFieldValues.field': 'exact',
    keyword: 'search',
  },
  searchFields: ['firstName', 'lastName', 'email'],
  exists: ['professionIndustry', 'professionHeadline', 'isFullMember', 'userRoles.dateEnded'],
  order: [
    ...[
      'id',
      'dateBirth',
      'dateUpdated',
      'dateJoined',
      'lastName',
      'validFeeDate',
      'status',
      'type.position',
    ],
    ...['isFullMember', 'localCenter.name', 'townCurrent.name', 'professionUpdateDate', 'cardId'],
  ],
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
    // Symfony's Length(min: 8), the same constraint new-password applies.
    if (typeof v.plainPassword === 'string' && v.plainPassword.length < 8)
      unprocessable([
        {
          propertyPath: 'plainPassword',
          code: '9ff3fdc4-b214-49db-8718-39c315e33d45',
          message: 'This value is too short. It should have 8 characters or more.',
        },
      ])
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
      ...fee(s.at(200), true),
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
      ...fee(s.at(200), true),
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
        // The last two have let their fee lapse (run-a-board-election: "Lapsed members (fee expired) are excluded").
        ...(i < 6 ? fee(s.at(200), true) : fee(s.at(-30), false)),
      })
    }
  },
}

/**
 * A member's fee (issue 26, elections: the eligible voters are "ACTIVE AND member of (unit OR child-units) AND
 * isFeeActive"): paid until `validFeeDate`, or lapsed since.
 */
function fee(validFeeDate: string, paid: boolean): Record<string, unknown> {
  return { validFeeDate, isFeeActive: paid, isExpiredValidFeeDate: !paid }
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
