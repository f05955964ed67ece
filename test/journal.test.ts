import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createFeed } from '../mocks/feed.ts'
import { JOURNAL_BODY_BYTES, journalView, type JournalEntry } from '../mocks/journal.ts'
import { createNodeSandbox, type NodeSandbox } from '../mocks/node.ts'
import { startTestServer, type TestServer } from './helpers.ts'

/**
 * Issue 27 item 1: the request journal. Each request in full (URL with its query, headers and bodies both
 * ways, bounded), over real HTTP in `GET /__sandbox/requests` and in process in `sandbox.requests()`, with
 * filters and a verify helper whose failure names the nearest request.
 */

describe('GET /__sandbox/requests over HTTP', () => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer({ contactsPerTenant: 150 })
  })
  afterAll(() => s.close())
  afterEach(async () => {
    s.sandbox.feed.clear()
  })
  const journal = async (query = ''): Promise<JournalEntry[]> => {
    const res = await s.call({ path: `/__sandbox/requests${query}` })
    expect(res.status).toBe(200)
    return res.json as JournalEntry[]
  }

  it('shows the full URL, query, both headers and bodies of a request, with the summary fields kept', async () => {
    const rw = s.tokens('acme').rw
    const created = await s.call({
      method: 'POST',
      path: '/api/v1/contacts?source=journal&tag=a&tag=b',
      headers: { 'Api-Token': rw, 'X-Trace': 'abc' },
      body: { email: 'journal@example.test', name: 'Journal Test' },
    })
    expect(created.status).toBe(201)
    const [entry] = await journal('?method=POST')
    expect(entry).toMatchObject({
      method: 'POST',
      path: '/api/v1/contacts',
      status: 201,
      tenant: 'acme',
      authMethod: 'api-token',
      url: `http://acme.localhost:${s.port}/api/v1/contacts?source=journal&tag=a&tag=b`,
      query: { source: 'journal', tag: ['a', 'b'] },
    })
    expect(typeof entry!.durationMs).toBe('number')
    // Credentials stay in clear: this is the developer's own sandbox (README: the control API shows them).
    expect(entry!.request.headers['api-token']).toBe(rw)
    expect(entry!.request.headers['x-trace']).toBe('abc')
    expect(JSON.parse(entry!.request.body!)).toEqual({ email: 'journal@example.test', name: 'Journal Test' })
    expect(entry!.request.truncated).toBe(false)
    // The response as answered: its headers (X-Request-Id is the entry's id) and its body.
    expect(entry!.response.headers['x-request-id']).toBe(entry!.id)
    expect(entry!.response.headers['content-type']).toMatch(/json/)
    expect(JSON.parse(entry!.response.body!)).toMatchObject({ email: 'journal@example.test' })
    expect(entry!.response.size).toBe(Buffer.byteLength(created.text))
  })

  it('bounds a body to 16 KiB and marks the cut with the full size', async () => {
    const list = await s.call({
      path: '/api/v1/contacts?itemsPerPage=150',
      headers: { 'Api-Token': s.tokens('acme').rw },
    })
    expect(list.status).toBe(200)
    const size = Buffer.byteLength(list.text)
    expect(size).toBeGreaterThan(JOURNAL_BODY_BYTES)
    const [entry] = await journal('?path=/api/v1/contacts')
    expect(entry!.response).toMatchObject({ truncated: true, size })
    expect(Buffer.byteLength(entry!.response.body!)).toBeLessThanOrEqual(JOURNAL_BODY_BYTES)
    expect(list.text.startsWith(entry!.response.body!)).toBe(true)
  })

  it('narrows by method, path glob, status class, tenant and since; limit keeps the newest', async () => {
    const rw = s.tokens('acme').rw
    await s.call({ path: '/api/v1/me', headers: { 'Api-Token': rw } })
    await s.call({ path: '/api/v1/me', tenant: 'globex' })
    await s.call({ path: '/api/v1/contacts/999999', headers: { 'Api-Token': rw } })
    const paths = (list: JournalEntry[]) => list.map((e) => `${e.tenant} ${e.path} ${e.status}`)
    expect(paths(await journal('?path=/api/v1/*'))).toEqual([
      'acme /api/v1/me 200',
      'globex /api/v1/me 401',
      'acme /api/v1/contacts/999999 404',
    ])
    expect(paths(await journal('?status=4xx&path=/api/*'))).toEqual([
      'globex /api/v1/me 401',
      'acme /api/v1/contacts/999999 404',
    ])
    expect(paths(await journal('?status=404'))).toEqual(['acme /api/v1/contacts/999999 404'])
    expect(paths(await journal('?tenant=globex&method=get&path=/api/v1/me'))).toEqual([
      'globex /api/v1/me 401',
    ])
    expect(paths(await journal('?path=/api/v1/*&limit=1'))).toEqual(['acme /api/v1/contacts/999999 404'])
    expect(await journal('?since=2999-01-01T00:00:00Z')).toEqual([])
    // The route's own reads are journaled too, so a filter that catches them still answers.
    expect((await journal('?path=/__sandbox/*')).length).toBeGreaterThan(0)
  })

  it('refuses a bad filter value or an unknown key with a 400 that says what it takes', async () => {
    const bad = async (query: string) => (await s.call({ path: `/__sandbox/requests${query}` })).json
    expect(await bad('?status=40')).toMatchObject({
      status: 400,
      detail: expect.stringMatching(/"status" takes/),
    })
    expect(await bad('?since=yesterday')).toMatchObject({
      status: 400,
      detail: expect.stringMatching(/ISO 8601/),
    })
    expect(await bad('?limit=0')).toMatchObject({ status: 400 })
    expect(await bad('?pathh=/api')).toMatchObject({ status: 400, detail: expect.stringMatching(/"path"/) })
  })
})

describe('sandbox.requests() in process', () => {
  let n: NodeSandbox
  const ACME = 'https://acme.orgo.space'
  beforeAll(async () => {
    n = await createNodeSandbox()
  })
  afterAll(() => n.sandbox.core.close())
  afterEach(() => n.sandbox.core.feed.clear())

  it('gives the same full entries, and expect() counts requests by method, path, query and body subset', async () => {
    const { sandbox } = n
    const rw = sandbox.tokens.seeded().rw
    const res = await sandbox.fetch(`${ACME}/api/v1/contacts?from=portal`, {
      method: 'POST',
      headers: { 'Api-Token': rw, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'inproc@example.test', name: 'In Process', tags: ['x'] }),
    })
    expect(res.status).toBe(201)
    const [entry] = sandbox.requests({ method: 'POST' })
    expect(entry).toMatchObject({
      url: `${ACME}/api/v1/contacts?from=portal`,
      query: { from: 'portal' },
      request: { headers: { 'api-token': rw }, truncated: false },
      response: { truncated: false },
    })
    expect(JSON.parse(entry!.response.body!)).toMatchObject({ email: 'inproc@example.test' })

    const post = { method: 'POST', path: '/api/v1/contacts' }
    sandbox.requests.expect({ ...post, body: { email: 'inproc@example.test' } }).toHaveBeenCalledTimes(1)
    sandbox.requests.expect({ ...post, query: { from: 'portal' }, body: { tags: ['x'] } }).toHaveBeenCalled()
    sandbox.requests.expect({ ...post, body: { email: 'other@example.test' } }).not.toHaveBeenCalled()
    expect(sandbox.requests.count({ path: '/api/v1/*' })).toBe(1)
    expect(sandbox.requests.find({ method: 'get' })).toEqual([])
    // A subset of an array is not a match: items are compared as Vitest's toMatchObject does.
    expect(sandbox.requests.count({ ...post, body: { tags: [] } })).toBe(0)
  })

  it('fails with the nearest request when nothing matches', async () => {
    const { sandbox } = n
    const rw = sandbox.tokens.seeded().rw
    await sandbox.fetch(`${ACME}/api/v1/me`, { headers: { 'Api-Token': rw } })
    await sandbox.fetch(`${ACME}/api/v1/contacts`, {
      method: 'POST',
      headers: { 'Api-Token': rw, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'near@example.test', name: 'Near' }),
    })
    const call = () =>
      sandbox.requests.expect({ method: 'POST', path: '/api/v1/contact' }).toHaveBeenCalledTimes(1)
    expect(call).toThrow(/Expected 1 request matching POST \/api\/v1\/contact, got 0\./)
    expect(call).toThrow(
      /Nearest request: POST https:\/\/acme\.orgo\.space\/api\/v1\/contacts -> 201 body .*near@/,
    )
    // Counted too many: the message lists what matched.
    expect(() => sandbox.requests.expect({ path: '/api/v1/*' }).toHaveBeenCalledTimes(1)).toThrow(
      /got 2\.\nMatched:\n {2}GET .*\/api\/v1\/me -> 200/,
    )
    n.sandbox.core.feed.clear()
    expect(() => sandbox.requests.expect({ path: '/x' }).toHaveBeenCalled()).toThrow(/holds no requests/)
  })
})

describe('journalView', () => {
  const entry = {
    id: 'r1',
    time: '2026-01-01T00:00:00.000Z',
    tenant: 'acme',
    method: 'GET',
    path: '/doc.pdf',
    status: 200,
    authMethod: null,
    principal: null,
    durationMs: 1,
    reason: null,
    scenarios: [],
  }

  it('shows a binary body by its size, a stream as <stream>, and an unread request body as null', () => {
    const feed = createFeed(4)
    feed.emit({
      type: 'request',
      entry,
      response: { status: 200, headers: { 'Content-Type': 'application/pdf' }, body: new Uint8Array(1234) },
    })
    const [view] = feed.exchanges().map(journalView)
    expect(view!.response).toMatchObject({ body: '<1234 bytes>', size: 1234, truncated: false })
    expect(view!.request).toEqual({ headers: {}, body: null, size: 0, truncated: false })
    const stream = journalView({
      entry: { ...entry, id: 'r2' },
      response: { status: 200, headers: {}, stream: () => () => {} },
    })
    expect(stream.response.body).toBe('<stream>')
  })

  it('cuts a multi-byte body on a character, within the bound', () => {
    const text = 'é'.repeat(JOURNAL_BODY_BYTES) // 2 bytes each
    const view = journalView({
      entry: { ...entry, id: 'r3' },
      response: { status: 200, headers: { 'Content-Type': 'text/plain' }, body: text },
    })
    expect(view.response).toMatchObject({ size: 2 * JOURNAL_BODY_BYTES, truncated: true })
    expect(view.response.body).toBe('é'.repeat(JOURNAL_BODY_BYTES / 2))
  })
})
