import { request } from 'node:http'
import { bodyText, requestHeaders, type DemoRequest } from './curl.ts'

export interface DemoResponse {
  status: number
  statusText: string
  headers: Record<string, string>
  text: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any
}

/** Sends a demo request to the sandbox on loopback with the tenant's Host header, as curl would. */
export function send(req: DemoRequest, port: number): Promise<DemoResponse> {
  const body = bodyText(req)
  const host = req.tenant ? `${req.tenant}.localhost:${port}` : `localhost:${port}`
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.path,
        headers: { ...requestHeaders(req), Host: host },
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
          const headers: Record<string, string> = {}
          for (const [name, value] of Object.entries(res.headers))
            if (value !== undefined) headers[name] = String(value)
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers, text, json })
        })
      },
    )
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}
