// The user's field lists as Orgo's spec orders them per group (test/fixtures/orgo-spec-fields.json holds the
// source, with offsets): data for the definition in users.ts.

/** `GET /api/v1/users`: `User-user_collection`. */
export const CARD = [
  ...['id', 'firstName', 'lastName', 'email', 'status', 'isGuest', 'dateCreated', 'localCenter'],
  ...['type', 'age', 'fullName', 'isFeeActive', 'townCurrent', 'logo', 'phoneNumber', 'dateJoined'],
  ...['isFullMember', 'cardId', 'professionHeadline', 'roleGroups', 'validFeeDate'],
  ...['feeTenantProductPrice', 'isSupporter', 'adhesion', 'professionOrganisation'],
]

/** `GET /api/v1/users/{id}`: `User-user_read_user_read_profession`. */
export const USER_READ = [
  ...['id', 'firstName', 'lastName', 'email', 'newEmailRequested', 'status', 'dateBirth', 'gender'],
  ...['dateUpdated', 'dateCreated', 'localCenter', 'localCenterParent', 'townFrom', 'type'],
  ...['userRoles', 'age', 'fullName', 'isFeeActive', 'isExpiredValidFeeDate', 'isActive'],
  ...['accountType', 'timezone', 'customFieldValues', 'townCurrent', 'mapLatitude', 'mapLongitude'],
  ...['mapPlaceName', 'mainRole', 'logo', 'phoneNumber', 'profileWebsite', 'profileFacebook'],
  ...['profileTwitter', 'profileBsky', 'profileSignal', 'profileLinkedin', 'profileInstagram'],
  ...['profileTelegram', 'dateJoined', 'familyNth', 'isFullMember', 'importInfo', 'isTrainer'],
  ...['cardId', 'professionIndustry', 'professionHeadline', 'validFeeDate', 'validLocalFeeDate'],
  ...['lastCardPrintedDate', 'feeLocalProductPrice', 'feeTenantProductPrice', 'language'],
  ...['isSupporter', 'adhesion', 'bio', 'postalCode', 'address', 'phoneCountry'],
  ...['phoneLocalNumber', 'dateJoinedFullMember', 'educationStatus', 'educationPhd'],
  ...['educationMaster', 'educationUniversity', 'professionJob', 'professionExpertise'],
  ...['professionSector', 'professionExpertiseOther', 'isRegisterAsMember'],
  ...['professionOrganisation', 'professionOrganisationWebsite', 'professionOrganisationRole'],
  ...['companyIdentifier', 'companyName', 'companyAddress', 'companyRegNo'],
  ...['isExpiredValidLocalFeeDate', 'isLocalFeeActive', 'profileTiktok'],
]

/**
 * `GET /api/v1/me`: `User-user_read_private_get_one_User`, plus `tenant {id, name, slug}`, which Orgo's curated
 * example and SPEC 4 add (the schema omits it); `permissions` are the curated example's `{domain, scope, localCenter}`.
 */
export const USER_PRIVATE = [
  ...['id', 'firstName', 'lastName', 'email', 'newEmailRequested', 'status', 'isGuest'],
  ...['resignPending', 'resignApproved', 'dateBirth', 'gender', 'dateUpdated', 'dateCreated'],
  ...['localCenter', 'localCenterParent', 'townFrom', 'type', 'userRoles', 'age', 'fullName'],
  ...['isFeeActive', 'isExpiredValidFeeDate', 'isActive', 'accountType', 'roles', 'timezone'],
  ...['customFieldValues', 'townCurrent', 'mapLatitude', 'mapLongitude', 'mapPlaceName'],
  ...['mainRole', 'logo', 'phoneNumber', 'profileWebsite', 'profileFacebook', 'profileTwitter'],
  ...['profileBsky', 'profileSignal', 'profileLinkedin', 'profileInstagram', 'profileTelegram'],
  ...['dateJoined', 'familyNth', 'isFullMember', 'importInfo', 'isTrainer', 'cardId'],
  ...['professionIndustry', 'professionHeadline', 'isFollowGeneralUnit', 'roleGroups'],
  ...['validFeeDate', 'validLocalFeeDate', 'lastCardPrintedDate', 'feeLocalProductPrice'],
  ...['feeTenantProductPrice', 'language', 'isSupporter', 'identity', 'adhesion', 'bio'],
  ...['postalCode', 'address', 'phoneCountry', 'phoneLocalNumber', 'dateJoinedFullMember'],
  ...['educationStatus', 'educationPhd', 'educationMaster', 'educationUniversity', 'professionJob'],
  ...['professionExpertise', 'professionSector', 'professionExpertiseOther', 'isRegisterAsMember'],
  ...['pushNotificationTokens', 'permissions', 'customPermissions', 'privacy'],
  ...['notificationSettings', 'isSubscribedNewsletter', 'isSubscribedPush'],
  ...['isSubscribedDiscussion', 'isSubscribedEvent', 'isSubscribedComment', 'isSubscribedIssue'],
  ...['isSubscribedVote', 'isSubscribedTag', 'professionOrganisation'],
  ...['professionOrganisationWebsite', 'professionOrganisationRole', 'companyIdentifier'],
  ...['companyName', 'companyAddress', 'companyRegNo', 'mfaEnabled', 'isExpiredValidLocalFeeDate'],
  ...['isLocalFeeActive', 'profileTiktok', 'tenant'],
]

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

/** `POST /api/v1/users` (`User-user_write_user_register_write`), also what `PATCH /api/v1/users/{id}` may set. */
export const WRITE = [
  ...['firstName', 'lastName', 'email', 'newEmailRequested', 'status', 'dateBirth', 'gender'],
  ...['localCenter', 'townFrom', 'type', 'plainPassword', 'tenant', 'timezone', 'townCurrent'],
  ...['mapLatitude', 'mapLongitude', 'mapPlaceName', 'mainRole', 'phoneNumber', 'profileWebsite'],
  ...['profileFacebook', 'profileTwitter', 'profileBsky', 'profileSignal', 'profileLinkedin'],
  ...['profileInstagram', 'profileTelegram', 'professionIndustry', 'professionHeadline'],
  ...['isFollowGeneralUnit', 'feeLocalProductPrice', 'feeTenantProductPrice', 'language', 'bio'],
  ...['postalCode', 'address', 'phoneCountry', 'educationStatus', 'professionJob'],
  ...['professionExpertise', 'professionSector', 'professionExpertiseOther', 'isRegisterAsMember'],
  ...['privacy', 'notificationSettings', 'isSubscribedNewsletter', 'isSubscribedPush'],
  ...['isSubscribedDiscussion', 'isSubscribedEvent', 'isSubscribedComment', 'isSubscribedIssue'],
  ...['isSubscribedVote', 'isSubscribedTag', 'professionOrganisation'],
  ...['professionOrganisationWebsite', 'professionOrganisationRole', 'companyIdentifier'],
  ...['companyName', 'companyAddress', 'companyRegNo', 'mfaEnabled', 'profileTiktok'],
].filter((name) => name !== 'tenant')

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
export const PATCH = [
  ...WRITE.filter((name) => name !== 'type' && name !== 'isRegisterAsMember'),
  ...['accountType', 'roles', 'dateJoined', 'isFullMember', 'isTrainer', 'cardId', 'lastCardPrintedDate'],
  ...['dateJoinedFullMember', 'customPermissions'],
]
