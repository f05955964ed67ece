import { didYouMean } from './did-you-mean.ts'

/**
 * Where mailed links point (`--app-url`, `appUrl`): the integrator's own front end, which receives
 * `/events/{uuid}/rsvp/{id}?hash=…` and calls the API with the hash. `*` holds the URL for every tenant without
 * its own; `{tenant}` in a URL is replaced by the tenant's slug (`http://{tenant}.localhost:5173`).
 */
export type AppUrls = Record<string, string>

export const ALL_TENANTS = '*'

/** A string is every tenant's URL; an object maps slugs (and `*`) to URLs. Checked at start-up. */
export function resolveAppUrls(input: string | AppUrls | undefined, tenants: readonly string[]): AppUrls {
  if (input === undefined) return {}
  const entries = Object.entries(typeof input === 'string' ? { [ALL_TENANTS]: input } : input)
  const out: AppUrls = {}
  for (const [slug, url] of entries) {
    if (slug !== ALL_TENANTS && !tenants.includes(slug))
      throw new Error(
        `--app-url ${slug}=… (appUrl) names no tenant.${didYouMean(slug, tenants)} Tenants: ${tenants.join(', ')}.`,
      )
    let parsed: URL | undefined
    try {
      parsed = new URL(url.replaceAll('{tenant}', tenants[0] ?? 'acme'))
    } catch {
      parsed = undefined
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.search || parsed.hash)
      throw new Error(
        `--app-url (appUrl) takes an http(s) URL without query or fragment, e.g. http://localhost:5173 or ` +
          `acme=http://localhost:5173/app; got "${url}".`,
      )
    // A trailing slash would double the one the link path starts with.
    out[slug] = url.replace(/\/+$/, '')
  }
  return out
}

/** The base of a tenant's mailed links, or undefined when the sandbox itself answers them. */
export function appUrlFor(urls: AppUrls, slug: string): string | undefined {
  return (urls[slug] ?? urls[ALL_TENANTS])?.replaceAll('{tenant}', slug)
}

/** `--app-url URL` (every tenant) and `--app-url SLUG=URL` (one tenant), repeatable; the last one of a key wins. */
export function parseAppUrlFlags(values: readonly string[]): AppUrls | undefined {
  if (!values.length) return undefined
  const out: AppUrls = {}
  for (const value of values) {
    // `acme=http://…`: a slug, then `=`; a URL's own `=` comes after its `:`, so it never matches here.
    const match = /^([a-z0-9-]+)=(.*)$/.exec(value)
    if (match) out[match[1]!] = match[2]!
    else out[ALL_TENANTS] = value
  }
  return out
}
