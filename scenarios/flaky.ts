import type { SandboxCore } from '../mocks/core.ts'
import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'
import { json } from '../mocks/http/respond.ts'

// One seeded generator per sandbox, so a run with the same seed fails the same requests (mulberry32).
const generators = new WeakMap<SandboxCore, () => number>()

function generatorFor(core: SandboxCore, seed: number): () => number {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  generators.set(core, next)
  return next
}

/** A seeded share of matching requests fail: half with 502 Bad Gateway, half with a dropped connection. */
export default {
  name: 'flaky',
  description:
    'A seeded share of matching requests fail with 502 or a network error (option rate, default 0.3).',
  defaults: { rate: 0.3 },
  // A share of requests: [0, 1].
  limits: { rate: { max: 1 } },
  apply: async (core) => {
    generatorFor(core, core.options.seed)
    return () => void generators.delete(core)
  },
  intercept: (_req, core, activation) => {
    const next = generators.get(core) ?? generatorFor(core, core.options.seed)
    const roll = next()
    const rate = Number(activation.options.rate)
    if (roll >= rate) return undefined
    if (roll < rate / 2) return { status: 0, headers: {}, networkError: true }
    return json({ title: 'Bad Gateway', detail: 'Bad Gateway (scenario flaky).', status: 502 }, 502)
  },
} satisfies ScenarioDefinition
