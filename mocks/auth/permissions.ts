import type { Permission, User } from '../db/schema.ts'
import { parsePermission, type Domain } from './permission-catalog.ts'
import type { Principal } from './principal.ts'

/**
 * Orgo's permission model, as the spec's operation descriptions use it ("Requires HR_LOCAL or FINANCIAL_LOCAL
 * permission", "Requires ADMIN_TENANT permission", "event ownership, EVENT_TENANT, or EVENT_LOCAL"): a domain and
 * a scope. A TENANT scope covers every local center; a PARENT_LOCAL one its center and those under it; a LOCAL one
 * its own center. ROLE_SUPER_ADMIN passes every check, as the platform's staff do. A user's permissions are those
 * its user_roles grant (mocks/auth/grants.ts) with any stored on the user itself (the seed's, a db.json's).
 */
export type { Domain } from './permission-catalog.ts'

export const isSuperAdmin = (user: Pick<User, 'roles'>) => user.roles.includes('ROLE_SUPER_ADMIN')

/** Whether a permission reaches a local center: TENANT everywhere, else its center (and, PARENT_LOCAL, those under). */
export const reaches = (p: Permission, localCenter: number | null) =>
  p.scope === 'TENANT' ||
  p.localCenter === localCenter ||
  (localCenter !== null && !!p.covers?.includes(localCenter))

/**
 * Whether the user holds a permission of one of the domains: at any scope when `localCenter` is undefined (the
 * operation is not about one center), else one that reaches that center.
 */
export function hasPermission(
  user: Pick<User, 'roles' | 'permissions'>,
  domains: readonly Domain[],
  localCenter?: number | null,
): boolean {
  if (isSuperAdmin(user)) return true
  return user.permissions.some(
    (p) => domains.includes(p.domain) && (localCenter === undefined || reaches(p, localCenter)),
  )
}

/** `HR_LOCAL`, `ADMIN_TENANT`: the names the spec and the dashboard use. */
export const permissionName = (p: Permission) => `${p.domain}_${p.scope}`

/** How far each scope reaches, to compare them: a wider one satisfies a narrower requirement. */
const BREADTH = { LOCAL: 0, PARENT_LOCAL: 1, TENANT: 2 } as const

/**
 * Whether the user holds one of the permissions named as the spec's descriptions name them ("Requires HR_LOCAL or
 * ADMIN_TENANT permission"): one of the domain at that scope or a wider one (TENANT satisfies LOCAL).
 */
export function holdsNamed(user: Pick<User, 'roles' | 'permissions'>, names: readonly string[]): boolean {
  if (isSuperAdmin(user)) return true
  return names.some((name) => {
    const wanted = parsePermission(name)
    return (
      wanted !== undefined &&
      user.permissions.some((p) => p.domain === wanted.domain && BREADTH[p.scope] >= BREADTH[wanted.scope])
    )
  })
}

/** The principal's user when it has one (an X-Contact-Hash principal acts for a contact, not a user). */
export const userOf = (principal: Principal): User | undefined => principal.user

/** SPEC 9: what the seeded admin holds, tenant-wide. */
export const TENANT_ADMIN_PERMISSIONS: Permission[] = (['ADMIN', 'HR', 'FINANCIAL', 'EVENT'] as const).map(
  (domain) => ({ domain, scope: 'TENANT', localCenter: null }),
)
