import { JSON_TYPES, readJsonObject } from '../http/body.ts'
import { notFound } from '../http/errors.ts'
import { json, noContent } from '../http/respond.ts'
import type { ScenarioEngine } from '../scenario-engine.ts'
import { route, type Route } from './route.ts'
import { validateBody } from '../http/validate.ts'

const P = '/__sandbox/scenarios'

/** `DELETE /__sandbox/scenarios/{name}` and the test API's `scenarios.off()`: an unknown name is a 404. */
export async function switchOff(engine: ScenarioEngine, name: string): Promise<void> {
  if (!engine.definition(name)) notFound(`No scenario "${name}".`)
  await engine.disable(name)
}

/** Break and heal any flow with one call, like the Firebase emulator's control endpoints (SPEC 10). */
export function scenarioControlRoutes(engine: () => ScenarioEngine): Route[] {
  return [
    route.get(P, () => json(engine().list()), 'any'),
    // Body (optional): {"tenant": "globex", "path": "/api/v1/events*", "options": {"latencyMs": 300}}.
    route.post(
      `${P}/:name`,
      async (ctx) => {
        const hasBody = ctx.req.header('content-length') !== '0' && ctx.req.header('content-type') !== null
        const body = hasBody ? await readJsonObject(ctx.req, JSON_TYPES) : {}
        const values = validateBody(
          {
            tenant: { type: 'string', nullable: true },
            path: { type: 'string', nullable: true },
            options: { type: 'object' },
          },
          body,
          false,
        )
        const activation = await engine().enable(
          ctx.params.name!,
          {
            tenant: values.tenant as string | null | undefined,
            path: values.path as string | null | undefined,
          },
          (values.options as Record<string, unknown> | undefined) ?? {},
        )
        return json(activation, 201)
      },
      'any',
    ),
    route.delete(
      `${P}/:name`,
      async (ctx) => {
        await switchOff(engine(), ctx.params.name!)
        return noContent()
      },
      'any',
    ),
    route.delete(
      P,
      async () => {
        await engine().disableAll()
        return noContent()
      },
      'any',
    ),
  ]
}
