import type { Principal } from '../auth/principal.ts'
import type { SandboxCore } from '../core.ts'
import type { TenantDb } from '../db/database.ts'
import type { Role } from '../db/schema.ts'
import type { HostInfo } from '../http/parse-host.ts'
import type { HttpMethod, SandboxRequest, SandboxResponse } from '../http/types.ts'
import type { ServedOperation } from '../operations/types.ts'

/**
 * Where a route answers: `tenant` on a tenant host only (404 elsewhere), `platform` on `app.<base>` only,
 * `any` on every host (the control API, JWKS, tenant-host lookup).
 */
export type RouteScope = 'tenant' | 'platform' | 'any'

export interface RouteContext {
  readonly core: SandboxCore
  readonly req: SandboxRequest
  readonly params: Record<string, string>
  readonly host: HostInfo
  readonly requestId: string
  /** The host's tenant; a 404 for routes not scoped to tenants when the host has none. */
  readonly tenant: TenantDb
  /** Authenticates once (memoized) and checks read-only and the role; throws the API's 401/403. */
  auth(role?: Role | null): Promise<Principal>
}

export interface Route {
  method: HttpMethod
  /** Path syntax of mocks/route-index.ts: static segments and `:param` ones, `/api/v1/users/:id`. */
  path: string
  scope: RouteScope
  handle(ctx: RouteContext): Promise<SandboxResponse> | SandboxResponse
  /** The operation of Orgo's index it serves, in full or generically (mocks/handlers/generic.ts), with its calls. */
  operation?: ServedOperation
}

type Handle = Route['handle']

function define(method: HttpMethod) {
  return (path: string, handle: Handle, scope: RouteScope = 'tenant'): Route => ({
    method,
    path,
    scope,
    handle,
  })
}

export const route = {
  get: define('GET'),
  post: define('POST'),
  put: define('PUT'),
  patch: define('PATCH'),
  delete: define('DELETE'),
}
