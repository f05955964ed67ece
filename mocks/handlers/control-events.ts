import type { FeedEvent } from '../feed.ts'
import { route, type Route } from './route.ts'

/**
 * `GET /__sandbox/events`: server-sent events (HTML Living Standard 9.2) of requests and state changes, the
 * feed the dashboard reads. `event: request` / `event: state`, one JSON object per `data:` line.
 */
export const eventStreamRoutes: Route[] = [
  route.get(
    '/__sandbox/events',
    (ctx) => ({
      status: 200,
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      },
      stream(write) {
        const send = (event: FeedEvent) => {
          const data = event.type === 'request' ? event.entry : event.change
          write(`event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`)
        }
        write('retry: 1000\n: connected to orgo-sandbox\n\n')
        const unsubscribe = ctx.core.feed.subscribe(send)
        // A comment line now and then keeps proxies and idle timeouts from closing the stream.
        const ping = setInterval(() => write(': ping\n\n'), 15_000)
        return () => {
          clearInterval(ping)
          unsubscribe()
        }
      },
    }),
    'any',
  ),
]
