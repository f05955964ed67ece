import type { JournalEntry } from '../mocks/journal.ts'

/** Headers curl writes itself, or that describe this one connection rather than the request. */
const LEFT_TO_CURL = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'accept-encoding',
  'user-agent',
  'transfer-encoding',
])

/** A shell word in single quotes: `'` closes, is escaped, and opens again. */
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`

/**
 * The request of a journal entry as a curl command that sends it again, as browsers' "Copy as cURL" does: the
 * method, the URL as the client addressed it, its headers and its body. A body the journal did not keep whole
 * (past 16 KiB, binary, or never read by the route) is left out, and a trailing comment says so (issue 27).
 */
export function replayCommand(r: JournalEntry): string {
  const parts = ['curl -i']
  if (r.method !== 'GET') parts.push(`-X ${r.method}`)
  for (const [name, value] of Object.entries(r.request.headers))
    if (!LEFT_TO_CURL.has(name)) parts.push(`-H ${quote(`${name}: ${value}`)}`)
  const { body, size, truncated } = r.request
  const whole = body !== null && !truncated && !/^<(\d+ bytes|stream)>$/.test(body)
  if (whole && size > 0) parts.push(`--data-raw ${quote(body)}`)
  parts.push(quote(r.url))
  if (!whole && size > 0)
    parts.push(`# the ${size}-byte body was not kept whole: add it with --data-binary @FILE`)
  return parts.join(' ')
}
