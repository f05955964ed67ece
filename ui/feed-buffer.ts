import type { RequestLogEntry, StateChange } from '../mocks/feed.ts'
import type { SseMessage } from './sse.ts'

/** What the feed has told the dashboard so far; one of these is drawn per frame. */
export interface FeedView {
  /** Latest requests, newest first, without the dashboard's own reads. */
  requests: RequestLogEntry[]
  reqPerSec: number
  lastChange: StateChange | null
  /** JWTs seen in `jwt.issued` events, by session id: the state snapshot lists sessions, not their JWTs. */
  jwts: Readonly<Record<string, string>>
}

export interface FeedBuffer {
  push(message: SseMessage): void
  /** Requests logged before the feed was opened (`GET /__sandbox/requests`, oldest first). */
  seed(requests: RequestLogEntry[]): void
  /**
   * Whether requests (`requests`) or state changes (`state`) arrived since the last `flush`; `operations`: a
   * request to an operation of Orgo's index arrived (not the dashboard's own reads).
   */
  readonly dirty: { requests: boolean; state: boolean; operations: boolean }
  /** Whether a count-only batch reported requests since the last call: rows to fetch, if they are on screen. */
  takeRequestsArrived(): boolean
  /** Whether a state change arrived since the last call: the snapshot must be fetched again. */
  takeStateChanged(): boolean
  /** Whether a webhook attempt (or a reset) was reported since the last call: the deliveries must be read again. */
  takeWebhooksChanged(): boolean
  flush(now: number): FeedView
}

// The dashboard's own polling; shown in the tail it would drown what the developer did.
const OWN_READS = new Set([
  '/__sandbox/state',
  '/__sandbox/scenarios',
  '/__sandbox/events',
  '/__sandbox/requests',
  '/__sandbox/endpoints',
  '/__sandbox/webhooks/deliveries',
])

const OPERATION_ENTRY = /"emulation":"(?:full|schema|generic)"/

export function isOwnRead(entry: RequestLogEntry): boolean {
  return entry.method === 'GET' && OWN_READS.has(entry.path)
}

/**
 * Collects feed events between frames. Request events stay raw text until a frame needs them and only the
 * last `tail` are ever parsed: under load most requests are counted, never decoded.
 */
export function createFeedBuffer(tail = 200, rateWindowMs = 2000): FeedBuffer {
  let rawRequests: string[] = []
  let counted = 0
  let stateChanged = false
  let webhooksChanged = false
  let requestsArrived = false
  const dirty = { requests: false, state: false, operations: false }
  const buckets: Array<{ at: number; n: number }> = []
  const view: FeedView = { requests: [], reqPerSec: 0, lastChange: null, jwts: {} }

  const addRequests = (entries: RequestLogEntry[]) => {
    const shown = entries.filter((e) => !isOwnRead(e)).reverse()
    view.requests = shown.concat(view.requests).slice(0, tail)
  }

  return {
    push({ event, data }) {
      if (event === 'request') {
        dirty.requests = true
        // Raw text, not parsed: the control API's own entries carry `"emulation":null`.
        if (!dirty.operations && OPERATION_ENTRY.test(data)) dirty.operations = true
        counted++
        rawRequests.push(data)
        if (rawRequests.length > tail * 4) rawRequests = rawRequests.slice(-tail * 2)
        return
      }
      if (event === 'requests') {
        // A count-only feed (no request rows on screen): the rate, and whether the API pane's counts moved.
        try {
          const batch = JSON.parse(data) as { count?: number; operations?: number }
          const count = Number(batch.count) || 0
          counted += count
          if (count > 0) requestsArrived = true
          if (Number(batch.operations) > 0) dirty.operations = true
        } catch {
          // Skipped: the next batch counts again.
        }
        return
      }
      if (event !== 'state') return
      dirty.state = true
      try {
        const change = JSON.parse(data) as StateChange
        view.lastChange = change
        stateChanged = true
        if (change.kind === 'webhook.attempt' || change.kind === 'reset') webhooksChanged = true
        const token = change.data?.token
        const sessionId = change.data?.sessionId
        if (change.kind === 'jwt.issued' && typeof token === 'string' && typeof sessionId === 'string') {
          view.jwts = { ...view.jwts, [sessionId]: token }
        }
        if (change.kind === 'reset') view.jwts = {}
      } catch {
        // A line we cannot read is skipped; the next snapshot fetch brings the truth anyway.
      }
    },
    seed(requests) {
      // The server's log is the whole truth: it replaces what the feed brought (no row twice).
      view.requests = []
      addRequests(requests)
      dirty.requests = true
    },
    get dirty() {
      return dirty
    },
    takeRequestsArrived() {
      const was = requestsArrived
      requestsArrived = false
      return was
    },
    takeStateChanged() {
      const was = stateChanged
      stateChanged = false
      return was
    },
    takeWebhooksChanged() {
      const was = webhooksChanged
      webhooksChanged = false
      return was
    },
    flush(now) {
      // Newest backwards, until the tail is full: older raw lines are never decoded.
      const parsed: RequestLogEntry[] = []
      for (let i = rawRequests.length - 1; i >= 0 && parsed.length < tail; i--) {
        try {
          const entry = JSON.parse(rawRequests[i]!) as RequestLogEntry
          if (!isOwnRead(entry)) parsed.push(entry)
        } catch {
          // Skipped, as above.
        }
      }
      rawRequests = []
      addRequests(parsed.reverse())
      buckets.push({ at: now, n: counted })
      counted = 0
      while (buckets.length && buckets[0]!.at <= now - rateWindowMs) buckets.shift()
      const total = buckets.reduce((sum, b) => sum + b.n, 0)
      dirty.requests = dirty.state = false
      return { ...view, reqPerSec: (total * 1000) / rateWindowMs }
    },
  }
}
