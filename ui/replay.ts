import { curlCommand } from '../mocks/http/curl.ts'
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

/**
 * The request of a journal entry as a curl command that sends it again, as browsers' "Copy as cURL" does: the
 * method, the URL as the client addressed it, its headers and its body. A body the journal did not keep whole
 * (past 16 KiB, binary, or never read by the route) is left out, and a trailing comment says so (issue 27).
 */
export function replayCommand(r: JournalEntry): string {
  const headers = Object.fromEntries(
    Object.entries(r.request.headers).filter(([name]) => !LEFT_TO_CURL.has(name)),
  )
  const { body, size, truncated } = r.request
  const whole = body !== null && !truncated && !/^<(\d+ bytes|stream)>$/.test(body)
  const command = curlCommand({
    method: r.method,
    url: r.url,
    headers,
    body: whole && size > 0 ? body : undefined,
    flags: ['-i'],
  })
  return whole || size === 0
    ? command
    : `${command} # the ${size}-byte body was not kept whole: add it with --data-binary @FILE`
}
