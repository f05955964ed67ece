import { badRequest, notFound } from '../http/errors.ts'
import { json } from '../http/respond.ts'
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
  controlRoute.post(
    `${P}/:id/resend`,
    async (ctx) => {
      const delivery = await ctx.core.webhooks.resend(ctx.params.id!)
      if (!delivery) notFound(`No delivery "${ctx.params.id}": GET ${P} lists them.`)
      return json(shownDelivery(delivery))
    },
    { body: 'none' },
  ),
]
