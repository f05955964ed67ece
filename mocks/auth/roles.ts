import type { Role, User } from '../db/schema.ts'

// Orgo's role hierarchy (Symfony role_hierarchy): an admin is a member, a member is a user.
const IMPLIED: Record<string, Role[]> = {
  ROLE_ADMIN: ['ROLE_ADMIN', 'ROLE_MEMBER', 'ROLE_USER'],
  ROLE_MEMBER: ['ROLE_MEMBER', 'ROLE_USER'],
  ROLE_USER: ['ROLE_USER'],
}

export function effectiveRoles(user: Pick<User, 'roles'>): Role[] {
  const roles = new Set<Role>(['ROLE_USER'])
  for (const role of user.roles) for (const implied of IMPLIED[role] ?? []) roles.add(implied)
  return [...roles]
}

export function hasRole(user: Pick<User, 'roles'>, role: Role): boolean {
  return effectiveRoles(user).includes(role)
}
