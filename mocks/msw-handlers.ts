import type { HttpHandler } from 'msw'
// msw/core/http, not msw: the package's root also loads its GraphQL, WebSocket and SSE handlers (80 ms).
import { http } from 'msw/core/http'
import type { Route } from './handlers/route.ts'
import { payloadTooLarge } from './http/errors.ts'
import { STATUS_TEXT } from './http/status-text.ts'
import { MAX_BODY_BYTES, type SandboxRequest, type SandboxResponse } from './http/types.ts'
import type { Sandbox } from './sandbox.ts'

/** A Fetch Request as the sandbox's request shape: in process, the tenant comes from the URL's host. */
class FetchRequest implements SandboxRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly host: string
  readonly protocol: string
  readonly clientAddress = 'in-process'
  #body: Promise<string> | undefined

  constructor(private readonly request: Request) {
    const url = new URL(request.url)
    this.method = request.method
    this.path = url.pathname
    this.query = url.searchParams
    this.host = url.host.toLowerCase()
    this.protocol = url.protocol.replace(':', '')
  }

  header(name: string): string | null {
    return this.request.headers.get(name)
  }

  text(): Promise<string> {
    return (this.#body ??= (async () => {
      if (Number(this.request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES)
        payloadTooLarge(MAX_BODY_BYTES)
      const text = await this.request.clone().text()
      if (new TextEncoder().encode(text).length > MAX_BODY_BYTES) payloadTooLarge(MAX_BODY_BYTES)
      return text
    })())
  }
}

/** Fetch statuses whose response has no body (Fetch standard: null body status). */
const NULL_BODY = new Set([101, 103, 204, 205, 304])

function toResponse(response: SandboxResponse): Response {
  if (response.networkError) return Response.error()
  // A plain Response with the reason phrase, as MSW's HttpResponse would give (the sandbox sets no cookies).
  const init = {
    status: response.status,
    statusText: STATUS_TEXT[response.status] ?? '',
    headers: response.headers,
  }
  if (response.stream) {
    const { stream } = response
    let cleanup = () => {}
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const encoder = new TextEncoder()
        cleanup = stream((chunk) => controller.enqueue(encoder.encode(chunk)))
      },
      cancel: () => cleanup(),
    })
    return new Response(body, init)
  }
  return new Response(NULL_BODY.has(response.status) ? null : (response.body ?? null), init)
}

function pathPattern(path: string): RegExp {
  return new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, '[^/]+')}$`)
}

/**
 * The sandbox's routes as MSW handlers, one per route (MSW matches them), plus a last catch-all that gives
 * sandbox hosts the API's 404/405 and CORS answers. Requests to other hosts pass through untouched.
 */
export function createMswHandlers(sandbox: Sandbox): HttpHandler[] {
  const patterns = sandbox.routes.map((route) => ({ route, pattern: pathPattern(route.path) }))
  const perRoute = sandbox.routes.map((route: Route) => {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'
    return http[method](`*${route.path}`, async ({ request, params }) => {
      const req = new FetchRequest(request)
      if (!sandbox.serves(req.host)) return undefined
      return toResponse(await sandbox.dispatch(req, { route, params: params as Record<string, string> }))
    })
  })
  const fallback = http.all('*', async ({ request }) => {
    const req = new FetchRequest(request)
    if (!sandbox.serves(req.host)) return undefined
    const allowed = patterns
      .filter((p) => p.route.method !== req.method && p.pattern.test(req.path))
      .map((p) => p.route.method)
    return toResponse(await sandbox.dispatch(req, { allowed: [...new Set(allowed)] }))
  })
  return [...perRoute, fallback]
}
