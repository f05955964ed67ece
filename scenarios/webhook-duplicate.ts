import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'

/** Orgo's delivery is at-least-once ("duplicates are possible", docs/concepts/webhooks): receivers must dedupe on `id`. */
export default {
  name: 'webhook-duplicate',
  description:
    'Every webhook attempt that reaches a receiver is sent again, the same bytes and headers (option copies, default 1; event and subscription narrow it).',
  defaults: { copies: 1, event: '', subscription: 0 },
  limits: { copies: { max: 5, integer: true }, subscription: { max: 2_147_483_647, integer: true } },
} satisfies ScenarioDefinition
