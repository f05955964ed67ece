import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'
import { json } from '../mocks/http/respond.ts'

/** Every matching request fails as the API does when it breaks: a 500 in the envelope. */
export default {
  name: 'server-error',
  description:
    'Matching requests answer 500 Internal Server Error (narrow it: {"tenant":"globex","path":"/api/v1/events*"}).',
  intercept: () =>
    json(
      {
        title: 'Internal Server Error',
        detail: 'Internal Server Error (scenario server-error).',
        status: 500,
      },
      500,
    ),
} satisfies ScenarioDefinition
