import type { Permission } from '../db/schema.ts'

// Orgo's permission constants (manage-local-centers-and-permissions: "The permission strings are constants; the full
// list lives at GET /api/v1/permission_definitions"): each domain at each scope. The domains are the docs' three
// (ADMIN, HR, FINANCIAL) and the two the spec's operation descriptions also require (EVENT_TENANT, EVENT_LOCAL,
// COMMUNICATION_TENANT, COMMUNICATION_LOCAL); the scopes are the docs' TENANT, PARENT_LOCAL and LOCAL.

export type Domain = Permission['domain']
export type Scope = Permission['scope']

export const DOMAINS: readonly Domain[] = ['ADMIN', 'HR', 'FINANCIAL', 'EVENT', 'COMMUNICATION']
export const SCOPES: readonly Scope[] = ['TENANT', 'PARENT_LOCAL', 'LOCAL']

const CONTROLS: Readonly<Record<Domain, string>> = {
  ADMIN: 'configuration: branding, modules, custom fields, settings',
  HR: 'people: registration, profiles, adhesion, contracts, contact CRM',
  FINANCIAL: 'money: products, prices, payments, invoices, refunds',
  EVENT: 'events: creating, publishing and managing events and their attendees',
  COMMUNICATION: 'communication: newsletters, push notifications, posts',
}

const REACH: Readonly<Record<Scope, string>> = {
  TENANT: 'the whole organisation',
  PARENT_LOCAL: 'a local center and every center under it',
  LOCAL: 'one local center',
}

export interface PermissionDefinition {
  name: string
  domain: Domain
  scope: Scope
  description: string
}

/** The 15 constants, `ADMIN_TENANT` ... `COMMUNICATION_LOCAL`. */
export const PERMISSION_DEFINITIONS: readonly PermissionDefinition[] = DOMAINS.flatMap((domain) =>
  SCOPES.map((scope) => ({
    name: `${domain}_${scope}`,
    domain,
    scope,
    description: `${CONTROLS[domain]}, for ${REACH[scope]}`,
  })),
)

const PATTERN = /^(ADMIN|HR|FINANCIAL|EVENT|COMMUNICATION)_(TENANT|PARENT_LOCAL|LOCAL)$/

/** `HR_PARENT_LOCAL` -> HR at PARENT_LOCAL; undefined for anything that is not one of the constants. */
export function parsePermission(name: unknown): { domain: Domain; scope: Scope } | undefined {
  const match = typeof name === 'string' ? PATTERN.exec(name) : null
  return match ? { domain: match[1] as Domain, scope: match[2] as Scope } : undefined
}
