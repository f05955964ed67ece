import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'

let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
beforeEach(() => s.sandbox.reset())

const rw = () => ({ 'Api-Token': s.tokens('acme').rw })
const acme = () => s.sandbox.tenant('acme')!

describe('SPEC 8: collections', () => {
  it('JSON-LD Hydra by default, with totalItems and a paged view', async () => {
    const res = await s.call({ path: '/api/v1/contacts?itemsPerPage=10&page=2', headers: rw() })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8')
    const contacts = acme().contacts.all()
    expect(res.json).toMatchObject({
      '@context': '/api/contexts/Contact',
      '@id': '/api/v1/contacts',
      '@type': 'hydra:Collection',
      'hydra:totalItems': contacts.length,
      'hydra:view': {
        '@id': '/api/v1/contacts?itemsPerPage=10&page=2',
        '@type': 'hydra:PartialCollectionView',
        'hydra:first': '/api/v1/contacts?itemsPerPage=10&page=1',
        'hydra:last': '/api/v1/contacts?itemsPerPage=10&page=3',
        'hydra:previous': '/api/v1/contacts?itemsPerPage=10&page=1',
        'hydra:next': '/api/v1/contacts?itemsPerPage=10&page=3',
      },
    })
    expect(res.json['hydra:member']).toHaveLength(10)
    expect(res.json['hydra:member'][0]).toEqual({
      '@id': `/api/v1/contacts/${contacts[10]!.id}`,
      '@type': 'Contact',
      id: contacts[10]!.id,
      email: contacts[10]!.email,
      firstName: contacts[10]!.firstName,
      lastName: contacts[10]!.lastName,
      phone: contacts[10]!.phone,
      createdAt: contacts[10]!.createdAt,
    })
  })

  it('a bare array for Accept: application/json; 30 per page by default, 100 at most', async () => {
    const res = await s.call({ path: '/api/v1/contacts', headers: { ...rw(), Accept: 'application/json' } })
    expect(res.headers['content-type']).toBe('application/json')
    expect(Array.isArray(res.json)).toBe(true)
    expect(res.json).toHaveLength(25)
    expect(res.json[0]['@id']).toBeUndefined()
    await s.sandbox.reset()
    const big = await startTestServer({ contactsPerTenant: 250 })
    try {
      const page = await big.call({
        path: '/api/v1/contacts',
        headers: { 'Api-Token': big.tokens('acme').rw },
      })
      expect(page.json['hydra:member']).toHaveLength(30)
      const max = await big.call({
        path: '/api/v1/contacts?itemsPerPage=1000',
        headers: { 'Api-Token': big.tokens('acme').rw },
      })
      expect(max.json['hydra:member']).toHaveLength(100)
      expect(max.json['hydra:totalItems']).toBe(250)
    } finally {
      await big.close()
    }
  })

  it('exact-value filters and order[field]', async () => {
    const target = acme().contacts.all()[7]!
    const filtered = await s.call({
      path: `/api/v1/contacts?email=${encodeURIComponent(target.email)}`,
      headers: rw(),
    })
    expect(filtered.json['hydra:totalItems']).toBe(1)
    expect(filtered.json['hydra:member'][0].id).toBe(target.id)
    const ordered = await s.call({
      path: '/api/v1/contacts?order[lastName]=desc&itemsPerPage=100',
      headers: { ...rw(), Accept: 'application/json' },
    })
    const names = ordered.json.map((c: { lastName: string }) => c.lastName)
    expect(names).toEqual([...names].sort().reverse())
    const published = await s.call({ path: '/api/v1/events?published=true', headers: rw() })
    expect(published.json['hydra:totalItems']).toBe(1)
    expect(published.json['hydra:member'][0]).toMatchObject({ '@type': 'Event', published: true })
  })
})

describe('SPEC 8: items and writes', () => {
  it('POST accepts JSON-LD; PUT replaces; merge-patch null clears a nullable field; DELETE removes', async () => {
    const created = await s.call({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: { ...rw(), 'Content-Type': 'application/ld+json' },
      body: JSON.stringify({
        email: 'grace@example.test',
        firstName: 'Grace',
        lastName: 'Hopper',
        phone: '+1 555 0100',
      }),
    })
    expect(created.status).toBe(201)
    const id = created.json.id
    expect(created.json).toMatchObject({
      '@id': `/api/v1/contacts/${id}`,
      '@type': 'Contact',
      phone: '+1 555 0100',
    })
    const patched = await s.call({
      method: 'PATCH',
      path: `/api/v1/contacts/${id}`,
      headers: { ...rw(), 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ phone: null, firstName: 'Amazing Grace' }),
    })
    expect(patched.json).toMatchObject({ firstName: 'Amazing Grace', lastName: 'Hopper', phone: null })
    const blanked = await s.call({
      method: 'PATCH',
      path: `/api/v1/contacts/${id}`,
      headers: { ...rw(), 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ lastName: null }),
    })
    // API Platform's denormalizer refuses null for a non-nullable string before validation runs.
    expect(blanked.json).toEqual({
      title: 'Bad Request',
      detail: 'The type of the "lastName" attribute must be "string", "null" given.',
      status: 400,
    })
    const put = await s.call({
      method: 'PUT',
      path: `/api/v1/contacts/${id}`,
      headers: rw(),
      body: { email: 'g@example.test', firstName: 'G', lastName: 'H' },
    })
    expect(put.json).toMatchObject({ email: 'g@example.test', firstName: 'G' })
    expect((await s.call({ method: 'DELETE', path: `/api/v1/contacts/${id}`, headers: rw() })).status).toBe(
      204,
    )
    expect((await s.call({ path: `/api/v1/contacts/${id}`, headers: rw() })).status).toBe(404)
  })

  it('roles gate writes: a member may read contacts but not write them', async () => {
    const { token } = await s.login('member@acme.test')
    const headers = { Authorization: `Bearer ${token}` }
    expect((await s.call({ path: '/api/v1/contacts', headers })).status).toBe(200)
    const write = await s.call({
      method: 'POST',
      path: '/api/v1/contacts',
      headers,
      body: { email: 'm@example.test', firstName: 'M', lastName: 'M' },
    })
    expect(write.json).toEqual({ title: 'Forbidden', detail: 'Access Denied.', status: 403 })
    // Members may submit forms (not read others' submissions).
    const form = acme().forms.all()[0]!
    const submit = await s.call({
      method: 'POST',
      path: '/api/v1/form_submissions',
      headers,
      body: { form: `/api/v1/forms/${form.id}`, data: { answer: 42 } },
    })
    expect(submit.status).toBe(201)
    expect(submit.json).toMatchObject({ form: `/api/v1/forms/${form.id}`, data: { answer: 42 } })
    expect((await s.call({ path: '/api/v1/form_submissions', headers })).status).toBe(403)
  })

  it('relations are IRIs; an IRI of another tenant is refused as not found', async () => {
    const event = acme().events.all()[0]!
    const globexContact = s.sandbox.tenant('globex')!.contacts.all()[0]!
    const res = await s.call({
      method: 'POST',
      path: '/api/v1/event_attends',
      headers: rw(),
      body: { event: `/api/v1/events/${event.id}`, contact: `/api/v1/contacts/${globexContact.id}` },
    })
    expect(res.status).toBe(400)
    expect(res.json.detail).toBe(`Item not found for "/api/v1/contacts/${globexContact.id}".`)
  })

  it('my-groups lists only the caller groups; events_publish publishes', async () => {
    const { token } = await s.login('member@acme.test')
    const mine = await s.call({
      path: '/api/v1/my-groups',
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    })
    expect(mine.json.map((g: { name: string }) => g.name)).toEqual(['Volunteers'])
    const draft = acme()
      .events.all()
      .find((e) => !e.published)!
    const published = await s.call({
      method: 'POST',
      path: `/api/v1/events_publish/${draft.id}`,
      headers: rw(),
    })
    expect(published.status).toBe(200)
    expect(published.json).toMatchObject({ id: draft.id, published: true })
  })
})

describe('SPEC 9: deterministic seed', () => {
  it('same seed, same data, same tokens; another seed differs', async () => {
    const again = await startTestServer()
    const other = await startTestServer({ seed: 7 })
    try {
      const state = (t: TestServer) => t.call({ path: '/__sandbox/state' }).then((r) => r.json)
      const [a, b, c] = await Promise.all([state(s), state(again), state(other)])
      expect(b.users).toEqual(a.users)
      expect(b.apiTokens).toEqual(a.apiTokens)
      expect(b.contactHashes).toEqual(a.contactHashes)
      expect(c.apiTokens[0].token).not.toBe(a.apiTokens[0].token)
      expect(
        a.users
          .filter((u: { email: string }) => /^(admin|member)@/.test(u.email))
          .map((u: { email: string }) => u.email),
      ).toEqual(['admin@acme.test', 'member@acme.test', 'admin@globex.test', 'member@globex.test'])
    } finally {
      await Promise.all([again.close(), other.close()])
    }
  })

  it('reset restores the seed exactly', async () => {
    const before = (await s.call({ path: '/__sandbox/state' })).json
    await s.call({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: rw(),
      body: { email: 'z@example.test', firstName: 'Z', lastName: 'Z' },
    })
    await s.login('admin@acme.test')
    const reset = await s.call({ method: 'POST', path: '/__sandbox/reset' })
    expect(reset.status).toBe(204)
    const after = (await s.call({ path: '/__sandbox/state' })).json
    expect({ ...after, clock: null }).toEqual({ ...before, clock: null })
  })
})
