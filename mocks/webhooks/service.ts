import type { SandboxCore } from '../core-types.ts'
import type { Database, TenantDb } from '../db/database.ts'
import type { Row } from '../resources/types.ts'
import type { Table, TableChange } from '../db/table.ts'
import { ENTITY_OF_RESOURCE, envelopeOf, newEventId } from './events.ts'
import { deliveryRefusal } from './host-guard.ts'
import { objectOf, previousAttributes } from './payload.ts'
import { createDeliveryQueue, NO_FAULTS, succeeded, type DeliveryQueue, type Faults } from './queue.ts'
import { SIGNATURE_HEADER, signatureOf } from './signature.ts'
import type { Transport } from './transport.ts'
import type { Webhooks } from './types.ts'
import type { DeliveryRequest, DeliveryResult } from './transport.ts'
import type { Delivery, DeliveryAttempt, FunctionReceiver } from './types.ts'

// Issue 24 item 2: every create, update and delete of a user, contact, event attendance, product payment, contract
// user or user role, through whichever operation (a table observer sees them all), is sent to each active
// subscription of its tenant to that event, in the envelope of Orgo's spec (`Webhook.<Name>`, ~offset 10,942,850).

/** A subscription as the schema engine stores it (the spec's `WebhookSubscription` names). */
export type Subscription = Row & {
  [field: string]: unknown
  url?: string
  eventTypes?: unknown
  isActive?: boolean
  secret?: string | null
  headers?: unknown
  maxRetries?: number
  timeoutSeconds?: number
}

const SUBSCRIPTIONS = 'webhook_subscriptions'

/** The tenant's subscriptions, made or as a `--db` file holds them until their first touch. */
function subscriptionsOf(t: TenantDb): Subscription[] {
  return (t.schema.get(SUBSCRIPTIONS)?.all() ?? t.schemaLoaded.get(SUBSCRIPTIONS) ?? []) as Subscription[]
}

/** The tenant's active subscriptions to an event. */
export const subscribersOf = (t: TenantDb, event: string): Subscription[] =>
  subscriptionsOf(t).filter(
    (sub) => sub.isActive !== false && Array.isArray(sub.eventTypes) && sub.eventTypes.includes(event),
  )

export interface WebhookService {
  readonly queue: DeliveryQueue & Pick<Webhooks, 'receive'>
  /** Observes the six resources of every tenant of a database whose start state is complete. */
  watch(db: Database): void
  /** Sends an envelope's body to one subscription (a real event, a test, a trigger with a custom body). */
  deliver(
    t: TenantDb,
    sub: Subscription,
    event: string,
    eventId: string,
    body: string,
    test?: boolean,
  ): Promise<Delivery>
  /** Resolves once every change's deliveries are built and no attempt is in flight or due. */
  settled(): Promise<void>
  /** Resolves once every change seen so far has its deliveries in the queue. */
  built(): Promise<void>
}

export function createWebhooks(getCore: () => SandboxCore, transport: Transport): WebhookService {
  const core = () => getCore()
  const receivers = new Map<string, FunctionReceiver>()
  const queue = createDeliveryQueue({
    faults: (delivery) => faultsFor(core(), delivery),
    clock: getCore().clock,
    transport: (request) => {
      const receiver = receivers.get(request.url)
      return receiver ? callReceiver(receiver, request) : transport(request)
    },
    refusal: (url) => deliveryRefusal(url, core().options.webhookHosts),
    attempted,
  })

  function attempted(delivery: Delivery, attempt: DeliveryAttempt): void {
    const c = core()
    const outcome = attempt.status === null ? attempt.error : String(attempt.status)
    c.change(
      'webhook.attempt',
      delivery.tenant,
      `Webhook ${delivery.event} to ${delivery.url}, attempt ${attempt.number}: ${outcome} (${attempt.durationMs} ms)` +
        (delivery.nextAt === null ? '' : `; retry at ${new Date(delivery.nextAt).toISOString()}`),
      { delivery: delivery.id, event: delivery.event, attempt: attempt.number, status: attempt.status },
    )
    if (!delivery.test) count(c, delivery, attempt)
  }

  /** The subscription's counters: every attempt, its success or failure, and when an event was last sent. */
  function count(c: SandboxCore, delivery: Delivery, attempt: DeliveryAttempt): void {
    const table = c.tenant(delivery.tenant)?.schema.get(SUBSCRIPTIONS) as Table<Subscription> | undefined
    const sub = table?.get(delivery.subscriptionId)
    if (!table || !sub) return
    const ok = succeeded(attempt.status)
    table.updateNow(sub, (draft) => {
      const n = (name: string) => (typeof draft[name] === 'number' ? (draft[name] as number) : 0)
      draft.totalDeliveries = n('totalDeliveries') + 1
      if (ok) draft.successfulDeliveries = n('successfulDeliveries') + 1
      else draft.failedDeliveries = n('failedDeliveries') + 1
      if (attempt.number === 1) draft.lastTriggeredAt = attempt.at.replace(/\.\d{3}Z$/, '+00:00')
    })
  }

  function deliver(
    t: TenantDb,
    sub: Subscription,
    event: string,
    eventId: string,
    body: string,
    test = false,
  ): Promise<Delivery> {
    const c = core()
    const delivery: Delivery = {
      id: `wh_dlv_${c.random.hex(16)}`,
      eventId,
      event,
      tenant: t.tenant.slug,
      subscriptionId: sub.id,
      url: String(sub.url),
      body,
      state: 'pending',
      attempts: [],
      nextAt: c.clock.now(),
      maxAttempts: 1 + (Number.isInteger(sub.maxRetries) ? Math.max(0, sub.maxRetries!) : 3),
      timeoutMs: 1000 * (Number.isInteger(sub.timeoutSeconds) ? Math.max(1, sub.timeoutSeconds!) : 30),
      ...(test ? { test } : {}),
    }
    return track(headersFor(c, sub, delivery).then((headers) => (queue.enqueue(delivery, headers), delivery)))
  }

  /** Work toward a delivery not yet in the queue (its payload, its signature): `settled()` waits for it too. */
  const building = new Set<Promise<unknown>>()
  function track<T>(work: Promise<T>): Promise<T> {
    building.add(work)
    void work.finally(() => building.delete(work)).catch(() => undefined)
    return work
  }

  /** Resolves once every change seen so far has its deliveries in the queue (their attempts not awaited). */
  async function built(): Promise<void> {
    while (building.size) await Promise.all(building)
  }

  async function settled(): Promise<void> {
    do {
      await Promise.all(building)
      await queue.settled()
    } while (building.size)
  }

  function onChange(t: TenantDb, resource: string, change: TableChange<Row>): void {
    const entity = ENTITY_OF_RESOURCE[resource]!
    const event = `${entity}.${change.kind}`
    const subs = subscribersOf(t, event)
    if (!subs.length) return
    const c = core()
    const created = Math.floor(c.clock.now() / 1000)
    void track(
      (async () => {
        const now = change.kind === 'deleted' ? change.before : change.after
        const object = await objectOf(c, t, resource, now)
        const previous =
          change.kind === 'updated'
            ? previousAttributes(await objectOf(c, t, resource, change.before), object)
            : null
        const eventId = newEventId(c.random)
        const body = envelopeOf({ event, created, tenantId: t.tenant.id, object, previous, eventId })
        await Promise.all(subs.map((sub) => deliver(t, sub, event, eventId, body)))
      })(),
    )
  }

  function observe(t: TenantDb, resource: string, table: Table<Row>): void {
    if (ENTITY_OF_RESOURCE[resource]) table.observer = (change) => onChange(t, resource, change)
  }

  return {
    built,
    queue: {
      ...queue,
      receive(url, receiver) {
        receivers.set(url, receiver)
        return () => {
          if (receivers.get(url) === receiver) receivers.delete(url)
        }
      },
    },
    deliver,
    settled,
    watch(db) {
      for (const t of db.tenants.values()) {
        t.watch = (resource, table) => observe(t, resource, table)
        for (const [path, table] of t.tables) observe(t, path, table)
        for (const [name, table] of t.schema) observe(t, name, table)
      }
    },
  }
}

/** What every attempt sends besides its timestamp (Orgo's docs, "Delivery headers"; the signature, digest 4). */
async function headersFor(
  c: SandboxCore,
  sub: Subscription,
  delivery: Delivery,
): Promise<Record<string, string>> {
  const headers: Record<string, string> = {}
  // A subscription's own `headers` map, sent as given (digest 16: unknown on Orgo), never over Orgo's own.
  if (sub.headers && typeof sub.headers === 'object' && !Array.isArray(sub.headers))
    for (const [name, value] of Object.entries(sub.headers))
      if (typeof value === 'string' && /^[A-Za-z0-9-]+$/.test(name)) headers[name] = value
  Object.assign(headers, {
    'Content-Type': 'application/json',
    'User-Agent': 'OrgoWebhook/1.0',
    'X-Webhook-Event': delivery.event,
    'X-Webhook-Delivery': delivery.id,
  })
  const signature = await signatureOf(c.options.webhookSignature, delivery.body, sub.secret)
  if (signature !== undefined) headers[SIGNATURE_HEADER] = signature
  return headers
}

/** The webhook fault scenarios on now for a delivery: their tenant, and their `event` and `subscription` options. */
function faultsFor(c: SandboxCore, delivery: Delivery): Faults {
  const faults = { ...NO_FAULTS }
  for (const a of c.scenarios.active()) {
    if (!a.name.startsWith('webhook-') || (a.tenant !== null && a.tenant !== delivery.tenant)) continue
    const { event, subscription } = a.options
    if ((event && event !== delivery.event) || (subscription && subscription !== delivery.subscriptionId))
      continue
    if (a.name === 'webhook-fail') faults.failFirst = Number(a.options.attempts)
    if (a.name === 'webhook-duplicate') faults.copies = Number(a.options.copies)
    if (a.name === 'webhook-delay') faults.delayMs = Number(a.options.delayMs)
    if (a.name === 'webhook-out-of-order') faults.holdMs = Number(a.options.holdMs)
  }
  return faults
}

/** A function receiver's answer as a transport's result; a throw is the receiver failing, as a 500 would be. */
async function callReceiver(receiver: FunctionReceiver, request: DeliveryRequest): Promise<DeliveryResult> {
  const started = performance.now()
  try {
    const answer = await receiver({
      url: request.url,
      headers: request.headers,
      body: request.body,
      json: JSON.parse(request.body) as unknown,
    })
    const { status, body = '' } = typeof answer === 'number' ? { status: answer } : answer
    return { status, headers: {}, body, durationMs: performance.now() - started }
  } catch (error) {
    return {
      status: null,
      headers: {},
      body: '',
      durationMs: performance.now() - started,
      error: `the function receiver threw: ${(error as Error).message}`,
    }
  }
}
