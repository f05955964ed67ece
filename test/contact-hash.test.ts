import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type CallResult, type TestServer, MERGE } from './helpers.ts'

/**
 * SPEC 7 over HTTP, in Orgo's shapes (decision 009): invitations (`send-invites` for members,
 * `event_attend_invite_external` for contacts) mail magic links; the hash opens its own attendance and nothing
 * else; the attendee answers only `statusRsvp`; confirming is the organiser's.
 */
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
  /** The event's uuid. */
  eventId: string
  /** The contact's (or the user's) email. */
  contact: string
  hash: string
  statusRsvp: string | null
  statusRegistration: string | null
  /** The link into the app with --app-url; null without. */
  appLink: string | null
}

async function hashes(tenant = 'acme'): Promise<HashRow[]> {
  const state = await s.call({ path: '/__sandbox/state' })
  return (state.json.contactHashes as HashRow[]).filter((h) => h.tenant === tenant)
}

/** What each attendance answers now: [statusRsvp, statusRegistration]. */
const answers = async (tenant = 'acme') =>
  (await hashes(tenant)).map((h) => [h.statusRsvp, h.statusRegistration])

const outbox = async (query = '') => (await s.call({ path: `/__sandbox/outbox${query}` })).json
const attendPath = (id: number) => `/api/v1/event_attends/${id}`
const asContact = (hash: string, extra: Record<string, string> = {}) => ({ 'X-Contact-Hash': hash, ...extra })
const DENIED = { title: 'Forbidden', detail: 'Access Denied.', status: 403 }
const INVALID = { title: 'Unauthorized', detail: 'Invalid X-Contact-Hash.', status: 401 }
const MEETUP = 'Acme Corporation Annual Meetup'
const HASH = /^[0-9a-f]{32}$/
const admin = () => ({ 'Api-Token': s.tokens('acme').rw })
const acme = () => s.sandbox.tenant('acme')!
const published = () =>
  acme()
    .events.all()
    .find((e) => e.status === 'published')!
const draft = () =>
  acme()
    .events.all()
    .find((e) => e.status === 'draft')!

const patch = (path: string, headers: Record<string, string>, body: unknown): Promise<CallResult> =>
  s.call({ method: 'PATCH', path, headers: { ...headers, ...MERGE }, body: JSON.stringify(body) })

/** A member's JWT, from a password login. */
const memberJwt = async () => ({ Authorization: `Bearer ${(await s.login('member@acme.test')).token}` })

describe('X-Contact-Hash on its own attendance', () => {
  it('GET answers the attendance in JSON-LD, with its event and contact embedded and its hash', async () => {
    const [mine] = await hashes()
    const res = await s.call({ path: attendPath(mine!.eventAttendId), headers: asContact(mine!.hash) })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8')
    const stored = acme().eventAttends.get(mine!.eventAttendId)!
    const contact = acme().contacts.get(stored.external!)!
    expect(res.json).toMatchObject({
      '@context': '/api/contexts/EventAttend',
      '@id': attendPath(mine!.eventAttendId),
      '@type': 'EventAttend',
      id: mine!.eventAttendId,
      event: {
        '@id': `/api/v1/events/${mine!.eventId}`,
        '@type': 'Event',
        id: stored.event,
        uuid: mine!.eventId,
        name: MEETUP,
      },
      user: null,
      external: {
        '@id': `/api/v1/contacts/${contact.id}`,
        '@type': 'Contact',
        id: contact.id,
        email: mine!.contact,
        name: contact.name,
        fullName: contact.name,
      },
      statusRsvp: null,
      statusRegistration: null,
      isInvited: true,
      hash: mine!.hash,
      dateCreated: '2025-12-07T09:00:00+00:00',
    })
    expect(mine!.hash).toMatch(HASH)
  })

  it("PATCH (merge-patch) of statusRsvp answers the attendance; the registration stays the organiser's", async () => {
    const [mine] = await hashes()
    const res = await patch(attendPath(mine!.eventAttendId), asContact(mine!.hash), {
      statusRsvp: 'declined',
    })
    expect([res.status, res.json.statusRsvp, res.json.statusRegistration, res.json.hash]).toEqual([
      200,
      'declined',
      null,
      mine!.hash,
    ])
    expect((await answers())[0]).toEqual(['declined', null])
    expect(s.sandbox.feed.changes().at(-1)!.summary).toBe(
      `${mine!.contact} answered "declined" for "${MEETUP}"`,
    )
    // Merge patch: null clears the answer.
    const cleared = await patch(attendPath(mine!.eventAttendId), asContact(mine!.hash), { statusRsvp: null })
    expect([cleared.status, cleared.json.statusRsvp]).toEqual([200, null])
  })

  it("POST confirm is the organiser's: the attendee gets 403 and no ticket", async () => {
    const [mine] = await hashes()
    const res = await s.call({
      method: 'POST',
      path: `${attendPath(mine!.eventAttendId)}/confirm`,
      headers: asContact(mine!.hash),
    })
    expect([res.status, res.json]).toEqual([403, DENIED])
    expect(await answers()).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ])
    expect(await outbox()).toEqual([])
  })

  const attendeeMay = 'An attendee may change only "statusRsvp";'
  it.each([
    ['the event', { event: '/api/v1/events/x' }, 400, `${attendeeMay} "event" is the organiser's to change.`],
    [
      'the contact',
      { external: '/api/v1/contacts/1' },
      400,
      `${attendeeMay} "external" is the organiser's to change.`,
    ],
    [
      'the registration',
      { statusRegistration: 'success' },
      400,
      `${attendeeMay} "statusRegistration" is the organiser's to change.`,
    ],
    ['the hash', { hash: 'f'.repeat(32) }, 400, `${attendeeMay} "hash" is the organiser's to change.`],
    [
      'an RSVP with another key',
      { statusRsvp: 'declined', isInvited: false },
      400,
      `${attendeeMay} "isInvited" is the organiser's to change.`,
    ],
    [
      'a numeric RSVP',
      { statusRsvp: 1 },
      400,
      'The type of the "statusRsvp" attribute must be "string", "integer" given.',
    ],
    [
      'an RSVP too long',
      { statusRsvp: 'x'.repeat(256) },
      422,
      'statusRsvp: This value is too long. It should have 255 characters or less.',
    ],
  ])('PATCH of %s is refused and changes nothing', async (_name, body, status, detail) => {
    const [mine] = await hashes()
    const res = await patch(attendPath(mine!.eventAttendId), asContact(mine!.hash), body)
    expect([res.status, res.json.detail]).toEqual([status, detail])
    expect((await hashes())[0]).toEqual(mine)
  })

  it('PATCH as plain JSON is a 415, as for every PATCH', async () => {
    const [mine] = await hashes()
    const res = await s.call({
      method: 'PATCH',
      path: attendPath(mine!.eventAttendId),
      headers: asContact(mine!.hash),
      body: { statusRsvp: 'accepted' },
    })
    expect(res.status).toBe(415)
    expect((await hashes())[0]).toEqual(mine)
  })
})

describe('X-Contact-Hash anywhere else', () => {
  const forbidden: Array<[string, string, (own: number, other: number) => string, unknown?]> = [
    ["another contact's attendance", 'GET', (_own, other) => attendPath(other)],
    [
      "PATCH of another contact's attendance",
      'PATCH',
      (_own, other) => attendPath(other),
      { statusRsvp: 'declined' },
    ],
    ["confirm of another contact's attendance", 'POST', (_own, other) => `${attendPath(other)}/confirm`],
    ['DELETE of its own attendance', 'DELETE', (own) => attendPath(own)],
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
    expect(await answers()).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ])
  })

  it('PUT is no operation of event_attends: 405 with Allow, for a hash as for anyone', async () => {
    const [mine] = await hashes()
    const res = await s.call({
      method: 'PUT',
      path: attendPath(mine!.eventAttendId),
      headers: asContact(mine!.hash, MERGE),
      body: JSON.stringify({ statusRsvp: 'declined' }),
    })
    expect([res.status, res.headers.allow, res.json.title]).toEqual([
      405,
      'GET, PATCH, DELETE',
      'Method Not Allowed',
    ])
    expect((await hashes())[0]).toEqual(mine)
  })

  it.each([
    ['an unknown hash', () => 'f'.repeat(32)],
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
})

describe('the organiser on the same endpoints', () => {
  it("PATCHes any field but the hash, which stays the contact's credential", async () => {
    const [mine] = await hashes()
    const res = await patch(attendPath(mine!.eventAttendId), admin(), {
      external: '/api/v1/contacts/10',
      statusRegistration: 'waiting',
      hash: 'f'.repeat(32),
    })
    expect([res.status, res.json.external.id, res.json.statusRegistration, res.json.hash]).toEqual([
      200,
      10,
      'waiting',
      mine!.hash,
    ])
    expect((await hashes())[0]).toMatchObject({
      contact: acme().contacts.get(10)!.email,
      hash: mine!.hash,
      statusRegistration: 'waiting',
    })
  })

  it("confirm (no body) -> 201, statusRegistration 'success', and a ticket mailed with the check-in code", async () => {
    const [mine] = await hashes()
    const res = await s.call({
      method: 'POST',
      path: `${attendPath(mine!.eventAttendId)}/confirm`,
      headers: admin(),
    })
    expect([res.status, res.json['@id'], res.json.statusRegistration, res.json.statusRsvp]).toEqual([
      201,
      attendPath(mine!.eventAttendId),
      'success',
      null,
    ])
    expect((await hashes())[0]).toMatchObject({ statusRegistration: 'success' })
    const name = acme().contacts.findUnique('email', mine!.contact)!.name
    expect(await outbox()).toEqual([
      {
        id: 1,
        kind: 'event-ticket',
        tenant: 'acme',
        to: mine!.contact,
        subject: `Your ticket: ${MEETUP}`,
        text: `Hello ${name},\n\nYou are confirmed for "${MEETUP}". Your check-in code: ${mine!.hash}\n`,
        code: null,
        link: null,
        sentAt: '2026-03-02T10:00:00.000Z',
        expiresAt: null,
      },
    ])
    expect(s.sandbox.feed.changes().map((c) => c.summary)).toContain(
      `Ticket for ${mine!.contact} to "${MEETUP}"`,
    )
  })

  it.each([
    ['no credential', () => ({}), 401, 'JWT Token not found'],
    ['a read-only token', () => ({ 'Api-Token': s.tokens('acme').ro }), 403, 'Access Denied.'],
    ['a member with a JWT', memberJwt, 403, 'Access Denied.'],
  ])('%s may not confirm', async (_name, headers, status, detail) => {
    const [mine] = await hashes()
    const res = await s.call({
      method: 'POST',
      path: `${attendPath(mine!.eventAttendId)}/confirm`,
      headers: await headers(),
    })
    expect([res.status, res.json.detail]).toEqual([status, detail])
    expect((await hashes())[0]).toEqual(mine)
    expect(await outbox()).toEqual([])
  })
})

describe('POST /api/v1/events/{uuid}/send-invites', () => {
  const invite = (headers: Record<string, string> = admin(), uuid = published().uuid, body?: unknown) =>
    s.call({ method: 'POST', path: `/api/v1/events/${uuid}/send-invites`, headers, body })
  const MEMBERS = 10

  it("invites the tenant's members with a hash each, mails each a magic link, and answers 201 with the event", async () => {
    const event = published()
    const res = await invite()
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({
      '@id': `/api/v1/events/${event.uuid}`,
      '@type': 'Event',
      uuid: event.uuid,
      status: 'published',
      invitesSent: 'sending',
    })
    // The sandbox's mails are out already: the stored event says so right after.
    const after = await s.call({ path: `/api/v1/events/${event.uuid}`, headers: admin() })
    expect(after.json.invitesSent).toBe('sent')
    expect(s.sandbox.feed.changes().map((c) => c.summary)).toContain(
      `Invitations to "${MEETUP}" sent to ${MEMBERS} member(s)`,
    )

    const invited = (await hashes()).slice(3)
    expect(invited).toHaveLength(MEMBERS)
    expect(invited.map((h) => h.contact)).toEqual(
      expect.arrayContaining(['admin@acme.test', 'member@acme.test']),
    )
    for (const row of invited) {
      expect(row).toMatchObject({ eventId: event.uuid, statusRsvp: null, statusRegistration: null })
      expect(row.hash).toMatch(HASH)
    }
    const mails = await outbox('?kind=event-invitation')
    expect(mails.map((m: { to: string }) => m.to)).toEqual(invited.map((h) => h.contact))

    const mine = invited.find((h) => h.contact === 'member@acme.test')!
    const link = `http://acme.localhost:${s.port}/events/${event.uuid}/rsvp/${mine.eventAttendId}?hash=${mine.hash}`
    expect(mails.find((m: { to: string }) => m.to === 'member@acme.test')).toEqual({
      id: expect.any(Number),
      kind: 'event-invitation',
      tenant: 'acme',
      to: 'member@acme.test',
      subject: `You are invited: ${MEETUP}`,
      text: `Hello Max,\n\nAcme Corporation invites you to "${MEETUP}" (${event.dateTimeBegin}, ${event.location}).\nAnswer here: ${link}\n`,
      code: null,
      link,
      sentAt: '2026-03-02T10:00:00.000Z',
      expiresAt: null,
    })
    expect(s.sandbox.feed.changes().map((c) => c.summary)).toContain(
      `Invitation for member@acme.test to "${MEETUP}": ${link}`,
    )
    // The integrator lifts the hash out of the link into the header; the member's own JWT reads it too.
    const fromLink = new URL(link).searchParams.get('hash')!
    const own = await s.call({ path: attendPath(mine.eventAttendId), headers: asContact(fromLink) })
    expect([own.status, own.json.user.email, own.json.external, own.json.isInvited]).toEqual([
      200,
      'member@acme.test',
      null,
      true,
    ])
    const byJwt = await s.call({ path: attendPath(mine.eventAttendId), headers: await memberJwt() })
    expect([byJwt.status, byJwt.json.hash]).toEqual([200, mine.hash])
  })

  it('skips members already on the event and plain self-registered users; a second send invites nobody', async () => {
    const registered = await s.call({
      method: 'POST',
      path: '/api/v1/users',
      body: { email: 'newbie@acme.test', firstName: 'New', lastName: 'Bie', plainPassword: 'password1' },
    })
    expect(registered.status).toBe(201)
    const self = await s.call({
      method: 'POST',
      path: '/api/v1/event_attends',
      headers: await memberJwt(),
      body: { event: `/api/v1/events/${published().uuid}` },
    })
    expect([self.status, self.json.user.email, self.json.isInvited]).toEqual([201, 'member@acme.test', false])

    expect((await invite()).status).toBe(201)
    const to = (await outbox()).map((m: { to: string }) => m.to)
    expect(to).toHaveLength(MEMBERS - 1)
    expect(to).not.toContain('member@acme.test')
    expect(to).not.toContain('newbie@acme.test')

    const again = await invite(admin(), published().uuid, {})
    expect([again.status, again.json.uuid]).toEqual([201, published().uuid])
    expect(await outbox()).toHaveLength(MEMBERS - 1)
  })

  it('an unpublished event -> 400 until it is published (PATCH events_publish, merge patch, once)', async () => {
    const created = await s.call({
      method: 'POST',
      path: '/api/v1/events',
      headers: admin(),
      body: { name: 'Launch night', dateTimeBegin: '2026-04-01T18:00:00+00:00', status: 'published' },
    })
    expect([created.status, created.json.status, created.json.uuid]).toEqual([
      201,
      'draft',
      expect.any(String),
    ])
    const uuid = created.json.uuid as string
    const early = await invite(admin(), uuid)
    expect([early.status, early.json.detail]).toEqual([
      400,
      'The event must be published before its invitations are sent (PATCH /api/v1/events_publish/{uuid}).',
    ])
    expect(await outbox()).toEqual([])

    const publish = () => patch(`/api/v1/events_publish/${uuid}`, admin(), {})
    const plainJson = await s.call({
      method: 'PATCH',
      path: `/api/v1/events_publish/${uuid}`,
      headers: admin(),
      body: {},
    })
    expect(plainJson.status).toBe(415)
    const memberPublish = await patch(`/api/v1/events_publish/${uuid}`, await memberJwt(), {})
    expect([memberPublish.status, memberPublish.json]).toEqual([403, DENIED])
    const first = await publish()
    expect([first.status, first.json.uuid, first.json.status]).toEqual([200, uuid, 'published'])
    const twice = await publish()
    expect([twice.status, twice.json.detail]).toEqual([409, 'The event is already published.'])

    expect((await invite(admin(), uuid)).status).toBe(201)
    expect(await outbox()).toHaveLength(MEMBERS)
  })

  it('propagated invites go out for an unpublished event too', async () => {
    const res = await invite(admin(), draft().uuid, { propagated: true })
    expect([res.status, res.json.status]).toEqual([201, 'draft'])
    expect(await outbox()).toHaveLength(MEMBERS)
  })

  it.each([
    ['no credential', () => ({}), 401, 'JWT Token not found'],
    ['a read-only token', () => ({ 'Api-Token': s.tokens('acme').ro }), 403, 'Access Denied.'],
    [
      'a contact hash',
      () => ({ 'X-Contact-Hash': acme().eventAttends.all()[0]!.hash }),
      403,
      'Access Denied.',
    ],
    ['a member with a JWT', memberJwt, 403, 'Access Denied.'],
  ])('%s may not send invites', async (_name, headers, status, detail) => {
    const res = await invite(await headers())
    expect([res.status, res.json.detail]).toEqual([status, detail])
    expect(await outbox()).toEqual([])
    expect(await hashes()).toHaveLength(3)
  })

  it.each([
    [
      'propagated as a string',
      { 'Content-Type': 'application/json' },
      JSON.stringify({ propagated: 'yes' }),
      400,
      'The type of the "propagated" attribute must be "bool", "string" given.',
    ],
    [
      'a text body',
      { 'Content-Type': 'text/plain' },
      'invite them',
      415,
      'The content-type "text/plain" is not supported. Supported MIME types are "application/ld+json", "application/json".',
    ],
  ])('%s is refused, nothing sent', async (_name, headers, body, status, detail) => {
    const res = await invite({ ...admin(), ...headers }, published().uuid, body)
    expect([res.status, res.json.detail]).toEqual([status, detail])
    expect(await outbox()).toEqual([])
  })

  it("events are addressed by uuid: an integer id, or another tenant's event, is not found", async () => {
    const NOT_FOUND = [404, 'The referenced resource was not found or is no longer accessible.']
    const byId = await invite(admin(), String(published().id))
    expect([byId.status, byId.json.detail]).toEqual(NOT_FOUND)
    const globex = s.sandbox.tenant('globex')!.events.all()[0]!.uuid
    const other = await invite(admin(), globex)
    expect([other.status, other.json.detail]).toEqual(NOT_FOUND)
    expect(await outbox()).toEqual([])
  })
})

describe('POST /api/v1/event_attend_invite_external', () => {
  const inviteExternal = (entity: unknown, headers: Record<string, string> = admin()) =>
    s.call({ method: 'POST', path: '/api/v1/event_attend_invite_external', headers, body: { entity } })

  it('invites a contact: 201 attendance with external and a hash; the mailed link opens it for the answer', async () => {
    const event = published()
    const contact = acme().contacts.get(10)!
    const res = await inviteExternal({ email: contact.email, event: event.uuid })
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({
      '@type': 'EventAttend',
      event: { '@id': `/api/v1/events/${event.uuid}`, uuid: event.uuid, name: MEETUP },
      user: null,
      external: { '@id': '/api/v1/contacts/10', id: 10, email: contact.email, fullName: contact.name },
      statusRsvp: null,
      statusRegistration: null,
      isInvited: true,
    })
    const { id, hash } = res.json as { id: number; hash: string }
    expect(hash).toMatch(HASH)
    expect(res.json['@id']).toBe(attendPath(id))
    expect((await hashes()).at(-1)).toEqual({
      tenant: 'acme',
      eventAttendId: id,
      eventId: event.uuid,
      contact: contact.email,
      hash,
      statusRsvp: null,
      statusRegistration: null,
      appLink: null,
    })

    const link = `http://acme.localhost:${s.port}/events/${event.uuid}/rsvp/${id}?hash=${hash}`
    expect(await outbox()).toEqual([
      {
        id: 1,
        kind: 'event-invitation',
        tenant: 'acme',
        to: contact.email,
        subject: `You are invited: ${MEETUP}`,
        text: `Hello ${contact.name},\n\nAcme Corporation invites you to "${MEETUP}" (${event.dateTimeBegin}, ${event.location}).\nAnswer here: ${link}\n`,
        code: null,
        link,
        sentAt: '2026-03-02T10:00:00.000Z',
        expiresAt: null,
      },
    ])
    expect(s.sandbox.feed.changes().map((c) => c.summary)).toContain(
      `Invitation for ${contact.email} to "${MEETUP}": ${link}`,
    )

    // The contact answers with the hash from the link; the organiser confirms and a ticket goes out.
    const fromLink = new URL(link).searchParams.get('hash')!
    const own = await s.call({ path: attendPath(id), headers: asContact(fromLink) })
    expect([own.status, own.json.external.id]).toEqual([200, 10])
    const answered = await patch(attendPath(id), asContact(fromLink), { statusRsvp: 'accepted' })
    expect([answered.status, answered.json.statusRsvp]).toEqual([200, 'accepted'])
    const confirmed = await s.call({ method: 'POST', path: `${attendPath(id)}/confirm`, headers: admin() })
    expect([confirmed.status, confirmed.json.statusRsvp, confirmed.json.statusRegistration]).toEqual([
      201,
      'accepted',
      'success',
    ])
    expect((await outbox('?kind=event-ticket')).map((m: { to: string }) => m.to)).toEqual([contact.email])
  })

  it('an email the tenant does not know becomes a contact, then is invited', async () => {
    const res = await inviteExternal({ email: 'new.person@example.com', event: published().uuid })
    expect([res.status, res.json.external.email, res.json.external.name]).toEqual([
      201,
      'new.person@example.com',
      null,
    ])
    const found = await s.call({
      path: '/api/v1/contacts?email=new.person@example.com',
      headers: { ...admin(), Accept: 'application/json' },
    })
    expect(found.json).toEqual([
      expect.objectContaining({
        id: res.json.external.id,
        email: 'new.person@example.com',
        source: 'MANUAL',
        dateCreated: '2026-03-02T10:00:00+00:00',
      }),
    ])
    expect((await outbox()).map((m: { to: string; link: string }) => [m.to, m.link])).toEqual([
      ['new.person@example.com', expect.stringContaining(`?hash=${res.json.hash}`)],
    ])
  })

  it('inviting an invited contact again re-sends the same link and creates nothing', async () => {
    const email = acme().contacts.get(10)!.email!
    const first = await inviteExternal({ email, event: published().uuid })
    // The email matches whatever its case; the event may be given as its IRI.
    const again = await inviteExternal({
      email: email.toUpperCase(),
      event: `/api/v1/events/${published().uuid}`,
    })
    expect([again.status, again.json.id, again.json.hash]).toEqual([201, first.json.id, first.json.hash])
    expect(await hashes()).toHaveLength(4)
    const links = (await outbox()).map((m: { link: string }) => m.link)
    expect(links).toHaveLength(2)
    expect(links[1]).toBe(links[0])
  })

  const globexEvent = () => s.sandbox.tenant('globex')!.events.all()[0]!.uuid
  const INVITATION = 'Pass the invitation as {"entity": {"email": "…", "event": "<event uuid>"}}.'
  it.each([
    ['no entity', () => ({}), 400, INVITATION],
    ['an entity that is a string', () => ({ entity: 'x' }), 400, INVITATION],
    [
      'an empty entity',
      () => ({ entity: {} }),
      422,
      'email: This value should not be blank.\nevent: This value should not be blank.',
    ],
    [
      'an invalid email',
      () => ({ entity: { email: 'not-an-email', event: published().uuid } }),
      422,
      'email: This value is not a valid email address.',
    ],
    [
      'an unknown event',
      () => ({ entity: { email: 'a@example.com', event: 'nope' } }),
      400,
      'Item not found for "nope".',
    ],
    [
      "another tenant's event",
      () => ({ entity: { email: 'a@example.com', event: globexEvent() } }),
      400,
      () => `Item not found for "${globexEvent()}".`,
    ],
  ])('%s is refused, nothing sent', async (_name, body, status, detail) => {
    const res = await s.call({
      method: 'POST',
      path: '/api/v1/event_attend_invite_external',
      headers: admin(),
      body: body(),
    })
    expect([res.status, res.json.detail]).toEqual([status, typeof detail === 'string' ? detail : detail()])
    expect(await outbox()).toEqual([])
    expect(await hashes()).toHaveLength(3)
  })

  it.each([
    ['no credential', () => ({}), 401, 'JWT Token not found'],
    ['a read-only token', () => ({ 'Api-Token': s.tokens('acme').ro }), 403, 'Access Denied.'],
    [
      'a contact hash',
      () => ({ 'X-Contact-Hash': acme().eventAttends.all()[0]!.hash }),
      403,
      'Access Denied.',
    ],
    ['a member with a JWT', memberJwt, 403, 'Access Denied.'],
  ])('%s may not invite', async (_name, headers, status, detail) => {
    const res = await inviteExternal({ email: 'a@example.com', event: published().uuid }, await headers())
    expect([res.status, res.json.detail]).toEqual([status, detail])
    expect(await outbox()).toEqual([])
    expect(acme().contacts.findUnique('email', 'a@example.com')).toBeUndefined()
  })
})
