/**
 * The sandbox's own request and response, one shape for every runtime. The standalone server builds them
 * straight from node:http (no Fetch Request/Response on the hot path); the MSW adapters convert from and to
 * Fetch objects. See docs/decisions/001-routes-and-runtimes.md.
 */
export interface SandboxRequest {
  readonly method: string
  /** Path without the query string, e.g. `/api/v1/me`. */
  readonly path: string
  readonly query: URLSearchParams
  /** The Host header as sent (lower-cased), e.g. `acme.localhost:4010`. */
  readonly host: string
  /** `http` or `https`, for absolute URLs in pages and redirects. */
  readonly protocol: string
  header(name: string): string | null
  /** The raw body; rejects with a 413 HttpError past the size limit. */
  text(): Promise<string>
  readonly clientAddress: string
  /**
   * For the request journal (issue 27), called only when someone reads it, never on the request's path: the
   * target as sent (path and query), the headers as sent (node's flat `rawHeaders` form), and the body if a
   * route read it (never starts a read).
   */
  target?(): string
  rawHeaders?(): readonly string[]
  bodyIfRead?(): string | undefined
}

export interface SandboxResponse {
  status: number
  headers: Record<string, string>
  /** Text, or bytes for a binary answer (a PDF). */
  body?: string | Uint8Array
  /** Drop the connection instead of answering (the `flaky` scenario's network error). */
  networkError?: boolean
  /** A streamed body (server-sent events): called with a writer, returns the clean-up for a closed client. */
  stream?: (write: (chunk: string) => void) => () => void
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'HEAD'

export const MAX_BODY_BYTES = 1024 * 1024
