import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { render } from 'ink-testing-library'
import { createElement } from 'react'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { HttpError } from '../mocks/http/errors.ts'
import { terminalSafe } from '../mocks/http/terminal-safe.ts'
import { mergePatch } from '../mocks/http/validate.ts'
import { globMatcher } from '../mocks/scenario-engine.ts'
import { DetailView } from '../ui/components/DetailView.tsx'
import { Table } from '../ui/components/Table.tsx'
import { formatChange, formatRequestLine } from '../ui/format.ts'
import { rawCall, startTestServer, type CallResult, type TestServer } from './helpers.ts'

/** Issue 12, "Bad input, bounded": one test per finding of ../shared/security/findings.md, named after it. */
let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
beforeEach(() => s.sandbox.reset())

const rw = () => ({ 'Api-Token': s.tokens('acme').rw })
const envelope = (r: CallResult) => ({ status: r.status, body: r.json })
const bad = (detail: string) => ({ status: 400, body: { title: 'Bad Request', detail, status: 400 } })
/** `{"a":{"a":...1...}}`, `levels` objects deep. */
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`
// What must never reach a terminal raw: C0 but \n and \t, DEL, C1.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g
const TOO_DEEP =
  'Maximum stack depth exceeded: the request body nests arrays and objects deeper than 512 levels.'

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

describe('H4, M7: deep JSON', () => {
  it('H4: a body nested deeper than 512 levels is a 400 at parse time and nothing is stored', async () => {
    const contacts = () => s.sandbox.tenant('acme')!.contacts.all().length
    const before = contacts()
    const post = (body: string) =>
      s.call({
        method: 'POST',
        path: '/api/v1/contacts',
        headers: { ...rw(), 'Content-Type': 'application/json' },
        body,
      })
    // 1 level for the body, 512 for `x`: json_decode's limit, one past it.
    expect(envelope(await post(`{"email":"deep@acme.test","x":${nested(512)}}`))).toEqual(bad(TOO_DEEP))
    // 2,000 levels in 12 KB is what bricked `--db`; 200,000 `[` is a whole 400 KB body of openers.
    expect(envelope(await post(`{"x":${nested(2000)}}`))).toEqual(bad(TOO_DEEP))
    expect(envelope(await post('['.repeat(200_000)))).toEqual(bad(TOO_DEEP))
    // Brackets inside strings are text, not nesting, escaped quotes included.
    const text = `${'['.repeat(600)}"${'{'.repeat(600)}`
    expect((await post(JSON.stringify({ email: 'brackets@acme.test', x: text }))).status).toBe(201)
    // Exactly 512 levels parses; whatever the handler does with it, nothing after it breaks.
    expect((await post(`{"email":"edge@acme.test","x":${nested(511)}}`)).status).toBeLessThan(500)
    expect(contacts()).toBe(before + 2)
    expect((await s.call({ method: 'POST', path: '/__sandbox/snapshots' })).status).toBe(201)
    expect((await s.call({ path: '/api/v1/contacts', headers: rw() })).status).toBe(200)
    expect(() => JSON.stringify(s.sandbox.tenant('acme')!.contacts.all())).not.toThrow()
    // The login firewall decodes the same way and answers as json_login does.
    const login = await s.call({
      method: 'POST',
      path: '/api/v1/login-check',
      headers: { 'Content-Type': 'application/json' },
      body: `{"username":"member@acme.test","password":"password","x":${nested(600)}}`,
    })
    expect(envelope(login)).toEqual(bad('Invalid JSON.'))
  })

  it('H4: a json-server collection never stores a value its --db file could not load again', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'orgo-deep-')), 'db.json')
    writeFileSync(file, JSON.stringify({ posts: [{ id: 1, title: 'Hello' }] }))
    const db = await startTestServer({ dbFile: file })
    try {
      const headers = { 'Api-Token': db.tokens('acme').rw, 'Content-Type': 'application/json' }
      const post = (body: string) => db.call({ method: 'POST', path: '/api/v1/posts', headers, body })
      expect(envelope(await post(`{"title":"deep","x":${nested(5000)}}`))).toEqual(bad(TOO_DEEP))
      expect((await post(`{"title":"edge","x":${nested(511)}}`)).status).toBe(201)
      // Stored at the limit, the collection still serializes, snapshots and saves.
      expect((await db.call({ path: '/api/v1/posts', headers })).status).toBe(200)
      expect((await db.call({ method: 'POST', path: '/__sandbox/snapshots' })).status).toBe(201)
    } finally {
      await db.close()
    }
  })

  it('M7: a deep merge patch is a 400 in the envelope, never a 500', async () => {
    const id = s.sandbox.tenant('acme')!.contacts.all()[0]!.id
    for (const levels of [5000, 100_000]) {
      const res = await s.call({
        method: 'PATCH',
        path: `/api/v1/contacts/${id}`,
        headers: { ...rw(), 'Content-Type': 'application/merge-patch+json' },
        body: `{"x":${nested(levels)}}`,
      })
      expect(envelope(res)).toEqual(bad(TOO_DEEP))
    }
    // mergePatch itself is bounded for any caller: a patch built in memory, past the stack's reach.
    let deep: Record<string, unknown> = { a: 1 }
    for (let i = 0; i < 20_000; i++) deep = { a: deep }
    let thrown: unknown
    try {
      mergePatch({}, deep)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(HttpError)
    expect((thrown as HttpError).status).toBe(400)
    expect(mergePatch({ a: { b: 1, c: 2 } }, { a: { b: null, d: 3 } })).toEqual({ a: { c: 2, d: 3 } })
  })
})

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
    const cli = spawn(process.execPath, ['bin/sandbox.js', '--port', '0', '--no-ui'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    cli.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const seen = async (pattern: RegExp) => {
      for (let waited = 0; waited < 15_000; waited += 50) {
        const match = pattern.exec(out)
        if (match) return match
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      throw new Error(`no ${pattern} in:\n${out}`)
    }
    try {
      const port = Number((await seen(/listening on http:\/\/127\.0\.0\.1:(\d+)/))[1])
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
      expect(out).not.toMatch(RAW_CONTROL)
    } finally {
      cli.kill()
    }
  }, 30_000)
})

const GLOBS: Array<[string, string, boolean]> = [
  ['/api/v1/events*', '/api/v1/events', true],
  ['/api/v1/events*', '/api/v1/events/1', true],
  ['/api/v1/events*', '/api/v1/event', false],
  ['/api/v1/events*', '/x/api/v1/events', false],
  ['/api/*/a**b', '/api/v1/ab', true],
  ['/api/*/a**b', '/api//a/xb', true],
  ['/api/*/a**b', '/api/v1/ba', false],
  ['/a*a', '/a', false],
  ['/a.b?', '/a.b?', true],
  ['/a.b?', '/axb', false],
]

describe('M2: scenario path globs', () => {
  it('M2: a glob of stars matches in linear time', async () => {
    const glob = `/${'*'.repeat(150)}x`
    const res = await s.call({
      method: 'POST',
      path: '/__sandbox/scenarios/server-error',
      body: { path: glob },
    })
    expect(res.status).toBe(201)
    const started = performance.now()
    const probe = await s.call({ path: `/api/v1/${'a'.repeat(2000)}`, headers: rw() })
    expect(probe.status).toBe(404) // not matched: no trailing x
    expect((await s.call({ path: '/api/v1/mex', headers: rw() })).status).toBe(500)
    // The backtracking regex took 2.8 s at 7 stars and 50 characters; this is 150 stars and 2,000.
    expect(performance.now() - started).toBeLessThan(1000)
    // Today's semantics: `*` is any run (none included), everything else literal.
    for (const [glob, path, hit] of GLOBS)
      expect([glob, path, globMatcher(glob)(path)]).toEqual([glob, path, hit])
    const long = await s.call({
      method: 'POST',
      path: '/__sandbox/scenarios/server-error',
      body: { path: `/${'a'.repeat(200)}` },
    })
    expect(envelope(long)).toEqual(bad('The path pattern may be at most 200 characters long; got 201.'))
  })
})

describe('M3: every option bounded', () => {
  const on = (name: string, body: object) =>
    s.call({ method: 'POST', path: `/__sandbox/scenarios/${name}`, body })

  it('M3: scenario options past their bound are a 400 that names it, and nothing switches on', async () => {
    // [scenario, option, value, detail after `Option "<option>" of "<scenario>" `]
    const cases: Array<[string, string, unknown, string]> = [
      ['large-tenant', 'contacts', 1_000_001, 'must be at most 1,000,000; got 1000001.'],
      ['large-tenant', 'contacts', 1e8, 'must be at most 1,000,000; got 100000000.'],
      ['large-tenant', 'contacts', 2.5, 'must be a whole number; got 2.5.'],
      ['slow-network', 'latencyMs', 2 ** 31 - 1, 'must be at most 60,000; got 2147483647.'],
      ['flaky', 'rate', 1.5, 'must be at most 1; got 1.5.'],
      ['maintenance', 'retryAfter', 1e6, 'must be at most 86,400; got 1000000.'],
      ['rate-limited', 'retryAfter', 1.5, 'must be a whole number; got 1.5.'],
    ]
    for (const [name, key, value, rest] of cases)
      expect(envelope(await on(name, { options: { [key]: value } }))).toEqual(
        bad(`Option "${key}" of "${name}" ${rest}`),
      )
    expect((await on('flaky', { options: { rate: -0.1 } })).json.detail).toBe(
      'Option "rate" must be a number >= 0.',
    )
    // Inherited names are no options.
    for (const body of ['{"constructor":1}', '{"__proto__":{}}'])
      expect((await on('slow-network', { options: JSON.parse(body) })).json.detail).toBe(
        `Scenario "slow-network" has no option "${Object.keys(JSON.parse(body))[0]}".`,
      )
    const list = (await s.call({ path: '/__sandbox/scenarios' })).json
    expect(list.every((x: { active: unknown }) => x.active === null)).toBe(true)
    // The bounds are public, next to the defaults.
    expect(list.find((x: { name: string }) => x.name === 'slow-network').limits).toEqual({
      latencyMs: { max: 60_000 },
    })
    expect((await on('flaky', { options: { rate: 1 } })).status).toBe(201)
    // The same bound holds for --scenario at start-up.
    await expect(
      startTestServer({ scenarios: [{ name: 'slow-network', options: { latencyMs: 600_000 } }] }),
    ).rejects.toThrow('Option "latencyMs" of "slow-network" must be at most 60,000; got 600000.')
  })

  it('M3: snapshot names are at most 200 characters and at most 50 snapshots are kept (the 51st is a 400)', async () => {
    const own = await startTestServer()
    try {
      const take = (body?: object) => own.call({ method: 'POST', path: '/__sandbox/snapshots', body })
      expect(envelope(await take({ name: 'n'.repeat(201) }))).toEqual(
        bad('A snapshot name may be at most 200 characters long; got 201.'),
      )
      expect((await take({ name: 'n'.repeat(200) })).status).toBe(201)
      for (let i = 2; i <= 50; i++) expect((await take()).status).toBe(201)
      expect(envelope(await take())).toEqual(
        bad(
          'At most 50 snapshots are kept: delete one first (DELETE /__sandbox/snapshots/1 removes the oldest).',
        ),
      )
      expect((await own.call({ method: 'DELETE', path: '/__sandbox/snapshots/1' })).status).toBe(204)
      expect((await take()).json).toMatchObject({ id: 51 })
    } finally {
      await own.close()
    }
  })
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
