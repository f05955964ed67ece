import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'

/** A flag read by the OAuth authorize flow. */
export default {
  name: 'oauth-deny',
  description:
    'The OAuth consent page is answered "Deny" for the user: every authorize ends in error=access_denied.',
  flag: true,
} satisfies ScenarioDefinition
