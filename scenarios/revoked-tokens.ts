import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'

/** A flag read by the guard and the refresh flow; nothing is really revoked, so switching off heals at once. */
export default {
  name: 'revoked-tokens',
  description:
    'Every Api-Token answers "API token has been revoked."; refresh tokens answer "Invalid JWT Refresh Token".',
  flag: true,
} satisfies ScenarioDefinition
