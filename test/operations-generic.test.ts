import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { OPERATIONS } from '../mocks/operations/index.ts'
import { PUBLIC_OPERATIONS } from '../mocks/operations/public.ts'
import { SEED_COUNT } from '../mocks/schema/store.ts'
import { startTestServer, type CallInput, type TestServer, MERGE } from './helpers.ts'

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
const firstForm = async () =>
  (await call('GET', '/api/v1/forms', { ...admin(), Accept: 'application/json' })).json[0] as { uuid: string }
const LD = { 'Content-Type': 'application/ld+json' }
const NOT_FOUND = {
  title: 'Not Found',
  detail: 'The referenced resource was not found or is no longer accessible.',
  status: 404,
}

describe('a resource of the schema engine: /api/v1/webhook_subscriptions (ADMIN_TENANT)', () => {
  const base = '/api/v1/webhook_subscriptions'
  const hook = { name: 'CRM sync', url: 'http://127.0.0.1:9/hook', eventTypes: ['contact.created'] }

  it("stores a POST and answers it in the spec's shape, then reads, patches, acts on and deletes it", async () => {
    // A tenant starts with no subscription: deliveries go only where the developer said.
    const empty = await call('GET', base, admin())
    expect(empty.status).toBe(200)
    expect(empty.headers['x-sandbox-emulation']).toBe('schema')
    expect(empty.json).toMatchObject({
      '@type': 'hydra:Collection',
      'hydra:totalItems': 0,
      'hydra:member': [],
    })

    const created = await call(
      'POST',
      base,
      { ...admin(), ...LD },
      JSON.stringify({ ...hook, '@id': '/x', id: 7, totalDeliveries: 99 }),
    )
    expect(created.status).toBe(201)
    const id = created.json.id as number
    expect(Number.isInteger(id)).toBe(true)
    // The id, @id and read-only counters are the server's: the body's are dropped; defaults filled in.
    expect(created.json).toMatchObject({
      '@context': '/api/contexts/WebhookSubscription',
      '@id': `${base}/${id}`,
      '@type': 'WebhookSubscription',
      id,
      ...hook,
      isActive: true,
      maxRetries: 3,
      timeoutSeconds: 30,
      totalDeliveries: 0,
    })
    expect(created.json).not.toHaveProperty('secret')

    const read = await call('GET', `${base}/${id}`, { ...admin(), Accept: 'application/json' })
    expect(read.json).toMatchObject({ id, ...hook })
    expect(read.json).not.toHaveProperty('@id')

    const listed = await call('GET', base, admin())
    expect(listed.json['hydra:totalItems']).toBe(1)
    expect(listed.json['hydra:member'][0]).toMatchObject({ '@id': `${base}/${id}`, ...hook })

    // PATCH is JSON Merge Patch: 415 otherwise; only the keys given change.
    const wrongType = await call('PATCH', `${base}/${id}`, admin(), { isActive: false })
    expect(wrongType.status).toBe(415)
    const patched = await call('PATCH', `${base}/${id}`, { ...admin(), ...MERGE }, '{"isActive":false}')
    expect(patched.status).toBe(200)
    expect(patched.json).toMatchObject({ id, isActive: false, url: hook.url })

    // A custom action on the record reads its body as API Platform would (415 without one) and writes nothing.
    expect((await call('POST', `${base}/${id}/test`, admin())).status).toBe(415)
    const tested = await call(
      'POST',
      `${base}/${id}/test`,
      { ...admin(), ...LD },
      '{"url":"https://evil.test"}',
    )
    // The spec documents 201 with a `webhook_test_result`: the delivery was tried (port 9: nobody listens).
    expect(tested.status).toBe(201)
    expect((await call('GET', `${base}/${id}`, admin())).json.url).toBe(hook.url)
    expect((await call('GET', `${base}/${id}/delivery_logs`, admin())).status).toBe(200)

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

  it('validates a write against the body schema: 400 for a wrong type, 422 for a constraint', async () => {
    const wrong = await call('POST', base, admin(), { ...hook, maxRetries: 'three' })
    expect([wrong.status, wrong.json.detail]).toEqual([
      400,
      'The type of the "maxRetries" attribute must be "int", "string" given.',
    ])
    const choice = await call('POST', '/api/v1/badges', admin(), { name: 3 })
    expect(choice.status).toBe(400)
  })

  it('applies the permission the description states: a member is refused, the admin is not', async () => {
    // "Requires ADMIN_TENANT permission." (GET /api/v1/invoices); the member holds no permission.
    const res = await call('GET', '/api/v1/invoices', { Authorization: `Bearer ${member}` })
    expect({ status: res.status, body: res.json }).toEqual({
      status: 403,
      body: { title: 'Forbidden', detail: 'Access Denied.', status: 403 },
    })
    expect(res.headers['x-sandbox-emulation']).toBe('schema')
    // An operation that states none is open to any signed-in user.
    expect((await call('GET', '/api/v1/invoices', admin())).status).toBe(200)
    expect((await call('GET', '/api/v1/newsletters', { Authorization: `Bearer ${member}` })).status).toBe(200)
  })

  it('keeps its records per tenant: a reset goes back to the seeded ones', async () => {
    const seeded = (await call('GET', '/api/v1/newsletters', admin())).json['hydra:totalItems']
    expect(seeded).toBe(SEED_COUNT)
    await call('POST', '/api/v1/newsletters', admin(), { name: 'June', subject: 'News' })
    expect((await call('GET', '/api/v1/newsletters', admin())).json['hydra:totalItems']).toBe(SEED_COUNT + 1)
    await s.sandbox.reset()
    expect((await call('GET', '/api/v1/newsletters', admin())).json['hydra:totalItems']).toBe(SEED_COUNT)
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

  it('a create-like action creates the record it answers, addressable at its item path', async () => {
    const res = await call('POST', '/api/v1/adhesion/create', { ...admin(), ...LD }, '{}')
    expect(res.status).toBe(201)
    expect(res.headers['x-sandbox-emulation']).toBe('schema')
    expect(res.json).toMatchObject({ '@type': 'Adhesion', status: 'NEW' })
    const read = await call('GET', `/api/v1/adhesion/${res.json.id as number}`, admin())
    expect([read.status, read.json.id]).toEqual([200, res.json.id])
  })

  it('a custom operation on a modelled record answers in its documented status and schema, or 404', async () => {
    const events = await call('GET', '/api/v1/events', { ...admin(), Accept: 'application/json' })
    const uuid = events.json[0].uuid as string
    // The spec documents 204 for the analytics GET: no body.
    const analytics = await call('GET', `/api/v1/events/${uuid}/analytics`, admin())
    expect([analytics.status, analytics.text]).toEqual([204, ''])
    const stats = await call('GET', `/api/v1/forms/${(await firstForm()).uuid}/statistics`, admin())
    expect([stats.status, stats.headers['x-sandbox-emulation']]).toEqual([200, 'schema'])
    expect(stats.json).toMatchObject({ '@type': 'Form', uuid: (await firstForm()).uuid })
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
  it('GET /__sandbox/endpoints lists every operation, full, schema or generic, and counts the calls of this run', async () => {
    const before = (await s.call({ path: '/__sandbox/endpoints' })).json
    expect(before).toMatchObject({ total: 787, none: 0 })
    expect(before.full + before.schema + before.generic).toBe(787)
    expect(before.schema).toBeGreaterThan(500)
    expect(before.full).toBeGreaterThanOrEqual(45)
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
    expect(row).toMatchObject({ emulation: 'schema', tag: 'Newsletter' })

    await call('GET', '/api/v1/newsletters', admin())
    await call('GET', '/api/v1/newsletters', {})
    const after = (await s.call({ path: '/__sandbox/endpoints?called=true' })).json
    expect(after.operations.find(newsletters).calls).toBe(row.calls + 2)
    expect(after.operations.every((o: { calls: number }) => o.calls > 0)).toBe(true)
    const full = (await s.call({ path: '/__sandbox/endpoints?emulation=full' })).json
    expect(full.operations).toHaveLength(before.full)
  })

  it('the request log and the SSE feed mark each answer full, schema or generic', async () => {
    await call('GET', '/api/v1/newsletters', admin())
    await call('GET', '/api/v1/me', admin())
    await s.call({ path: '/__sandbox/state' })
    const [schema, full, control] = s.sandbox.feed.requests().slice(-3)
    expect([schema!.path, schema!.emulation]).toEqual(['/api/v1/newsletters', 'schema'])
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
