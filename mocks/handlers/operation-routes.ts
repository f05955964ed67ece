import type { Principal } from '../auth/principal.ts'
import { AUTH_PAGE_OPERATIONS } from '../operations/auth-page.ts'
import { OPERATIONS, routeShape, type Operation, type ServedOperation } from '../operations/index.ts'
import { attemptedMethod } from '../request-context.ts'
import { DOC_FORMS, type DocForm } from '../workflows/doc-forms.ts'
import { isCollectionRoute } from './extra-collections.ts'
import { fileCollectionAnswer, readsFileCollection } from './file-collection.ts'
import { assertStated, assertUser } from './generic-rules.ts'
import type { Route, RouteContext } from './route.ts'
import type { SchemaPlan } from './schema-route.ts'

// SPEC 8 and issue 23: every operation of Orgo's index answers. A hand-written route emulates it in full; every
// other one is the schema engine's (shape, data, validation, filters and storage from Orgo's spec), behind the
// same checks as the rest: 401 without a valid credential of this tenant, the record (404), then 403 for a
// read-only Api-Token writing, a missing stated permission or the record's own rules (schema-access.ts); the
// spec's public operations are open to anyone.

/**
 * The routes: each full one that serves an operation of the index marked as such, then (unless `served` is off)
 * a schema route for every operation none of them serves. A full route always wins: its shape is taken first.
 */
export function withOperations(served: boolean, routes: readonly Route[]): Route[] {
  // Built once per process: every sandbox (a test file may make dozens) reads the same index.
  const index = (byShape ??= new Map(OPERATIONS.map((op) => [routeShape(op.method, op.path), op])))
  const taken = new Set<string>()
  const out = routes.map((route): Route => {
    const shape = routeShape(route.method, route.path)
    const operation = taken.has(shape) ? undefined : index.get(shape)
    taken.add(shape)
    // The Authentication page's own endpoints (mocks/operations/auth-page.ts): served in full, counted.
    const authPage = operation ? undefined : AUTH_PAGE.get(shape)
    if (authPage) return { ...route, operation: { operation: authPage, emulation: 'full', calls: 0 } }
    if (!operation) return route
    if (!isCollectionRoute(route)) return { ...route, operation: { operation, emulation: 'full', calls: 0 } }
    // A db.json collection at an Orgo path is json-server's emulation of it, behind the operation's own guard too.
    const { handle } = route
    return {
      ...route,
      operation: { operation, emulation: 'generic', calls: 0 },
      handle: async (ctx) => (await guard(ctx, operation), handle(ctx)),
    }
  })
  if (!served) return out
  for (const [shape, operation] of index) if (!taken.has(shape)) out.push(schemaRoute(operation))
  for (const form of DOC_FORMS) {
    const operation = OPERATIONS.find((op) => op.operationId === form.operationId)
    if (operation && !taken.has(routeShape(form.method, form.path))) out.push(docFormRoute(form, operation))
  }
  return out
}

/** A docs' form of an operation (mocks/workflows/doc-forms.ts): answered by the engine, said in the log. */
function docFormRoute(form: DocForm, operation: Operation): Route {
  const route = schemaRoute(operation, form.overlay)
  return {
    ...route,
    method: form.method,
    path: form.path,
    operation: undefined,
    handle: (ctx) => {
      ctx.core.change(
        'docs.form',
        ctx.tenant.tenant.slug,
        `${form.method} ${ctx.req.path}: the docs' form (${form.docs}); Orgo's spec has ${operation.method} ${operation.path.replace(/:(\w+)/g, '{$1}')} (${operation.operationId})`,
      )
      return route.handle(ctx)
    },
  }
}

let byShape: Map<string, Operation> | undefined

const AUTH_PAGE = new Map(AUTH_PAGE_OPERATIONS.map((op) => [routeShape(op.method, op.path), op]))

function schemaRoute(operation: Operation, overlay?: string): Route {
  const served: ServedOperation = { operation, emulation: 'schema', calls: 0 }
  let plan: SchemaPlan | undefined
  return {
    method: operation.method as Route['method'],
    path: operation.path,
    scope: 'tenant',
    operation: served,
    handle: async (ctx) => {
      // The engine and Orgo's spec load on the first request it answers, never at start-up (decision 015).
      const engine = await schemaEngine()
      plan ??= engine.schemaPlanOf(operation)!
      // A --db file's own collection of that name keeps its records, written by its routes alone (findings-3 N4).
      const name = engine.planCollection(plan)
      if (name !== undefined && readsFileCollection(ctx, operation, name))
        return fileCollectionAnswer(ctx, operation, await guard(ctx, operation))
      return engine.answerBySchema(ctx, operation, plan, await authenticate(ctx, operation), overlay)
    },
  }
}

let loading: Promise<typeof import('./schema-route.ts')> | undefined
const schemaEngine = () => (loading ??= import('./schema-route.ts'))

/**
 * The credential (401): public operations need none (one sent is still checked). The permissions follow once the
 * record an operation acts on is found (schema-access.ts), 404 before 403 as in API Platform.
 */
async function authenticate(ctx: RouteContext, op: Operation): Promise<Principal | undefined> {
  if (op.public && attemptedMethod(ctx.req) === null) return undefined
  return ctx.auth()
}

/** A json-server collection's guard: the credential, a user of this tenant, the permission the operation states. */
async function guard(ctx: RouteContext, op: Operation): Promise<Principal | undefined> {
  const principal = await authenticate(ctx, op)
  if (!principal) return undefined
  assertUser(principal, op)
  assertStated(principal, op)
  return principal
}
