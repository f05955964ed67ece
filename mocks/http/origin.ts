import type { SandboxRequest } from './types.ts'

/**
 * SPEC 1, which origins may do what. The sandbox holds every test credential in clear, so a web page the
 * developer happens to visit must neither read nor change it (the class of Vite's CVE-2025-24010):
 * - the emulated API grants CORS to local front ends only (loopback, `*.localhost`, each `--cors-origin`);
 * - the control API and the OAuth pages grant CORS to nobody and refuse a foreign `Origin` outright (403), so a
 *   cross-site simple POST (`/__sandbox/reset`) or a CSRF of the sign-in and consent forms does nothing;
 * - only allowed hosts are served at all (DNS-rebinding defence, as Vite's `server.allowedHosts`).
 */
export interface OriginPolicy {
  /** Extra origins that may call the emulated API (`--cors-origin https://app.example.test`). */
  corsOrigins: readonly string[]
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]'])

/** `localhost`, `*.localhost`, `127.0.0.1`, `[::1]`: names every resolver keeps on this machine (RFC 6761 6.3). */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '')
  return LOOPBACK_NAMES.has(name) || name.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(name)
}

/** Whether the page at `origin` is a local front end (or one the developer named) for the emulated API. */
export function isLocalOrigin(origin: string, policy: OriginPolicy): boolean {
  if (policy.corsOrigins.includes(origin)) return true
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  if (url.origin !== origin) return false
  return isLoopbackName(url.hostname)
}

/** The request's own origin (`http://acme.localhost:4010`): a form the sandbox served posting back to it. */
function isSameOrigin(req: SandboxRequest, origin: string): boolean {
  return origin === `${req.protocol}://${req.host.toLowerCase()}`
}

/** The control API and the OAuth HTML pages: never CORS, never a foreign page (navigations send no Origin). */
export function isProtectedPath(path: string): boolean {
  return path === '/__sandbox' || path.startsWith('/__sandbox/') || path.startsWith('/oauth/authorize')
}

/**
 * Why a request to a protected path comes from a foreign page, or null when it does not: a foreign `Origin`
 * (including `null`, an opaque origin), or `Sec-Fetch-Site: cross-site` without one.
 */
export function foreignCaller(req: SandboxRequest, policy: OriginPolicy): string | null {
  const origin = req.header('origin')
  // Browsers say `Origin: null` for a form of a page with `Referrer-Policy: no-referrer` (the sign-in pages);
  // `Sec-Fetch-Site` is theirs to set, never a page's, and tells that the form was the sandbox's own.
  if (origin === 'null' && req.header('sec-fetch-site') === 'same-origin') return null
  if (origin !== null) {
    if (isLocalOrigin(origin, policy) || isSameOrigin(req, origin)) return null
    return `Origin ${origin.slice(0, 100)}`
  }
  if (req.header('sec-fetch-site') !== 'cross-site') return null
  return isAppRedirectToAuthorize(req, policy) ? null : 'Sec-Fetch-Site: cross-site'
}

/**
 * RFC 6749 4.1.1: the client directs the user-agent to the authorization endpoint, a top-level GET navigation,
 * which carries no Origin and is cross-site from `http://localhost:5173` to `http://acme.localhost:4010` (or to
 * `https://acme.orgo.space` in process). Its initiator is in the Referer (Fetch: a cross-origin navigation sends
 * the origin under the default policy); a local one is the developer's own app.
 */
function isAppRedirectToAuthorize(req: SandboxRequest, policy: OriginPolicy): boolean {
  if (req.method !== 'GET' || req.path !== '/oauth/authorize') return false
  if (req.header('sec-fetch-mode') !== 'navigate' || req.header('sec-fetch-dest') !== 'document') return false
  const referer = req.header('referer')
  if (referer === null || !URL.canParse(referer)) return false
  return isLocalOrigin(new URL(referer).origin, policy)
}

/** The CORS grant for an emulated API answer, or null (no headers: the browser keeps the answer from the page). */
export function corsGrant(req: SandboxRequest, policy: OriginPolicy): string | null {
  if (isProtectedPath(req.path)) return null
  const origin = req.header('origin')
  return origin !== null && isLocalOrigin(origin, policy) ? origin : null
}
