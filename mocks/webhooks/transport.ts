// One HTTP attempt of a webhook delivery, whatever carries it: node:http in Node (transport-node.ts), fetch in the
// browser (transport-fetch.ts). Checking that the URL may be delivered to is the caller's job (host-guard.ts).

export interface DeliveryRequest {
  /** An absolute http(s) URL, already allowed by `deliveryRefusal`. */
  url: string
  headers: Record<string, string>
  /** Sent as UTF-8, byte for byte: the signature covers these bytes. */
  body: string
  /** Over the whole attempt, connecting included (webhooks digest §6: per-subscription `timeoutSeconds`). */
  timeoutMs: number
}

export interface DeliveryResult {
  /** The receiver's status; null when no complete answer arrived, and then `error` says why. A 3xx is not followed. */
  status: number | null
  /** The response headers, names in lower case. */
  headers: Record<string, string>
  /** At most MAX_RESPONSE_BYTES of the response, as UTF-8; what had arrived when the attempt failed. */
  body: string
  durationMs: number
  /** Set exactly when the attempt failed before a complete answer: timeout, refused, TLS, reset. */
  error?: string
}

/** Never throws: every failure is a DeliveryResult with `error`. */
export type Transport = (request: DeliveryRequest) => Promise<DeliveryResult>

/** The most of a receiver's answer kept: */
export const MAX_RESPONSE_BYTES = 64 * 1024

/** The URL both transports connect to, or why they cannot: they never throw, so a bad URL is an answer too. */
export function deliveryUrl(url: string): URL | { error: string } {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { error: `not a valid absolute URL: ${JSON.stringify(url.slice(0, 120))}` }
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed
  return { error: `not an http(s) URL: ${parsed.protocol}` }
}
