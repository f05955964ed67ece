import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'

/** SPEC 7 over HTTP: invitations mail magic links; the hash opens its own attendance and nothing else. */
let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
beforeEach(async () => {
  await s.call({ method: 'POST', path: '/__sandbox/reset' })
  await s.call({
    method: 'POST',
    path: '/__sandbox/clock',
    body: { set: '2026-03-02T10:00:00Z', freeze: true },
  })
})

interface HashRow {
  tenant: string
  eventAttendId: number
  eventId: string
  contact: string
  hash: string
  status: string
}

async function hashes(tenant = 'acme'): Promise<HashRow[]> {
  const state = await s.call({ path: '/__sandbox/state' })
  return (state.json.contactHashes as HashRow[]).filter((h) => h.tenant === tenant)
}

const attendPath = (id: number) => `/api/v1/event_attends/${id}`
const asContact = (hash: string, extra: Record<string, string> = {}) => ({ 'X-Contact-Hash': hash, ...extra })
const MERGE = { 'Content-Type': 'application/merge-patch+json' }
const DENIED = { title: 'Forbidden', detail: 'Access Denied.', status: 403 }
const INVALID = { title: 'Unauthorized', detail: 'Invalid X-Contact-Hash.', status: 401 }

describe('X-Contact-Hash on its own attendance', () => {
  it('GET answers the attendance in JSON-LD', async () => {
    const [mine] = await hashes()
    const res = await s.call({ path: attendPath(mine!.eventAttendId), headers: asContact(mine!.hash) })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8')
    const contactId = s.sandbox.tenant('acme')!.eventAttends.get(mine!.eventAttendId)!.contactId
    expect(res.json).toEqual({
      '@context': '/api/contexts/EventAttend',
      '@id': attendPath(mine!.eventAttendId),
      '@type': 'EventAttend',
      id: mine!.eventAttendId,
      event: `/api/v1/events/${mine!.eventId}`,
      contact: `/api/v1/contacts/${contactId}`,
      status: 'invited',
      comment: null,
      createdAt: '2025-12-07T09:00:00.000Z',
    })
  })

  it('PATCH (merge-patch) changes its status and comment; POST confirm confirms', async () => {
    const [mine] = await hashes()
    const path = attendPath(mine!.eventAttendId)
    const patch = await s.call({
      method: 'PATCH',
      path,
      headers: asContact(mine!.hash, MERGE),
      body: JSON.stringify({ status: 'declined', comment: 'Away that week.' }),
    })
    expect([patch.status, patch.json.status, patch.json.comment]).toEqual([
      200,
      'declined',
      'Away that week.',
    ])
    const confirm = await s.call({ method: 'POST', path: `${path}/confirm`, headers: asContact(mine!.hash) })
    expect([confirm.status, confirm.json.status, confirm.json.comment]).toEqual([
      200,
      'confirmed',
      'Away that week.',
    ])
    expect((await hashes())[0]!.status).toBe('confirmed')
    expect(s.sandbox.feed.changes().at(-1)!.summary).toBe(
      `${mine!.contact} is confirmed for "Acme Corporation Annual Meetup"`,
    )
  })

  it.each([
    [
      'the event',
      { event: '/api/v1/events/x' },
      400,
      'An attendee may change only "status" and "comment"; "event" is not writable.',
    ],
    [
      'the contact',
      { contact: '/api/v1/contacts/1' },
      400,
      'An attendee may change only "status" and "comment"; "contact" is not writable.',
    ],
    [
      'a status that is no choice',
      { status: 'maybe' },
      422,
      'status: The value you selected is not a valid choice.',
    ],
    [
      'a numeric status',
      { status: 1 },
      400,
      'The type of the "status" attribute must be "string", "int" given.',
    ],
    [
      'a comment too long',
      { comment: 'x'.repeat(256) },
      422,
      'comment: This value is too long. It should have 255 characters or less.',
    ],
  ])('PATCH of %s is refused and changes nothing', async (_name, body, status, detail) => {
    const [mine] = await hashes()
    const res = await s.call({
      method: 'PATCH',
      path: attendPath(mine!.eventAttendId),
      headers: asContact(mine!.hash, MERGE),
      body: JSON.stringify(body),
    })
    expect([res.status, res.json.detail]).toEqual([status, detail])
    expect((await hashes())[0]!.status).toBe('invited')
  })

  it('PATCH as plain JSON is a 415, as for every PATCH', async () => {
    const [mine] = await hashes()
    const res = await s.call({
      method: 'PATCH',
      path: attendPath(mine!.eventAttendId),
      headers: asContact(mine!.hash),
      body: { status: 'confirmed' },
    })
    expect(res.status).toBe(415)
  })
})

describe('X-Contact-Hash anywhere else', () => {
  const forbidden: Array<[string, string, (own: number, other: number) => string, unknown?]> = [
    ["another contact's attendance", 'GET', (_own, other) => attendPath(other)],
    [
      "PATCH of another contact's attendance",
      'PATCH',
      (_own, other) => attendPath(other),
      { status: 'declined' },
    ],
    ["confirm of another contact's attendance", 'POST', (_own, other) => `${attendPath(other)}/confirm`],
    ['DELETE of its own attendance', 'DELETE', (own) => attendPath(own)],
    ['PUT of its own attendance', 'PUT', (own) => attendPath(own), { status: 'declined' }],
    ['the attendance collection', 'GET', () => '/api/v1/event_attends'],
    ['/api/v1/me', 'GET', () => '/api/v1/me'],
    ['contacts', 'GET', () => '/api/v1/contacts'],
    ['events', 'GET', () => '/api/v1/events'],
    ['an attendance that does not exist', 'GET', () => attendPath(999_999)],
  ]
  it.each(forbidden)('%s -> 403 Access Denied.', async (_name, method, path, body) => {
    const [mine, other] = await hashes()
    const headers = asContact(mine!.hash, method === 'PATCH' ? MERGE : {})
    const res = await s.call({
      method,
      path: path(mine!.eventAttendId, other!.eventAttendId),
      headers,
      body: body && JSON.stringify(body),
    })
    expect([res.status, res.json]).toEqual([403, DENIED])
    expect((await hashes()).map((h) => h.status)).toEqual(['invited', 'invited', 'invited'])
  })

  it.each([
    ['an unknown hash', () => 'f'.repeat(40)],
    ["another tenant's hash", async () => (await hashes('globex'))[0]!.hash],
    ['an empty hash', () => ''],
    ['a 5000-character hash', () => 'a'.repeat(5000)],
    ['a non-ASCII hash', () => 'häsh-ünknown'],
  ])('%s -> 401', async (_name, hash) => {
    const [mine] = await hashes()
    const res = await s.call({ path: attendPath(mine!.eventAttendId), headers: asContact(await hash()) })
    expect([res.status, res.headers['www-authenticate'], res.json]).toEqual([401, undefined, INVALID])
  })

  it("another tenant's attendance id with a hash of this tenant is not its own: 403", async () => {
    const [mine] = await hashes()
    const [theirs] = await hashes('globex')
    const res = await s.call({ path: attendPath(theirs!.eventAttendId), headers: asContact(mine!.hash) })
    expect([res.status, res.json]).toEqual([403, DENIED])
  })

  it('an admin keeps the full operations on the same endpoint', async () => {
    const [mine] = await hashes()
    const res = await s.call({
      method: 'PATCH',
      path: attendPath(mine!.eventAttendId),
      headers: { 'Api-Token': s.tokens('acme').rw, ...MERGE },
      body: JSON.stringify({ contact: '/api/v1/contacts/10', comment: 'moved' }),
    })
    expect([res.status, res.json.contact, res.json.comment]).toEqual([200, '/api/v1/contacts/10', 'moved'])
  })
})

describe('POST /api/v1/events/{uuid}/send-invites', () => {
  const admin = () => ({ 'Api-Token': s.tokens('acme').rw })
  const published = () =>
    s.sandbox
      .tenant('acme')!
      .events.all()
      .find((e) => e.published)!
  const invite = (body: unknown, headers: Record<string, string> = admin(), id = published().id) =>
    s.call({ method: 'POST', path: `/api/v1/events/${id}/send-invites`, headers, body })

  it('creates attendances with hashes and mails each contact a magic link that opens its attendance', async () => {
    const event = published()
    const res = await invite({
      contacts: ['/api/v1/contacts/10', '/api/v1/contacts/11', '/api/v1/contacts/10'],
    })
    expect(res.status).toBe(200)
    expect(res.json.event).toBe(`/api/v1/events/${event.id}`)
    expect(res.json.sent).toBe(2)
    expect(
      res.json.attendances.map((a: { contact: string; status: string }) => [a.contact, a.status]),
    ).toEqual([
      ['/api/v1/contacts/10', 'invited'],
      ['/api/v1/contacts/11', 'invited'],
    ])
    const mails = (await s.call({ path: '/__sandbox/outbox?kind=event-invitation' })).json
    expect(mails).toHaveLength(2)
    const contact = s.sandbox.tenant('acme')!.contacts.get(10)!
    const attendId = res.json.attendances[0].id as number
    const hash = s.sandbox.tenant('acme')!.eventAttends.get(attendId)!.hash
    const port = s.port
    expect(mails[0]).toEqual({
      id: 1,
      kind: 'event-invitation',
      tenant: 'acme',
      to: contact.email,
      subject: `You are invited: ${event.title}`,
      text: `Hello ${contact.firstName},\n\nAcme Corporation invites you to "${event.title}" (${event.startsAt}, ${event.location}).\nAnswer here: http://acme.localhost:${port}/events/${event.id}/rsvp/${attendId}?hash=${hash}\n`,
      code: null,
      link: `http://acme.localhost:${port}/events/${event.id}/rsvp/${attendId}?hash=${hash}`,
      sentAt: '2026-03-02T10:00:00.000Z',
      expiresAt: null,
    })
    expect(s.sandbox.feed.changes().map((c) => c.summary)).toContain(
      `Invitation for ${contact.email} to "${event.title}": ${mails[0].link}`,
    )
    // The integrator lifts the hash out of the link into the header.
    const fromLink = new URL(mails[0].link).searchParams.get('hash')!
    const own = await s.call({ path: attendPath(attendId), headers: asContact(fromLink) })
    expect([own.status, own.json.contact]).toEqual([200, '/api/v1/contacts/10'])
  })

  it('inviting an invited contact again re-sends the same link and creates nothing', async () => {
    const first = await invite({ contacts: ['/api/v1/contacts/10'] })
    const again = await invite({ contacts: ['/api/v1/contacts/10'] })
    expect(again.json.attendances[0].id).toBe(first.json.attendances[0].id)
    const links = (await s.call({ path: '/__sandbox/outbox' })).json.map((m: { link: string }) => m.link)
    expect(links).toHaveLength(2)
    expect(links[1]).toBe(links[0])
  })

  it.each([
    ['no credential', () => ({}), 401, 'JWT Token not found'],
    ['a read-only token', () => ({ 'Api-Token': s.tokens('acme').ro }), 403, 'Access Denied.'],
    [
      'a contact hash',
      () => ({ 'X-Contact-Hash': s.sandbox.tenant('acme')!.eventAttends.all()[0]!.hash }),
      403,
      'Access Denied.',
    ],
  ])('%s may not send invites', async (_name, headers, status, detail) => {
    const res = await invite({ contacts: ['/api/v1/contacts/10'] }, headers())
    expect([res.status, res.json.detail]).toEqual([status, detail])
    expect((await s.call({ path: '/__sandbox/outbox' })).json).toEqual([])
  })

  it('a member with a JWT is refused', async () => {
    const { token } = await s.login('member@acme.test')
    const res = await invite({ contacts: ['/api/v1/contacts/10'] }, { Authorization: `Bearer ${token}` })
    expect([res.status, res.json]).toEqual([403, DENIED])
  })

  it.each([
    ['no contacts', {}, 422, 'contacts: This value should not be blank.'],
    ['an empty list', { contacts: [] }, 422, 'contacts: This collection should contain 1 element or more.'],
    [
      'a string',
      { contacts: '/api/v1/contacts/10' },
      400,
      'The type of the "contacts" attribute must be "array", "string" given.',
    ],
    [
      'an unknown contact',
      { contacts: ['/api/v1/contacts/999999'] },
      400,
      'Item not found for "/api/v1/contacts/999999".',
    ],
    ['a user IRI', { contacts: ['/api/v1/users/1'] }, 400, 'Invalid IRI "/api/v1/users/1".'],
  ])('%s -> %s, nothing sent', async (_name, body, status, detail) => {
    const res = await invite(body)
    expect([res.status, res.json.detail]).toEqual([status, detail])
    expect((await s.call({ path: '/__sandbox/outbox' })).json).toEqual([])
  })

  it("another tenant's contact or event is not found", async () => {
    const globexContact = s.sandbox.tenant('globex')!.contacts.all()[0]!.id
    const res = await invite({ contacts: [`/api/v1/contacts/${globexContact}`] })
    expect([res.status, res.json.detail]).toEqual([
      400,
      `Item not found for "/api/v1/contacts/${globexContact}".`,
    ])
    const globexEvent = s.sandbox.tenant('globex')!.events.all()[0]!.id
    const other = await invite({ contacts: ['/api/v1/contacts/10'] }, admin(), globexEvent)
    expect([other.status, other.json.detail]).toEqual([
      404,
      'The referenced resource was not found or is no longer accessible.',
    ])
  })
})
