import dns from 'node:dns'

/**
 * `node --import orgo-sandbox/localhost-dns app.mjs`: Node's resolver does not resolve `*.localhost` (getaddrinfo
 * ENOTFOUND globex.localhost), though RFC 6761 6.3 reserves every name under it for loopback and browsers and curl
 * resolve them so. This preload answers `localhost` and `*.localhost` with loopback itself, and leaves every other
 * name to the system, so a Node back end (SSR, a script, a BFF) reaches each tenant at `http://<slug>.localhost:4010`.
 */
const isLocalhost = (name: string) => {
  const host = name.toLowerCase().replace(/\.$/, '')
  return host === 'localhost' || host.endsWith('.localhost')
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void

const original = dns.lookup.bind(dns) as (...args: unknown[]) => void
const originalPromise = dns.promises.lookup.bind(dns.promises)

function loopback(options: dns.LookupOptions): dns.LookupAddress[] {
  const v4 = { address: '127.0.0.1', family: 4 }
  const v6 = { address: '::1', family: 6 }
  if (options.family === 6 || options.family === 'IPv6') return [v6]
  if (options.family === 4 || options.family === 'IPv4') return [v4]
  return [v4, v6]
}

function lookup(hostname: string, ...rest: unknown[]): void {
  const callback = rest.pop() as LookupCallback
  const given = rest[0]
  const options: dns.LookupOptions =
    typeof given === 'number' ? { family: given } : ((given as dns.LookupOptions) ?? {})
  if (!isLocalhost(hostname)) return void original(hostname, ...rest, callback)
  const addresses = loopback(options)
  process.nextTick(() =>
    options.all ? callback(null, addresses) : callback(null, addresses[0]!.address, addresses[0]!.family),
  )
}

;(dns as { lookup: unknown }).lookup = lookup
;(dns.promises as { lookup: unknown }).lookup = async (hostname: string, options: dns.LookupOptions = {}) => {
  if (!isLocalhost(hostname)) return originalPromise(hostname, options)
  const addresses = loopback(typeof options === 'number' ? { family: options } : options)
  return options.all ? addresses : addresses[0]
}
