import { request, type IncomingHttpHeaders } from 'node:http'
import { bodyText, requestHeaders, type DemoRequest } from './curl.ts'

/** An answer read whole: status, headers as node:http gives them, the text, and the JSON when it parses. */
export interface LoopbackResponse {
  status: number
  statusText: string
  headers: IncomingHttpHeaders
  text: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any
}

/**
 * One request to a sandbox on 127.0.0.1 with any Host header: Node's resolver does not resolve `*.localhost`,
 * and fetch cannot set Host, so this is how a client (the demo, the tests) addresses a tenant host.
 */
export function requestLoopback(
  port: number,
  req: { method: string; path: string; host: string; headers?: Record<string, string>; body?: string },
): Promise<LoopbackResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.path,
        headers: { ...req.headers, Host: req.host },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let json: unknown
          try {
            json = text ? JSON.parse(text) : undefined
          } catch {
            json = undefined
          }
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            headers: res.headers,
            text,
            json,
          })
        })
      },
    )
    outgoing.on('error', reject)
    outgoing.end(req.body)
  })
}

export interface DemoResponse extends Omit<LoopbackResponse, 'headers'> {
  headers: Record<string, string>
}

/** Sends a demo request to the sandbox on loopback with the tenant's Host header, as curl would. */
export async function send(req: DemoRequest, port: number): Promise<DemoResponse> {
  const host = req.tenant ? `${req.tenant}.localhost:${port}` : `localhost:${port}`
  const res = await requestLoopback(port, {
    method: req.method,
    path: req.path,
    host,
    headers: requestHeaders(req),
    body: bodyText(req),
  })
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(res.headers))
    if (value !== undefined) headers[name] = String(value)
  return { ...res, headers }
}
