import type { Feed, FeedEvent } from '../feed.ts'
import { HttpError } from '../http/errors.ts'
import { route, type Route } from './route.ts'

/** Past this much batched text a batch goes out at once, so the transport's cap on unread output sees it. */
const FLUSH_AT_CHARS = 64 * 1024

/**
 * Readers of one sandbox's stream at once: each serializes every event, and 1,000 of them cut the API to a
 * twelfth of its throughput (findings N6). A dashboard is one reader; 50 leave room for many tabs and suites.
 */
export const MAX_EVENT_READERS = 50

/** Seconds a refused reader is told to wait (RFC 9110 10.2.3); EventSource's own retry is 1 s. */
const READERS_RETRY_AFTER_SECONDS = 5

// Per feed, not per module: each sandbox of a process has its own readers and its own cap.
const readers = new WeakMap<Feed, number>()

/**
 * `GET /__sandbox/events`: server-sent events (HTML Living Standard 9.2) of requests and state changes, the
 * feed the dashboard reads. `event: request` / `event: state`, one JSON object per `data:` line. With
 * `?requests=count` requests are only counted (reads of the control API not at all): one `event: requests`
 * `{"count", "operations"}` a batch, for a reader that shows no request rows or reads them itself (the
 * dashboard: issue 13, a request it would not show cost the server 7 µs in serializing it).
 */
export const eventStreamRoutes: Route[] = [
  route.get(
    '/__sandbox/events',
    (ctx) => {
      const feed = ctx.core.feed
      if ((readers.get(feed) ?? 0) >= MAX_EVENT_READERS) {
        // RFC 9110 15.6.4: 503 with Retry-After for a temporary overload.
        throw new HttpError(
          503,
          `At most ${MAX_EVENT_READERS} readers of /__sandbox/events at once: close one (a dashboard, an EventSource) or retry in ${READERS_RETRY_AFTER_SECONDS} seconds.`,
          {
            headers: { 'Retry-After': String(READERS_RETRY_AFTER_SECONDS) },
            reason: 'too many event readers',
          },
        )
      }
      return {
        status: 200,
        headers: {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-store',
          Connection: 'keep-alive',
          'X-Accel-Buffering': 'no',
        },
        stream(write) {
          const countOnly = ctx.req.query.get('requests') === 'count'
          let counted = 0
          let operations = 0
          // One socket write per 20 ms, not per event: under load a write per request cost the server most of
          // its throughput (bench/dashboard.ts), and no reader can tell 20 ms apart.
          let pending = ''
          let timer: ReturnType<typeof setTimeout> | undefined
          const flush = () => {
            timer = undefined
            if (counted)
              pending += `event: requests\ndata: {"count":${counted},"operations":${operations}}\n\n`
            counted = operations = 0
            write(pending)
            pending = ''
          }
          const send = (event: FeedEvent) => {
            if (countOnly && event.type === 'request') {
              // The control API's own reads are not counted: a reader that polls on a count never feeds itself.
              const { method, path } = event.entry
              if (method === 'GET' && path.startsWith('/__sandbox/')) return
              counted++
              if (event.entry.emulation) operations++
              timer ??= setTimeout(flush, 20)
              return
            }
            const data = event.type === 'request' ? event.entry : event.change
            pending += `event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`
            // A burst must not pile up here: the server disconnects a reader whose unread output passes 1 MiB
            // (mocks/server.ts, findings L8), and can only tell once the batch is written.
            if (pending.length > FLUSH_AT_CHARS) {
              clearTimeout(timer)
              flush()
            } else timer ??= setTimeout(flush, 20)
          }
          write('retry: 1000\n: connected to orgo-sandbox\n\n')
          // Counted once streaming: a HEAD never starts the stream, so it never holds a place.
          readers.set(feed, (readers.get(feed) ?? 0) + 1)
          const unsubscribe = feed.subscribe(send)
          // A comment line now and then keeps proxies and idle timeouts from closing the stream.
          const ping = setInterval(() => write(': ping\n\n'), 15_000)
          let open = true
          return () => {
            if (!open) return
            open = false
            readers.set(feed, readers.get(feed)! - 1)
            clearTimeout(timer)
            clearInterval(ping)
            unsubscribe()
          }
        },
      }
    },
    'any',
  ),
]
