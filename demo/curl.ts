import { curlCommand } from '../mocks/http/curl.ts'

/** A request as the demo sends it and as a person would type it. */
export interface DemoRequest {
  method: string
  /** `acme`, `globex`, or null for the bare sandbox host (control API). */
  tenant: string | null
  path: string
  headers?: Record<string, string>
  /** JSON (sent with Content-Type: application/json) or, as a string, sent as is. */
  body?: unknown
}

export function requestUrl(req: DemoRequest, port: number): string {
  // The control API answers on every host; bare 127.0.0.1 avoids an IPv6 first try.
  const host = req.tenant ? `${req.tenant}.localhost:${port}` : `127.0.0.1:${port}`
  return `http://${host}${req.path}`
}

export function bodyText(req: DemoRequest): string | undefined {
  if (req.body === undefined) return undefined
  return typeof req.body === 'string' ? req.body : JSON.stringify(req.body)
}

export function requestHeaders(req: DemoRequest): Record<string, string> {
  const headers = { ...req.headers }
  if (
    req.body !== undefined &&
    typeof req.body !== 'string' &&
    !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
  ) {
    headers['Content-Type'] = 'application/json'
  }
  return headers
}

/** The exact request as a copy-pasteable curl command (curl resolves `*.localhost` to loopback). */
export function toCurl(req: DemoRequest, port: number): string {
  return curlCommand({
    method: req.method,
    url: requestUrl(req, port),
    headers: requestHeaders(req),
    body: bodyText(req),
    flags: ['-sS', '-i'],
  })
}
