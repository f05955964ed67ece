import type { Principal } from '../auth/principal.ts'
import { centerOfUnit } from '../auth/grants.ts'
import { parsePermission } from '../auth/permission-catalog.ts'
import { hasPermission, holdsNamed } from '../auth/permissions.ts'
import type { RouteContext } from '../handlers/route.ts'
import type { Workflow } from '../handlers/overlay-types.ts'
import { forbidden, unprocessable } from '../http/errors.ts'
import { CONSTRAINT } from '../http/validate.ts'
import type { StoredRecord } from '../schema/types.ts'
import { docsBody } from './doc-bodies.ts'
import { tableOf } from './tables.ts'

// Who may define roles and hand them out. Orgo's spec states no permission for `POST /api/v1/roles` or
// `POST /api/v1/user_roles` (only `DELETE /api/v1/user_roles/{id}`: HR_LOCAL); now that an assignment grants what
// its role holds, the sandbox cannot leave them open to any user (a member would make themselves Administrator).
// The rules follow the docs' domains: roles are configuration of the whole organisation (ADMIN_TENANT or
// HR_TENANT); assigning one is HR's ("HR: people"), for a center the assigner's HR reaches, and a role with a
// tenant-wide permission only by someone with HR_TENANT.

const ROLE_EDITORS = ['ADMIN_TENANT', 'HR_TENANT']

function assertRoleEditor(principal: Principal | undefined, what: string): void {
  const user = principal?.user
  if (!user || !holdsNamed(user, ROLE_EDITORS))
    forbidden(
      `${what} needs ADMIN_TENANT or HR_TENANT, which ${principal?.label ?? 'an anonymous caller'} lacks`,
    )
}

/** A role's `permissions`: each one of Orgo's constants (GET /api/v1/permission_definitions lists them). */
function checkedRole(values: Record<string, unknown>, principal: Principal | undefined, what: string) {
  assertRoleEditor(principal, what)
  const names = values.permissions
  if (Array.isArray(names)) {
    const bad = names.flatMap((name, i) => (parsePermission(name) ? [] : [i]))
    if (bad.length)
      unprocessable(
        bad.map((i) => ({
          propertyPath: `permissions[${i}]`,
          message: `${JSON.stringify(names[i])} is not one of Orgo's permission constants (GET /api/v1/permission_definitions lists them).`,
          code: CONSTRAINT.choice.code,
        })),
      )
  }
  return values
}

/** Whether the role holds a permission of tenant-wide scope (only an HR_TENANT holder hands it out). */
function isTenantWide(ctx: RouteContext, roleId: unknown): boolean {
  const role = typeof roleId === 'number' ? tableOf(ctx, 'roles').get(roleId) : undefined
  const names = Array.isArray(role?.permissions) ? role.permissions : []
  return names.some((name) => parsePermission(name)?.scope === 'TENANT')
}

/** The assigner's HR reaches the assignment's center (any HR_TENANT for a unit-less or tenant-wide one). */
function assertMayAssign(
  ctx: RouteContext,
  principal: Principal | undefined,
  assignment: Record<string, unknown>,
) {
  const user = principal?.user
  const unit = typeof assignment.unit === 'number' ? assignment.unit : null
  const center = centerOfUnit(ctx.tenant, unit)
  const tenantWide = center === null || isTenantWide(ctx, assignment.role)
  const allowed = user && (tenantWide ? holdsNamed(user, ['HR_TENANT']) : hasPermission(user, ['HR'], center))
  if (!allowed)
    forbidden(
      tenantWide
        ? `assigning this role needs HR_TENANT, which ${principal?.label ?? 'an anonymous caller'} lacks`
        : `assigning a role for local center ${center} needs HR permission there, which ${principal?.label ?? 'an anonymous caller'} lacks`,
    )
}

export const ROLE_RULES: Workflow = {
  writes: {
    api_roles_post: {
      // The docs' step 2 gives a role a description; the spec's Role has none.
      body: (body, ctx) => docsBody(ctx, body, 'Role', { description: null }),
      values: (v, { principal }) => checkedRole(v, principal, 'creating a role'),
    },
    api_roles_id_patch: { values: (v, { principal }) => checkedRole(v, principal, 'changing a role') },
    api_user_roles_post: { values: (v, { ctx, principal }) => (assertMayAssign(ctx, principal, v), v) },
    api_user_roles_id_patch: {
      values: (v, { ctx, principal, current }) => (assertMayAssign(ctx, principal, { ...current, ...v }), v),
    },
  },
  removeChecks: {
    roles: (_ctx, _role, principal) => assertRoleEditor(principal, 'deleting a role'),
    user_roles: (ctx, assignment: StoredRecord, principal) => assertMayAssign(ctx, principal, assignment),
  },
}
