import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'

/** A receiver that is down: its retries, counters and delivery logs, without stopping the receiver. */
export default {
  name: 'webhook-fail',
  description:
    'The first N attempts of each webhook delivery fail as if the receiver were down, never sent (option attempts, default 1; event and subscription narrow it).',
  defaults: { attempts: 1, event: '', subscription: 0 },
  limits: { attempts: { max: 11, integer: true }, subscription: { max: 2_147_483_647, integer: true } },
} satisfies ScenarioDefinition
