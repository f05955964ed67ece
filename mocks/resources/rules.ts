import { hasPermission, isSuperAdmin, type Domain } from '../auth/permissions.ts'
import type { Row, Rule } from './types.ts'

// The permission rules resource definitions state their operations with (mocks/auth/permissions.ts for the model).

/** Any signed-in user (an Api-Token, a JWT, an OAuth token); an X-Contact-Hash alone is not a user. */
export const signedIn: Rule = ({ principal }) => principal.user !== undefined

/** A permission of one of the domains, at any scope. */
export const permission =
  (...domains: Domain[]): Rule =>
  ({ principal }) =>
    principal.user !== undefined && hasPermission(principal.user, domains)

/** A permission of one of the domains covering the record's local center (`localCenter` field). */
export const permissionFor =
  <T extends Row>(...domains: Domain[]): Rule<T> =>
  ({ principal, record }) =>
    principal.user !== undefined &&
    hasPermission(
      principal.user,
      domains,
      record ? ((record as { localCenter?: number | null }).localCenter ?? null) : undefined,
    )

/** The record's owner (`owner` field), or a permission of one of the domains. */
export const ownerOr =
  <T extends Row>(...domains: Domain[]): Rule<T> =>
  ({ principal, record }) =>
    principal.user !== undefined &&
    ((record !== undefined && (record as { owner?: number | null }).owner === principal.user.id) ||
      hasPermission(principal.user, domains))

export const superAdminOnly: Rule = ({ principal }) => principal.user !== undefined && isSuperAdmin(principal.user)

/** No credential needed at all (the spec's `security: []`, and public self-registration). */
export const publicAccess: Rule = () => true
export const isPublic = (rule: Rule<never> | undefined) => rule === (publicAccess as Rule<never>)
