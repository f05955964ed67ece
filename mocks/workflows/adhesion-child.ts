import { hasRole } from '../auth/roles.ts'
import type { User } from '../db/schema.ts'
import type { OperationOverlay } from '../handlers/overlay-types.ts'
import type { RouteContext } from '../handlers/route.ts'
import { conflict, forbidden, unprocessable } from '../http/errors.ts'
import { CONSTRAINT } from '../http/validate.ts'
import { sequenceOf } from '../resources/index.ts'
import { blankUser } from '../resources/users.ts'
import { schemaTable } from '../schema/store.ts'
import type { StoredRecord } from '../schema/types.ts'
import { resource as specResource } from '../spec/index.ts'
import { applicantValues } from './adhesion-apply.ts'
import { nowIso } from './adhesion-model.ts'

// onboard-a-new-member, "My applicant is a child": "use the family-member flow: POST /api/v1/register-child against
// a parent's authenticated session. This skips ID upload and parental adhesion entirely; the child inherits parent
// membership." `user_register_child` (spec ~5,983,800): "Creates a child user account linked to the authenticated
// parent user. Automatically creates or reuses the parent's FamilyEntity and adds both parent and child as
// FamilyMembers ... Supports optional fields: email, gender, dateBirth, phoneNumber, address, localCenter."
// The link is Orgo's own: a `family_entities` record owned by the parent (`familyOwner`), and `family_members`
// records for both (`FamilyMember` is an object the spec lists no fields for: `family`, `user`, `level` and
// `canManageChildren` are the words of family_member_update's description). The waitlist is not emulated.

const tableOf = (ctx: RouteContext, name: string) => schemaTable(ctx.core, ctx.tenant, specResource(name)!)

/** The parent's family, made on their first child ("creates or reuses the parent's FamilyEntity"). */
function familyOf(ctx: RouteContext, parent: User): StoredRecord {
  const families = tableOf(ctx, 'family_entities')
  const own = families.all().find((f) => f.familyOwner === parent.id)
  if (own) return own
  const now = nowIso(ctx)
  return families.insertNow({
    id: ctx.core.db.ids.next('family_entities'),
    tenant: ctx.tenant.tenant.slug,
    name: `${parent.lastName || parent.firstName || parent.email} family`,
    familyOwner: parent.id,
    dateCreated: now,
    dateUpdated: now,
  })
}

function addMember(ctx: RouteContext, family: StoredRecord, user: number, level: 'parent' | 'child'): void {
  const members = tableOf(ctx, 'family_members')
  if (members.all().some((m) => m.family === family.id && m.user === user)) return
  members.insertNow({
    id: ctx.core.db.ids.next('family_members'),
    tenant: ctx.tenant.tenant.slug,
    family: family.id,
    user,
    level,
    // "Parents/guardians automatically receive child management permissions" (family_member_add).
    canManageChildren: level === 'parent',
    dateCreated: nowIso(ctx),
  })
}

export const registerChild: OperationOverlay = async (call) => {
  const { ctx, principal } = call
  call.admit('create')
  const parent = principal?.user
  if (!parent) return forbidden('A child is registered from a parent’s session: this credential has no user.')
  const body = (await call.body()) ?? {}
  const form = applicantValues(ctx, body, 'create')
  const blank = ['firstName', 'lastName'].filter(
    (name) => typeof form[name] !== 'string' || form[name] === '',
  )
  if (blank.length) unprocessable(blank.map((propertyPath) => ({ propertyPath, ...CONSTRAINT.notBlank })))
  const email = typeof form.email === 'string' && form.email !== '' ? form.email : null
  if (email && ctx.tenant.users.findUnique('email', email))
    conflict(`A user with the email ${email} already exists.`)
  const now = nowIso(ctx)
  const child = ctx.tenant.users.insertNow({
    ...blankUser(now),
    ...form,
    id: ctx.core.db.ids.next(sequenceOf('users')),
    tenant: ctx.tenant.tenant.slug,
    // A child may have no email of their own (the description lists it as optional): no login then.
    email,
    firstName: form.firstName as string,
    lastName: form.lastName as string,
    // "The child inherits parent membership": the parent's center unless one is given, and their member role.
    localCenter: typeof form.localCenter === 'number' ? form.localCenter : parent.localCenter,
    roles: hasRole(parent, 'ROLE_MEMBER') ? ['ROLE_MEMBER'] : ['ROLE_USER'],
    isFullMember: parent.isFullMember,
    permissions: [],
    password: '',
    status: 'ACTIVE',
    // Sandbox's words beside the spec's default `self-managed`: the parent manages the account and consented.
    accountType: 'parent-managed',
    parentConsentDate: now,
    parentConsentMethod: 'register-child',
  } as unknown as User)
  const family = familyOf(ctx, parent)
  addMember(ctx, family, parent.id, 'parent')
  addMember(ctx, family, child.id, 'child')
  return call.answer(call.records.get('users', child.id))
}
