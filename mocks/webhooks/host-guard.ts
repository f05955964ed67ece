// Where the sandbox may POST a webhook (SPEC 10c: "Deliveries go only to loopback, `*.localhost` and
// `--webhook-host`"): a sandbox anyone can subscribe on must not become a way to reach other machines. Browser-safe.

const LOOPBACK_DESCRIPTION = 'localhost, *.localhost, 127.0.0.0/8 and [::1]'

/**
 * Whether `host` (a hostname as `URL.hostname` gives it; IPv6 with or without brackets) always means this machine:
 * `localhost` and every `*.localhost` (RFC 6761 6.3), 127.0.0.0/8 (RFC 1122 3.2.1.3) and `::1` (RFC 4291 2.5.3).
 * Only the canonical forms `URL` produces: `127.1` or `0x7f.0.0.1` count once `new URL()` has normalised them.
 */
export function isLoopbackHost(host: string): boolean {
  const name = normalizedHost(host)
  if (name === 'localhost' || name.endsWith('.localhost')) return true
  if (name === '::1') return true
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name)
  return octets !== null && octets[1] === '127' && octets.slice(2).every((octet) => Number(octet) <= 255)
}

/**
 * Why the sandbox must not deliver to `url`, or undefined when it may: http(s) only, no credentials in the URL, and a
 * loopback host or one of `allowedHosts` (the `--webhook-host` values; exact names, case-blind, no subdomains).
 */
export function deliveryRefusal(url: string, allowedHosts: readonly string[]): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return `Not a valid URL: ${quoteShort(url)}. A webhook URL is absolute, e.g. http://localhost:3000/webhooks.`
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    // `localhost:3000/hook` parses with the scheme "localhost:": the usual slip is a missing http://.
    const missingScheme = /^[a-z0-9.-]+:\d+(?:[/?#]|$)/i.test(url)
    return (
      `Webhooks are delivered over http:// or https:// only, not ${parsed.protocol}.` +
      (missingScheme ? ` Did you mean http://${url}?` : '')
    )
  }
  if (parsed.username || parsed.password) {
    // RFC 3986 3.2.1: "user:password" in a URL is deprecated; the sandbox would send it to the receiver in clear.
    return (
      'The URL carries credentials (user:password@), which the sandbox does not send. Remove them; to let the ' +
      'receiver check that a delivery is the sandbox\'s, give the subscription a "secret" and verify X-Webhook-Signature.'
    )
  }
  if (isLoopbackHost(parsed.hostname)) return undefined
  const host = normalizedHost(parsed.hostname)
  if (allowedHosts.some((allowed) => normalizedHost(allowed) === host)) return undefined
  return (
    `The sandbox delivers webhooks only to this machine (${LOOPBACK_DESCRIPTION}) and to the hosts given with ` +
    `--webhook-host, and ${host} is neither. To allow it, start the sandbox with --webhook-host ${host}.` +
    (host === '0.0.0.0' ? ' Or deliver to 127.0.0.1, which is where 0.0.0.0 leads.' : '')
  )
}

/** Lower case, IPv6 brackets and one trailing dot (`localhost.` is `localhost`) dropped, so both sides compare alike. */
function normalizedHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
}

/** The URL as typed, shortened, its `user:password@` hidden: a refusal ends up in logs. */
function quoteShort(text: string): string {
  const hidden = text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/?#@]*@/i, '$1…@')
  return JSON.stringify(hidden.length > 120 ? `${hidden.slice(0, 120)}…` : hidden)
}
