import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'
import { json } from '../mocks/http/respond.ts'

/** RFC 9110 15.6.4: a 503 with Retry-After, what a load balancer sends during a deploy. */
export default {
  name: 'maintenance',
  description:
    'Matching requests answer 503 Service Unavailable with Retry-After (option retryAfter, seconds).',
  defaults: { retryAfter: 120 },
  // RFC 9110 10.2.3: Retry-After is whole delay-seconds; a day covers any deploy.
  limits: { retryAfter: { max: 86_400, integer: true } },
  intercept: (_req, _core, activation) => {
    const seconds = Number(activation.options.retryAfter)
    return json(
      {
        title: 'Service Unavailable',
        detail: `Orgo is down for maintenance. Try again in ${seconds} seconds.`,
        status: 503,
      },
      503,
      { 'Retry-After': String(seconds) },
    )
  },
} satisfies ScenarioDefinition
