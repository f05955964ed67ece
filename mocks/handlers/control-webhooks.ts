import type { SandboxCore } from '../core-types.ts'
import { JSON_TYPES, readJsonObject, readOptionalJsonObject } from '../http/body.ts'
import { badRequest, notFound } from '../http/errors.ts'
import { json } from '../http/respond.ts'
import { assertKnownKeys } from '../http/validate.ts'
import { runTrigger, type TriggerInput } from '../webhooks/trigger.ts'
import type { Delivery, DeliveryFilter } from '../webhooks/types.ts'
import { controlRoute } from './control-route.ts'
import type { Route } from './route.ts'

// Issue 24 item 4, the control API's view of webhooks: every delivery of every subscription, newest first, and
// sending one again (a new attempt with the same event id and delivery id, as a retry would).

const P = '/__sandbox/webhooks/deliveries'
const STATES: readonly string[] = ['pending', 'succeeded', 'failed']

/** A delivery as the control API lists it: the body parsed back for reading. */
export const shownDelivery = (d: Delivery) => ({
  ...d,
  nextAt: d.nextAt === null ? null : new Date(d.nextAt).toISOString(),
  body: JSON.parse(d.body) as unknown,
})

export interface ResendFilter {
  /** Default `failed`. */
  state?: Delivery['state']
  /** ISO 8601: only deliveries whose last attempt is at or after it. */
  since?: string
  tenant?: string
  event?: string
}

/** `POST /__sandbox/webhooks/deliveries/resend` and the test API's `webhooks.resendAll()`: a new attempt of each. */
export async function resendDeliveries(
  core: SandboxCore,
  body: Record<string, unknown>,
  where = `the body of POST ${P}/resend`,
): Promise<Delivery[]> {
  assertKnownKeys(Object.keys(body), ['state', 'since', 'tenant', 'event'], where)
  const state = body.state ?? 'failed'
  if (typeof state !== 'string' || !STATES.includes(state))
    badRequest(`"state" is one of ${STATES.join(', ')}; got ${JSON.stringify(state)}.`)
  const since = body.since === undefined ? 0 : Date.parse(String(body.since))
  if (Number.isNaN(since)) badRequest(`"since" is an ISO 8601 date-time; got ${JSON.stringify(body.since)}.`)
  const filter: DeliveryFilter = { state: state as Delivery['state'] }
  if (typeof body.tenant === 'string') filter.tenant = body.tenant
  if (typeof body.event === 'string') filter.event = body.event
  const chosen = core.webhooks.list(filter).filter((d) => Date.parse(d.attempts.at(-1)?.at ?? '') >= since)
  const resent = await Promise.all(chosen.map((d) => core.webhooks.resend(d.id)))
  return resent.filter((d) => d !== undefined)
}

export const webhookControlRoutes: Route[] = [
  controlRoute.get(
    P,
    (ctx) => {
      const q = ctx.req.query
      const filter: DeliveryFilter = {}
      if (q.has('tenant')) filter.tenant = q.get('tenant')!
      if (q.has('event')) filter.event = q.get('event')!
      if (q.has('subscription')) {
        const id = Number(q.get('subscription'))
        if (!Number.isInteger(id)) badRequest(`?subscription= takes a subscription's integer id.`)
        filter.subscriptionId = id
      }
      if (q.has('state')) {
        const state = q.get('state')!
        if (!STATES.includes(state)) badRequest(`?state= is one of ${STATES.join(', ')}; got "${state}".`)
        filter.state = state as Delivery['state']
      }
      return json(ctx.core.webhooks.list(filter).map(shownDelivery))
    },
    { query: ['tenant', 'event', 'subscription', 'state'] },
  ),
  // Body (optional): {"state": "failed", "since": "2026-01-05T09:00:00Z", "tenant": "acme", "event": "…"}.
  controlRoute.post(`${P}/resend`, async (ctx) =>
    json((await resendDeliveries(ctx.core, await readOptionalJsonObject(ctx.req))).map(shownDelivery)),
  ),
  controlRoute.post(
    `${P}/:id/resend`,
    async (ctx) => {
      const delivery = await ctx.core.webhooks.resend(ctx.params.id!)
      if (!delivery) notFound(`No delivery "${ctx.params.id}": GET ${P} lists them.`)
      return json(shownDelivery(delivery))
    },
    { body: 'none' },
  ),
  // Body: {"event": "contact.created", "tenant": "acme"} performs the action; add "object" (and, for an update,
  // "previousAttributes") to send that object instead, as Stripe's `stripe trigger` and its fixtures do.
  controlRoute.post('/__sandbox/webhooks/trigger', async (ctx) => {
    const body = await readJsonObject(ctx.req, JSON_TYPES)
    assertKnownKeys(
      Object.keys(body),
      ['event', 'tenant', 'object', 'previousAttributes'],
      'the body of POST /__sandbox/webhooks/trigger',
    )
    const done = await runTrigger(ctx.core, body as unknown as TriggerInput)
    return json({ ...done, deliveries: done.deliveries.map(shownDelivery) }, 201)
  }),
]
