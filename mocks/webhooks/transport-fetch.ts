import { concatBytes } from '../bytes.ts'
import { MAX_RESPONSE_BYTES, deliveryUrl, type DeliveryResult, type Transport } from './transport.ts'

/**
 * A delivery attempt with fetch, for the browser sandbox (Node uses transport-node.ts: MSW's setupServer patches
 * fetch). Redirects are not followed; the timeout covers the body too. A browser adds its own limits: the receiver
 * must answer the CORS preflight that the X-Webhook-* headers cause, and a redirect's status is hidden. MSW's
 * service worker sees the request too: it reaches the receiver only while no handler matches it.
 */
export const fetchTransport: Transport = async (request) => {
  const startedAt = performance.now()
  const timeoutMs = Math.max(0, request.timeoutMs)
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  let status: number | null = null
  let headers: Record<string, string> = {}
  const chunks: Uint8Array[] = []
  const result = (error?: string): DeliveryResult => {
    const body = new TextDecoder().decode(concatBytes(chunks).subarray(0, MAX_RESPONSE_BYTES))
    const durationMs = Math.round(performance.now() - startedAt)
    return error === undefined
      ? { status, headers, body, durationMs }
      : { status: null, headers, body, durationMs, error }
  }
  try {
    const url = deliveryUrl(request.url)
    if (!(url instanceof URL)) return result(url.error)
    const response = await fetch(url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: controller.signal,
      credentials: 'omit',
      cache: 'no-store',
    })
    // Browsers answer a redirect under redirect: 'manual' with an opaque response: status 0, no Location.
    if (response.type === 'opaqueredirect') {
      await response.body?.cancel()
      return result(
        'the receiver answered with a redirect, which is not followed (the browser hides its status)',
      )
    }
    status = response.status
    headers = Object.fromEntries(response.headers)
    const reader = response.body?.getReader()
    let received = 0
    while (reader && received < MAX_RESPONSE_BYTES) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      received += value.length
    }
    // Enough kept: drop the rest and the connection with it.
    if (received >= MAX_RESPONSE_BYTES) controller.abort()
    return result()
  } catch (error) {
    if (controller.signal.aborted) return result(`timeout after ${timeoutMs} ms`)
    return result(describeFetchError(error))
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Node's fetch says only "fetch failed" and keeps the reason in `cause` (ECONNREFUSED, a TLS error); a browser says
 * only "Failed to fetch" and keeps nothing, so name the usual suspects.
 */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause
  if (cause instanceof Error) {
    if (cause instanceof AggregateError && cause.errors.length > 0) {
      return cause.errors
        .map((inner: unknown) => (inner instanceof Error ? inner.message : String(inner)))
        .join('; ')
    }
    // The fetch spec's "bad port" list (6000, 6667, …): browsers and Node refuse them before connecting.
    if (cause.message === 'bad port')
      return 'fetch refuses to connect to this port (the fetch standard\'s "bad ports")'
    return (cause.message || (cause as { code?: string }).code || error.message).trim()
  }
  return (
    `${error.message} (the receiver is down, refused the connection, or does not answer CORS: a browser page can ` +
    'only deliver to a receiver that allows its origin and the X-Webhook-* headers)'
  )
}
