import type { SandboxCore } from '../core-types.ts'
import { readJsonObject, JSON_TYPES } from '../http/body.ts'
import { badRequest, notFound } from '../http/errors.ts'
import { json } from '../http/respond.ts'
import { assertKnownKeys } from '../http/validate.ts'
import { controlRoute } from './control-route.ts'
import type { Route } from './route.ts'

// Issue 26 item 4: opens, clicks and unsubscribes of a sent newsletter, which a real campaign gets from its
// recipients' mail clients, simulated for a test or a demo (send-a-newsletter-campaign, step 5's counters). The
// newsletter flow loads with the schema engine (mocks/workflows/newsletters-engagement.ts), on the first call.

const P = '/__sandbox/newsletters'
const engagement = () => import('../workflows/newsletters-engagement.ts')

export interface EngagementInput {
  tenant?: string
  opens?: number
  clicks?: number
  unsubscribes?: number
}

/** `POST /__sandbox/newsletters/{id}/engagement` and the test API's `newsletters.engage()`. */
export async function engageNewsletter(core: SandboxCore, key: string | number, input: EngagementInput) {
  const slug = input.tenant ?? core.options.defaultTenant
  const tenant = core.db.tenants.get(slug)
  if (!tenant) notFound(`No tenant "${slug}": the sandbox serves ${[...core.db.tenants.keys()].join(', ')}.`)
  for (const name of ['opens', 'clicks', 'unsubscribes'] as const) {
    const n = input[name]
    if (n !== undefined && (!Number.isInteger(n) || n < 0))
      badRequest(`"${name}" must be a whole number, 0 or more.`)
  }
  const { simulateEngagement } = await engagement()
  const { tenant: _slug, ...counts } = input
  return simulateEngagement({ core, tenant }, key, counts)
}

export const newsletterControlRoutes: Route[] = [
  // Body: {"tenant": "acme", "opens": 3, "clicks": 1, "unsubscribes": 1}; the newsletter by id or uuid.
  controlRoute.post(`${P}/:id/engagement`, async (ctx) => {
    const body = await readJsonObject(ctx.req, JSON_TYPES)
    assertKnownKeys(
      Object.keys(body),
      ['tenant', 'opens', 'clicks', 'unsubscribes'],
      `the body of POST ${P}/{id}/engagement`,
    )
    const id = ctx.params.id!
    return json(await engageNewsletter(ctx.core, /^\d+$/.test(id) ? Number(id) : id, body as EngagementInput))
  }),
]
