import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'

/** SPEC 2: the live API may answer JWT errors in this shape; clients must cope with both. */
export default {
  name: 'lexik-errors',
  description: 'JWT errors in the stock LexikJWTAuthenticationBundle shape {"code":401,"message":"..."}.',
  flag: true,
} satisfies ScenarioDefinition
