import type { Permission, User } from '../db/schema.ts'
import type { Principal } from './principal.ts'

/**
 * Orgo's permission model, as the spec's operation descriptions use it ("Requires HR_LOCAL or FINANCIAL_LOCAL
 * permission", "Requires ADMIN_TENANT permission", "event ownership, EVENT_TENANT, or EVENT_LOCAL"): a domain and
 * a scope. A TENANT scope covers every local center; a LOCAL one covers its own center. ROLE_SUPER_ADMIN passes
 * every check, as the platform's staff do.
 */
export type Domain = Permission['domain']

export const isSuperAdmin = (user: Pick<User, 'roles'>) => user.roles.includes('ROLE_SUPER_ADMIN')

/**
 * Whether the user holds a permission of one of the domains: at any scope when `localCenter` is undefined (the
 * operation is not about one center), else a TENANT one or a LOCAL one of that center.
 */
export function hasPermission(
  user: Pick<User, 'roles' | 'permissions'>,
  domains: readonly Domain[],
  localCenter?: number | null,
): boolean {
  if (isSuperAdmin(user)) return true
  return user.permissions.some(
    (p) =>
      domains.includes(p.domain) &&
      (localCenter === undefined || p.scope === 'TENANT' || p.localCenter === localCenter),
  )
}

/** `HR_LOCAL`, `ADMIN_TENANT`: the names the spec and the dashboard use. */
export const permissionName = (p: Permission) => `${p.domain}_${p.scope}`

/**
 * Whether the user holds one of the permissions named as the spec's descriptions name them ("Requires HR_LOCAL or
 * ADMIN_TENANT permission"): a TENANT one covers every local center, so it satisfies a LOCAL requirement too.
 */
export function holdsNamed(user: Pick<User, 'roles' | 'permissions'>, names: readonly string[]): boolean {
  if (isSuperAdmin(user)) return true
  return names.some((name) => {
    const cut = name.lastIndexOf('_')
    const domain = name.slice(0, cut)
    const scope = name.slice(cut + 1)
    return user.permissions.some((p) => p.domain === domain && (scope === 'LOCAL' || p.scope === 'TENANT'))
  })
}

/** The principal's user when it has one (an X-Contact-Hash principal acts for a contact, not a user). */
export const userOf = (principal: Principal): User | undefined => principal.user

/** SPEC 9: what the seeded admin holds, tenant-wide. */
export const TENANT_ADMIN_PERMISSIONS: Permission[] = (['ADMIN', 'HR', 'FINANCIAL', 'EVENT'] as const).map(
  (domain) => ({ domain, scope: 'TENANT', localCenter: null }),
)
