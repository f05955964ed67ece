/**
 * The request journal (issue 27), like WireMock's: each request in full, method, URL with its query, request
 * and response headers and bodies. The dispatch keeps only references (mocks/feed.ts `Exchange`); the view is
 * built here when someone reads the journal, once per entry, so the hot path never pays for it.
 */
import type { Exchange, Feed, RequestLogEntry } from './feed.ts'
import { badRequest } from './http/errors.ts'
import type { SandboxRequest, SandboxResponse } from './http/types.ts'

/** Each body is shown up to this many bytes; a longer one says `truncated: true` and its full `size`. */
export const JOURNAL_BODY_BYTES = 16 * 1024

export interface JournalMessage {
  /** Header names lower-cased (as HTTP/2 and Fetch write them); a repeated header's values joined by `, `. */
  headers: Record<string, string>
  /**
   * The body as text (its first 16 KiB), `<N bytes>` for a binary one, `<stream>` for server-sent events; null
   * when there is none, or (a request) when the route never read it.
   */
  body: string | null
  /** The full body's length in bytes. */
  size: number
  truncated: boolean
}

export interface JournalEntry extends RequestLogEntry {
  /** The full URL as the client addressed it, query included. */
  url: string
  query: Record<string, string | string[]>
  request: JournalMessage
  response: JournalMessage
}

/** The filters of `GET /__sandbox/requests` and `sandbox.requests()`. */
export interface JournalFilter {
  method?: string
  /** A glob of the path (no query): `*` stands for any run of characters. */
  path?: string
  /** A status (`404`) or a class (`4xx`). */
  status?: string | number
  tenant?: string
  /** ISO 8601: requests at or after it (the sandbox clock's time, as `time` shows). */
  since?: string
  /** The newest N only (still oldest first). */
  limit?: number | string
}

export const JOURNAL_FILTER = ['method', 'path', 'status', 'tenant', 'since', 'limit'] as const

const views = new WeakMap<RequestLogEntry, JournalEntry>()

/** The journal, oldest first, narrowed by `filter`; a bad filter value is a 400 that says what it takes. */
export function readJournal(feed: Feed, filter: JournalFilter = {}): JournalEntry[] {
  const keep = entryFilter(filter)
  const picked = feed.exchanges().filter((ex) => keep(ex.entry))
  const limit = filter.limit === undefined ? undefined : String(filter.limit)
  if (limit !== undefined && !/^[1-9]\d{0,5}$/.test(limit))
    badRequest(`"limit" takes a positive integer; got "${limit.slice(0, 20)}".`)
  return (limit === undefined ? picked : picked.slice(-Number(limit))).map(journalView)
}

/** The view of one exchange, built on first read and kept (its request and response no longer change). */
export function journalView(exchange: Exchange): JournalEntry {
  const known = views.get(exchange.entry)
  if (known) return known
  const { entry, request, response } = exchange
  const target = request ? targetOf(request) : entry.path
  const view: JournalEntry = {
    ...entry,
    url: request ? `${request.protocol}://${request.host}${target}` : target,
    query: queryObject(target),
    request: requestMessage(request),
    response: responseMessage(response),
  }
  views.set(entry, view)
  return view
}

export function targetOf(req: SandboxRequest): string {
  if (req.target) return req.target()
  const search = req.query.toString()
  return search ? `${req.path}?${search}` : req.path
}

export function queryObject(target: string): Record<string, string | string[]> {
  const at = target.indexOf('?')
  const out: Record<string, string | string[]> = {}
  if (at === -1) return out
  for (const [key, value] of new URLSearchParams(target.slice(at + 1))) {
    const had = out[key]
    out[key] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value]
  }
  return out
}

function headerObject(pairs: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of pairs) {
    const key = name.toLowerCase()
    out[key] = key in out ? `${out[key]}, ${value}` : value
  }
  return out
}

function* flatPairs(raw: readonly string[]): Iterable<[string, string]> {
  for (let i = 0; i + 1 < raw.length; i += 2) yield [raw[i]!, raw[i + 1]!]
}

/** Content types shown as text; any other body is shown by its size (a PDF, an image, a zip). */
const TEXTUAL = /^$|^text\/|json|xml|x-www-form-urlencoded|javascript|graphql|event-stream/i

function requestMessage(req: SandboxRequest | undefined): JournalMessage {
  const headers = headerObject(flatPairs(req?.rawHeaders?.() ?? []))
  const text = req?.bodyIfRead?.()
  const declared = Number(headers['content-length'] ?? 0) || 0
  if (text === undefined) return { headers, body: null, size: declared, truncated: false }
  return textMessage(headers, text, TEXTUAL.test(headers['content-type'] ?? ''))
}

function responseMessage(res: SandboxResponse | undefined): JournalMessage {
  const headers = headerObject(Object.entries(res?.headers ?? {}))
  if (!res) return { headers, body: null, size: 0, truncated: false }
  if (res.stream) return { headers, body: '<stream>', size: 0, truncated: false }
  if (res.body === undefined) return { headers, body: null, size: 0, truncated: false }
  if (typeof res.body !== 'string')
    return { headers, body: `<${res.body.byteLength} bytes>`, size: res.body.byteLength, truncated: false }
  return textMessage(headers, res.body, TEXTUAL.test(headers['content-type'] ?? ''))
}

function textMessage(headers: Record<string, string>, text: string, textual: boolean): JournalMessage {
  const { size, cut } = measure(text)
  if (!textual) return { headers, body: `<${size} bytes>`, size, truncated: false }
  if (text === '') return { headers, body: null, size: 0, truncated: false }
  return { headers, body: cut === -1 ? text : text.slice(0, cut), size, truncated: cut !== -1 }
}

/** The UTF-8 length of a text, and where to cut it to stay within the bound (-1: it fits). */
function measure(text: string): { size: number; cut: number } {
  let size = 0
  let cut = -1
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code < 0xdc00 ? 4 : 3
    if (cut === -1 && size + width > JOURNAL_BODY_BYTES) cut = i
    size += width
    if (width === 4) i++ // the low surrogate is counted with the high one
  }
  return { size, cut }
}

/** `*` any run of characters, everything else literal; the whole path must match. */
export function globPattern(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')
  return new RegExp(`^${escaped}$`)
}

function entryFilter(filter: JournalFilter): (entry: RequestLogEntry) => boolean {
  const tests: ((e: RequestLogEntry) => boolean)[] = []
  if (filter.method !== undefined) {
    const method = filter.method.toUpperCase()
    tests.push((e) => e.method === method)
  }
  if (filter.path !== undefined) {
    const pattern = globPattern(filter.path)
    tests.push((e) => pattern.test(e.path))
  }
  if (filter.status !== undefined) {
    const status = String(filter.status).toLowerCase()
    if (!/^[1-5](\d\d|xx)$/.test(status))
      badRequest(`"status" takes a status (404) or a class (4xx); got "${status.slice(0, 20)}".`)
    tests.push((e) =>
      status.endsWith('xx') ? String(e.status)[0] === status[0] : String(e.status) === status,
    )
  }
  if (filter.tenant !== undefined) tests.push((e) => e.tenant === filter.tenant)
  if (filter.since !== undefined) {
    const since = Date.parse(filter.since)
    if (Number.isNaN(since))
      badRequest(`"since" takes an ISO 8601 time (2025-01-31T12:00:00Z); got "${filter.since.slice(0, 40)}".`)
    tests.push((e) => Date.parse(e.time) >= since)
  }
  return (entry) => tests.every((test) => test(entry))
}
