import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'

/** A flag read by mocks/auth/sessions.ts: signature still checked first, as lexik does. */
export default {
  name: 'expired-jwt',
  description: 'Every JWT answers 401 "Expired JWT Token", however fresh.',
  flag: true,
} satisfies ScenarioDefinition
