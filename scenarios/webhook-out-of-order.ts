import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'

/** "Order is not guaranteed across event types; sort by `created`" (Orgo's "Handle webhooks" recipe). */
export default {
  name: 'webhook-out-of-order',
  description:
    'Webhook deliveries are held for holdMs (default 1000) on the sandbox clock and sent newest first (event and subscription narrow it).',
  defaults: { holdMs: 1000, event: '', subscription: 0 },
  limits: { holdMs: { max: 3_600_000 }, subscription: { max: 2_147_483_647, integer: true } },
} satisfies ScenarioDefinition
