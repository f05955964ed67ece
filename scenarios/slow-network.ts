import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'

/** Latency before every matching answer, so loading states and timeouts can be seen (option latencyMs). */
export default {
  name: 'slow-network',
  description: 'Matching requests wait before answering (option latencyMs, default 1500).',
  defaults: { latencyMs: 1500 },
  // A minute is past every client timeout worth testing; 2^31-1 ms held each request 24.8 days (M3).
  limits: { latencyMs: { max: 60_000 } },
  intercept: async (_req, _core, activation) => {
    await new Promise((resolve) => setTimeout(resolve, Number(activation.options.latencyMs)))
    return undefined
  },
} satisfies ScenarioDefinition
