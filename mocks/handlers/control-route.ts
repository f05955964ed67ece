import { JSON_TYPES, readJsonObject } from '../http/body.ts'
import type { HttpMethod, SandboxRequest } from '../http/types.ts'
import { assertKnownKeys } from '../http/validate.ts'
import { route, type Route } from './route.ts'

export interface ControlShape {
  /** The query parameters the route reads; any other is a 400 (`?too=` must not widen an outbox filter). */
  query?: readonly string[]
  /** `'none'`: the route reads no body, so a body with keys (`{"keepScenarios": true}`) is a 400, not ignored. */
  body?: 'none'
}

/** `POST /__sandbox/scenarios/:name` -> `POST /__sandbox/scenarios/{name}`, as the README writes it. */
const describeRoute = (method: HttpMethod, path: string): string =>
  `${method} ${path.replace(/:(\w+)/g, '{$1}')}`

/** An empty body, or a JSON object without keys: what a route that reads none accepts. */
async function assertNoBody(req: SandboxRequest, where: string): Promise<void> {
  if ((await req.text()).trim() === '') return
  assertKnownKeys(Object.keys(await readJsonObject(req, JSON_TYPES)), [], `the body of ${where}`)
}

function define(method: HttpMethod) {
  return (path: string, handle: Route['handle'], shape: ControlShape = {}): Route => {
    const where = describeRoute(method, path)
    return route[method.toLowerCase() as 'get' | 'post' | 'delete'](
      path,
      async (ctx) => {
        assertKnownKeys(ctx.req.query.keys(), shape.query ?? [], where, 'parameter')
        if (shape.body === 'none') await assertNoBody(ctx.req, where)
        return handle(ctx)
      },
      'any',
    )
  }
}

/**
 * A control API route (`/__sandbox/*`, every host): a key it does not read is refused with the allowed ones and
 * the nearest, never ignored, so a typo cannot turn into a default (issue 22). Bodies it reads are checked by
 * `validateBody(..., strictIn)`.
 */
export const controlRoute = { get: define('GET'), post: define('POST'), delete: define('DELETE') }
