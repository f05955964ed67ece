import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_EVENT_READERS } from '../mocks/handlers/control-events.ts'
import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'
import { SCENARIOS } from '../scenarios/index.ts'
import { rawCall, startTestServer, type TestServer } from './helpers.ts'

/** Issue 22 item 4 (findings-3 N5-N8): bounded, well-formed answers. One test per finding, named after it. */
const tempDb = (content?: unknown) => {
  const file = join(mkdtempSync(join(tmpdir(), 'orgo-n5n8-')), 'db.json')
  if (content !== undefined)
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content))
  return file
}

// What must never reach a terminal raw: C0 but \n and \t, DEL, C1.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/

/** Bytes written by hand, in `parts` (a pause between each); the raw answer once the server hangs up. */
function rawExchange(port: number, ...parts: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', async () => {
      for (const part of parts) {
        socket.write(Buffer.from(part, 'latin1'))
        await new Promise((r) => setTimeout(r, 30))
      }
    })
    let out = ''
    socket.on('data', (chunk: Buffer) => (out += chunk.toString('latin1')))
    socket.on('close', () => resolve(out))
    socket.on('error', reject)
  })
}

let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())

describe('N5: HEAD requests node cannot parse', () => {
  const host = () => `Host: 127.0.0.1:${s.port}\r\n`

  it('N5: a HEAD refused by the parser gets a status and no body', async () => {
    const cases: Array<[string, string[], number]> = [
      ['a DEL in the request-target', [`HEAD /a\x7fb HTTP/1.1\r\n${host()}\r\n`], 400],
      ['a byte past ASCII in it', [`HEAD /caf\xe9 HTTP/1.1\r\n${host()}\r\n`], 400],
      ['headers over 16 KiB', [`HEAD / HTTP/1.1\r\n${host()}X-Big: ${'x'.repeat(20_000)}\r\n\r\n`], 431],
      // The request line in one read, the oversized header in the next: the method is then unknown.
      [
        'headers over 16 KiB, split',
        [`HEAD / HTTP/1.1\r\n${host()}`, `X-Big: ${'x'.repeat(20_000)}\r\n\r\n`],
        431,
      ],
    ]
    for (const [what, parts, status] of cases) {
      const raw = await rawExchange(s.port, ...parts)
      const [head, ...rest] = raw.split('\r\n\r\n')
      expect([what, head!.split('\r\n')[0], rest.join('')]).toEqual([
        what,
        expect.stringMatching(`^HTTP/1.1 ${status} `),
        '',
      ])
    }
    // node's own client reads the status instead of failing with "Data after `Connection: close`".
    const big = await rawCall(s.port, {
      method: 'HEAD',
      path: '/api/v1/me',
      headers: { 'Api-Token': 'x'.repeat(20_000) },
    })
    expect([big.status, big.text]).toEqual([431, ''])
    // A GET keeps its envelope.
    const get = await rawExchange(s.port, `GET /a\x7fb HTTP/1.1\r\n${host()}\r\n`)
    expect(JSON.parse(get.split('\r\n\r\n')[1]!)).toEqual({
      title: 'Bad Request',
      detail: 'The request is not valid HTTP/1.1.',
      status: 400,
    })
  })
})

describe('N6: bounded growth', () => {
  it('N6: db.json is written compactly, so nesting does not multiply its size', async () => {
    // A json-server collection of the file's own keeps a body as sent, nesting and all.
    const file = tempDb({ notes: [] })
    const db = await startTestServer({ dbFile: file })
    const note = (body: object) =>
      db.call({ method: 'POST', path: '/api/v1/notes', headers: { 'Api-Token': db.tokens('acme').rw }, body })
    try {
      // A first write saves the whole state over the file as given; the deep one is measured after it.
      expect((await note({ title: 'Flat' })).status).toBe(201)
      const before = readFileSync(file, 'utf8').length
      const body = { title: 'Deep', nested: JSON.parse(`${'{"a":'.repeat(200)}1${'}'.repeat(200)}`) }
      const created = await db.call({
        method: 'POST',
        path: '/api/v1/notes',
        headers: { 'Api-Token': db.tokens('acme').rw },
        body,
      })
      expect(created.status).toBe(201)
      const text = readFileSync(file, 'utf8')
      // One line and its newline; the record costs about its own size, not 200 levels of indentation.
      expect([text.split('\n').length, text.endsWith('}\n')]).toEqual([2, true])
      expect(text.length - before).toBeLessThan(2 * JSON.stringify(body).length)
    } finally {
      await db.close()
    }
  })

  it(`N6: at most ${MAX_EVENT_READERS} readers of /__sandbox/events at once; the next gets a 503 with Retry-After`, async () => {
    const open = (): Promise<{ socket: Socket; head: string }> =>
      new Promise((resolve, reject) => {
        const socket = connect(s.port, '127.0.0.1', () =>
          socket.write(`GET /__sandbox/events HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n\r\n`),
        )
        let out = ''
        socket.on('data', (chunk: Buffer) => {
          out += chunk.toString()
          if (out.includes('\r\n\r\n')) resolve({ socket, head: out })
        })
        socket.on('error', reject)
      })
    const readers = []
    try {
      // A HEAD starts no stream, so it never holds a place.
      for (let i = 0; i < 3; i++)
        expect((await rawCall(s.port, { method: 'HEAD', path: '/__sandbox/events' })).status).toBe(200)
      for (let i = 0; i < MAX_EVENT_READERS; i++) readers.push(await open())
      expect(readers.every((r) => r.head.startsWith('HTTP/1.1 200 '))).toBe(true)
      // RFC 9110 9.3.2: a HEAD answers as the GET would.
      expect((await rawCall(s.port, { method: 'HEAD', path: '/__sandbox/events' })).status).toBe(503)
      const refused = await rawCall(s.port, { path: '/__sandbox/events' })
      expect([refused.status, refused.headers['retry-after'], refused.json]).toEqual([
        503,
        '5',
        {
          title: 'Service Unavailable',
          detail: `At most ${MAX_EVENT_READERS} readers of /__sandbox/events at once: close one (a dashboard, an EventSource) or retry in 5 seconds.`,
          status: 503,
        },
      ])
      // A reader that leaves frees its place.
      readers.pop()!.socket.destroy()
      await new Promise((r) => setTimeout(r, 100))
      const next = await open()
      readers.push(next)
      expect(next.head).toMatch(/^HTTP\/1\.1 200 /)
    } finally {
      for (const r of readers) r.socket.destroy()
    }
  })
})

describe('N7: start-up errors about a db.json', () => {
  const OSC52 = '\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\u0007'
  const startError = (file: string) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/sandbox.js', '--no-ui', '--port', '0', '--db', file])
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      child.on('exit', (code) => resolve({ code, stderr }))
    })

  it('N7: names and slugs from a hostile db.json reach stderr escaped, never as terminal sequences', async () => {
    const files = [
      { [`posts${OSC52}`]: [] },
      { [`posts${OSC52}`]: {} },
      { contacts: [{ id: 1, tenant: `x${OSC52}` }] },
      { posts: [{ id: 1, tenant: `x${OSC52}` }] },
    ]
    const outcomes = await Promise.all(files.map((content) => startError(tempDb(content))))
    for (const { code, stderr } of outcomes) {
      expect(code).toBe(2)
      expect(stderr).toContain('\\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\\u0007')
      expect(stderr).not.toMatch(RAW_CONTROL)
    }
  }, 60_000)
})

describe('N8: ids in IRIs and headers', () => {
  const ODD = ['x\r\nSet-Cookie: a=b', '€', 'a\u0001b']

  it('N8: a record id outside Latin-1 or holding a control character is percent-encoded in its IRI and Content-Location', async () => {
    const db = await startTestServer({ dbFile: tempDb({ posts: ODD.map((id) => ({ id, title: 'Odd' })) }) })
    const admin = { 'Api-Token': db.tokens('acme').rw }
    try {
      for (const id of ODD) {
        const iri = `/api/v1/posts/${encodeURIComponent(id)}`
        const res = await db.call({ path: iri, headers: admin })
        expect([
          res.status,
          res.headers['content-location'],
          res.json['@id'],
          res.headers['set-cookie'],
        ]).toEqual([200, iri, iri, undefined])
      }
      // The POST that stores such an id answers 201, and its Content-Location answers.
      const created = await db.call({
        method: 'POST',
        path: '/api/v1/posts',
        headers: admin,
        body: { id: 'snow☃', title: 'Snow' },
      })
      expect([created.status, created.headers['content-location']]).toEqual([
        201,
        '/api/v1/posts/snow%E2%98%83',
      ])
      const again = await db.call({ path: created.headers['content-location'] as string, headers: admin })
      expect([again.status, again.json.title]).toEqual([200, 'Snow'])
    } finally {
      await db.close()
    }
  })

  it('N8: a response node refuses to write is the 500 envelope with its X-Request-Id, not a bare 500 OK', async () => {
    // A scenario of one's own whose answer carries a header node refuses (ERR_INVALID_CHAR).
    const broken: ScenarioDefinition = {
      name: 'bad-header',
      description: 'Answers with a header holding a control character.',
      intercept: () => ({ status: 200, headers: { 'X-Odd': 'a\u0001b' }, body: '{}' }),
    }
    const odd = await startTestServer({ scenarioDefinitions: [...SCENARIOS, broken] })
    try {
      expect((await odd.call({ method: 'POST', path: '/__sandbox/scenarios/bad-header' })).status).toBe(201)
      const res = await odd.call({ path: '/api/v1/me' })
      const id = res.headers['x-request-id']
      expect(id).toMatch(/\S/)
      expect([res.status, res.headers['content-type'], res.json]).toEqual([
        500,
        'application/json',
        {
          title: 'Internal Server Error',
          detail: `An internal error occurred (request ${id}).`,
          status: 500,
        },
      ])
      expect(res.headers['x-odd']).toBeUndefined()
    } finally {
      await odd.close()
    }
  })
})
