import { performance } from 'node:perf_hooks'
import { useCallback, useEffect, useRef, useState } from 'react'
import type {
  ControlClient,
  DeliveryInfo,
  EndpointsInfo,
  SandboxState,
  ScenarioInfo,
} from '../control-client.ts'
import { createFeedBuffer, type FeedView } from '../feed-buffer.ts'

export interface SandboxView extends FeedView {
  state: SandboxState | null
  scenarios: ScenarioInfo[]
  /** Orgo's operations with their emulation and call counts (the Endpoints pane). */
  endpoints: EndpointsInfo | null
  /** Webhook deliveries, newest first (the Webhooks pane): read again after each attempt the feed reports. */
  deliveries: DeliveryInfo[]
  connected: boolean
  /** Wall-clock time of this frame; countdowns add the sandbox clock's offset to it. */
  now: number
  /** Why the last snapshot fetch failed, if it did. */
  error: string | null
}

export interface SandboxFeedOptions {
  /** Frame interval: at most 1000/frameMs redraws a second, however fast events arrive. */
  frameMs?: number
  /** Idle redraw interval, for countdowns and the req/s figure to move. */
  idleMs?: number
  /** Whether requests are on screen; when not, a request alone never costs a frame under load. */
  followRequests?: boolean
  /** Whether the Endpoints pane is on screen: requests then refresh its call counts (spaced like snapshots). */
  followEndpoints?: boolean
}

/** Request rows kept for the Requests pane and the tail, as the feed buffer keeps. */
const REQUEST_ROWS = 200

/**
 * Reads the sandbox the way any client can: the snapshot endpoints once and after each state change, the
 * event feed in between. Events are batched into frames; snapshot fetches are spaced out by their own cost,
 * so a storm of logins never has the dashboard hammering `/__sandbox/state`.
 */
export function useSandbox(
  client: ControlClient,
  { frameMs = 100, idleMs = 1000, followRequests = true, followEndpoints = false }: SandboxFeedOptions = {},
): SandboxView & { refresh(): void } {
  // Read by the timer on every tick: switching panes must not reopen the feed.
  const follow = useRef(followRequests)
  follow.current = followRequests
  const followCalls = useRef(followEndpoints)
  followCalls.current = followEndpoints
  const [view, setView] = useState<SandboxView>({
    state: null,
    scenarios: [],
    endpoints: null,
    deliveries: [],
    requests: [],
    reqPerSec: 0,
    lastChange: null,
    jwts: {},
    connected: false,
    now: Date.now(),
    error: null,
  })
  const wantFetch = useRef(true)
  // Read with a snapshot only when an attempt was made: the list carries every envelope and attempt in full.
  const wantDeliveries = useRef(true)

  useEffect(() => {
    const buffer = createFeedBuffer()
    let snapshot:
      | (Pick<SandboxView, 'state' | 'scenarios' | 'endpoints' | 'error'> & { deliveries?: DeliveryInfo[] })
      | undefined
    let connected = false
    let fetching = false
    let nextFetchAt = 0
    let lastFrame = 0
    let closed = false
    let loop = performance.eventLoopUtilization()
    let busy = false

    const fetchSnapshot = async () => {
      fetching = true
      const started = Date.now()
      const withDeliveries = wantDeliveries.current && client.deliveries !== undefined
      wantDeliveries.current = false
      try {
        const [state, scenarios, endpoints, deliveries] = await Promise.all([
          client.state(),
          client.scenarios(),
          client.endpoints(),
          withDeliveries ? client.deliveries!() : undefined,
        ])
        snapshot = { state, scenarios, endpoints, error: null, ...(deliveries ? { deliveries } : {}) }
      } catch (error) {
        if (withDeliveries) wantDeliveries.current = true
        const previous = snapshot ?? { state: null, scenarios: [], endpoints: null }
        snapshot = { ...previous, error: (error as Error).message }
      }
      fetching = false
      // A snapshot that took 40 ms waits 200 ms before the next: the dashboard's share of the server stays small.
      nextFetchAt = Date.now() + Math.max(250, 5 * (Date.now() - started))
    }

    const tick = () => {
      readRows()
      const now = Date.now()
      if (buffer.takeStateChanged()) wantFetch.current = true
      if (buffer.takeWebhooksChanged()) wantDeliveries.current = true
      if (buffer.dirty.operations) {
        buffer.dirty.operations = false
        if (followCalls.current) wantFetch.current = true
      }
      if (wantFetch.current && !fetching && now >= nextFetchAt) {
        wantFetch.current = false
        void fetchSnapshot()
      }
      // A saturated event loop is the server at its limit: the request tail then moves 2.5 times a second.
      const requestsDue = buffer.dirty.requests && follow.current && (!busy || now - lastFrame >= 4 * frameMs)
      if (!buffer.dirty.state && !snapshot && !requestsDue && now - lastFrame < idleMs) return
      const sinceLast = performance.eventLoopUtilization(loop)
      loop = performance.eventLoopUtilization()
      busy = sinceLast.utilization > 0.9
      lastFrame = now
      const feed = buffer.flush(now)
      const fresh = snapshot
      snapshot = undefined
      setView((prev) => ({ ...prev, ...feed, ...fresh, connected, now }))
    }

    void client
      .requests(REQUEST_ROWS)
      .then((requests) => !closed && buffer.seed(requests))
      .catch(() => undefined)
    // Requests arrive as counts (the server serializes none for the feed); the rows on screen are read from
    // the request log when counts say there are new ones, spaced by the read's own cost like the snapshots.
    const unsubscribe = client.subscribe(
      {
        onMessage: (message) => buffer.push(message),
        onStatus: (up) => {
          connected = up
          // Whatever happened while the feed was down is only in the snapshot.
          if (up) wantFetch.current = wantDeliveries.current = true
          lastFrame = 0
        },
      },
      { requests: 'count' },
    )
    let wantRows = false
    let reading = false
    let nextReadAt = 0
    let followed = follow.current
    const readRows = () => {
      if (follow.current && !followed) wantRows = true
      followed = follow.current
      if (buffer.takeRequestsArrived() && follow.current) wantRows = true
      const now = Date.now()
      if (!wantRows || reading || now < nextReadAt) return
      wantRows = false
      reading = true
      const started = now
      void client
        .requests(REQUEST_ROWS)
        .then((requests) => !closed && buffer.seed(requests))
        .catch(() => undefined)
        .finally(() => {
          reading = false
          // A saturated server gets a read 2.5 times a second at most, as the frames it would feed.
          const spacing = busy ? 4 * frameMs : frameMs
          nextReadAt = Date.now() + Math.max(spacing, 5 * (Date.now() - started))
        })
    }
    const timer = setInterval(tick, frameMs)
    tick()
    return () => {
      closed = true
      clearInterval(timer)
      unsubscribe()
    }
  }, [client, frameMs, idleMs])

  const refresh = useCallback(() => {
    wantFetch.current = wantDeliveries.current = true
  }, [])
  return { ...view, refresh }
}
