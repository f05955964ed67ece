import { readJsonObject, JSON_TYPES } from '../http/body.ts'
import { json } from '../http/respond.ts'
import { assertKnownKeys } from '../http/validate.ts'
import { controlRoute } from './control-route.ts'
import type { Route } from './route.ts'

// Issue 26 item 2, the control API's side of the local checkout: every session, and ending one as its page's Pay,
// Decline or Cancel button would, for a test or a script without a browser. The payments flow loads with the schema
// engine (mocks/workflows/payments-control.ts), on the first call, never at start-up (decision 015).

const P = '/__sandbox/checkouts'
// The flows' checkout hooks (a paid ticket confirms its attendances) are registered as the workflows load.
const payments = async () => (
  await import('../workflows/index.ts'),
  import('../workflows/payments-control.ts')
)

export const checkoutControlRoutes: Route[] = [
  // `?tenant=acme&status=open|paid|declined|cancelled|expired`, newest first.
  controlRoute.get(
    P,
    async (ctx) => {
      const q = ctx.req.query
      const { listCheckouts } = await payments()
      return json(
        await listCheckouts(ctx.core, {
          ...(q.has('tenant') ? { tenant: q.get('tenant')! } : {}),
          ...(q.has('status') ? { status: q.get('status')! } : {}),
        }),
      )
    },
    { query: ['tenant', 'status'] },
  ),
  // Body: {"outcome": "paid" | "declined" | "cancelled"}; 404 for an unknown session, 409 for one already ended.
  controlRoute.post(`${P}/:sessionId`, async (ctx) => {
    const body = await readJsonObject(ctx.req, JSON_TYPES)
    assertKnownKeys(Object.keys(body), ['outcome'], `the body of POST ${P}/{sessionId}`)
    const { completeBySession } = await payments()
    return json(await completeBySession(ctx.core, ctx.params.sessionId!, body.outcome, 'control API'))
  }),
]
