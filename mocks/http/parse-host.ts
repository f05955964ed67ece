/** What a Host header names (SPEC 1: the tenant comes only from the Host header). */
export type HostInfo =
  | { kind: 'tenant'; slug: string; hostname: string; base: string | null }
  | { kind: 'platform'; hostname: string; base: string }
  /** A host under a sandbox base domain with no such tenant, or an unrelated host on the standalone server. */
  | { kind: 'unknown'; hostname: string }
  /** Not a sandbox host at all: in-process runtimes let such requests pass through. */
  | { kind: 'foreign'; hostname: string }

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]'])

export interface HostOptions {
  baseDomains: readonly string[]
  defaultTenant: string
  loopbackIsDefaultTenant: boolean
  /** `--allowed-host`: more names served as the default tenant (`.example.test`: that domain and its subdomains). */
  allowedHosts?: readonly string[]
  /** `--tenant-ports`: a loopback host on one of these ports is that tenant (`127.0.0.1:4011` -> globex). */
  tenantPorts?: Readonly<Record<string, string>>
}

/**
 * The name of a Host header (RFC 9110 7.2: `host [ ":" port ]`). A port that is not digits
 * (`acme.localhost:4010@evil.example`) leaves the whole value, which names no sandbox host and is refused.
 */
export function hostnameOf(host: string): string {
  const value = host.trim().toLowerCase()
  const end = value.startsWith('[') ? value.indexOf(']') + 1 : value.lastIndexOf(':')
  if (end <= 0) return value
  const port = value.slice(end)
  if (port !== '' && !/^:\d{1,5}$/.test(port)) return value
  return value.slice(0, end)
}

/** Classifies a Host header; whether the tenant exists is the caller's question (`unknown` vs `tenant`). */
export function parseHost(host: string, options: HostOptions): HostInfo {
  // Clients send a handful of distinct hosts: remember each answer (bounded, per options object).
  let cache = hostCaches.get(options)
  if (!cache) hostCaches.set(options, (cache = new Map()))
  let info = cache.get(host)
  if (!info) {
    if (cache.size > 1000) cache.clear()
    info = classify(host, options)
    cache.set(host, info)
  }
  return info
}

const hostCaches = new WeakMap<HostOptions, Map<string, HostInfo>>()

function isIpLiteral(hostname: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostname) || /^\[[0-9a-f:.]+\]$/i.test(hostname)
}

/** Vite's `server.allowedHosts` form: `example.test` exactly, `.example.test` for it and its subdomains. */
function isAllowed(hostname: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => {
    const name = entry.toLowerCase()
    return name.startsWith('.') ? hostname === name.slice(1) || hostname.endsWith(name) : hostname === name
  })
}

function classify(host: string, options: HostOptions): HostInfo {
  const hostname = hostnameOf(host).replace(/\.$/, '')
  // Addresses cannot be rebound, and the developer named the allowed hosts: both answer as loopback does.
  if (LOOPBACK.has(hostname) || isIpLiteral(hostname) || isAllowed(hostname, options.allowedHosts ?? [])) {
    // The port is part of the host the request arrived on: a tenant's own port names that tenant.
    const port = host.slice(host.lastIndexOf(':') + 1)
    const byPort = options.tenantPorts && /^\d+$/.test(port) ? options.tenantPorts[port] : undefined
    if (byPort !== undefined && options.loopbackIsDefaultTenant)
      return { kind: 'tenant', slug: byPort, hostname, base: null }
    return options.loopbackIsDefaultTenant
      ? { kind: 'tenant', slug: options.defaultTenant, hostname, base: null }
      : { kind: 'foreign', hostname }
  }
  for (const base of options.baseDomains) {
    if (hostname === base) return { kind: 'unknown', hostname }
    if (!hostname.endsWith(`.${base}`)) continue
    const label = hostname.slice(0, -base.length - 1)
    if (label === 'app') return { kind: 'platform', hostname, base }
    if (label.includes('.')) return { kind: 'unknown', hostname }
    return { kind: 'tenant', slug: label, hostname, base }
  }
  return { kind: 'foreign', hostname }
}
