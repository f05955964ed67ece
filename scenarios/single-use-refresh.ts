import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'

/** A flag read by mocks/auth/sessions.ts. */
export default {
  name: 'single-use-refresh',
  description:
    'Refresh tokens rotate: each refresh returns a new one and the old one fails (gesdinet single_use).',
  flag: true,
} satisfies ScenarioDefinition
