import { performance } from 'node:perf_hooks'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ControlClient, EndpointsInfo, SandboxState, ScenarioInfo } from '../control-client.ts'
import { createFeedBuffer, type FeedView } from '../feed-buffer.ts'

export interface SandboxView extends FeedView {
  state: SandboxState | null
  scenarios: ScenarioInfo[]
  /** Orgo's operations with their emulation and call counts (the Endpoints pane). */
  endpoints: EndpointsInfo | null
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
    requests: [],
    reqPerSec: 0,
    lastChange: null,
    jwts: {},
    connected: false,
    now: Date.now(),
    error: null,
  })
  const wantFetch = useRef(true)

  useEffect(() => {
    const buffer = createFeedBuffer()
    let snapshot: Pick<SandboxView, 'state' | 'scenarios' | 'endpoints' | 'error'> | undefined
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
      try {
        const [state, scenarios, endpoints] = await Promise.all([
          client.state(),
          client.scenarios(),
          client.endpoints(),
        ])
        snapshot = { state, scenarios, endpoints, error: null }
      } catch (error) {
        const previous = snapshot ?? { state: null, scenarios: [], endpoints: null }
        snapshot = { ...previous, error: (error as Error).message }
      }
      fetching = false
      // A snapshot that took 40 ms waits 200 ms before the next: the dashboard's share of the server stays small.
      nextFetchAt = Date.now() + Math.max(250, 5 * (Date.now() - started))
    }

    const tick = () => {
      followMode()
      const now = Date.now()
      if (buffer.takeStateChanged()) wantFetch.current = true
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
      .requests()
      .then((requests) => !closed && buffer.seed(requests))
      .catch(() => undefined)
    const open = (requests: 'all' | 'count') =>
      client.subscribe(
        {
          onMessage: (message) => buffer.push(message),
          onStatus: (up) => {
            connected = up
            // Whatever happened while the feed was down is only in the snapshot.
            if (up) wantFetch.current = true
            lastFrame = 0
          },
        },
        { requests },
      )
    // Request rows only while some are on screen; otherwise counts (the server then serializes none).
    let mode: 'all' | 'count' = follow.current ? 'all' : 'count'
    let unsubscribe = open(mode)
    const followMode = () => {
      const wanted = follow.current ? 'all' : 'count'
      if (wanted === mode) return
      unsubscribe()
      mode = wanted
      unsubscribe = open(mode)
      if (mode === 'all')
        void client
          .requests()
          .then((requests) => !closed && buffer.seed(requests))
          .catch(() => undefined)
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
    wantFetch.current = true
  }, [])
  return { ...view, refresh }
}
