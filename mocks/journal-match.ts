/**
 * The journal's verify helpers (issue 27), WireMock's `verify` in Vitest's words:
 * `sandbox.requests.expect({method: 'POST', path: '/api/v1/contacts', body: {...}}).toHaveBeenCalledTimes(1)`.
 * A failure names the nearest request, so a wrong path or method reads as the typo it is.
 */
import { editDistance } from './did-you-mean.ts'
import type { Exchange, Feed } from './feed.ts'
import type { SandboxRequest } from './http/types.ts'
import {
  globPattern,
  journalView,
  queryObject,
  readJournal,
  targetOf,
  type JournalEntry,
  type JournalFilter,
} from './journal.ts'

/** What `sandbox.requests.find()`, `count()` and `expect()` look for. */
export interface RequestMatch {
  method?: string
  /** The path exactly, or a glob (`/api/v1/contacts/*`). */
  path?: string
  /** Query parameters the URL must carry (others may be there too). */
  query?: Record<string, string | number | boolean>
  /** A subset of the JSON request body: every key given must be there with that value, deeply. */
  body?: unknown
  status?: number
  tenant?: string
}

export function findRequests(feed: Feed, match: RequestMatch): JournalEntry[] {
  const path = match.path === undefined ? undefined : globPattern(match.path)
  return feed
    .exchanges()
    .filter((ex) => misses(ex, match, path) === 0)
    .map(journalView)
}

/** How many parts of the match an exchange fails (0: it matches); the nearest request fails the fewest. */
function misses(ex: Exchange, match: RequestMatch, path: RegExp | undefined): number {
  const { entry } = ex
  let count = 0
  if (match.method !== undefined && entry.method !== match.method.toUpperCase()) count++
  if (path !== undefined && !path.test(entry.path)) count++
  if (match.status !== undefined && entry.status !== match.status) count++
  if (match.tenant !== undefined && entry.tenant !== match.tenant) count++
  if (match.query !== undefined) {
    const query = queryObject(ex.request ? targetOf(ex.request) : entry.path)
    for (const [key, want] of Object.entries(match.query)) {
      const got = query[key]
      if (!(Array.isArray(got) ? got : [got]).includes(String(want))) count++
    }
  }
  if (match.body !== undefined && !containsSubset(parseBody(ex.request), match.body)) count++
  return count
}

function parseBody(req: SandboxRequest | undefined): unknown {
  const text = req?.bodyIfRead?.()
  if (!text) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/** Vitest's toMatchObject rule: objects need the given keys, arrays the same items, other values equality. */
export function containsSubset(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, i) => containsSubset(actual[i], item))
    )
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false
    const record = actual as Record<string, unknown>
    return Object.entries(expected).every(([k, v]) => k in record && containsSubset(record[k], v))
  }
  return Object.is(actual, expected)
}

function describeMatch(match: RequestMatch): string {
  const parts = [match.method?.toUpperCase() ?? '*', match.path ?? '*']
  if (match.query) parts.push(`query ${JSON.stringify(match.query)}`)
  if (match.body !== undefined) parts.push(`body ${JSON.stringify(match.body)}`)
  if (match.status !== undefined) parts.push(`status ${match.status}`)
  if (match.tenant !== undefined) parts.push(`tenant ${match.tenant}`)
  return parts.join(' ')
}

function describeEntry(view: JournalEntry): string {
  const body = view.request.body === null ? '' : ` body ${view.request.body.slice(0, 200)}`
  return `${view.method} ${view.url} -> ${view.status}${body} (request ${view.id})`
}

/** The request closest to the match: fewest failed parts, then the closest method and path; newest wins ties. */
function nearestRequest(feed: Feed, match: RequestMatch): Exchange | undefined {
  let best: { ex: Exchange; score: number } | undefined
  const path = (match.path ?? '').replace(/\*/g, '').slice(0, 100)
  const pattern = match.path === undefined ? undefined : globPattern(match.path)
  for (const ex of feed.exchanges()) {
    const distance = match.path === undefined ? 0 : editDistance(path, ex.entry.path.slice(0, 100))
    const method = match.method !== undefined && ex.entry.method !== match.method.toUpperCase() ? 2 : 0
    const score = misses(ex, match, pattern) * 1000 + distance + method
    if (!best || score <= best.score) best = { ex, score }
  }
  return best?.ex
}

/** `sandbox.requests.expect(match)`: an assertion on how many requests matched, saying what came nearest. */
export function expectRequests(feed: Feed, match: RequestMatch) {
  const check = (ok: (n: number) => boolean, wanted: string) => {
    const found = findRequests(feed, match)
    if (ok(found.length)) return
    let message = `Expected ${wanted} matching ${describeMatch(match)}, got ${found.length}.`
    if (found.length) message += `\nMatched:\n${found.map((v) => `  ${describeEntry(v)}`).join('\n')}`
    else {
      const near = nearestRequest(feed, match)
      message += near
        ? `\nNearest request: ${describeEntry(journalView(near))}`
        : '\nThe journal holds no requests.'
    }
    throw new Error(message)
  }
  return {
    toHaveBeenCalledTimes(times: number) {
      check((n) => n === times, `${times} request${times === 1 ? '' : 's'}`)
    },
    toHaveBeenCalled() {
      check((n) => n > 0, 'a request')
    },
    not: {
      toHaveBeenCalled() {
        check((n) => n === 0, 'no request')
      },
    },
  }
}

export interface RequestJournal {
  /** The journal, oldest first, each request in full; the filters of `GET /__sandbox/requests`. */
  (filter?: JournalFilter): JournalEntry[]
  find(match: RequestMatch): JournalEntry[]
  count(match: RequestMatch): number
  /** `expect({method: 'POST', path: '/api/v1/contacts', body: {...}}).toHaveBeenCalledTimes(1)`. */
  expect(match: RequestMatch): ReturnType<typeof expectRequests>
}

/** `sandbox.requests`: callable as before, with the verify helpers as its properties. */
export function requestJournal(feed: Feed): RequestJournal {
  return Object.assign((filter?: JournalFilter) => readJournal(feed, filter), {
    find: (match: RequestMatch) => findRequests(feed, match),
    count: (match: RequestMatch) => findRequests(feed, match).length,
    expect: (match: RequestMatch) => expectRequests(feed, match),
  })
}
