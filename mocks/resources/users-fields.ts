import { SPEC_FIELDS } from './spec-fields.generated.ts'

// The user's field lists: the groups and writable fields from Orgo's spec (spec-fields.generated.ts), and the
// field kinds the definition in users.ts types them with.

const SPEC = SPEC_FIELDS.users!

/** `GET /api/v1/users`: `User-user_collection`. */
export const CARD = SPEC.collection!

/** `GET /api/v1/users/{id}`: `User-user_read_user_read_profession`. */
export const USER_READ = SPEC.item!

/**
 * `GET /api/v1/me`: `User-user_read_private_get_one_User`, plus `tenant {id, name, slug}`, which Orgo's curated
 * example and SPEC 4 add (the schema omits it); `permissions` are the curated example's `{domain, scope, localCenter}`.
 */
export const USER_PRIVATE = [...SPEC.private!, 'tenant']

/** `PATCH /api/v1/users/{id}`'s answer: `User-user_read_private_get_one_User_user_read_profession`. */
export const USER_PATCHED = SPEC.patch!

/** Non-nullable booleans of these groups: false when unset. */
export const FLAGS = [
  'isGuest',
  'isFeeActive',
  'isExpiredValidFeeDate',
  'isExpiredValidLocalFeeDate',
  'isLocalFeeActive',
]

/** Non-nullable collections: [] when empty. */
export const LISTS = ['userRoles', 'customFieldValues', 'pushNotificationTokens']

/**
 * `POST /api/v1/users` (`User-user_write_user_register_write`), also what `PATCH /api/v1/users/{id}` may set; never
 * `tenant` (decision 009: the host is the tenant, a body cannot move a user to another).
 */
export const WRITE = SPEC.create!.filter((name) => name !== 'tenant')

/** Nullable booleans a registration may set: null until set. */
export const CHOICES = [
  ...['isFollowGeneralUnit', 'isRegisterAsMember', 'isSubscribedNewsletter', 'isSubscribedPush'],
  ...['isSubscribedEvent', 'isSubscribedComment', 'isSubscribedIssue', 'isSubscribedVote', 'isSubscribedTag'],
  'mfaEnabled',
]

// Relations to Orgo resources the sandbox holds no records of: null, and only null may be written.
export const UNMODELLED = {
  type: 'user_types',
  mainRole: 'roles',
  professionIndustry: 'profession_industries',
  professionJob: 'profession_jobs',
  professionExpertise: 'profession_expertises',
  feeLocalProductPrice: 'product_prices',
  feeTenantProductPrice: 'product_prices',
}

/** `PATCH /api/v1/users/{id}` (`…admin_patch_User_hr_patch_User.jsonMergePatch`): the admin's update. */
export const PATCH = SPEC.update!.filter((name) => name !== 'tenant')
