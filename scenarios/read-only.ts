import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'

/** A flag read by mocks/auth/guard.ts (Orgo Authentication page: read-only tokens). */
export default {
  name: 'read-only',
  description: 'Every Api-Token acts read-only: POST, PUT, PATCH and DELETE answer 403.',
  flag: true,
} satisfies ScenarioDefinition
