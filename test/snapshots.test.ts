import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type CallResult, type TestServer } from './helpers.ts'

/** Issue 5: snapshot the whole state, break things, restore it exactly (`/__sandbox/snapshots`). */
let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
// Snapshots outlive a reset (reset, then restore one), so each test reads the ids it is given.
beforeEach(() => s.sandbox.reset())

const T0 = '2026-03-02T10:00:00.000Z'
const rw = () => ({ 'Api-Token': s.tokens('acme').rw })
const state = async () => (await s.call({ path: '/__sandbox/state' })).json
const take = (body?: object) => s.call({ method: 'POST', path: '/__sandbox/snapshots', body })
const restore = (id: number | string) =>
  s.call({ method: 'POST', path: `/__sandbox/snapshots/${id}/restore` })
const envelope = (r: CallResult) => ({ status: r.status, body: r.json })
const contactIds = (slug = 'acme') =>
  s.sandbox
    .tenant(slug)!
    .contacts.all()
    .map((c) => c.id)
const newContact = (email: string) =>
  s.call({
    method: 'POST',
    path: '/api/v1/contacts',
    headers: rw(),
    body: { email, name: 'New Contact' },
  })

/** Everything a test can break: records, credentials, codes, mails, the clock, a scenario. */
async function breakThings(): Promise<void> {
  expect((await newContact('after@acme.test')).status).toBe(201)
  const victim = contactIds()[4]!
  expect((await s.call({ method: 'DELETE', path: `/api/v1/contacts/${victim}`, headers: rw() })).status).toBe(
    204,
  )
  const token = s.sandbox.tenant('acme')!.apiTokens.all()[0]!
  const revoked = await s.call({
    method: 'PATCH',
    path: `/api/v1/user-api-tokens/${token.id}/revoke`,
    headers: rw(),
  })
  expect(revoked.status).toBe(200)
  await s.login('member@globex.test')
  const otp = await s.call({
    method: 'POST',
    path: '/api/v1/request-login-otp',
    body: { email: 'member@acme.test' },
  })
  expect(otp.status).toBeLessThan(300)
  expect(
    (await s.call({ method: 'POST', path: '/__sandbox/api-tokens', body: { tenant: 'globex' } })).status,
  ).toBe(201)
  expect((await s.call({ method: 'POST', path: '/__sandbox/clock', body: { advance: '3h' } })).status).toBe(
    200,
  )
  expect((await s.call({ method: 'POST', path: '/__sandbox/scenarios/read-only' })).status).toBe(201)
}

describe('snapshot and restore', () => {
  it('restore puts back exactly the state the snapshot saw', async () => {
    await s.call({ method: 'POST', path: '/__sandbox/clock', body: { set: T0, freeze: true } })
    await s.login('admin@acme.test')
    const before = await state()
    const taken = await take({ name: 'clean' })
    const { id } = taken.json
    expect(envelope(taken)).toEqual({ status: 201, body: { id, name: 'clean', createdAt: T0 } })

    await breakThings()
    expect(await state()).not.toEqual(before)

    const restored = await restore(id)
    expect(envelope(restored)).toEqual({ status: 200, body: { id, name: 'clean', createdAt: T0 } })
    const after = await state()
    // A frozen clock's offset from real time grows while it stands still; everything else is identical.
    expect(after).toEqual({ ...before, clock: { ...before.clock, offsetMs: after.clock.offsetMs } })
    expect(after.clock).toMatchObject({ now: T0, frozen: true })
  })

  it('restores id sequences, so the next record gets the id it would have had', async () => {
    const { id } = (await take()).json
    const first = (await newContact('one@acme.test')).json.id
    await restore(id)
    expect((await newContact('two@acme.test')).json.id).toBe(first)
  })

  it('can be restored again and again: later writes never reach a saved state', async () => {
    const ids = contactIds()
    const { id } = (await take()).json
    for (const email of ['a@acme.test', 'b@acme.test']) {
      await newContact(email)
      expect((await restore(id)).status).toBe(200)
      expect(contactIds()).toEqual(ids)
    }
  })

  it('switches scenarios off first: their undo never writes stale rows over the restored data', async () => {
    const ids = contactIds()
    const { id } = (await take({ name: 'full' })).json
    expect((await s.call({ method: 'POST', path: '/__sandbox/scenarios/empty-tenant' })).status).toBe(201)
    await newContact('during@acme.test')
    expect(contactIds()).toHaveLength(1)

    expect((await restore(id)).status).toBe(200)
    expect(contactIds()).toEqual(ids)
    expect((await state()).scenarios).toEqual([])
    // Switching the scenario on and off again works on the restored data only.
    await s.call({ method: 'POST', path: '/__sandbox/scenarios/empty-tenant' })
    await s.call({ method: 'DELETE', path: '/__sandbox/scenarios/empty-tenant' })
    expect(contactIds()).toEqual(ids)
    expect(s.sandbox.feed.changes().at(-3)).toMatchObject({
      kind: 'snapshot.restored',
      summary: `Snapshot ${id} "full" restored (scenarios switched off: empty-tenant)`,
    })
  })

  it("keeps the records of the schema engine's resources, and later writes never reach them", async () => {
    const badge = (name: string) =>
      s.call({ method: 'POST', path: '/api/v1/badges', headers: rw(), body: { name } })
    const names = async () =>
      (await s.call({ path: '/api/v1/badges', headers: rw() })).json['hydra:member'].map(
        (b: { name: string }) => b.name,
      )
    expect((await badge('Volunteer of the year')).status).toBe(201)
    // The seeded badges (the schema engine seeds a resource on its first touch), then the one created.
    const atSnapshot: string[] = await names()
    expect(atSnapshot.at(-1)).toBe('Volunteer of the year')
    const snap = (await take({ name: 'one badge' })).json
    await badge('Mentor')
    await s.call({ method: 'DELETE', path: '/api/v1/badges/1', headers: rw() })
    expect(await names()).toEqual([...atSnapshot.slice(1), 'Mentor'])
    expect((await restore(snap.id)).status).toBe(200)
    expect(await names()).toEqual(atSnapshot)
    await badge('Mentor')
    expect((await restore(snap.id)).status).toBe(200)
    expect(await names()).toEqual(atSnapshot)
  })

  it('lists and deletes snapshots; each step is on the feed', async () => {
    await s.call({ method: 'POST', path: '/__sandbox/clock', body: { set: T0, freeze: true } })
    for (const old of s.sandbox.snapshots.list()) s.sandbox.snapshots.delete(old.id)
    const first = (await take({ name: 'first' })).json.id
    const second = first + 1
    await take()
    expect((await s.call({ path: '/__sandbox/snapshots' })).json).toEqual([
      { id: first, name: 'first', createdAt: T0 },
      { id: second, name: `Snapshot ${second}`, createdAt: T0 },
    ])
    expect((await s.call({ method: 'DELETE', path: `/__sandbox/snapshots/${first}` })).status).toBe(204)
    expect((await s.call({ path: '/__sandbox/snapshots' })).json).toEqual([
      { id: second, name: `Snapshot ${second}`, createdAt: T0 },
    ])
    expect(envelope(await restore(first)).status).toBe(404)
    expect(
      s.sandbox.feed
        .changes()
        .filter((c) => c.kind.startsWith('snapshot.'))
        .slice(-3)
        .map((c) => c.summary),
    ).toEqual([
      `Snapshot ${first} "first" taken`,
      `Snapshot ${second} "Snapshot ${second}" taken`,
      `Snapshot ${first} "first" deleted`,
    ])
  })

  it.each([
    [
      'POST',
      '/__sandbox/snapshots/700/restore',
      'No snapshot "700": GET /__sandbox/snapshots lists them, POST /__sandbox/snapshots takes one.',
    ],
    [
      'POST',
      '/__sandbox/snapshots/abc/restore',
      'No snapshot "abc": GET /__sandbox/snapshots lists them, POST /__sandbox/snapshots takes one.',
    ],
    [
      'DELETE',
      '/__sandbox/snapshots/700',
      'No snapshot "700": GET /__sandbox/snapshots lists them, POST /__sandbox/snapshots takes one.',
    ],
  ])('%s %s -> 404 envelope', async (method, path, detail) => {
    expect(envelope(await s.call({ method, path }))).toEqual({
      status: 404,
      body: { title: 'Not Found', detail, status: 404 },
    })
  })

  it('a bad name is a 400 envelope', async () => {
    expect(envelope(await take({ name: 42 }))).toEqual({
      status: 400,
      body: {
        title: 'Bad Request',
        detail: 'The type of the "name" attribute must be "string", "integer" given.',
        status: 400,
      },
    })
  })
})
