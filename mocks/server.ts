import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Route } from './handlers/route.ts'
import { badRequest, payloadTooLarge } from './http/errors.ts'
import { MAX_BODY_BYTES, type SandboxRequest, type SandboxResponse } from './http/types.ts'
import { createRouteIndex } from './route-index.ts'
import type { RouteMatch, Sandbox } from './sandbox.ts'

export interface ServerOptions {
  port?: number
  host?: string
  /** More ports to answer on, one per tenant (`--tenant-ports`; the sandbox's `tenantPorts` maps them). */
  tenantPorts?: readonly number[]
}

export interface RunningServer {
  readonly url: string
  readonly port: number
  readonly host: string
  readonly server: Server
  close(): Promise<void>
}

/** A request body past the limit is drained, not buffered: memory stays flat whatever the client sends. */
const DRAIN_CAP_BYTES = 64 * MAX_BODY_BYTES

/** node's default, pinned so the 431's detail stays true whatever `--max-http-header-size` says. */
const MAX_HEADER_BYTES = 16 * 1024

/**
 * Output a streaming reader (`/__sandbox/events`) may leave unread before it is disconnected: a stalled
 * dashboard held every event in memory (findings L8). EventSource reconnects and reads the state afresh.
 */
export const MAX_STREAM_BUFFER_BYTES = 1024 * 1024

/**
 * Headers that decide who is asking and for which tenant: a second copy is refused, not resolved (findings
 * L6), since a proxy that reads the other one would disagree with the sandbox. RFC 9112 3.2 requires the 400
 * for Host.
 */
const SINGLE_HEADERS = new Set(['host', 'authorization', 'api-token', 'x-contact-hash'])

/** Their lengths: most headers of a request are told apart without lower-casing them. */
const SINGLE_LENGTHS = new Set([...SINGLE_HEADERS].map((name) => name.length))

function duplicatedHeader(raw: readonly string[]): string | undefined {
  let seen: string[] | undefined
  for (let i = 0; i < raw.length; i += 2) {
    if (!SINGLE_LENGTHS.has(raw[i]!.length)) continue
    const name = raw[i]!.toLowerCase()
    if (!SINGLE_HEADERS.has(name)) continue
    if (seen?.includes(name)) return raw[i]
    ;(seen ??= []).push(name)
  }
  return undefined
}

/** A stand-in route that refuses, so the refusal gets the boundary's envelope, X-Request-Id and log line. */
function refuseDuplicate(header: string, path: string): RouteMatch {
  const refuse: Route = {
    method: 'GET',
    path,
    scope: 'any',
    handle: () =>
      badRequest(
        `The request carries the "${header}" header more than once: send it once.`,
        `duplicate ${header} header`,
      ),
  }
  return { route: refuse, params: {} }
}

/**
 * Whether the refused request is known not to be a HEAD: its bytes start with another method. A header block
 * split over several reads leaves only the last one in `rawPacket`, so the method is then unknown.
 */
function mayHaveBody(rawPacket: unknown): boolean {
  if (!Buffer.isBuffer(rawPacket)) return false
  const method = /^([A-Z]+) /.exec(rawPacket.subarray(0, 16).toString('latin1'))?.[1]
  return method !== undefined && method !== 'HEAD'
}

/**
 * The envelope for requests node cannot parse, with its statuses: RFC 6585 5 (431), RFC 9110 15.5.9 (408).
 * No body unless the request is known not to be a HEAD (RFC 9110 9.3.2, RFC 9112 6.3): the bytes would follow
 * a `Connection: close` message and the client would fail instead of reading the status (findings N5).
 */
function clientErrorResponse(code: string | undefined, withBody: boolean): string {
  const [status, title, detail] =
    code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'Request Header Fields Too Large',
          `The request headers are larger than ${MAX_HEADER_BYTES / 1024} KiB.`,
        ]
      : code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request headers did not arrive in time.']
        : [400, 'Bad Request', 'The request is not valid HTTP/1.1.']
  const body = JSON.stringify({ title, detail, status })
  return (
    `HTTP/1.1 ${status} ${title}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${withBody ? body : ''}`
  )
}

function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > MAX_BODY_BYTES) {
    req.resume()
    return Promise.reject(toError(() => payloadTooLarge(MAX_BODY_BYTES)))
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
      else if (size > DRAIN_CAP_BYTES) req.destroy()
    })
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(toError(() => payloadTooLarge(MAX_BODY_BYTES)))
      else resolve(Buffer.concat(chunks).toString('utf8'))
    })
    req.on('error', reject)
    req.on('close', () => {
      if (size > DRAIN_CAP_BYTES) reject(toError(() => payloadTooLarge(MAX_BODY_BYTES)))
    })
  })
}

function toError(raise: () => never): unknown {
  try {
    raise()
  } catch (error) {
    return error
  }
}

/** node:http straight to the sandbox's request shape: no Fetch objects, one small object per request. */
class NodeRequest implements SandboxRequest {
  readonly method: string
  readonly path: string
  readonly host: string
  readonly protocol = 'http'
  readonly #url: string
  readonly #queryAt: number
  #query: URLSearchParams | undefined
  #body: Promise<string> | undefined
  #text: string | undefined

  constructor(private readonly incoming: IncomingMessage) {
    const raw = incoming.url ?? '/'
    this.#url = raw.startsWith('/') ? raw : safePath(raw)
    this.#queryAt = this.#url.indexOf('?')
    this.path = this.#queryAt === -1 ? this.#url : this.#url.slice(0, this.#queryAt)
    this.method = incoming.method ?? 'GET'
    this.host = (incoming.headers.host ?? '').toLowerCase()
  }

  get query(): URLSearchParams {
    return (this.#query ??= new URLSearchParams(
      this.#queryAt === -1 ? '' : this.#url.slice(this.#queryAt + 1),
    ))
  }

  get clientAddress(): string {
    return this.incoming.socket.remoteAddress ?? 'unknown'
  }

  header(name: string): string | null {
    const value = this.incoming.headers[name.toLowerCase()]
    if (value === undefined) return null
    return Array.isArray(value) ? value.join(', ') : value
  }

  text(): Promise<string> {
    return (this.#body ??= readBody(this.incoming).then((text) => (this.#text = text)))
  }

  // The request journal's reads (issue 27), prototype methods: nothing is copied or allocated per request.
  target(): string {
    return this.#url
  }

  rawHeaders(): readonly string[] {
    return this.incoming.rawHeaders
  }

  bodyIfRead(): string | undefined {
    return this.#text
  }
}

// Absolute-form request targets (`GET http://host/path`) carry the path inside a URL.
function safePath(raw: string): string {
  try {
    const url = new URL(raw)
    return url.pathname + url.search
  } catch {
    return '/'
  }
}

function send(res: ServerResponse, response: SandboxResponse, head: boolean): void {
  if (response.networkError) {
    res.socket?.destroy()
    return
  }
  if (response.stream && !head) {
    res.writeHead(response.status, response.headers)
    res.flushHeaders()
    const cleanup = response.stream((chunk) => {
      if (res.destroyed) return
      if (res.writableLength > MAX_STREAM_BUFFER_BYTES) res.destroy()
      else res.write(chunk)
    })
    res.on('close', cleanup)
    return
  }
  const body = response.body ?? ''
  response.headers['Content-Length'] = String(Buffer.byteLength(body))
  res.writeHead(response.status, response.headers)
  res.end(head ? undefined : body)
}

/** The boundary's 500 envelope (as `renderError` writes it) for a response node could not write (findings N8). */
function transportError(requestId: string | undefined, failed: SandboxResponse | undefined): SandboxResponse {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  // The failed answer's CORS grant and request id, so a page can still read the envelope and quote the id.
  for (const [name, value] of Object.entries(failed?.headers ?? {}))
    if (name.startsWith('Access-Control-') || name === 'Vary' || name === 'X-Request-Id')
      headers[name] = value
  const detail = `An internal error occurred${requestId ? ` (request ${requestId})` : ''}.`
  return {
    status: 500,
    headers,
    body: JSON.stringify({ title: 'Internal Server Error', detail, status: 500 }),
  }
}

export async function startServer(sandbox: Sandbox, options: ServerOptions = {}): Promise<RunningServer> {
  const match = createRouteIndex(sandbox.routes)
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const request = new NodeRequest(req)
    const head = request.method === 'HEAD'
    const duplicate = duplicatedHeader(req.rawHeaders)
    let answer: SandboxResponse | undefined
    sandbox
      .dispatch(
        request,
        duplicate === undefined
          ? match(request.method, request.path)
          : refuseDuplicate(duplicate, request.path),
      )
      .then((response) => send(res, (answer = response), head))
      .catch((error: unknown) => {
        // dispatch renders its own errors; this is one node refused to write (a header it rejects). Never crash.
        const requestId = answer?.headers['X-Request-Id']
        console.error(
          `[${requestId ?? 'no request id'}] ${request.method} ${request.path} response failed:`,
          error,
        )
        if (res.headersSent || res.destroyed) return
        try {
          send(res, transportError(requestId, answer), head)
        } catch {
          res.destroy()
        }
      })
  }
  const host = options.host ?? '127.0.0.1'
  const listen = async (port: number) => {
    const server = createServer({ keepAliveTimeout: 5000, maxHeaderSize: MAX_HEADER_BYTES }, handle)
    server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      // Unparseable HTTP: answer like any HTTP server (431 for oversized headers, findings L7) and hang up.
      if (socket.writable)
        socket.end(clientErrorResponse(error.code, mayHaveBody((error as { rawPacket?: unknown }).rawPacket)))
      else socket.destroy()
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    return server
  }
  const server = await listen(options.port ?? 4010)
  // `--tenant-ports`: the same server on each tenant's own port (the Host's port then names the tenant).
  const extra: Server[] = []
  for (const tenantPort of options.tenantPorts ?? []) extra.push(await listen(tenantPort))
  const { port } = server.address() as AddressInfo
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${shownHost}:${port}`,
    port,
    host,
    server,
    close: async () => {
      await Promise.all(
        [server, ...extra].map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve())
              s.closeAllConnections()
            }),
        ),
      )
    },
  }
}
