import dns from 'node:dns'
import http from 'node:http'
import type https from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { isLoopbackHost } from './host-guard.ts'
import { MAX_RESPONSE_BYTES, deliveryUrl, type DeliveryResult, type Transport } from './transport.ts'

/** MSW's Proxy traps `new` only: the prototype it passes through still names Node's own class. */
const UnwrappedClientRequest = http.ClientRequest.prototype.constructor as typeof http.ClientRequest

/**
 * A delivery attempt over node:http(s), not global fetch, and not through `http.request` either: in process, MSW's
 * setupServer wraps fetch, `http.request`, `https.request` and `http.ClientRequest` (@mswjs/interceptors 0.41
 * ClientRequestInterceptor) and would answer the delivery itself, or fail it under `onUnhandledRequest: 'error'`.
 * One fresh connection per attempt (a new agent, no keep-alive), no redirects followed, no proxy, the URL's
 * credentials never sent (host-guard.ts refuses such URLs anyway).
 */
export const nodeTransport: Transport = async (request) =>
  // node:https (TLS) loads on the first https delivery, never at start-up: most receivers are plain http locally.
  attempt(request, /^https:/i.test(request.url) ? (await import('node:https')).default : undefined)

function attempt(request: Parameters<Transport>[0], tls: typeof https | undefined): Promise<DeliveryResult> {
  return new Promise<DeliveryResult>((resolve) => {
    const startedAt = performance.now()
    let status: number | null = null
    let headers: Record<string, string> = {}
    const chunks: Buffer[] = []
    let received = 0
    let settled = false
    let clientRequest: http.ClientRequest | undefined

    const finish = (error?: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      // After a failure or a truncated body the connection has nothing left to give: close it.
      clientRequest?.destroy()
      const body = Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8')
      const durationMs = Math.round(performance.now() - startedAt)
      resolve(
        error === undefined
          ? { status, headers, body, durationMs }
          : { status: null, headers, body, durationMs, error },
      )
    }
    const timeoutMs = Math.max(0, request.timeoutMs)
    const timer = setTimeout(() => finish(`timeout after ${timeoutMs} ms`), timeoutMs)

    try {
      const url = deliveryUrl(request.url)
      if (!(url instanceof URL)) return finish(url.error)
      const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1')
      const body = Buffer.from(request.body, 'utf8')
      const given = new Set(Object.keys(request.headers).map((name) => name.toLowerCase()))
      const Agent = url.protocol === 'https:' && tls ? tls.Agent : http.Agent
      clientRequest = new UnwrappedClientRequest({
        method: 'POST',
        protocol: url.protocol,
        hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers: given.has('content-length')
          ? request.headers
          : { ...request.headers, 'Content-Length': body.length },
        agent: new Agent({ keepAlive: false }),
        lookup: loopbackAwareLookup,
      })
      clientRequest.on('response', (response) => {
        status = response.statusCode ?? null
        headers = flatHeaders(response.headers)
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk)
          received += chunk.length
          if (received >= MAX_RESPONSE_BYTES) finish()
        })
        response.on('end', () => finish())
        response.on('error', (error) => finish(`the response broke off: ${describeError(error)}`))
        // Node >= 20 reports a connection dropped mid-body as 'aborted' without always an 'error'.
        response.on('aborted', () => finish('the receiver closed the connection before the response ended'))
      })
      clientRequest.on('error', (error) => finish(describeError(error)))
      clientRequest.end(body)
    } catch (error) {
      finish(describeError(error))
    }
  })
}

/**
 * `localhost` and `*.localhost` resolve to loopback here, whatever the system resolver or /etc/hosts say (RFC 6761
 * 6.3; Node's resolver answers ENOTFOUND for `hooks.localhost`). 127.0.0.1 first, then ::1 for a receiver listening
 * on IPv6 only (net's autoSelectFamily tries both). Every other name goes to the system resolver.
 */
const loopbackAwareLookup: LookupFunction = (hostname, options, callback) => {
  if (!isLoopbackHost(hostname) || isIP(hostname)) {
    return dns.lookup(hostname, options, callback)
  }
  const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family
  const addresses = [
    { address: '127.0.0.1', family: 4 },
    { address: '::1', family: 6 },
  ].filter((address) => !family || address.family === family)
  process.nextTick(() => {
    if (options.all) return callback(null, addresses)
    callback(null, addresses[0]!.address, addresses[0]!.family)
  })
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return flat
}

/** `connect ECONNREFUSED 127.0.0.1:4999`; several addresses tried (autoSelectFamily): each one's reason. */
function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map((inner: unknown) => describeError(inner)).join('; ')
  }
  // OpenSSL's messages end with a newline.
  if (error instanceof Error)
    return (error.message || (error as NodeJS.ErrnoException).code || error.name).trim()
  return String(error)
}
