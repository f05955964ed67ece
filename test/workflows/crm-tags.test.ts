import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer, type Json } from '../helpers.ts'
import { crmCalls, OLIVIA } from './crm-helpers.ts'

// Orgo's sync-your-crm-with-orgo, step 2 over real HTTP: profile tags made once per name (409 after), attached to
// contacts with the docs' POST, and shown by every read of the contact and the tag (test/workflows/crm.test.ts:
// the other steps).

let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
beforeEach(() => s.sandbox.reset())

const { admin, post, get, patch, contact, profileTag, attach } = crmCalls(() => s)

describe('step 2: profile tags, unique per tenant, attached to contacts', () => {
  it('the docs’ {"name"} makes a ProfileTag of a Tag of that name; the name again is a 409, as the docs say', async () => {
    const tag = await profileTag('donor-2026')
    expect(tag).toEqual({
      '@context': '/api/contexts/ProfileTag',
      '@id': `/api/v1/profile_tags/${tag.id}`,
      '@type': 'ProfileTag',
      id: tag.id,
      tag: { '@id': `/api/v1/tags/${tag.tag.id}`, '@type': 'Tag', id: tag.tag.id, name: 'donor-2026' },
      contact: null,
      user: null,
      createdAt: expect.any(String),
    })
    expect((await get(`/api/v1/tags/${tag.tag.id}`)).json).toMatchObject({ name: 'donor-2026' })
    // The same name (trimmed, any case), or the spec's spelling of the same tag: the one there is, a 409.
    for (const body of [{ name: 'donor-2026' }, { name: ' Donor-2026 ' }, { tag: tag.tag['@id'] }]) {
      const again = await post('/api/v1/profile_tags', body)
      expect(again.status, JSON.stringify(body)).toBe(409)
      expect(again.json.detail).toContain(`/api/v1/profile_tags/${tag.id}`)
    }
    const tags = (await get('/api/v1/profile_tags?itemsPerPage=100')).json['hydra:member'] as Json[]
    expect(tags.filter((t) => t.tag.name === 'donor-2026')).toHaveLength(1)
    // A PATCH renaming another one to that name is the same duplicate; to a new name, a new tag.
    const vip = await profileTag('vip')
    const renamed = await patch(`/api/v1/profile_tags/${vip.id}`, { name: 'DONOR-2026' })
    expect([renamed.status, renamed.json.detail]).toEqual([
      409,
      `Cannot update: a profile tag "donor-2026" already exists (/api/v1/profile_tags/${tag.id}).`,
    ])
    const moved = await patch(`/api/v1/profile_tags/${vip.id}`, { name: 'vip-2026' })
    expect([moved.status, moved.json.tag.name]).toEqual([200, 'vip-2026'])
    // Tags themselves are one per name, or the docs' names would name two.
    expect((await post('/api/v1/tags', { name: 'VIP-2026' })).status).toBe(409)
    expect((await post('/api/v1/profile_tags', { name: '' })).status).toBe(422)
    expect((await post('/api/v1/profile_tags', {})).status).toBe(422)
  })

  it('attaches with the docs’ POST: 201 then 200 with the same ProfileTag; every read shows it', async () => {
    const olivia = await contact()
    const tag = await profileTag('donor-2026')
    const first = await attach(olivia.id, { profileTag: tag['@id'] })
    expect(first.status, first.text).toBe(201)
    expect(first.json).toMatchObject({
      '@type': 'ProfileTag',
      tag: { id: tag.tag.id, name: 'donor-2026' },
      contact: `/api/v1/contacts/${olivia.id}`,
      user: null,
    })
    expect(first.headers.location).toBe(`/api/v1/profile_tags/${first.json.id}`)
    const again = await attach(olivia.id, { profileTag: tag['@id'] })
    expect([again.status, again.json.id]).toEqual([200, first.json.id])
    // The spec's own create of the same pair is a duplicate.
    const twin = await post('/api/v1/profile_tags', { tag: tag.tag['@id'], contact: olivia['@id'] })
    expect(twin.status).toBe(409)

    const listed = await get(`/api/v1/contacts/${olivia.id}/profile_tags`)
    expect(listed.json['hydra:totalItems']).toBe(1)
    expect(listed.json['hydra:member'][0]).toEqual({
      '@id': first.json['@id'],
      '@type': 'ProfileTag',
      id: first.json.id,
      tag: { '@id': `/api/v1/tags/${tag.tag.id}`, '@type': 'Tag', id: tag.tag.id, name: 'donor-2026' },
      contact: olivia['@id'],
      user: null,
      createdAt: first.json.createdAt,
    })
    const embedded = {
      '@id': first.json['@id'],
      '@type': 'ProfileTag',
      id: first.json.id,
      tag: listed.json['hydra:member'][0].tag,
    }
    const item = await get(`/api/v1/contacts/${olivia.id}`)
    expect(item.json.tags).toEqual([{ ...embedded, createdAt: first.json.createdAt }])
    const card = await get(`/api/v1/contacts?email=${encodeURIComponent(OLIVIA.email)}`)
    expect(card.json['hydra:member'][0].tags).toEqual([embedded])
    const plain = await get(`/api/v1/contacts/${olivia.id}`, { ...admin(), Accept: 'application/json' })
    expect(plain.json.tags).toEqual([
      { id: first.json.id, tag: { id: tag.tag.id, name: 'donor-2026' }, createdAt: first.json.createdAt },
    ])
    // The audience filter: the hand-written list and the engine's newsletter stats find the contact by its tag,
    // and the engine embeds its tags as the contact's own item does.
    const audience = await get(`/api/v1/contacts?tags.tag=${encodeURIComponent(tag.tag['@id'])}`)
    expect(audience.json['hydra:member'].map((c: Json) => c.id)).toEqual([olivia.id])
    const stats = await get(`/api/v1/contact/newsletter-stats?tags.tag=${tag.tag.id}`)
    expect(stats.json['hydra:member'].map((c: Json) => c.id)).toEqual([olivia.id])
    expect(stats.json['hydra:member'][0].tags).toEqual(item.json.tags)

    // Gone with its ProfileTag, then with its Tag.
    const deleted = await s.call({ method: 'DELETE', path: first.json['@id'], headers: admin() })
    expect(deleted.status).toBe(204)
    expect((await get(`/api/v1/contacts/${olivia.id}`)).json.tags).toEqual([])
    expect((await attach(olivia.id, { profileTag: tag['@id'] })).status).toBe(201)
    expect((await s.call({ method: 'DELETE', path: tag.tag['@id'], headers: admin() })).status).toBe(204)
    expect((await get(`/api/v1/contacts/${olivia.id}/profile_tags`)).json['hydra:totalItems']).toBe(0)
    expect((await get(tag['@id'])).status).toBe(404)
  })

  it('a bad IRI, another tenant’s tag or a missing one is the engine’s 400; a missing contact 404; a member 403', async () => {
    const olivia = await contact()
    const elsewhere = await post('/api/v1/profile_tags', { name: 'globex-only' }, admin('globex'), 'globex')
    expect(elsewhere.status).toBe(201)
    const refused = async (body: unknown) => {
      const res = await attach(olivia.id, body)
      return [res.status, res.json.detail]
    }
    expect(await refused({ profileTag: elsewhere.json['@id'] })).toEqual([
      400,
      `Item not found for "${elsewhere.json['@id']}".`,
    ])
    expect(await refused({ profileTag: '/api/v1/profile_tags/999999' })).toEqual([
      400,
      'Item not found for "/api/v1/profile_tags/999999".',
    ])
    expect(await refused({ profileTag: olivia['@id'] })).toEqual([400, `Invalid IRI "${olivia['@id']}".`])
    expect((await attach(olivia.id, {})).status).toBe(400)
    const tag = await profileTag('donor-2026')
    expect((await attach(999999, { profileTag: tag['@id'] })).status).toBe(404)
    const member = await s.login('member@acme.test')
    const asMember = await attach(
      olivia.id,
      { profileTag: tag['@id'] },
      {
        Authorization: `Bearer ${member.token}`,
      },
    )
    expect(asMember.status).toBe(403)
    expect((await get(`/api/v1/contacts/${olivia.id}/profile_tags`)).json['hydra:totalItems']).toBe(0)
    // The spec's field works in the docs' form too: a Tag's IRI.
    const bySpec = await attach(olivia.id, { tag: tag.tag['@id'] })
    expect([bySpec.status, bySpec.json.tag.name]).toEqual([201, 'donor-2026'])
    // A deleted contact's ProfileTags go with it.
    expect((await s.call({ method: 'DELETE', path: olivia['@id'], headers: admin() })).status).toBe(204)
    expect((await get(bySpec.json['@id'])).status).toBe(404)
  })

  it('the spec’s own writes of ProfileTags keep the contacts’ tags in step: create, move, delete', async () => {
    const olivia = await contact()
    const noah = await contact({ name: 'Noah Green', email: 'noah.green@example.com' })
    const tag = await profileTag('volunteer')
    const made = await post('/api/v1/profile_tags', { tag: tag.tag['@id'], contact: olivia['@id'] })
    expect(made.status, made.text).toBe(201)
    const tagsOf = async (c: Json) =>
      ((await get(`/api/v1/contacts/${c.id}`)).json.tags as Json[]).map((t) => t.id)
    expect(await tagsOf(olivia)).toEqual([made.json.id])
    const moved = await patch(made.json['@id'], { contact: noah['@id'] })
    expect([moved.status, moved.json.contact]).toEqual([200, noah['@id']])
    expect([await tagsOf(olivia), await tagsOf(noah)]).toEqual([[], [made.json.id]])
    expect((await get(`/api/v1/contacts/${noah.id}/profile_tags`)).json['hydra:member'][0].id).toBe(
      made.json.id,
    )
    expect((await s.call({ method: 'DELETE', path: made.json['@id'], headers: admin() })).status).toBe(204)
    expect(await tagsOf(noah)).toEqual([])
  })
})
