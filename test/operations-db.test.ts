import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED_COUNT } from '../mocks/schema/store.ts'
import { startTestServer, type TestServer } from './helpers.ts'

/**
 * A db.json collection named after one of Orgo's resources (`webhook_subscriptions`) is served under its real
 * paths: json-server's routes for the collection and its items (mocks/handlers/extra-collections.ts), behind
 * the operation's stated permission too, and the index's other operations of the resource (`/{id}/test`) on
 * the same records; writes are saved to the file (SPEC 8).
 */
const DB = {
  webhook_subscriptions: [
    { id: 1, url: 'https://example.test/hook', isActive: true, tenant: 'acme' },
    { id: 2, url: 'https://globex.test/hook', isActive: true, tenant: 'globex' },
  ],
  notes: [{ id: 1, title: 'Hello' }],
}

const base = '/api/v1/webhook_subscriptions'

function dbFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'orgo-ops-')), 'db.json')
  writeFileSync(file, JSON.stringify(DB))
  return file
}

describe('a --db collection under its real Orgo path', () => {
  let s: TestServer
  let file: string
  let member: string
  beforeAll(async () => {
    file = dbFile()
    s = await startTestServer({ dbFile: file })
    member = (await s.login('member@acme.test')).token
  })
  afterAll(() => s.close())
  const admin = () => ({ 'Api-Token': s.tokens('acme').rw })

  it("lists the tenant's records of the file as a Hydra collection, marked generic", async () => {
    const res = await s.call({ path: base, headers: admin() })
    expect(res.status).toBe(200)
    expect(res.headers['x-sandbox-emulation']).toBe('generic')
    expect(res.json).toMatchObject({
      '@context': '/api/contexts/WebhookSubscription',
      '@id': base,
      '@type': 'hydra:Collection',
      'hydra:totalItems': 1,
      // The file's ids keep their type, as in every --db collection.
      'hydra:member': [
        { '@id': `${base}/1`, '@type': 'WebhookSubscription', id: 1, url: 'https://example.test/hook' },
      ],
    })
  })

  it('guards it as Orgo does: the stated permission, the tenant, the read-only token', async () => {
    const item = await s.call({ path: `${base}/1`, headers: { Authorization: `Bearer ${member}` } })
    expect(item.status).toBe(403) // "Requires ADMIN_TENANT permission."
    expect((await s.call({ path: `${base}/1`, headers: admin() })).json).toMatchObject({
      id: 1,
      isActive: true,
    })
    expect((await s.call({ path: `${base}/2`, headers: admin() })).status).toBe(404) // globex's
    expect((await s.call({ path: base })).status).toBe(401)
    const ro = await s.call({
      method: 'DELETE',
      path: `${base}/1`,
      headers: { 'Api-Token': s.tokens('acme').ro },
    })
    expect(ro.status).toBe(403)
    // The list states no permission: any signed-in user reads it.
    const listed = await s.call({ path: base, headers: { Authorization: `Bearer ${member}` } })
    expect(listed.json['hydra:totalItems']).toBe(1)
  })

  it("serves the index's other operations of the resource on the file's records", async () => {
    const test = { method: 'POST', path: `${base}/1/test`, body: {} }
    const res = await s.call({ ...test, headers: admin() })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ '@id': `${base}/1`, '@type': 'WebhookSubscription', id: 1 })
    expect((await s.call({ ...test, headers: { Authorization: `Bearer ${member}` } })).status).toBe(403)
    expect((await s.call({ ...test, path: `${base}/2/test`, headers: admin() })).status).toBe(404)
  })

  it('stores writes in the file', async () => {
    const created = await s.call({
      method: 'POST',
      path: base,
      headers: admin(),
      body: { url: 'https://example.test/new' },
    })
    expect(created.status).toBe(201)
    const id = created.json.id as number
    const patched = await s.call({
      method: 'PATCH',
      path: `${base}/${id}`,
      headers: { ...admin(), 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ isActive: false }),
    })
    expect(patched.json).toMatchObject({ id, url: 'https://example.test/new', isActive: false })
    const saved = JSON.parse(readFileSync(file, 'utf8')) as typeof DB
    expect(saved.webhook_subscriptions).toContainEqual({
      id,
      url: 'https://example.test/new',
      isActive: false,
      tenant: 'acme',
    })
  })

  it("keeps json-server's routes for a collection Orgo does not have", async () => {
    const res = await s.call({ path: '/api/v1/notes', headers: { ...admin(), Accept: 'application/json' } })
    expect(res.json).toEqual([{ id: 1, title: 'Hello' }])
    expect(res.headers['x-sandbox-emulation']).toBeUndefined()
  })
})

describe('a resource of the schema engine with --db', () => {
  it('is saved to the file under its name, seeded records and all, and served again after a restart', async () => {
    const file = dbFile()
    const first = await startTestServer({ dbFile: file })
    const admin = { 'Api-Token': first.tokens('acme').rw }
    const created = await first.call({
      method: 'POST',
      path: '/api/v1/courses',
      headers: admin,
      body: { title: 'Onboarding' },
    })
    expect(created.status).toBe(201)
    const { id, uuid } = created.json as { id: number; uuid: string }
    await first.close()
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Array<Record<string, unknown>>>
    expect(saved.schema_resources).toContainEqual({ id: 'courses', tenants: ['acme'] })
    expect(saved.courses).toHaveLength(SEED_COUNT + 1)
    expect(saved.courses!.at(-1)).toMatchObject({ id, title: 'Onboarding', uuid, tenant: 'acme' })

    const second = await startTestServer({ dbFile: file })
    try {
      const read = await second.call({
        path: `/api/v1/courses/${uuid}`,
        headers: { 'Api-Token': second.tokens('acme').rw },
      })
      expect(read.status).toBe(200)
      expect(read.json).toMatchObject({
        '@id': `/api/v1/courses/${uuid}`,
        '@type': 'Course',
        id,
        title: 'Onboarding',
      })
      // Another tenant's host finds nothing: the record keeps its tenant in the file.
      const globex = await second.call({
        path: `/api/v1/courses/${uuid}`,
        tenant: 'globex',
        headers: { 'Api-Token': second.tokens('globex').rw },
      })
      expect(globex.status).toBe(404)
    } finally {
      await second.close()
    }
  })
})

describe('relations to resources not seeded yet (reserved ids), across a restart', () => {
  it('a page of tasks answers the same, embedded projects and all, before and after a restart', async () => {
    const file = dbFile()
    const first = await startTestServer({ dbFile: file })
    const path = '/api/v1/tasks?itemsPerPage=30'
    const get = (s: TestServer) => s.call({ path, headers: { 'Api-Token': s.tokens('acme').rw } })
    const before = await get(first)
    expect(before.status).toBe(200)
    const embedded = (before.json['hydra:member'] as Array<{ project: unknown }>).filter((t) => t.project)
    expect(embedded.length).toBeGreaterThan(0)
    await first.close()
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Array<Record<string, unknown>>>
    // The resources a task points at that were never read are not saved, only the ids their seed will give.
    const reservedOnly = saved.schema_resources!.filter((e) => (e.tenants as string[]).length === 0)
    expect(reservedOnly.length).toBeGreaterThan(0)
    expect(reservedOnly.every((e) => Array.isArray((e.reserved as Record<string, number[]>).acme))).toBe(true)
    const second = await startTestServer({ dbFile: file })
    try {
      expect((await get(second)).json).toEqual(before.json)
    } finally {
      await second.close()
    }
  })
})

describe('genericOperations: false (--no-generic)', () => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer({ genericOperations: false, dbFile: dbFile() })
  })
  afterAll(() => s.close())
  const admin = () => ({ 'Api-Token': s.tokens('acme').rw })

  it('routes only the full emulations and the --db collections', async () => {
    const none = await s.call({ path: '/api/v1/newsletters', headers: admin() })
    expect(none.status).toBe(404)
    expect(none.json.detail).toMatch(/^No route found/)
    expect((await s.call({ path: '/api/v1/me', headers: admin() })).headers['x-sandbox-emulation']).toBe(
      'full',
    )
    expect((await s.call({ path: `${base}/1`, headers: admin() })).status).toBe(200)
    expect(
      (await s.call({ method: 'POST', path: `${base}/1/test`, headers: admin(), body: {} })).status,
    ).toBe(404)
    const endpoints = (await s.call({ path: '/__sandbox/endpoints' })).json
    // The five operations of the collection and its items are the db.json's; the rest of the index is not routed.
    expect(endpoints).toMatchObject({ total: 787, generic: 5 })
    expect(endpoints.none).toBe(787 - endpoints.full - 5)
  })
})
