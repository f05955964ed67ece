import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { OPERATIONS } from '../mocks/operations/index.ts'
import { PUBLIC_OPERATIONS } from '../mocks/operations/public.ts'
import { startTestServer, type CallInput, type TestServer } from './helpers.ts'

/** SPEC 8, issue 14: an operation not emulated in full, driven through its life as a front end would. */
let s: TestServer
let member: string
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
beforeEach(async () => {
  await s.sandbox.reset()
  member = (await s.login('member@acme.test')).token
})

const admin = () => ({ 'Api-Token': s.tokens('acme').rw })
const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  s.call({ method, path, headers, body } as CallInput)
const MERGE = { 'Content-Type': 'application/merge-patch+json' }
const LD = { 'Content-Type': 'application/ld+json' }
const NOT_FOUND = {
  title: 'Not Found',
  detail: 'The referenced resource was not found or is no longer accessible.',
  status: 404,
}

describe('a generic resource: /api/v1/webhook_subscriptions (ADMIN_TENANT)', () => {
  const base = '/api/v1/webhook_subscriptions'

  it('stores a POST and answers it the API Platform way, then reads, patches, acts on and deletes it', async () => {
    const empty = await call('GET', base, admin())
    expect(empty.status).toBe(200)
    expect(empty.headers['x-sandbox-emulation']).toBe('generic')
    expect(empty.json).toMatchObject({
      '@type': 'hydra:Collection',
      'hydra:totalItems': 0,
      'hydra:member': [],
    })

    const created = await call(
      'POST',
      base,
      { ...admin(), ...LD },
      JSON.stringify({ url: 'https://example.test/hook', '@id': '/x', id: 7 }),
    )
    expect(created.status).toBe(201)
    const id = created.json.id as number
    expect(Number.isInteger(id)).toBe(true)
    // The id and @id are the server's: the body's are dropped.
    expect(created.json).toEqual({
      '@context': '/api/contexts/WebhookSubscription',
      '@id': `${base}/${id}`,
      '@type': 'WebhookSubscription',
      id,
      url: 'https://example.test/hook',
    })

    const read = await call('GET', `${base}/${id}`, { ...admin(), Accept: 'application/json' })
    expect(read.json).toEqual({ id, url: 'https://example.test/hook' })

    const listed = await call('GET', base, admin())
    expect(listed.json['hydra:totalItems']).toBe(1)
    expect(listed.json['hydra:member']).toEqual([
      { '@id': `${base}/${id}`, '@type': 'WebhookSubscription', id, url: 'https://example.test/hook' },
    ])

    // PATCH is JSON Merge Patch, as in the full emulations: 415 otherwise; a null removes a field.
    const wrongType = await call('PATCH', `${base}/${id}`, admin(), { isActive: false })
    expect(wrongType.status).toBe(415)
    const patched = await call(
      'PATCH',
      `${base}/${id}`,
      { ...admin(), ...MERGE },
      JSON.stringify({ isActive: false, url: null }),
    )
    expect(patched.status).toBe(200)
    expect(patched.json).toMatchObject({ id, isActive: false })
    expect(patched.json).not.toHaveProperty('url')

    // A custom action on the record: 200 with the record (its body is read as API Platform would: 415 without one).
    expect((await call('POST', `${base}/${id}/test`, admin())).status).toBe(415)
    const tested = await call('POST', `${base}/${id}/test`, { ...admin(), ...LD }, '{}')
    expect(tested.status).toBe(200)
    expect(tested.json).toMatchObject({ '@id': `${base}/${id}`, id, isActive: false })
    const logs = await call('GET', `${base}/${id}/delivery_logs`, admin())
    expect(logs.status).toBe(200)

    // Another tenant's record is not found, and its own credential is refused here.
    const globex = await s.call({
      path: `${base}/${id}`,
      tenant: 'globex',
      headers: { 'Api-Token': s.tokens('globex').rw },
    })
    expect({ status: globex.status, body: globex.json }).toEqual({ status: 404, body: NOT_FOUND })

    expect((await call('DELETE', `${base}/${id}`, admin())).status).toBe(204)
    const gone = await call('GET', `${base}/${id}`, admin())
    expect({ status: gone.status, body: gone.json }).toEqual({ status: 404, body: NOT_FOUND })
    expect((await call('POST', `${base}/${id}/test`, { ...admin(), ...LD }, '{}')).status).toBe(404)
  })

  it('applies the permission the description states: a member is refused, the admin is not', async () => {
    // "Requires ADMIN_TENANT permission." (GET /api/v1/invoices); the member holds no permission.
    const res = await call('GET', '/api/v1/invoices', { Authorization: `Bearer ${member}` })
    expect({ status: res.status, body: res.json }).toEqual({
      status: 403,
      body: { title: 'Forbidden', detail: 'Access Denied.', status: 403 },
    })
    expect(res.headers['x-sandbox-emulation']).toBe('generic')
    // An operation that states none is open to any signed-in user.
    expect((await call('GET', '/api/v1/invoices', admin())).status).toBe(200)
    expect((await call('GET', base, { Authorization: `Bearer ${member}` })).status).toBe(200)
  })

  it('keeps its records in the tenant memory: a reset empties it', async () => {
    await call('POST', base, { ...admin(), ...LD }, '{"url":"https://example.test/a"}')
    expect((await call('GET', base, admin())).json['hydra:totalItems']).toBe(1)
    await s.sandbox.reset()
    expect((await call('GET', base, admin())).json['hydra:totalItems']).toBe(0)
  })
})

describe('the other shapes of the generic answer', () => {
  it('a resource addressed by uuid gets one on POST and is found by it', async () => {
    const created = await call('POST', '/api/v1/courses', { ...admin(), ...LD }, '{"title":"Onboarding"}')
    expect(created.status).toBe(201)
    const uuid = created.json.uuid as string
    expect(created.json['@id']).toBe(`/api/v1/courses/${uuid}`)
    const read = await call('GET', `/api/v1/courses/${uuid}`, admin())
    expect(read.json).toMatchObject({
      '@id': `/api/v1/courses/${uuid}`,
      '@type': 'Course',
      title: 'Onboarding',
    })
  })

  it('a custom operation on no record: 202 and no body', async () => {
    const res = await call('POST', '/api/v1/adhesion/create', { ...admin(), ...LD }, '{}')
    expect({ status: res.status, body: res.text }).toEqual({ status: 202, body: '' })
    expect(res.headers['x-sandbox-emulation']).toBe('generic')
  })

  it('a custom operation on a modelled record answers that record, or 404', async () => {
    const events = await call('GET', '/api/v1/events', { ...admin(), Accept: 'application/json' })
    const uuid = events.json[0].uuid as string
    const res = await call('GET', `/api/v1/events/${uuid}/analytics`, admin())
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ '@id': `/api/v1/events/${uuid}`, '@type': 'Event', uuid })
    expect((await call('GET', '/api/v1/events/no-such-event/analytics', admin())).status).toBe(404)
  })

  it('a public operation needs no credential, but a bad one is still refused', async () => {
    const open = await call('GET', '/api/v1/public_events', {})
    expect(open.status).toBe(200)
    expect(open.json['@type']).toBe('hydra:Collection')
    const bad = await call('GET', '/api/v1/public_events', { 'Api-Token': 'nope' })
    expect(bad.status).toBe(401)
  })

  it('a path outside the index stays 404 No route found, unmarked; an unknown host is 404', async () => {
    const res = await call('GET', '/api/v1/newsleters', admin())
    expect(res.status).toBe(404)
    expect(res.json.detail).toMatch(
      /^No route found for "GET http:\/\/acme\.localhost:\d+\/api\/v1\/newsleters"$/,
    )
    expect(res.headers['x-sandbox-emulation']).toBeUndefined()
    const host = await s.call({
      path: '/api/v1/newsletters',
      host: `nope.localhost:${s.port}`,
      headers: admin(),
    })
    expect(host.status).toBe(404)
    expect(host.json.detail).toBe('No Orgo tenant is served at "nope.localhost".')
  })

  it('a method the index does not list for the path is a 405 with Allow', async () => {
    const res = await call('PUT', '/api/v1/newsletters', admin())
    expect(res.status).toBe(405)
    expect(res.headers.allow).toBe('GET, POST')
  })
})

describe('coverage you can see', () => {
  it('GET /__sandbox/endpoints lists every operation, full or generic, and counts the calls of this run', async () => {
    const before = (await s.call({ path: '/__sandbox/endpoints' })).json
    expect(before).toMatchObject({ total: 743, none: 0 })
    expect(before.full + before.generic).toBe(743)
    expect(before.full).toBeGreaterThanOrEqual(50)
    expect(before.public).toBe(before.operations.filter((o: { public: boolean }) => o.public).length)
    const me = (o: { operationId: string }) => o.operationId === 'me'
    const newsletters = (o: { method: string; path: string }) =>
      o.method === 'GET' && o.path === '/api/v1/newsletters'
    expect(before.operations.find(me)).toMatchObject({
      method: 'GET',
      path: '/api/v1/me',
      emulation: 'full',
      public: false,
    })
    const row = before.operations.find(newsletters)
    expect(row).toMatchObject({ emulation: 'generic', tag: 'Newsletter' })

    await call('GET', '/api/v1/newsletters', admin())
    await call('GET', '/api/v1/newsletters', {})
    const after = (await s.call({ path: '/__sandbox/endpoints?called=true' })).json
    expect(after.operations.find(newsletters).calls).toBe(row.calls + 2)
    expect(after.operations.every((o: { calls: number }) => o.calls > 0)).toBe(true)
    const full = (await s.call({ path: '/__sandbox/endpoints?emulation=full' })).json
    expect(full.operations).toHaveLength(before.full)
  })

  it('the request log and the SSE feed mark each answer full or generic', async () => {
    await call('GET', '/api/v1/newsletters', admin())
    await call('GET', '/api/v1/me', admin())
    await s.call({ path: '/__sandbox/state' })
    const [generic, full, control] = s.sandbox.feed.requests().slice(-3)
    expect([generic!.path, generic!.emulation]).toEqual(['/api/v1/newsletters', 'generic'])
    expect([full!.path, full!.emulation]).toEqual(['/api/v1/me', 'full'])
    expect(control!.emulation).toBeNull()
  })
})

describe('the index as data', () => {
  it('names every public operation after one of the index', () => {
    const open = OPERATIONS.filter((op) => op.public).map((op) => `${op.method} ${op.specPath}`)
    expect(open.sort()).toEqual([...PUBLIC_OPERATIONS].sort())
  })
})
