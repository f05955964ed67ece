import type { HttpHandler } from 'msw'
// msw/core/http, not msw: the package's root also loads its GraphQL, WebSocket and SSE handlers (80 ms).
import { http } from 'msw/core/http'
import { payloadTooLarge } from './http/errors.ts'
import { STATUS_TEXT } from './http/status-text.ts'
import { MAX_BODY_BYTES, type SandboxRequest, type SandboxResponse } from './http/types.ts'
import { createRouteIndex } from './route-index.ts'
import type { Sandbox } from './sandbox.ts'

/** A Fetch Request as the sandbox's request shape: in process, the tenant comes from the URL's host. */
export class FetchRequest implements SandboxRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly host: string
  readonly protocol: string
  readonly clientAddress = 'in-process'
  #body: Promise<string> | undefined
  #text: string | undefined

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
      return (this.#text = text)
    })())
  }

  // The request journal's reads (issue 27), only when someone reads the journal.
  target(): string {
    const url = new URL(this.request.url)
    return url.pathname + url.search
  }

  rawHeaders(): readonly string[] {
    return [...this.request.headers].flat()
  }

  bodyIfRead(): string | undefined {
    return this.#text
  }
}

/** Fetch statuses whose response has no body (Fetch standard: null body status). */
const NULL_BODY = new Set([101, 103, 204, 205, 304])

export function toResponse(response: SandboxResponse): Response {
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
  return new Response(
    NULL_BODY.has(response.status) ? null : ((response.body as BodyInit | undefined) ?? null),
    init,
  )
}

/**
 * The sandbox as one MSW handler: every request to a sandbox host goes through the same route index as the
 * standalone server, so in process too the number of routes never shows in a request's cost (issue 13: MSW
 * otherwise tries each handler in turn, parsing the URL and cookies for each). Other hosts pass through.
 */
export function createMswHandlers(sandbox: Sandbox): HttpHandler[] {
  const match = createRouteIndex(sandbox.routes)
  return [
    http.all('*', async ({ request }) => {
      const req = new FetchRequest(request)
      if (!sandbox.serves(req.host)) return undefined
      return toResponse(await sandbox.dispatch(req, match(req.method, req.path)))
    }),
  ]
}
