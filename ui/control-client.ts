import type { RequestLogEntry } from '../mocks/feed.ts'
import type { snapshotState } from '../mocks/handlers/control.ts'
import type { shownDelivery } from '../mocks/handlers/control-webhooks.ts'
import type { ScenarioEngine } from '../mocks/scenario-engine.ts'
import { createSseParser, type SseMessage } from './sse.ts'

/** `GET /__sandbox/state` as it arrives over the wire (every field is JSON already). */
export type SandboxState = ReturnType<typeof snapshotState>
/** One entry of `GET /__sandbox/scenarios`: every preset, with its activation when on. */
export type ScenarioInfo = ReturnType<ScenarioEngine['list']>[number]
/** `POST /__sandbox/scenarios/{name}`'s body: where the scenario applies and its options. */
export interface ScenarioSettings {
  tenant?: string | null
  path?: string | null
  options?: Record<string, unknown>
}
/** One webhook delivery of `GET /__sandbox/webhooks/deliveries`: its envelope parsed, its attempts, `nextAt` ISO. */
export type DeliveryInfo = ReturnType<typeof shownDelivery>

/** One operation of `GET /__sandbox/endpoints`: Orgo's index, how it is emulated, how often it was called. */
export interface EndpointInfo {
  method: string
  path: string
  operationId: string
  tag: string
  emulation: 'full' | 'schema' | 'generic' | 'none'
  public: boolean
  permissions: string[]
  calls: number
}

export interface EndpointsInfo {
  total: number
  full: number
  generic: number
  none: number
  public: number
  calls: number
  operations: EndpointInfo[]
  /** The Authentication page's own endpoints (login, OTP, refresh), outside Orgo's index and its counts. */
  authPage?: EndpointInfo[]
}

export interface FeedHandlers {
  onMessage(message: SseMessage): void
  onStatus?(connected: boolean): void
}

/** Everything the dashboard reads or does, through the public control API (SPEC 10) and nothing else. */
export interface ControlClient {
  readonly baseUrl: string
  state(): Promise<SandboxState>
  scenarios(): Promise<ScenarioInfo[]>
  /** The request log, oldest first; `limit`: only the newest that many. */
  requests(limit?: number): Promise<RequestLogEntry[]>
  endpoints(): Promise<EndpointsInfo>
  /** On (with `settings`: the control API's body, its narrowing and options) or off. */
  setScenario(name: string, on: boolean, settings?: ScenarioSettings): Promise<void>
  reset(): Promise<void>
  advanceClock(duration: string): Promise<void>
  /**
   * Webhook deliveries, newest first, and sending one again (a new attempt). Optional: a client that knows no
   * webhooks leaves the Webhooks pane empty and `s` says so.
   */
  deliveries?(): Promise<DeliveryInfo[]>
  resendDelivery?(id: string): Promise<DeliveryInfo>
  /**
   * Opens `GET /__sandbox/events` and reconnects whenever it drops, until the returned function is called.
   * `requests: 'count'`: requests arrive as counts only (`event: requests`), for a screen that shows none.
   */
  subscribe(handlers: FeedHandlers, options?: { requests?: 'all' | 'count' }): () => void
}

/** The detail of the sandbox's error envelope (or OAuth's `error_description`), so a failed key says why. */
async function failure(res: Response, what: string): Promise<Error> {
  const text = await res.text().catch(() => '')
  let detail = text.slice(0, 200)
  try {
    const body = JSON.parse(text) as { detail?: string; error_description?: string }
    detail = body.detail ?? body.error_description ?? detail
  } catch {
    // Not JSON: the raw text is the best explanation there is.
  }
  return new Error(`${what}: ${res.status}${detail ? ` ${detail}` : ''}`)
}

export function createControlClient(baseUrl: string): ControlClient {
  const base = baseUrl.replace(/\/$/, '')
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const res = await fetch(`${base}/__sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!res.ok) throw await failure(res, `${method} /__sandbox${path}`)
    return res
  }
  const read = async <T>(path: string): Promise<T> => (await call('GET', path)).json() as Promise<T>

  return {
    baseUrl: base,
    state: () => read('/state'),
    scenarios: () => read('/scenarios'),
    requests: (limit) => read(limit === undefined ? '/requests' : `/requests?limit=${limit}`),
    endpoints: () => read('/endpoints'),
    async setScenario(name, on, settings) {
      await call(on ? 'POST' : 'DELETE', `/scenarios/${encodeURIComponent(name)}`, on ? settings : undefined)
    },
    async reset() {
      await call('POST', '/reset')
    },
    async advanceClock(duration) {
      await call('POST', '/clock', { advance: duration })
    },
    deliveries: () => read('/webhooks/deliveries'),
    async resendDelivery(id) {
      return (await call('POST', `/webhooks/deliveries/${encodeURIComponent(id)}/resend`)).json()
    },
    subscribe(handlers, options = {}) {
      const query = options.requests === 'count' ? '?requests=count' : ''
      const abort = new AbortController()
      let retryMs = 1000
      const connect = async () => {
        while (!abort.signal.aborted) {
          const parser = createSseParser(handlers.onMessage)
          try {
            const res = await fetch(`${base}/__sandbox/events${query}`, {
              headers: { Accept: 'text/event-stream' },
              signal: abort.signal,
            })
            if (!res.ok || !res.body) throw new Error(`event feed answered ${res.status}`)
            handlers.onStatus?.(true)
            const decoder = new TextDecoder()
            const reader = res.body.getReader()
            for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
              parser.push(decoder.decode(chunk.value, { stream: true }))
            }
          } catch {
            // Dropped or refused: fall through to the retry delay below, unless we were closed.
          }
          retryMs = parser.retryMs ?? retryMs
          if (abort.signal.aborted) return
          handlers.onStatus?.(false)
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, retryMs)
            abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
          })
        }
      }
      void connect()
      return () => abort.abort()
    },
  }
}
