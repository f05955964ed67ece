import { unprocessable } from '../http/errors.ts'
import { respelled } from '../http/spellings.ts'
import { CONSTRAINT } from '../http/validate.ts'
import { negotiate } from '../http/hydra.ts'
import { json, jsonLd } from '../http/respond.ts'
import type { SandboxResponse } from '../http/types.ts'
import type { RouteContext } from '../handlers/route.ts'
import type { SchemaTable } from '../schema/store.ts'
import type { StoredRecord } from '../schema/types.ts'
import { envelopeOf, newEventId, eventParts, EVENT_NAMES, isEventName } from './events.ts'
import { deliveryRefusal } from './host-guard.ts'
import { fixtureObject } from './payload.ts'
import { succeeded } from './queue.ts'
import type { Delivery } from './types.ts'
import type { Workflow } from '../handlers/overlay-types.ts'

// The subscriptions' behaviour beside the spec's shape (issue 24 item 1; the webhooks digest, contradictions 1-3,
// 10, 11, 13): the docs' spellings, Orgo's upsert by URL, the sandbox's delivery guard, the test delivery and the
// delivery logs.

/** The docs' names (`events`, `active`) for the spec's (`eventTypes`, `isActive`): the spec's win when both come. */
const DOC_SPELLINGS: Readonly<Record<string, string>> = { events: 'eventTypes', active: 'isActive' }

function normalized(
  body: Record<string, unknown>,
  ctx: RouteContext,
  create: boolean,
): Record<string, unknown> {
  const { body: out, moved } = respelled(body, DOC_SPELLINGS)
  const used = moved.map(([doc, spec]) => `"${doc}" for "${spec}"`)
  // Orgo's docs never send a name; the spec requires one: a default, and a word in the log.
  if (create && (out.name === undefined || out.name === null) && typeof out.url === 'string') {
    out.name = `Webhook to ${out.url}`
    used.push('no "name" (given one)')
  }
  if (used.length)
    ctx.core.change(
      'webhook.spelling',
      ctx.tenant.tenant.slug,
      `Webhook subscription: the docs' spelling ${used.join(', ')}; Orgo's spec names are eventTypes, isActive, name, and the answer uses them`,
    )
  const unknown = Array.isArray(out.eventTypes)
    ? out.eventTypes.filter((e): e is string => typeof e === 'string' && !isEventName(e))
    : []
  if (unknown.length)
    ctx.core.change(
      'webhook.unknown-event',
      ctx.tenant.tenant.slug,
      `Webhook subscription to ${unknown.join(', ')}: no such event, stored but never sent (the 18: ${EVENT_NAMES.join(', ')}; profile_external.* is contact.* now)`,
    )
  if (typeof out.url === 'string') {
    const refusal = deliveryRefusal(out.url, ctx.core.options.webhookHosts)
    if (refusal) unprocessable([{ propertyPath: 'url', message: refusal, code: URL_ERROR }])
  }
  return out
}

/** Symfony's Url::INVALID_URL_ERROR: the constraint a URL the sandbox may not deliver to fails. */
const URL_ERROR = '57c2f299-1154-4870-89bb-ef3b1f5ad229'

const urlOf = (values: Record<string, unknown>) => (typeof values.url === 'string' ? values.url : undefined)

const SUBSCRIPTION_WRITES = {
  api_webhook_subscriptions_post: {
    body: (body: Record<string, unknown>, ctx: RouteContext) => normalized(body, ctx, true),
    // "Creates a new webhook subscription or updates an existing one if a subscription with the same URL
    // already exists for the tenant" (Orgo's operation index).
    existing: (values: Record<string, unknown>, table: SchemaTable) =>
      table.all().find((sub) => urlOf(values) !== undefined && sub.url === urlOf(values)),
  },
  api_webhook_subscriptions_id_patch: {
    body: (body: Record<string, unknown>, ctx: RouteContext) => normalized(body, ctx, false),
  },
}

/** A delivery's attempts as the logs list them, newest first (a sandbox guess: the spec shows `{id}` only). */
function logsOf(deliveries: Delivery[], limit: number) {
  return deliveries
    .flatMap((d) =>
      d.attempts.map((a) => ({
        delivery: d.id,
        eventId: d.eventId,
        event: d.event,
        test: d.test === true,
        attempt: a.number,
        sentAt: a.at,
        url: a.request.url,
        requestHeaders: a.request.headers,
        requestBody: a.request.body,
        responseStatus: a.status,
        responseBody: a.responseBody,
        durationMs: a.durationMs,
        error: a.error ?? null,
        state: d.state,
      })),
    )
    .sort((a, b) => (a.sentAt < b.sentAt ? 1 : a.sentAt > b.sentAt ? -1 : 0))
    .slice(0, limit)
}

function deliveryLogs(ctx: RouteContext, record: StoredRecord): SandboxResponse {
  const given = Number(ctx.req.query.get('limit') ?? 100)
  const limit = Number.isInteger(given) && given > 0 ? Math.min(given, 500) : 100
  const deliveries = ctx.core.webhooks.list({ tenant: ctx.tenant.tenant.slug, subscriptionId: record.id })
  const iri = `/api/v1/webhook_subscriptions/${record.id}`
  const body = { id: record.id, logs: logsOf(deliveries, limit) }
  if (negotiate(ctx.req) === 'json') return json(body)
  return jsonLd({
    '@context': '/api/contexts/WebhookSubscription',
    '@id': iri,
    '@type': 'WebhookSubscription',
    ...body,
  })
}

/**
 * `POST …/{id}/test`: one synchronous attempt of a synthetic event of the chosen type (the body's `event`, else
 * its first `eventTypes`, else `user.created`) to the subscription's URL, with the headers and signature of a
 * real one; never retried nor counted. 201 with what the receiver answered (field names: a sandbox guess).
 */
async function testDelivery(
  ctx: RouteContext,
  record: StoredRecord,
  body: Record<string, unknown> | undefined,
): Promise<SandboxResponse> {
  const listed = Array.isArray(body?.eventTypes) ? (body.eventTypes as unknown[])[0] : undefined
  const chosen = [body?.event, listed].find((e) => typeof e === 'string') as string | undefined
  const event = chosen ?? 'user.created'
  const parts =
    eventParts(event) ??
    unprocessable([
      {
        propertyPath: 'event',
        message: `"${event}" is not one of Orgo's events: ${EVENT_NAMES.join(', ')}.`,
        code: CONSTRAINT.choice.code,
      },
    ])
  const eventId = newEventId(ctx.core.random)
  const envelope = envelopeOf({
    event,
    created: Math.floor(ctx.core.clock.now() / 1000),
    tenantId: ctx.tenant.tenant.id,
    object: await fixtureObject(ctx.core, ctx.tenant, parts.resource),
    eventId,
  })
  const delivery = await ctx.core.webhooks.deliver(ctx.tenant, record, event, eventId, envelope, true)
  // Its own attempt only: another receiver's slow delivery never holds up this answer.
  await ctx.core.webhooks.attempting(delivery.id)
  const attempt = delivery.attempts[0]
  const result = {
    success: succeeded(attempt?.status),
    statusCode: attempt?.status ?? null,
    responseBody: attempt?.responseBody ?? '',
    duration: attempt?.durationMs ?? 0,
    error: attempt?.error ?? null,
    delivery: delivery.id,
    event,
  }
  if (negotiate(ctx.req) === 'json') return json(result, 201)
  return jsonLd({ ...resultIdentity(record), ...result }, 201)
}

/** JSON-LD's identity of an answer about a subscription: its context, IRI and type. */
const resultIdentity = (record: StoredRecord) => ({
  '@context': '/api/contexts/WebhookSubscription',
  '@id': `/api/v1/webhook_subscriptions/${record.id}`,
  '@type': 'WebhookSubscription',
})

const SUBSCRIPTION_ACTIONS = {
  get_delivery_logs: (ctx: RouteContext, record: StoredRecord) => deliveryLogs(ctx, record),
  test_webhook: (ctx: RouteContext, record: StoredRecord, body: Record<string, unknown> | undefined) =>
    testDelivery(ctx, record, body),
}

/** "Permanently deletes the subscription and its delivery logs." */
function subscriptionDeleted(ctx: RouteContext, record: StoredRecord): void {
  ctx.core.webhooks.forget({ tenant: ctx.tenant.tenant.slug, subscriptionId: record.id })
}

/** The subscriptions' overlays on the schema engine (mocks/handlers/schema-overlays.ts). */
export const SUBSCRIPTION_WORKFLOW: Workflow = {
  writes: SUBSCRIPTION_WRITES,
  actions: SUBSCRIPTION_ACTIONS,
  removes: { webhook_subscriptions: subscriptionDeleted },
}
