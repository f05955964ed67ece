import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type CallInput, type TestServer, MERGE } from './helpers.ts'

// The rules of the emulated resources, as Orgo's spec states them (docs/decisions/009 for the sandbox's readings).

let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
beforeEach(() => s.sandbox.reset())

const admin = () => ({ 'Api-Token': s.tokens('acme').rw })
const json = { Accept: 'application/json' }
let memberJwt: string
const member = () => ({ Authorization: `Bearer ${memberJwt}` })
beforeEach(async () => {
  memberJwt = (await s.login('member@acme.test')).token
})

const publishedEvent = () =>
  s.sandbox
    .tenant('acme')!
    .events.all()
    .find((e) => e.status === 'published')!
const draftEvent = () =>
  s.sandbox
    .tenant('acme')!
    .events.all()
    .find((e) => e.status === 'draft')!

describe('collections: the spec default page sizes, 100 at most', () => {
  it.each([
    ['contacts', 20],
    ['users', 50],
    ['forms', 12],
    ['events', 30],
    ['groups', 30],
    ['event_attends', 100],
    ['user-api-tokens', 30],
  ])('/api/v1/%s pages by %i', async (path, size) => {
    const res = await s.call({ path: `/api/v1/${path}`, headers: admin() })
    expect(res.status).toBe(200)
    const { 'hydra:totalItems': total, 'hydra:member': members } = res.json
    expect(members).toHaveLength(Math.min(total, size))
    const max = await s.call({ path: `/api/v1/${path}?itemsPerPage=500`, headers: { ...admin(), ...json } })
    expect(max.json.length).toBe(Math.min(total, 100))
  })

  it('Hydra view links pages; application/json is a bare array', async () => {
    const res = await s.call({ path: '/api/v1/contacts?page=2', headers: admin() })
    expect(res.json['hydra:totalItems']).toBe(25)
    expect(res.json['hydra:member']).toHaveLength(5)
    expect(res.json['hydra:view']).toMatchObject({
      '@id': '/api/v1/contacts?page=2',
      'hydra:first': '/api/v1/contacts?page=1',
      'hydra:previous': '/api/v1/contacts?page=1',
    })
    const bare = await s.call({ path: '/api/v1/contacts?pagination=false', headers: { ...admin(), ...json } })
    expect(bare.json).toHaveLength(25)
  })
})

describe('filters and order[] as each resource lists them', () => {
  const ids = (res: { json: Array<{ id: number }> }) => res.json.map((r) => r.id)
  const get = (path: string) => s.call({ path, headers: { ...admin(), ...json } })

  it('users: roles and cardId are partial (no `[]` in the spec), exists[userRoles.dateEnded]; events: sdg partial', async () => {
    const acme = s.sandbox.tenant('acme')!
    const adminUser = acme.users.findUnique('email', 'admin@acme.test')!
    const memberUser = acme.users.findUnique('email', 'member@acme.test')!
    const byRole = ids(await get('/api/v1/users?roles=admin&pagination=false'))
    expect(byRole).toContain(adminUser.id)
    expect(byRole).not.toContain(memberUser.id)
    await s.call({
      method: 'PATCH',
      path: `/api/v1/users/${memberUser.id}`,
      headers: { ...admin(), ...MERGE },
      body: { cardId: 'CARD-2026-0042' },
    })
    expect(ids(await get('/api/v1/users?cardId=2026-004&pagination=false'))).toEqual([memberUser.id])
    // exists[userRoles.dateEnded]: through the user's roles, which the sandbox holds none of (a LEFT JOIN's null).
    const everyone = ids(await get('/api/v1/users?pagination=false'))
    expect(ids(await get('/api/v1/users?exists[userRoles.dateEnded]=false&pagination=false'))).toEqual(
      everyone,
    )
    expect(ids(await get('/api/v1/users?exists[userRoles.dateEnded]=true&pagination=false'))).toEqual([])
    const event = acme.events.all()[0]!
    await s.call({
      method: 'PATCH',
      path: `/api/v1/events/${event.uuid}`,
      headers: { ...admin(), ...MERGE },
      body: { sdg: ['Climate action', 'Quality education'] },
    })
    expect(ids(await get('/api/v1/events?sdg=climate&pagination=false'))).toEqual([event.id])
  })

  it('contacts: exact email, partial name, email[] and order[name]', async () => {
    const all = (await get('/api/v1/contacts?pagination=false')).json as Array<{
      id: number
      name: string
      email: string
    }>
    const [a, b] = all
    expect(ids(await get(`/api/v1/contacts?email=${encodeURIComponent(a!.email.toUpperCase())}`))).toEqual([
      a!.id,
    ])
    expect(ids(await get(`/api/v1/contacts?email[]=${a!.email}&email[]=${b!.email}`))).toEqual([a!.id, b!.id])
    const part = a!.name.split(' ')[0]!.slice(1, 4).toLowerCase()
    const partial = (await get(`/api/v1/contacts?name=${part}&pagination=false`)).json as Array<{
      name: string
    }>
    expect(partial.length).toBeGreaterThan(0)
    for (const c of partial) expect(c.name.toLowerCase()).toContain(part)
    const sorted = (await get('/api/v1/contacts?order[name]=desc&pagination=false')).json as Array<{
      name: string
    }>
    expect(sorted.map((c) => c.name)).toEqual(
      all
        .map((c) => c.name)
        .sort()
        .reverse(),
    )
    // A field the spec does not list for ordering is ignored, as API Platform ignores it.
    expect(ids(await get('/api/v1/contacts?order[email]=desc'))).toEqual(all.slice(0, 20).map((c) => c.id))
  })

  it('indexed filters answer what a scan of the records answers (issue 13)', async () => {
    const all = s.sandbox.tenant('acme')!.contacts.all()
    const expected = all.filter((c) => c.isNewsletterSubscribed && c.source === 'IMPORT').map((c) => c.id)
    const got = await get('/api/v1/contacts?isNewsletterSubscribed=true&source[]=IMPORT&pagination=false')
    expect(ids(got)).toEqual(expected)
    const attends = s.sandbox
      .tenant('acme')!
      .eventAttends.all()
      .map((a) => a.id)
      .reverse()
    expect(ids(await get('/api/v1/event_attends?itemsPerPage=2&page=2'))).toEqual(attends.slice(2, 4))
  })

  it('contacts: a relation by IRI or id, booleans', async () => {
    const byIri = (await get('/api/v1/contacts?localCenter=/api/v1/local_centers/1&pagination=false')).json
    const byTown = (await get('/api/v1/contacts?town=/api/v1/towns/1&pagination=false')).json as Array<{
      town: { id: number }
    }>
    expect(byTown.length).toBeGreaterThan(0)
    for (const c of byTown) expect(c.town.id).toBe(1)
    expect((await get('/api/v1/contacts?town[]=1&pagination=false')).json).toEqual(byTown)
    expect(byIri.length).toBe(25) // not a filter of contacts: ignored
    const subscribed = (await get('/api/v1/contacts?isNewsletterSubscribed=true&pagination=false'))
      .json as Array<{ isNewsletterSubscribed: boolean }>
    expect(subscribed.length).toBeGreaterThan(0)
    for (const c of subscribed) expect(c.isNewsletterSubscribed).toBe(true)
  })

  it('users: keyword, exists[], order by a related field', async () => {
    expect(ids(await get('/api/v1/users?keyword=ADMIN'))).toEqual([1])
    const withHeadline = (await get('/api/v1/users?exists[professionHeadline]=true')).json
    expect(withHeadline).toEqual([])
    const byCenter = (await get('/api/v1/users?order[localCenter.name]=asc')).json as Array<{
      localCenter: { name: string }
    }>
    const names = byCenter.map((u) => u.localCenter.name)
    expect(names).toEqual([...names].sort())
  })

  it('events: dateTimeBegin[after]; event_attends by event IRI, newest first', async () => {
    const later = (await get('/api/v1/events?dateTimeBegin[after]=2026-04-01')).json as Array<{
      name: string
    }>
    expect(later.map((e) => e.name)).toEqual(['Summer Workshop', 'Acme Corporation Open Day'])
    const event = publishedEvent()
    const attends = (await get(`/api/v1/event_attends?event=/api/v1/events/${event.uuid}`)).json as Array<{
      id: number
    }>
    expect(attends.length).toBe(3)
    expect(attends.map((a) => a.id)).toEqual([...attends.map((a) => a.id)].sort((x, y) => y - x))
  })
})

describe('only the methods the spec lists', () => {
  it.each([
    ['PUT', '/api/v1/contacts/1', 'GET, PATCH, DELETE'],
    ['PUT', '/api/v1/users/1', 'GET, PATCH, DELETE'],
    ['DELETE', '/api/v1/contacts', 'GET, POST'],
    ['POST', '/api/v1/me', 'GET'],
  ])('%s %s -> 405, Allow: %s', async (method, path, allow) => {
    const res = await s.call({ method, path, headers: admin(), body: method === 'DELETE' ? undefined : {} })
    expect(res.status).toBe(405)
    expect(res.headers.allow).toBe(allow)
  })
})

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a row checks an API body of any shape
type Row = [string, () => CallInput, number, ((body: any) => void)?]

const rules: Row[] = [
  [
    'contacts: Orgo own client creates with name and email only',
    () => ({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: admin(),
      body: { name: 'Olivia Brown', email: 'olivia.brown@example.com' },
    }),
    201,
    (b) =>
      expect(b).toMatchObject({
        name: 'Olivia Brown',
        firstName: 'Olivia',
        lastName: 'Brown',
        fullName: 'Olivia Brown',
        source: 'MANUAL',
      }),
  ],
  [
    'contacts: the curated example body, relations by IRI',
    () => ({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: admin(),
      body: {
        name: 'Olivia Brown',
        email: 'olivia.brown@example.com',
        phone: '+1 415 555 0192',
        localCenter: '/api/v1/local_centers/4',
        country: '/api/v1/countries/1',
        town: '/api/v1/towns/1',
        notes: 'Met at the AGM.',
        isEmailConfirmed: false,
      },
    }),
    201,
    (b) =>
      expect(b).toMatchObject({
        localCenter: { id: 4, name: 'Boston' },
        country: { id: 1, name: 'United States' },
        town: { id: 1, name: 'Boston' },
      }),
  ],
  [
    'contacts: no field is required (even email)',
    () => ({ method: 'POST', path: '/api/v1/contacts', headers: admin(), body: {} }),
    201,
    (b) => expect(b.email).toBeNull(),
  ],
  [
    'contacts: an email that is a user account is a 409',
    () => ({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: admin(),
      body: { name: 'Ada', email: 'MEMBER@acme.test' },
    }),
    409,
    (b) =>
      expect(b.detail).toBe(
        'Cannot create: a resource with this identifier already exists. Please refresh and try again.',
      ),
  ],
  [
    'contacts: firstName is read-only, ignored',
    () => ({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: admin(),
      body: { firstName: 'X', name: 'Y Z' },
    }),
    201,
    (b) => expect(b.firstName).toBe('Y'),
  ],
  [
    'contacts: a wrong JSON type is a 400',
    () => ({ method: 'POST', path: '/api/v1/contacts', headers: admin(), body: { name: 5 } }),
    400,
    (b) => expect(b.detail).toBe('The type of the "name" attribute must be "string", "integer" given.'),
  ],
  [
    'contacts: a bad email is a 422',
    () => ({ method: 'POST', path: '/api/v1/contacts', headers: admin(), body: { email: 'nope' } }),
    422,
    (b) =>
      expect(b.violations[0]).toMatchObject({
        propertyPath: 'email',
        message: 'This value is not a valid email address.',
      }),
  ],
  [
    'contacts: an IRI of another tenant is not found',
    () => ({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: admin(),
      body: { localCenter: `/api/v1/local_centers/${s.sandbox.tenant('globex')!.localCenters.all()[0]!.id}` },
    }),
    400,
    (b) => expect(b.detail).toMatch(/^Item not found for "\/api\/v1\/local_centers\/\d+"\.$/),
  ],
  [
    'contacts: a member without HR or FINANCIAL cannot read them',
    () => ({ path: '/api/v1/contacts', headers: member() }),
    403,
    (b) => expect(b.detail).toBe('Access Denied.'),
  ],
  [
    'contacts: nor write them',
    () => ({ method: 'POST', path: '/api/v1/contacts', headers: member(), body: { name: 'x' } }),
    403,
  ],
  [
    'contacts: merge-patch null clears a nullable field',
    () => ({
      method: 'PATCH',
      path: '/api/v1/contacts/2',
      headers: { ...admin(), ...MERGE },
      body: JSON.stringify({ phone: null }),
    }),
    200,
    (b) => expect(b.phone).toBeNull(),
  ],
  [
    'contacts: PATCH takes merge-patch only',
    () => ({ method: 'PATCH', path: '/api/v1/contacts/2', headers: admin(), body: { phone: null } }),
    415,
  ],
  [
    'events: created in draft, owned by the caller',
    () => ({
      method: 'POST',
      path: '/api/v1/events',
      headers: admin(),
      body: { name: 'AGM', status: 'published', dateTimeBegin: '2026-03-15T18:00:00+00:00' },
    }),
    201,
    (b) =>
      expect(b).toMatchObject({
        status: 'draft',
        owner: { id: 1 },
        dateTimeBegin: '2026-03-15T18:00:00+00:00',
        invitesSent: null,
      }),
  ],
  [
    'events: a member creates one, but may not make it public',
    () => ({
      method: 'POST',
      path: '/api/v1/events',
      headers: member(),
      body: { name: 'Open day', isPublic: true },
    }),
    403,
  ],
  [
    'events: name is NotBlank',
    () => ({ method: 'POST', path: '/api/v1/events', headers: admin(), body: { name: ' ' } }),
    422,
  ],
  [
    'events_publish: PATCH with a merge-patch body publishes a draft',
    () => ({
      method: 'PATCH',
      path: `/api/v1/events_publish/${draftEvent().uuid}`,
      headers: { ...admin(), ...MERGE },
      body: '{}',
    }),
    200,
    (b) => expect(b.status).toBe('published'),
  ],
  [
    'events_publish: an already published event is a 409',
    () => ({
      method: 'PATCH',
      path: `/api/v1/events_publish/${publishedEvent().uuid}`,
      headers: { ...admin(), ...MERGE },
      body: '{}',
    }),
    409,
  ],
  [
    'events_publish: not the owner and no EVENT permission',
    () => ({
      method: 'PATCH',
      path: `/api/v1/events_publish/${draftEvent().uuid}`,
      headers: { ...member(), ...MERGE },
      body: '{}',
    }),
    403,
  ],
  [
    'events_publish: POST is not the operation',
    () => ({ method: 'POST', path: `/api/v1/events_publish/${draftEvent().uuid}`, headers: admin() }),
    405,
  ],
  [
    'send-invites: a draft cannot be sent',
    () => ({ method: 'POST', path: `/api/v1/events/${draftEvent().uuid}/send-invites`, headers: admin() }),
    400,
  ],
  [
    'send-invites: a published event invites its members, 201 with the event',
    () => ({
      method: 'POST',
      path: `/api/v1/events/${publishedEvent().uuid}/send-invites`,
      headers: admin(),
    }),
    201,
    (b) => expect(b).toMatchObject({ uuid: publishedEvent().uuid, invitesSent: 'sending' }),
  ],
  [
    'users: POST is public self-registration',
    () => ({
      method: 'POST',
      path: '/api/v1/users',
      body: { email: 'new@acme.test', firstName: 'New', lastName: 'Person', plainPassword: 'long enough' },
    }),
    201,
    (b) => expect(b).toMatchObject({ email: 'new@acme.test', fullName: 'New Person', status: 'ACTIVE' }),
  ],
  [
    'users: a registered email is a 409',
    () => ({ method: 'POST', path: '/api/v1/users', body: { email: 'admin@acme.test' } }),
    409,
  ],
  [
    'users: DELETE is the platform staff only',
    () => ({ method: 'DELETE', path: '/api/v1/users/2', headers: admin() }),
    403,
  ],
  [
    'users: HR updates a user',
    () => ({
      method: 'PATCH',
      path: '/api/v1/users/2',
      headers: { ...admin(), ...MERGE },
      body: JSON.stringify({ phoneNumber: '+44 20 7946 0000' }),
    }),
    200,
    (b) => expect(b.phoneNumber).toBe('+44 20 7946 0000'),
  ],
  [
    'users: a member may not',
    () => ({ method: 'PATCH', path: '/api/v1/users/1', headers: { ...member(), ...MERGE }, body: '{}' }),
    403,
  ],
  [
    'user-api-tokens: POST with no body at all',
    () => ({ method: 'POST', path: '/api/v1/user-api-tokens', headers: admin() }),
    201,
    (b) =>
      expect(b).toMatchObject({
        name: 'API token',
        isActive: true,
        isReadOnly: false,
        token: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
  ],
  [
    'user-api-tokens: ADMIN_TENANT only',
    () => ({ method: 'POST', path: '/api/v1/user-api-tokens', headers: member() }),
    403,
  ],
  [
    'user-api-tokens: the list never shows a secret',
    () => ({ path: '/api/v1/user-api-tokens', headers: { ...admin(), ...json } }),
    200,
    (b) => expect(b.every((t: object) => !('token' in t))).toBe(true),
  ],
  [
    'groups: any signed-in user creates one',
    () => ({ method: 'POST', path: '/api/v1/groups', headers: member(), body: { name: 'Book club' } }),
    201,
    (b) => expect(b).toMatchObject({ name: 'Book club', activeMemberCount: 1 }),
  ],
  [
    'groups: another owner group is not the member to change',
    () => ({ method: 'PATCH', path: '/api/v1/groups/1', headers: { ...member(), ...MERGE }, body: '{}' }),
    403,
  ],
]

describe('rules, as a table', () => {
  it.each(rules)('%s', async (_name, input, status, check) => {
    const res = await s.call(input())
    expect(res.status, res.text).toBe(status)
    check?.(res.json)
  })
})

describe("Orgo's curated examples (openapi.json x-orgo-example) run unchanged", () => {
  it('POST /api/v1/events with the curated body: 201 in draft', async () => {
    const body = {
      name: 'Annual General Meeting 2026',
      description: 'Yearly meeting of all members.',
      dateTimeBegin: '2026-03-15T18:00:00+00:00',
      dateTimeEnd: '2026-03-15T21:00:00+00:00',
      timezone: 'America/New_York',
      location: 'Boston Public Library, 700 Boylston St',
      placeLatitude: 42.3492,
      placeLongitude: -71.0786,
      unit: '/api/v1/units/4',
      isPublic: true,
      maxCapacity: 200,
      hasEventTicketing: true,
      requiresRegistrationForm: true,
      sendAttendanceReminder: true,
      sendOneHourReminder: true,
      status: 'DRAFT',
    }
    const res = await s.call({ method: 'POST', path: '/api/v1/events', headers: admin(), body })
    expect(res.status, res.text).toBe(201)
    expect(res.json).toMatchObject({
      name: body.name,
      status: 'draft',
      unit: { id: 4, name: 'Boston' },
      placeLatitude: 42.3492,
    })
  })

  it('POST /api/v1/forms and PATCH /api/v1/contacts/{id} with the curated bodies', async () => {
    const form = await s.call({
      method: 'POST',
      path: '/api/v1/forms',
      headers: admin(),
      body: {
        name: 'AGM 2026 Registration',
        description: 'Register.',
        unit: '/api/v1/units/4',
        status: 'DRAFT',
        requiresAuth: false,
      },
    })
    expect([form.status, form.json.name, form.json.status]).toEqual([201, 'AGM 2026 Registration', 'DRAFT'])
    const patch = await s.call({
      method: 'PATCH',
      path: '/api/v1/contacts/1',
      headers: { ...admin(), ...MERGE },
      body: JSON.stringify({
        isNewsletterSubscribed: true,
        notes: 'Subscribed via January AGM follow-up email.',
      }),
    })
    expect(patch.json).toMatchObject({
      isNewsletterSubscribed: true,
      notes: 'Subscribed via January AGM follow-up email.',
    })
  })
})

describe('flows across operations', () => {
  it('send-invites mails each member a link; the attendance is theirs', async () => {
    const event = publishedEvent()
    const res = await s.call({
      method: 'POST',
      path: `/api/v1/events/${event.uuid}/send-invites`,
      headers: admin(),
    })
    expect(res.status).toBe(201)
    const mails = (await s.call({ path: '/__sandbox/outbox?kind=event-invitation' })).json as Array<{
      to: string
      link: string
    }>
    expect(mails.map((m) => m.to)).toContain('member@acme.test')
    const mine = await s.call({ path: '/api/v1/event_attends', headers: { ...member(), ...json } })
    expect(mine.json).toHaveLength(1)
    expect(mine.json[0]).toMatchObject({
      user: { email: 'member@acme.test' },
      isInvited: true,
      event: { uuid: event.uuid },
    })
    expect((await s.call({ path: `/api/v1/events/${event.uuid}`, headers: admin() })).json.invitesSent).toBe(
      'sent',
    )
    // Sent twice, nobody is invited twice.
    await s.call({ method: 'POST', path: `/api/v1/events/${event.uuid}/send-invites`, headers: admin() })
    expect(
      (await s.call({ path: '/api/v1/event_attends', headers: { ...member(), ...json } })).json,
    ).toHaveLength(1)
  })

  it('event_attend_invite_external: a contact by email, with a hash and a magic link', async () => {
    const event = publishedEvent()
    const res = await s.call({
      method: 'POST',
      path: '/api/v1/event_attend_invite_external',
      headers: admin(),
      body: { entity: { email: 'guest@example.com', event: event.uuid } },
    })
    expect(res.status, res.text).toBe(201)
    expect(res.json).toMatchObject({
      external: { email: 'guest@example.com' },
      user: null,
      isInvited: true,
      hash: expect.stringMatching(/^[0-9a-f]{32}$/),
    })
    const mail = (await s.call({ path: '/__sandbox/outbox?to=guest@example.com' })).json[0]
    expect(mail.link).toContain(`hash=${res.json.hash}`)
    const own = await s.call({
      path: `/api/v1/event_attends/${res.json.id}`,
      headers: { 'X-Contact-Hash': res.json.hash },
    })
    expect(own.status).toBe(200)
    const rsvp = await s.call({
      method: 'PATCH',
      path: `/api/v1/event_attends/${res.json.id}`,
      headers: { 'X-Contact-Hash': res.json.hash, ...MERGE },
      body: '{"statusRsvp":"yes"}',
    })
    expect(rsvp.json.statusRsvp).toBe('yes')
    const confirm = await s.call({
      method: 'POST',
      path: `/api/v1/event_attends/${res.json.id}/confirm`,
      headers: { 'X-Contact-Hash': res.json.hash },
    })
    expect(confirm.status).toBe(403)
    const byOrganiser = await s.call({
      method: 'POST',
      path: `/api/v1/event_attends/${res.json.id}/confirm`,
      headers: admin(),
    })
    expect(byOrganiser.status).toBe(201)
    expect(byOrganiser.json.statusRegistration).toBe('success')
    // A member is not the organiser of this event.
    const bad = await s.call({
      method: 'POST',
      path: '/api/v1/event_attend_invite_external',
      headers: member(),
      body: { entity: { email: 'x@example.com', event: event.uuid } },
    })
    expect(bad.status).toBe(403)
  })

  it('event_attends: self-registration, a duplicate is a 409', async () => {
    const event = `/api/v1/events/${publishedEvent().uuid}`
    const first = await s.call({
      method: 'POST',
      path: '/api/v1/event_attends',
      headers: member(),
      body: { event },
    })
    expect(first.status, first.text).toBe(201)
    expect(first.json.user.email).toBe('member@acme.test')
    const again = await s.call({
      method: 'POST',
      path: '/api/v1/event_attends',
      headers: member(),
      body: { event },
    })
    expect(again.status).toBe(409)
    const forOther = await s.call({
      method: 'POST',
      path: '/api/v1/event_attends',
      headers: member(),
      body: { event, user: '/api/v1/users/1' },
    })
    expect(forOther.status).toBe(403)
  })

  it('/me lists Orgo permissions and the tenant', async () => {
    const me = (jwt: Record<string, string>) => s.call({ path: '/api/v1/me', headers: { ...jwt, ...json } })
    const a = await me(admin())
    expect(a.json.permissions).toEqual(
      ['ADMIN', 'HR', 'FINANCIAL', 'EVENT'].map((domain) => ({ domain, scope: 'TENANT', localCenter: null })),
    )
    expect(a.json.tenant).toEqual({ id: 1, name: 'Acme Corporation', slug: 'acme' })
    expect(a.headers['x-sandbox-auth-method']).toBe('api-token')
    expect('authMethod' in a.json).toBe(false)
    expect((await me(member())).json.permissions).toEqual([])
  })

  it('revoke and delete: only the caller own tokens', async () => {
    const minted = await s.call({
      method: 'POST',
      path: '/__sandbox/api-tokens',
      body: { tenant: 'acme', email: 'member@acme.test' },
    })
    const revoke = await s.call({
      method: 'PATCH',
      path: `/api/v1/user-api-tokens/${minted.json.id}/revoke`,
      headers: admin(),
    })
    expect(revoke.status).toBe(403)
    const del = await s.call({
      method: 'DELETE',
      path: `/api/v1/user-api-tokens/${minted.json.id}`,
      headers: admin(),
    })
    expect(del.status).toBe(403)
    const own = s.sandbox
      .tenant('acme')!
      .apiTokens.all()
      .find((t) => t.isReadOnly)!
    const revoked = await s.call({
      method: 'PATCH',
      path: `/api/v1/user-api-tokens/${own.id}/revoke`,
      headers: admin(),
    })
    expect(revoked.json).toMatchObject({ id: own.id, isActive: false })
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
    await s.sandbox.reset()
    const before = (await s.call({ path: '/__sandbox/state' })).json
    await s.call({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: admin(),
      body: { name: 'Z Z', email: 'z@example.test' },
    })
    await s.login('admin@acme.test')
    const reset = await s.call({ method: 'POST', path: '/__sandbox/reset' })
    expect(reset.status).toBe(204)
    const after = (await s.call({ path: '/__sandbox/state' })).json
    expect({ ...after, clock: null }).toEqual({ ...before, clock: null })
  })
})

describe('issue 13: a sorted index answers order[] as the full sort does', () => {
  it.each(['name', 'source', 'isNewsletterSubscribed', 'dateCreated', 'id'])(
    'order[%s] asc and desc, every page',
    async (field) => {
      const headers = { ...admin(), ...json }
      // The reference: the full filter-and-sort path, forced by a no-op filter the index cannot answer.
      for (const direction of ['asc', 'desc']) {
        const full = (
          await s.call({
            path: `/api/v1/contacts?order[${field}]=${direction}&name=&pagination=false`,
            headers,
          })
        ).json
        const paged = []
        for (let page = 1; page <= 4; page++)
          paged.push(
            ...(
              await s.call({
                path: `/api/v1/contacts?order[${field}]=${direction}&itemsPerPage=7&page=${page}`,
                headers,
              })
            ).json,
          )
        expect(paged.map((c: { id: number }) => c.id)).toEqual(full.map((c: { id: number }) => c.id))
      }
    },
  )
})

it('issue 13: the sorted index follows writes (create, rename, delete)', async () => {
  const headers = { ...admin(), ...json }
  const names = async () =>
    (
      (await s.call({ path: '/api/v1/contacts?order[name]=asc&pagination=false', headers })).json as Array<{
        name: string
      }>
    ).map((c) => c.name)
  await names() // builds the index
  const created = await s.call({
    method: 'POST',
    path: '/api/v1/contacts',
    headers: admin(),
    body: { name: 'Aaron Aardvark' },
  })
  expect((await names())[0]).toBe('Aaron Aardvark')
  await s.call({
    method: 'PATCH',
    path: `/api/v1/contacts/${created.json.id}`,
    headers: { ...admin(), ...MERGE },
    body: '{"name":"Zed Zebra"}',
  })
  expect((await names()).at(-1)).toBe('Zed Zebra')
  await s.call({ method: 'DELETE', path: `/api/v1/contacts/${created.json.id}`, headers: admin() })
  const after = await names()
  expect(after).not.toContain('Zed Zebra')
  expect(after).toEqual([...after].sort())
})
