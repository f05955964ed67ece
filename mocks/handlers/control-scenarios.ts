import { JSON_TYPES, readJsonObject } from '../http/body.ts'
import { badRequest, notFound } from '../http/errors.ts'
import { json, noContent } from '../http/respond.ts'
import { MAX_PATTERN_LENGTH, type ScenarioDefinition, type ScenarioEngine } from '../scenario-engine.ts'
import { controlRoute } from './control-route.ts'
import type { Route } from './route.ts'
import { assertKnownKeys, validateBody } from '../http/validate.ts'

const P = '/__sandbox/scenarios'
const BODY_KEYS = ['tenant', 'path', 'options']

/**
 * A key the body does not know is refused, never ignored: `{"latencyMs": 300}` at the top level or
 * `{"tenat": "globex"}` would otherwise switch the scenario on everywhere with its defaults.
 */
function assertBodyKeys(definition: ScenarioDefinition, body: Record<string, unknown>): void {
  const unknown = Object.keys(body).find((key) => !BODY_KEYS.includes(key))
  if (unknown === undefined) return
  if (Object.hasOwn(definition.defaults ?? {}, unknown)) {
    const key = unknown.slice(0, MAX_PATTERN_LENGTH)
    const allowed = `Allowed keys: ${BODY_KEYS.join(', ')}.`
    const sent = body[unknown]
    const fallback = definition.defaults![unknown]
    // The client's value if it is short and of the option's type; the default otherwise (never echo a megabyte).
    const value = typeof sent === typeof fallback && String(sent).length <= 40 ? sent : fallback
    const example = JSON.stringify({ options: { [unknown]: value } })
    badRequest(
      `"${key}" is an option of "${definition.name}": send it under "options", e.g. ${example}. ${allowed}`,
    )
  }
  assertKnownKeys([unknown], BODY_KEYS, `the body of "${definition.name}"`)
}

/** `DELETE /__sandbox/scenarios/{name}` and the test API's `scenarios.off()`: an unknown name is a 404. */
export async function switchOff(engine: ScenarioEngine, name: string): Promise<void> {
  if (!engine.definition(name)) notFound(`No scenario "${name}".`)
  await engine.disable(name)
}

/** Break and heal any flow with one call, like the Firebase emulator's control endpoints (SPEC 10). */
export function scenarioControlRoutes(engine: () => ScenarioEngine): Route[] {
  return [
    controlRoute.get(P, () => json(engine().list())),
    // Body (optional): {"tenant": "globex", "path": "/api/v1/events*", "options": {"latencyMs": 300}}.
    controlRoute.post(`${P}/:name`, async (ctx) => {
      const hasBody = ctx.req.header('content-length') !== '0' && ctx.req.header('content-type') !== null
      const body = hasBody ? await readJsonObject(ctx.req, JSON_TYPES) : {}
      // An unknown scenario is the engine's 404 (with its nearest name), before any look at the body.
      const definition = engine().definition(ctx.params.name!)
      if (definition) assertBodyKeys(definition, body)
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
    }),
    controlRoute.delete(
      `${P}/:name`,
      async (ctx) => {
        await switchOff(engine(), ctx.params.name!)
        return noContent()
      },
      { body: 'none' },
    ),
    controlRoute.delete(
      P,
      async () => {
        await engine().disableAll()
        return noContent()
      },
      { body: 'none' },
    ),
  ]
}
