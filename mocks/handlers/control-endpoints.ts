import { json } from '../http/respond.ts'
import { AUTH_PAGE_OPERATIONS, OPEN_BY_AUTH_PAGE } from '../operations/auth-page.ts'
import { OPERATIONS, routeShape, type Operation, type ServedOperation } from '../operations/index.ts'
import { controlRoute } from './control-route.ts'
import type { Route } from './route.ts'

export interface EndpointFilter {
  emulation?: 'full' | 'schema' | 'generic' | 'none'
  /** Only the operations called this run. */
  called?: boolean
}

/** `GET /__sandbox/endpoints` and the test API's `endpoints()`: the rows and counts for a filter. */
export function endpointLister(getRoutes: () => readonly Route[]) {
  let served: Map<string, ServedOperation> | undefined
  return (filter: EndpointFilter = {}) => {
    // The routes are fixed once the sandbox is built: index them on the first call.
    served ??= new Map(
      getRoutes()
        .filter((r) => r.operation)
        .map((r) => [routeShape(r.method, r.path), r.operation!]),
    )
    const rowOf = (op: Operation) => {
      const s = served!.get(routeShape(op.method, op.path))
      return {
        method: op.method,
        path: op.specPath,
        operationId: op.operationId,
        tag: op.tag,
        emulation: s?.emulation ?? 'none',
        public: op.public || OPEN_BY_AUTH_PAGE.has(op.operationId),
        permissions: op.permissions ?? [],
        calls: s?.calls ?? 0,
      }
    }
    const rows = OPERATIONS.map(rowOf)
    const count = (emulation: string) => rows.filter((r) => r.emulation === emulation).length
    return {
      total: rows.length,
      full: count('full'),
      schema: count('schema'),
      generic: count('generic'),
      none: count('none'),
      public: rows.filter((r) => r.public).length,
      calls: rows.reduce((sum, r) => sum + r.calls, 0),
      /** The Authentication page's endpoints Orgo's index lacks (login, OTP, refresh): not in the counts. */
      authPage: AUTH_PAGE_OPERATIONS.map(rowOf),
      operations: rows.filter(
        (r) =>
          (filter.emulation === undefined || r.emulation === filter.emulation) &&
          (!filter.called || r.calls > 0),
      ),
    }
  }
}

/**
 * `GET /__sandbox/endpoints`: every operation of Orgo's index, how this sandbox emulates it (`full`, `generic`,
 * or `none` with `--no-generic`), whether the spec opens it to anyone, and how often it was called this run.
 * `?emulation=full|schema|generic|none` and `?called=true` narrow the list; the counts are of the whole index.
 */
export function controlEndpointRoutes(getRoutes: () => readonly Route[]): Route[] {
  const list = endpointLister(getRoutes)
  return [
    controlRoute.get(
      '/__sandbox/endpoints',
      (ctx) => {
        const wanted = ctx.req.query.get('emulation')
        return json(
          list({
            ...(wanted === null ? {} : { emulation: wanted as EndpointFilter['emulation'] }),
            called: ctx.req.query.get('called') === 'true',
          }),
        )
      },
      { query: ['emulation', 'called'] },
    ),
  ]
}
