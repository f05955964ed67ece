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

/** One of the 18 taken apart: its entity, the resource holding it, the operation; undefined for any other name. */
export function eventParts(
  event: unknown,
): { entity: string; resource: string; operation: Operation } | undefined {
  if (typeof event !== 'string' || !KNOWN.has(event)) return undefined
  const [entity, operation] = event.split('.') as [string, Operation]
  const resource = Object.keys(ENTITY_OF_RESOURCE).find((r) => ENTITY_OF_RESOURCE[r] === entity)!
  return { entity, resource, operation }
}

/** A fresh envelope `id` (`wh_evt_…`, as the spec's examples write it): one per event, kept across retries. */
export const newEventId = (random: { hex(length: number): string }) => `wh_evt_${random.hex(12)}`

/**
 * The envelope of Orgo's spec (`Webhook.<Name>`, ~offset 10,942,850) around an event's object, its `id` fresh, in
 * compact JSON with `/` and non-ASCII as they are: the bytes Orgo's n8n node re-serialises (webhooks digest, 4).
 * `previous_attributes`: the changed fields' old values on an update, null otherwise.
 */
export function envelopeOf(input: {
  event: string
  /** Unix seconds when the change happened. */
  created: number
  tenantId: number
  object: Record<string, unknown>
  previous?: Record<string, unknown> | null
  eventId: string
}): string {
  const [entity, operation] = input.event.split('.') as [string, Operation]
  const update = operation === 'updated'
  return JSON.stringify({
    id: input.eventId,
    event: input.event,
    api_version: API_VERSION,
    created: input.created,
    tenant_id: input.tenantId,
    object: input.object,
    previous_attributes: update ? (input.previous ?? {}) : null,
    is_update: update,
    entity_type: entity,
    operation,
  })
}

/** The `api_version` every example of the spec carries. */
export const API_VERSION = '2024-01'
