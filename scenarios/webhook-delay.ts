import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'

/** "Webhooks deliver in under a second" (Orgo's rate-limit page), unless they do not: a receiver must not assume it. */
export default {
  name: 'webhook-delay',
  description:
    'A new webhook delivery waits before its first attempt, on the sandbox clock (option delayMs, default 5000; event and subscription narrow it).',
  defaults: { delayMs: 5000, event: '', subscription: 0 },
  limits: { delayMs: { max: 3_600_000 }, subscription: { max: 2_147_483_647, integer: true } },
} satisfies ScenarioDefinition
