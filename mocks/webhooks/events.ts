// Orgo's 18 webhook events (Orgo's spec, `webhooks` from ~offset 11,090,600; docs/concepts/webhooks.mdx): six entity
// types, each created, updated and deleted. The sandbox fires them from writes of the resources that hold them.

export type Operation = 'created' | 'updated' | 'deleted'

/** The resources whose records the events carry, by the path their records live under (`/api/v1/<path>/{id}`). */
export const ENTITY_OF_RESOURCE: Readonly<Record<string, string>> = {
  users: 'user',
  contacts: 'contact',
  event_attends: 'event_attend',
  product_payments: 'product_payment',
  contract_users: 'contract_user',
  user_roles: 'user_role',
}

const OPERATIONS: readonly Operation[] = ['created', 'updated', 'deleted']

/** `user.created` ... `user_role.deleted`. */
export const EVENT_NAMES: readonly string[] = Object.values(ENTITY_OF_RESOURCE).flatMap((entity) =>
  OPERATIONS.map((operation) => `${entity}.${operation}`),
)

const KNOWN = new Set(EVENT_NAMES)
export const isEventName = (name: string) => KNOWN.has(name)

/** The `api_version` every example of the spec carries. */
export const API_VERSION = '2024-01'
