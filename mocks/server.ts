import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { payloadTooLarge } from './http/errors.ts'
import { MAX_BODY_BYTES, type SandboxRequest, type SandboxResponse } from './http/types.ts'
import { createRouteIndex } from './route-index.ts'
import type { Sandbox } from './sandbox.ts'

export interface ServerOptions {
  port?: number
  host?: string
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
    return (this.#body ??= readBody(this.incoming))
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
    const cleanup = response.stream((chunk) => res.write(chunk))
    res.on('close', cleanup)
    return
  }
  const body = response.body ?? ''
  response.headers['Content-Length'] = String(Buffer.byteLength(body))
  res.writeHead(response.status, response.headers)
  res.end(head ? undefined : body)
}

export async function startServer(sandbox: Sandbox, options: ServerOptions = {}): Promise<RunningServer> {
  const match = createRouteIndex(sandbox.routes)
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    const request = new NodeRequest(req)
    sandbox
      .dispatch(request, match(request.method, request.path))
      .then((response) => send(res, response, request.method === 'HEAD'))
      .catch((error: unknown) => {
        // dispatch renders its own errors; this is a transport failure (client gone). Never crash.
        console.error('response failed:', error)
        if (!res.headersSent) res.writeHead(500).end()
      })
  })
  server.on('clientError', (_error, socket) => {
    // Unparseable HTTP: answer like any HTTP server and drop the connection.
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    else socket.destroy()
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 4010, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${shownHost}:${port}`,
    port,
    host,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
