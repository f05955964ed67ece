// A request as a curl command a person can paste: the demo prints each step's so (demo/curl.ts), the dashboard
// copies a journal entry's (ui/replay.ts).

/** POSIX shell single-quoting: safe to paste whatever the value holds. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}

export interface CurlRequest {
  method: string
  url: string
  headers: Record<string, string>
  /** Sent as is with `--data-raw`; none when undefined. */
  body?: string
  /** Flags after `curl` (`-i`, `-sS`). */
  flags: readonly string[]
}

/** The request as a curl command; `-X` only where curl would not pick the method itself. */
export function curlCommand(req: CurlRequest): string {
  const parts = ['curl', ...req.flags]
  if (req.method !== 'GET' || req.body !== undefined) parts.push('-X', req.method)
  for (const [name, value] of Object.entries(req.headers)) parts.push('-H', shellQuote(`${name}: ${value}`))
  if (req.body !== undefined) parts.push('--data-raw', shellQuote(req.body))
  // curl reads [] and {} in a URL as globs (order[id]=desc): turn that off.
  if (/[[\]{}]/.test(req.url)) parts.push('-g')
  parts.push(shellQuote(req.url))
  return parts.join(' ')
}
