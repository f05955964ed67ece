import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type CallResult, type TestServer } from './helpers.ts'

/** SPEC 8: a db.json's extra collections under /api/v1/<name>, json-server's data layer behind Orgo's guards. */
const DB = {
  posts: [
    { id: 1, title: 'Hello', views: 3, tenant: 'acme' },
    { id: 2, title: 'World', views: 10 },
    { id: 3, title: 'Globex news', views: 7, tenant: 'globex' },
  ],
  comments: [
    { id: 1, postId: 1, body: 'First!' },
    { id: 2, postId: 2, body: 'Nice' },
  ],
  // json-server 1.0's own style: string ids, kept as strings.
  tags: [{ id: '7', name: 'news' }],
}

let s: TestServer
let member: string
beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'orgo-db-')), 'db.json')
  writeFileSync(file, JSON.stringify(DB))
  s = await startTestServer({ dbFile: file })
})
afterAll(() => s.close())
// With --db, a reset goes back to the file's data.
beforeEach(async () => {
  await s.sandbox.reset()
  member = (await s.login('member@acme.test')).token
})

const JSON_ONLY = { Accept: 'application/json' }
const as = (who: 'rw' | 'ro' | 'member' | 'none', tenant = 'acme'): Record<string, string> =>
  who === 'member'
    ? { Authorization: `Bearer ${member}` }
    : who === 'none'
      ? {}
      : { 'Api-Token': s.tokens(tenant)[who] }
const get = (path: string, tenant = 'acme', who: 'rw' | 'ro' | 'member' | 'none' = 'ro') =>
  s.call({ path, tenant, headers: { ...as(who, tenant), ...JSON_ONLY } })
const ids = (r: CallResult) => (r.json as Array<{ id: number | string }>).map((p) => p.id)
const envelope = (r: CallResult) => ({ status: r.status, body: r.json })
const admin = (method: string, path: string, body: object, headers: Record<string, string> = {}) =>
  s.call({ method, path, headers: { ...as('rw'), ...headers }, body })
const problem = (status: number, title: string, detail: string) => ({
  status,
  body: { title, detail, status },
})

describe('/api/v1/<collection> from a db.json', () => {
  it("renders a Hydra collection of the tenant's records, ids of the file's type (json-server 1.0 makes them strings)", async () => {
    const res = await s.call({ path: '/api/v1/posts', headers: as('ro') })
    expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8')
    expect(res.json).toEqual({
      '@context': '/api/contexts/Post',
      '@id': '/api/v1/posts',
      '@type': 'hydra:Collection',
      'hydra:totalItems': 2,
      'hydra:member': [
        { '@id': '/api/v1/posts/1', '@type': 'Post', id: 1, title: 'Hello', views: 3 },
        { '@id': '/api/v1/posts/2', '@type': 'Post', id: 2, title: 'World', views: 10 },
      ],
      'hydra:view': { '@id': '/api/v1/posts', '@type': 'hydra:PartialCollectionView' },
    })
  })

  it('keeps tenants apart: globex sees its own records; an acme id is a 404 there', async () => {
    expect(ids(await get('/api/v1/posts', 'globex'))).toEqual([3])
    expect(envelope(await get('/api/v1/posts/1', 'globex'))).toEqual(
      problem(404, 'Not Found', 'The referenced resource was not found or is no longer accessible.'),
    )
  })

  // Endpoint x credential: reads need any user, writes ROLE_ADMIN; read-only tokens never write.
  it.each([
    ['GET', 'none', 401, { title: 'Unauthorized', detail: 'JWT Token not found', status: 401 }],
    ['POST', 'none', 401, { title: 'Unauthorized', detail: 'JWT Token not found', status: 401 }],
    ['GET', 'ro', 200, undefined],
    ['GET', 'member', 200, undefined],
    ['POST', 'ro', 403, { title: 'Forbidden', detail: 'Access Denied.', status: 403 }],
    ['POST', 'member', 403, { title: 'Forbidden', detail: 'Access Denied.', status: 403 }],
    ['POST', 'rw', 201, undefined],
  ] as const)('%s as %s -> %i', async (method, who, status, body) => {
    const res = await s.call({
      method,
      path: '/api/v1/posts',
      headers: as(who),
      body: method === 'POST' ? { title: 'New' } : undefined,
    })
    expect(res.status).toBe(status)
    if (body) expect(res.json).toEqual(body)
  })

  it("another tenant's token is a 401 on this host", async () => {
    expect(envelope(await s.call({ path: '/api/v1/posts', headers: as('rw', 'globex') }))).toEqual(
      problem(401, 'Unauthorized', 'Invalid API token.'),
    )
  })

  it('answers json-server queries: filters, operators, _sort, _embed; order[] sorts too', async () => {
    expect(ids(await get('/api/v1/posts?views_gt=5'))).toEqual([2])
    expect(ids(await get('/api/v1/posts?title=Hello'))).toEqual([1])
    expect(ids(await get('/api/v1/posts?_sort=-views'))).toEqual([2, 1])
    expect(ids(await get('/api/v1/posts?order[title]=desc'))).toEqual([2, 1])
    expect((await get('/api/v1/posts/1?_embed=comments')).json).toEqual({
      id: 1,
      title: 'Hello',
      views: 3,
      comments: [{ id: 1, postId: 1, body: 'First!' }],
    })
  })

  it('pages the API Platform way; json-server paging is a 400 that says so', async () => {
    const page = await s.call({ path: '/api/v1/posts?itemsPerPage=1&page=2', headers: as('ro') })
    expect(page.json['hydra:member'].map((p: { id: number }) => p.id)).toEqual([2])
    expect(page.json['hydra:view']).toMatchObject({
      'hydra:first': '/api/v1/posts?itemsPerPage=1&page=1',
      'hydra:previous': '/api/v1/posts?itemsPerPage=1&page=1',
    })
    expect(envelope(await get('/api/v1/posts?_page=2'))).toEqual(
      problem(
        400,
        'Bad Request',
        '"_page" is json-server\'s paging; this API pages with "page" and "itemsPerPage" (default 30, max 100).',
      ),
    )
  })

  it("POST creates with the next integer id (as Orgo's) or the given one; a taken id is a 409; the tenant is the host's", async () => {
    const created = await admin('POST', '/api/v1/posts', { title: 'Fresh' }, JSON_ONLY)
    expect([created.status, created.json]).toEqual([201, { id: 3, title: 'Fresh' }])
    expect(ids(await get('/api/v1/posts'))).toEqual([1, 2, 3])
    expect((await get('/api/v1/posts/3')).json).toEqual({ id: 3, title: 'Fresh' })
    expect(ids(await get('/api/v1/posts', 'globex'))).toEqual([3])
    const given = await admin('POST', '/api/v1/posts', { id: 9, title: 'Nine' }, JSON_ONLY)
    expect([given.status, given.json]).toEqual([201, { id: 9, title: 'Nine' }])
    // After a given id, the next one counts on from it; a collection of string ids gets one more string.
    expect((await admin('POST', '/api/v1/posts', { title: 'Ten' }, JSON_ONLY)).json.id).toBe(10)
    expect((await admin('POST', '/api/v1/tags', { name: 'events' }, JSON_ONLY)).json).toEqual({
      id: '8',
      name: 'events',
    })
    expect(envelope(await admin('POST', '/api/v1/posts', { id: 1.5, title: 'x' }))).toEqual(
      problem(400, 'Bad Request', '"id" must be a whole number or a non-empty string, 1.5 given.'),
    )
    expect(envelope(await admin('POST', '/api/v1/posts', { id: '1', title: 'Again' }))).toEqual(
      problem(409, 'Conflict', 'A Post with the id "1" already exists: /api/v1/posts/1.'),
    )
    expect(envelope(await admin('POST', '/api/v1/posts', { title: 'X', tenant: 'globex' }))).toEqual(
      problem(
        400,
        'Bad Request',
        '"tenant" is set by the host: this record belongs to "acme". Leave "tenant" out of the body.',
      ),
    )
  })

  it("PUT replaces, PATCH merges (RFC 7396, merge-patch only), both keep the URL's id", async () => {
    const put = await admin('PUT', '/api/v1/posts/1', { title: 'Replaced' }, JSON_ONLY)
    expect([put.status, put.json]).toEqual([200, { id: 1, title: 'Replaced' }])
    const patch = (body: object, type = 'application/merge-patch+json') =>
      s.call({
        method: 'PATCH',
        path: '/api/v1/posts/2',
        headers: { ...as('rw'), ...JSON_ONLY, 'Content-Type': type },
        body: JSON.stringify(body),
      })
    expect((await patch({ views: null, tags: ['a'] })).json).toEqual({ id: 2, title: 'World', tags: ['a'] })
    expect((await patch({ title: 'x' }, 'application/json')).status).toBe(415)
    expect(envelope(await patch({ id: '5' }))).toEqual(
      problem(400, 'Bad Request', 'The id is the URL\'s (2): leave "id" out of the body or repeat it.'),
    )
    expect((await admin('PUT', '/api/v1/posts/404', { title: 'x' })).status).toBe(404)
  })

  it('DELETE removes; json-server nulls the foreign keys of other collections, or deletes them with _dependent', async () => {
    expect(
      (await s.call({ method: 'DELETE', path: '/api/v1/posts/2?_dependent=comments', headers: as('rw') }))
        .status,
    ).toBe(204)
    expect(ids(await get('/api/v1/comments'))).toEqual([1])
    expect((await s.call({ method: 'DELETE', path: '/api/v1/posts/1', headers: as('rw') })).status).toBe(204)
    expect((await get('/api/v1/posts/1')).status).toBe(404)
    expect((await get('/api/v1/comments/1')).json).toEqual({ id: 1, postId: null, body: 'First!' })
    expect((await s.call({ method: 'DELETE', path: '/api/v1/posts/2', headers: as('rw') })).status).toBe(404)
    expect((await s.call({ method: 'DELETE', path: '/api/v1/posts/3', headers: as('rw') })).status).toBe(404)
  })

  it('snapshots hold the collections too', async () => {
    const { id } = (await s.call({ method: 'POST', path: '/__sandbox/snapshots' })).json
    await s.call({ method: 'DELETE', path: '/api/v1/posts/1', headers: as('rw') })
    await s.call({ method: 'POST', path: `/__sandbox/snapshots/${id}/restore` })
    expect(ids(await get('/api/v1/posts'))).toEqual([1, 2])
    expect((await get('/api/v1/comments/1')).json.postId).toBe(1)
  })
})
