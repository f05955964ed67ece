import { hasPermission, isSuperAdmin, type Domain } from '../auth/permissions.ts'
import type { Row, Rule } from './types.ts'

// The permission rules resource definitions state their operations with (mocks/auth/permissions.ts for the model).
// Each carries a label: docs/resources.md says who may call what.

export function labelled<T extends Row>(label: string, rule: Rule<T>): Rule<T> {
  return Object.assign(rule, { label })
}

export const labelOf = (rule: Rule<never>) => (rule as { label?: string }).label ?? 'see the definition'

/** Any signed-in user (an Api-Token, a JWT, an OAuth token); an X-Contact-Hash alone is not a user. */
export const signedIn: Rule = labelled('signed-in user', ({ principal }) => principal.user !== undefined)

/** A permission of one of the domains, at any scope. */
export const permission = (...domains: Domain[]): Rule =>
  labelled(
    `${domains.join(' or ')} permission`,
    ({ principal }) => principal.user !== undefined && hasPermission(principal.user, domains),
  )

/** A permission of one of the domains covering the record's local center (`localCenter` field). */
export const permissionFor = <T extends Row>(...domains: Domain[]): Rule<T> =>
  labelled(
    `${domains.join(' or ')} permission for its local center`,
    ({ principal, record }) =>
      principal.user !== undefined &&
      hasPermission(
        principal.user,
        domains,
        record ? ((record as { localCenter?: number | null }).localCenter ?? null) : undefined,
      ),
  )

/** The record's owner (`owner` field), or a permission of one of the domains. */
export const ownerOr = <T extends Row>(...domains: Domain[]): Rule<T> =>
  labelled(
    `its owner, or ${domains.join(' or ')} permission`,
    ({ principal, record }) =>
      principal.user !== undefined &&
      ((record !== undefined && (record as { owner?: number | null }).owner === principal.user.id) ||
        hasPermission(principal.user, domains)),
  )

export const superAdminOnly: Rule = labelled(
  'ROLE_SUPER_ADMIN',
  ({ principal }) => principal.user !== undefined && isSuperAdmin(principal.user),
)

/** No credential needed at all (the spec's `security: []`, and public self-registration). */
export const publicAccess: Rule = labelled('anyone, no credential', () => true)
export const isPublic = (rule: Rule<never> | undefined) => rule === (publicAccess as Rule<never>)
