import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { startTestServer, type TestServer } from '../helpers.ts'

/** One request a receiver got: as it arrived, raw body included. */
export interface Received {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: string
  json: Record<string, unknown>
}

/**
 * A real HTTP webhook receiver on a free loopback port. `answer` decides each response (default 200); `next()`
 * waits for the next delivery not yet taken.
 */
export interface Receiver {
  url: string
  received: Received[]
  answer: (request: Received, index: number) => number
  next(timeoutMs?: number): Promise<Received>
  /** Forgets what was received and answers 200 again. */
  reset(): void
  close(): Promise<void>
}

export async function startReceiver(path = '/hooks'): Promise<Receiver> {
  const received: Received[] = []
  let taken = 0
  const waiters: Array<() => void> = []
  const receiver: Receiver = {
    url: '',
    received,
    answer: () => 200,
    async next(timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs
      while (received.length <= taken) {
        if (Date.now() > deadline) throw new Error(`no delivery within ${timeoutMs} ms`)
        await new Promise<void>((resolve) => {
          waiters.push(resolve)
          setTimeout(resolve, 50)
        })
      }
      return received[taken++]!
    },
    reset() {
      received.length = 0
      taken = 0
      receiver.answer = () => 200
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      let json: Record<string, unknown> = {}
      try {
        json = JSON.parse(body) as Record<string, unknown>
      } catch {
        json = {}
      }
      const got: Received = { method: req.method!, path: req.url!, headers: req.headers, body, json }
      received.push(got)
      res.statusCode = receiver.answer(got, received.length - 1)
      res.end('ok')
      for (const wake of waiters.splice(0)) wake()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  receiver.url = `http://127.0.0.1:${port}${path}`
  return receiver
}

/**
 * A test server and a real receiver for a test file: both started once, the sandbox reset and the receiver
 * emptied before each test; `use` is given them when they start.
 */
export function useServerAndReceiver(use: (server: TestServer, receiver: Receiver) => void): void {
  let server: TestServer
  let receiver: Receiver
  beforeAll(async () => {
    server = await startTestServer()
    receiver = await startReceiver()
    use(server, receiver)
  })
  afterAll(async () => {
    await receiver.close()
    await server.close()
  })
  beforeEach(async () => {
    await server.sandbox.reset()
    receiver.reset()
  })
}
