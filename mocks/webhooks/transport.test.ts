import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { HttpResponse, http as mswHttp } from 'msw'
import { setupServer } from 'msw/node'
import { afterEach, describe, expect, it } from 'vitest'
import { MAX_RESPONSE_BYTES, type DeliveryRequest, type Transport } from './transport.ts'
import { fetchTransport } from './transport-fetch.ts'
import { nodeTransport } from './transport-node.ts'

// Real receivers: node:http servers on loopback, port 0. Each records what reached it, byte for byte.
interface Received {
  method: string
  path: string
  rawHeaders: string[]
  body: Buffer
  remoteAddress: string | undefined
}
type Answer = (request: http.IncomingMessage, response: http.ServerResponse) => void

const servers: http.Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

async function startReceiver(answer: Answer, host = '127.0.0.1') {
  const received: Received[] = []
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const { method = '', url = '', rawHeaders } = request
      received.push({
        method,
        path: url,
        rawHeaders,
        body: Buffer.concat(chunks),
        remoteAddress: request.socket.remoteAddress,
      })
      answer(request, response)
    })
  })
  servers.push(server)
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve))
  const { port } = server.address() as AddressInfo
  return { port, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, received }
}

/** A port nothing listens on: bound by the system, then released. */
async function closedPort(): Promise<number> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Writes until the client hangs up; resolves once it has. */
function endlessBody(response: http.ServerResponse): Promise<void> {
  const chunk = Buffer.alloc(16 * 1024, 'a')
  const pump = () => {
    while (!response.destroyed && response.write(chunk));
    if (!response.destroyed) response.once('drain', pump)
  }
  response.writeHead(200, { 'Content-Type': 'text/plain' })
  pump()
  return new Promise((resolve) => response.once('close', resolve))
}

const body =
  '{"id":"wh_evt_1","event":"user.created","object":{"name":"Zoë","url":"/api/v1/users/1","emoji":"😀"}}'
const webhookHeaders = {
  'Content-Type': 'application/json',
  'User-Agent': 'OrgoWebhook/1.0',
  'X-Webhook-Event': 'user.created',
  'X-Webhook-Delivery': 'whd_1',
  'X-Webhook-Timestamp': '1735689600',
  'X-Webhook-Signature': '38f541f8',
}
const delivery = (url: string, timeoutMs = 5000): DeliveryRequest => ({
  url,
  headers: webhookHeaders,
  body,
  timeoutMs,
})
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe.each([
  ['nodeTransport', nodeTransport],
  ['fetchTransport', fetchTransport],
] as [string, Transport][])('%s', (_, transport) => {
  it('POSTs the exact body bytes and headers, and returns a 2xx with its headers and body', async () => {
    const receiver = await startReceiver((_, response) => {
      response.writeHead(201, { 'Content-Type': 'application/json', 'X-Receiver': 'yes' }).end('{"ok":true}')
    })
    const result = await transport(delivery(`${receiver.url}/hooks?tenant=acme`))
    expect(result).toMatchObject({ status: 201, body: '{"ok":true}' })
    expect(result.headers).toMatchObject({ 'content-type': 'application/json', 'x-receiver': 'yes' })
    expect(result.error).toBeUndefined()
    expect(result.durationMs).toBeGreaterThanOrEqual(0)
    expect(receiver.received).toHaveLength(1)
    const [request] = receiver.received
    expect(request).toMatchObject({ method: 'POST', path: '/hooks?tenant=acme' })
    expect(request!.body.equals(Buffer.from(body, 'utf8'))).toBe(true)
    const headers = headerRecord(request!.rawHeaders)
    expect(headers).toMatchObject(lowerCaseKeys(webhookHeaders))
    expect(headers['content-length']).toBe(String(Buffer.byteLength(body)))
  })

  it('returns a 500 as a result, not an error', async () => {
    const receiver = await startReceiver((_, response) => response.writeHead(500).end('boom'))
    const result = await transport(delivery(receiver.url))
    expect(result).toMatchObject({ status: 500, body: 'boom' })
    expect(result.error).toBeUndefined()
  })

  it('gives up on a receiver that never answers after the timeout', async () => {
    const receiver = await startReceiver(() => {})
    const result = await transport(delivery(receiver.url, 200))
    expect(result).toMatchObject({ status: null, body: '', error: 'timeout after 200 ms' })
    expect(result.durationMs).toBeGreaterThanOrEqual(190)
    expect(result.durationMs).toBeLessThan(2000)
    expect(receiver.received).toHaveLength(1)
  })

  it('times out a response whose body never ends, keeping what arrived', async () => {
    const receiver = await startReceiver((_, response) => response.writeHead(200).write('partial'))
    const result = await transport(delivery(receiver.url, 300))
    expect(result).toMatchObject({ status: null, body: 'partial', error: 'timeout after 300 ms' })
  })

  it('does not follow a redirect: the 302 is the result and its target gets nothing', async () => {
    const target = await startReceiver((_, response) => response.end('moved here'))
    const redirecting = await startReceiver((_, response) =>
      response.writeHead(302, { Location: `${target.url}/elsewhere` }).end(),
    )
    const result = await transport(delivery(redirecting.url))
    expect(result).toMatchObject({ status: 302, headers: { location: `${target.url}/elsewhere` } })
    await pause(100)
    expect(target.received).toEqual([])
  })

  it('reports a refused connection as an error with no status', async () => {
    const result = await transport(delivery(`http://127.0.0.1:${await closedPort()}/`))
    expect(result).toMatchObject({ status: null, body: '' })
    expect(result.error).toMatch(/ECONNREFUSED 127\.0\.0\.1:\d+/)
  })

  it(`keeps ${MAX_RESPONSE_BYTES} bytes of an endless body and hangs up`, async () => {
    let hungUp: Promise<void> | undefined
    const receiver = await startReceiver((_, response) => (hungUp = endlessBody(response)))
    const result = await transport(delivery(receiver.url))
    expect(result).toMatchObject({ status: 200, body: 'a'.repeat(MAX_RESPONSE_BYTES) })
    expect(result.error).toBeUndefined()
    await hungUp
  })

  it('reports a TLS failure as an error: https:// to a plain-http receiver', async () => {
    const receiver = await startReceiver((_, response) => response.end())
    const result = await transport(delivery(receiver.url.replace('http:', 'https:')))
    expect(result).toMatchObject({ status: null, body: '' })
    expect(result.error).toMatch(/wrong version number/)
  })

  it('never throws, whatever the URL', async () => {
    for (const url of ['not a url', 'ftp://127.0.0.1/x']) {
      const result = await transport(delivery(url))
      expect(result.status).toBeNull()
      expect(result.error).toEqual(expect.any(String))
    }
  })
})

describe('nodeTransport only', () => {
  it("is not answered by MSW's setupServer, which wraps fetch and http.request in process", async () => {
    const receiver = await startReceiver((_, response) => response.end('from the receiver'))
    const msw = setupServer(mswHttp.all('*', () => HttpResponse.text('from MSW')))
    msw.listen({ onUnhandledRequest: 'error' })
    try {
      const result = await nodeTransport(delivery(`${receiver.url}/x`))
      expect(result).toMatchObject({ status: 200, body: 'from the receiver' })
      expect(receiver.received).toHaveLength(1)
    } finally {
      msw.close()
    }
  })

  it('sends exactly the given headers, then Content-Length, Host and Connection: close', async () => {
    const receiver = await startReceiver((_, response) => response.end())
    await nodeTransport(delivery(`${receiver.url}/x`))
    expect(receiver.received[0]!.rawHeaders).toEqual([
      ...Object.entries(webhookHeaders).flat(),
      'Content-Length',
      String(Buffer.byteLength(body)),
      'Host',
      `127.0.0.1:${receiver.port}`,
      'Connection',
      'close',
    ])
  })

  it('connects http://hooks.localhost:PORT to 127.0.0.1, keeping the Host header', async () => {
    const receiver = await startReceiver((_, response) => response.end('hi'))
    const result = await nodeTransport(delivery(`http://hooks.localhost:${receiver.port}/x`))
    expect(result).toMatchObject({ status: 200, body: 'hi' })
    expect(receiver.received[0]).toMatchObject({ path: '/x', remoteAddress: '127.0.0.1' })
    expect(headerRecord(receiver.received[0]!.rawHeaders).host).toBe(`hooks.localhost:${receiver.port}`)
  })

  it('reaches a receiver listening on ::1 only through localhost', async (context) => {
    const receiver = await startReceiver((_, response) => response.end('v6'), '::1').catch(() => undefined)
    if (!receiver) return context.skip()
    const result = await nodeTransport(delivery(`http://localhost:${receiver.port}/`))
    expect(result).toMatchObject({ status: 200, body: 'v6' })
  })

  it('reports a receiver that hangs up mid-response as an error', async () => {
    const receiver = await startReceiver((request, response) => {
      response.writeHead(200, { 'Content-Length': '100' }).write('half')
      setTimeout(() => request.socket.destroy(), 20)
    })
    const result = await nodeTransport(delivery(receiver.url))
    expect(result).toMatchObject({ status: null, body: 'half' })
    expect(result.error).toEqual(expect.any(String))
  })
})

function headerRecord(rawHeaders: string[]): Record<string, string> {
  const record: Record<string, string> = {}
  for (let i = 0; i < rawHeaders.length; i += 2) record[rawHeaders[i]!.toLowerCase()] = rawHeaders[i + 1]!
  return record
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))
}
