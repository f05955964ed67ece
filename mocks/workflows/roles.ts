import type { RouteContext } from '../handlers/route.ts'
import type { Workflow } from '../handlers/overlay-types.ts'
import { unprocessable } from '../http/errors.ts'
import { CONSTRAINT } from '../http/validate.ts'
import type { StoredRecord } from '../schema/types.ts'
import { LOCAL_CENTER_WRITES } from './local-centers.ts'
import { ROLE_RULES } from './role-rules.ts'
import { idOfIri, nowIso, tableOf } from './tables.ts'

// Roles and their assignments (manage-local-centers-and-permissions): a role is a named set of Orgo's permission
// constants, a user_role assigns it to a user for a unit, and the guard reads the assignments on every request
// (mocks/auth/grants.ts). Self-service join gives the caller the member role of an open local center.

/** The tenant's role with that slug (the seed's: mocks/schema/curated.ts). */
export function roleBySlug(ctx: RouteContext, slug: string): StoredRecord | undefined {
  return tableOf(ctx, 'roles')
    .all()
    .find((r) => r.slug === slug)
}

/**
 * Assigns a role to a user for a unit (adhesion SUCCESS, group/join): a user_roles record, so its `user_role.created`
 * webhook and the grant follow. An assignment already in force is returned as it is: the same role twice on one
 * unit grants nothing more.
 */
export function assignRole(
  ctx: RouteContext,
  a: { user: number; role: string; unit: number | null },
): StoredRecord {
  const role = roleBySlug(ctx, a.role)
  if (!role) throw new Error(`no role ${a.role} in tenant ${ctx.tenant.tenant.slug}`)
  const table = tableOf(ctx, 'user_roles')
  const now = ctx.core.clock.now()
  const held = table
    .all()
    .find(
      (r) =>
        r.user === a.user &&
        r.role === role.id &&
        (r.unit ?? null) === a.unit &&
        (r.dateEnded == null || Date.parse(String(r.dateEnded)) > now),
    )
  if (held) return held
  return table.insertNow({
    id: ctx.core.db.ids.next('user_roles'),
    tenant: ctx.tenant.tenant.slug,
    user: a.user,
    role: role.id,
    unit: a.unit,
    dateCreated: nowIso(ctx),
    dateEnded: null,
    isAdmin: false,
    localCenterPermission: null,
  })
}

const refuse = (propertyPath: string, message: string): never =>
  unprocessable([{ propertyPath, message, code: CONSTRAINT.notBlank.code }])

/**
 * `POST /api/v1/group/join` (create_group_from_link, ~6,793,230) with `{"unit": "/api/v1/units/4"}`: "Creates a
 * UserRole with the default member role for that local center" (step 7). Orgo's docs call such a center
 * `isOpen: true`; the spec's LocalCenter has no such field, so the sandbox takes its nearest, `isActive` ("isActive:
 * false hides it from new-member registration forms"): an active center is open to join, another one is a 422.
 */
const join: NonNullable<Workflow['operations']>[string] = async (call) => {
  call.admit('create')
  const body = (await call.body()) ?? {}
  const user = call.principal?.user
  if (!user) return refuse('user', 'Only a user can join a local center.')
  const unit = idOfIri(body.unit, 'units') ?? idOfIri(body.unit, 'local_centers')
  if (unit === undefined) return refuse('unit', 'This value should be the IRI of a unit: /api/v1/units/{id}.')
  const center = call.records.get('local_centers', unit)
  if (!center) return refuse('unit', `Unit ${unit} is not a local center of this organisation.`)
  if (center.isActive === false) return refuse('unit', `${String(center.name)} is not open to new members.`)
  const assignment = assignRole(call.ctx, { user: user.id, role: 'member', unit })
  return call.answer(call.records.get('user_roles', assignment.id))
}

export const ROLES_WORKFLOW: Workflow = {
  writes: { ...LOCAL_CENTER_WRITES.writes, ...ROLE_RULES.writes },
  removeChecks: { ...LOCAL_CENTER_WRITES.removeChecks, ...ROLE_RULES.removeChecks },
  removes: LOCAL_CENTER_WRITES.removes,
  operations: { create_group_from_link: join },
}
