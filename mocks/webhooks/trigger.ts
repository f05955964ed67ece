import type { SandboxCore } from '../core-types.ts'
import type { TenantDb } from '../db/database.ts'
import type { Table } from '../db/table.ts'
import { badRequest, notFound } from '../http/errors.ts'
import { resourceAt, sequenceOf } from '../resources/index.ts'
import type { Row } from '../resources/types.ts'
import { envelopeOf, newEventId, eventParts, EVENT_NAMES } from './events.ts'
import { tableOf } from './payload.ts'
import { subscribersOf } from './service.ts'
import type { Delivery } from './types.ts'

// Issue 24 item 4, `stripe trigger` for Orgo's events: the real action, so the event's object is coherent with
// the API (a record created, changed or deleted in the tenant's table, and the observer fires as for any write),
// or a custom object sent as the event to the tenant's subscriptions, signed like any delivery.

export interface Triggered {
  event: string
  tenant: string
  /** The record the action wrote (a custom object writes none). */
  record: { resource: string; id: number } | null
}

/** One of the 18 events, else the 400 that lists them. */
function parseEvent(event: unknown): NonNullable<ReturnType<typeof eventParts>> {
  return (
    eventParts(event) ??
    badRequest(`"event" is one of Orgo's events: ${EVENT_NAMES.join(', ')}; got ${JSON.stringify(event)}.`)
  )
}

/** A new record like the newest of the table: a fresh id and fresh values for what must stay unique. */
function freshCopy(core: SandboxCore, resource: string, table: Table<Row>): Row {
  const model = table.slice(0, 1, true)[0]
  if (!model) badRequest(`The tenant holds no ${resource} to model a new one on: create one through the API.`)
  const def = resourceAt(resource)
  const copy: Row & Record<string, unknown> = {
    ...model,
    id: core.db.ids.next(def ? sequenceOf(def.path) : resource),
  }
  for (const field of [...(def?.unique ?? []), 'uuid', 'hash'] as string[]) {
    if (!(field in copy) || copy[field] == null) continue
    copy[field] = /email/i.test(field)
      ? `triggered-${core.random.hex(8)}@example.test`
      : field === 'uuid'
        ? core.random.uuid()
        : core.random.hex(32)
  }
  return copy
}

/** One field changed: a boolean flipped, else a text marked, else the record written as it is. */
function changeOne(draft: Record<string, unknown>): void {
  const skip = /^(id|tenant|uuid|hash|email|token)$/
  const flag = Object.keys(draft).find((k) => !skip.test(k) && typeof draft[k] === 'boolean')
  if (flag) {
    draft[flag] = !draft[flag]
    return
  }
  const text = Object.keys(draft).find(
    (k) => !skip.test(k) && typeof draft[k] === 'string' && !/date|At$/.test(k),
  )
  if (text) draft[text] = `${String(draft[text]).replace(/ \(triggered\)$/, '')} (triggered)`
}

/** Performs the event's action in the tenant: its observer then sends the event to each subscription. */
export async function triggerAction(core: SandboxCore, t: TenantDb, event: string): Promise<Triggered> {
  const { resource, operation } = parseEvent(event)
  const table = await tableOf(core, t, resource)
  let record: Row
  if (operation === 'created') record = table.insertNow(freshCopy(core, resource, table))
  else if (operation === 'updated') {
    const newest = table.slice(0, 1, true)[0]
    if (!newest) badRequest(`The tenant holds no ${resource} to change.`)
    record = table.updateNow(newest, (draft) => changeOne(draft as Record<string, unknown>))
  } else {
    // A copy made for the purpose and deleted: the tenant's own records stay; only the delete is announced.
    const observer = table.observer
    table.observer = undefined
    record = table.insertNow(freshCopy(core, resource, table))
    table.observer = observer
    table.delete(record)
  }
  return { event, tenant: t.tenant.slug, record: { resource, id: record.id } }
}

/** A custom object sent as the event to each subscription of the tenant that wants it. */
export async function triggerCustom(
  core: SandboxCore,
  t: TenantDb,
  event: string,
  object: Record<string, unknown>,
  previous: Record<string, unknown> | null,
): Promise<Triggered> {
  parseEvent(event)
  const eventId = newEventId(core.random)
  const created = Math.floor(core.clock.now() / 1000)
  const body = envelopeOf({ event, created, tenantId: t.tenant.id, object, previous, eventId })
  const subs = subscribersOf(t, event)
  await Promise.all(subs.map((sub) => core.webhooks.deliver(t, sub, event, eventId, body)))
  return { event, tenant: t.tenant.slug, record: null }
}

export interface TriggerInput {
  event: string
  /** The tenant (default: the default tenant). */
  tenant?: string
  /** Sent as the event's `object` instead of performing the action. */
  object?: Record<string, unknown>
  previousAttributes?: Record<string, unknown>
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)

/** The action or the custom object, then the deliveries it made, once their first attempts are done. */
export async function runTrigger(
  core: SandboxCore,
  input: TriggerInput,
): Promise<Triggered & { deliveries: Delivery[] }> {
  const slug = typeof input.tenant === 'string' ? input.tenant : core.options.defaultTenant
  const t = core.tenant(slug) ?? notFound(`No tenant "${slug}".`)
  if (input.object !== undefined && !isObject(input.object)) badRequest('"object" is a JSON object.')
  if (input.previousAttributes !== undefined && !isObject(input.previousAttributes))
    badRequest('"previousAttributes" is a JSON object.')
  const before = new Set(core.webhooks.list().map((d) => d.id))
  const done = input.object
    ? await triggerCustom(core, t, input.event, input.object, input.previousAttributes ?? null)
    : await triggerAction(core, t, input.event)
  // Its own deliveries' first attempts only: another receiver's slow delivery never holds up the answer.
  await core.webhooks.built()
  const made = core.webhooks.list().filter((d) => !before.has(d.id))
  await Promise.all(made.map((d) => core.webhooks.attempting(d.id)))
  return { ...done, deliveries: made }
}
