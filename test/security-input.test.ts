import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { HttpError } from '../mocks/http/errors.ts'
import { mergePatch } from '../mocks/http/validate.ts'
import { globMatcher } from '../mocks/scenario-engine.ts'
import { startTestServer, type CallResult, type TestServer } from './helpers.ts'

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
const TOO_DEEP =
  'Maximum stack depth exceeded: the request body nests arrays and objects deeper than 512 levels.'

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
    // A backtracking matcher would not finish this in any time (2.8 s at 7 stars and 50 characters).
    const probe = await s.call({ path: `/api/v1/${'a'.repeat(2000)}`, headers: rw() })
    expect(probe.status).toBe(404) // not matched: no trailing x
    expect((await s.call({ path: '/api/v1/mex', headers: rw() })).status).toBe(500)
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
        `Scenario "slow-network" has no option "${Object.keys(JSON.parse(body))[0]}". Its options: latencyMs.`,
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
