import FindMyWay, { type HTTPMethod } from 'find-my-way'
import type { Route } from './handlers/route.ts'
import type { RouteMatch } from './sandbox.ts'

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/**
 * Routes indexed in a radix tree (fastify's find-my-way), so a request tries only the route that can match
 * it: dispatch cost does not grow with the number of handlers, unlike MSW's first-match list.
 */
export function createRouteIndex(routes: readonly Route[]): (method: string, path: string) => RouteMatch {
  const router = FindMyWay({ ignoreTrailingSlash: false, caseSensitive: true })
  for (const route of routes) router.on(route.method as HTTPMethod, route.path, () => undefined, { route })
  const find = (method: string, path: string) => {
    try {
      return router.find(method as HTTPMethod, path)
    } catch {
      return null // malformed percent-encoding and the like: no route, answered as a 404
    }
  }
  return (method, path) => {
    const found = find(method === 'HEAD' ? 'GET' : method, path)
    if (found) {
      const { route } = found.store as { route: Route }
      return { route, params: found.params as Record<string, string> }
    }
    return { allowed: METHODS.filter((m) => m !== method && find(m, path) !== null) }
  }
}
