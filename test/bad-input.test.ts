import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'

/** SPEC 2: bad input of any kind gets a clear envelope error; the process keeps serving, state stays whole. */
let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
beforeEach(() => s.sandbox.reset())

const rw = () => ({ 'Api-Token': s.tokens('acme').rw })
const twoMiB = JSON.stringify({
  email: 'big@example.test',
  name: 'x'.repeat(2 * 1024 * 1024),
})

interface Case {
  name: string
  method: string
  path: string
  headers?: () => Record<string, string>
  body: string
  status: number
  detail: string | RegExp
}

const CASES: Case[] = [
  {
    name: 'login: malformed JSON',
    method: 'POST',
    path: '/api/v1/login-check',
    headers: () => ({ 'Content-Type': 'application/json' }),
    body: '{"username": ',
    status: 400,
    detail: 'Invalid JSON.',
  },
  {
    name: 'login: JSON that is not an object',
    method: 'POST',
    path: '/api/v1/login-check',
    headers: () => ({ 'Content-Type': 'application/json' }),
    body: '[1,2]',
    status: 400,
    detail: 'Invalid JSON.',
  },
  {
    name: 'login: missing username',
    method: 'POST',
    path: '/api/v1/login-check',
    headers: () => ({ 'Content-Type': 'application/json' }),
    body: '{"password":"password"}',
    status: 400,
    detail: 'The key "username" must be provided.',
  },
  {
    name: 'login: non-string password',
    method: 'POST',
    path: '/api/v1/login-check',
    headers: () => ({ 'Content-Type': 'application/json' }),
    body: '{"username":"admin@acme.test","password":12345}',
    status: 400,
    detail: 'The key "password" must be a string.',
  },
  {
    name: 'login: object password',
    method: 'POST',
    path: '/api/v1/login-check',
    headers: () => ({ 'Content-Type': 'application/json' }),
    body: '{"username":"admin@acme.test","password":{"$ne":null}}',
    status: 400,
    detail: 'The key "password" must be a string.',
  },
  {
    name: 'login: form-encoded',
    method: 'POST',
    path: '/api/v1/login-check',
    headers: () => ({ 'Content-Type': 'application/x-www-form-urlencoded' }),
    body: 'username=a&password=b',
    status: 415,
    detail:
      'The content-type "application/x-www-form-urlencoded" is not supported. Supported MIME types are "application/ld+json", "application/json".',
  },
  {
    name: 'login: no content type',
    method: 'POST',
    path: '/api/v1/login-check',
    body: '{}',
    status: 415,
    detail:
      'The content-type header is missing. Supported MIME types are "application/ld+json", "application/json".',
  },
  {
    name: 'login: 2 MiB body',
    method: 'POST',
    path: '/api/v1/login-check',
    headers: () => ({ 'Content-Type': 'application/json' }),
    body: twoMiB,
    status: 413,
    detail: 'The request body is larger than 1 MiB.',
  },
  {
    name: 'contact: malformed JSON',
    method: 'POST',
    path: '/api/v1/contacts',
    headers: () => ({ ...rw(), 'Content-Type': 'application/ld+json' }),
    body: '{"email": "a@b.test",',
    status: 400,
    detail: /^Syntax error: /,
  },
  {
    name: 'contact: empty body',
    method: 'POST',
    path: '/api/v1/contacts',
    headers: () => ({ ...rw(), 'Content-Type': 'application/json' }),
    body: '',
    status: 400,
    detail: 'Syntax error: the request body is empty.',
  },
  {
    name: 'contact: text/plain',
    method: 'POST',
    path: '/api/v1/contacts',
    headers: () => ({ ...rw(), 'Content-Type': 'text/plain' }),
    body: '{}',
    status: 415,
    detail:
      'The content-type "text/plain" is not supported. Supported MIME types are "application/ld+json", "application/json".',
  },
  {
    name: 'contact: wrong JSON type',
    method: 'POST',
    path: '/api/v1/contacts',
    headers: () => ({ ...rw(), 'Content-Type': 'application/json' }),
    body: '{"email":42,"name":"A B"}',
    status: 400,
    detail: 'The type of the "email" attribute must be "string", "integer" given.',
  },
  {
    name: 'contact: 2 MiB body',
    method: 'POST',
    path: '/api/v1/contacts',
    headers: () => ({ ...rw(), 'Content-Type': 'application/json' }),
    body: twoMiB,
    status: 413,
    detail: 'The request body is larger than 1 MiB.',
  },
  {
    name: 'contact: PATCH as JSON',
    method: 'PATCH',
    path: '/api/v1/contacts/1',
    headers: () => ({ ...rw(), 'Content-Type': 'application/json' }),
    body: '{"name":"X"}',
    status: 415,
    detail:
      'The content-type "application/json" is not supported. Supported MIME types are "application/merge-patch+json".',
  },
  {
    name: 'refresh: garbage JSON',
    method: 'POST',
    path: '/api/v1/token/refresh',
    headers: () => ({ 'Content-Type': 'application/json' }),
    body: '{{{',
    status: 400,
    detail: /^Syntax error: /,
  },
  {
    name: 'list: page 0',
    method: 'GET',
    path: '/api/v1/contacts?page=0',
    headers: rw,
    body: '',
    status: 400,
    detail: 'Page should not be less than 1',
  },
  {
    name: 'list: itemsPerPage=-1',
    method: 'GET',
    path: '/api/v1/contacts?itemsPerPage=-1',
    headers: rw,
    body: '',
    status: 400,
    detail: 'Limit should not be less than 0',
  },
  {
    name: 'item: non-numeric id',
    method: 'GET',
    path: '/api/v1/contacts/abc',
    headers: rw,
    body: '',
    status: 404,
    detail: 'The referenced resource was not found or is no longer accessible.',
  },
  {
    name: 'item: percent garbage',
    method: 'GET',
    path: '/api/v1/contacts/%E0%A4%A',
    headers: rw,
    body: '',
    status: 404,
    detail: /^No route found for "GET http:\/\/acme\.localhost:\d+\/api\/v1\/contacts\/%E0%A4%A"$/,
  },
]

describe('bad input answers in the envelope and harms nothing', () => {
  it.each(CASES)('$name -> $status', async (c) => {
    const before = s.sandbox.tenant('acme')!.contacts.count()
    const res = await s.call({
      method: c.method,
      path: c.path,
      headers: c.headers?.() ?? {},
      body: c.body || undefined,
    })
    expect(res.status).toBe(c.status)
    expect(res.headers['content-type']).toBe('application/json')
    expect(res.json).toEqual({
      title: expect.any(String),
      detail: c.detail instanceof RegExp ? expect.stringMatching(c.detail) : c.detail,
      status: c.status,
    })
    // The server goes on answering correctly, and nothing was written.
    const after = await s.call({ path: '/api/v1/me', headers: rw() })
    expect(after.status).toBe(200)
    expect(s.sandbox.tenant('acme')!.contacts.count()).toBe(before)
  })

  it('a missing required field is a 422 ConstraintViolationList', async () => {
    const blank = {
      '@context': '/api/contexts/ConstraintViolationList',
      '@type': 'ConstraintViolationList',
      title: 'An error occurred',
      detail: 'name: This value should not be blank.',
      violations: [
        {
          propertyPath: 'name',
          message: 'This value should not be blank.',
          code: 'c1051bb4-d103-4f74-8988-acbcafc7fdc3',
        },
      ],
      status: 422,
    }
    const before = s.sandbox.tenant('acme')!.events.count()
    // An event's name is NotBlank: missing, empty or only spaces.
    for (const body of [{ location: 'Somewhere' }, { name: '' }, { name: '   ' }]) {
      const res = await s.call({ method: 'POST', path: '/api/v1/events', headers: rw(), body })
      expect([res.status, res.json]).toEqual([422, blank])
    }
    expect(s.sandbox.tenant('acme')!.events.count()).toBe(before)
    // A user's email is NotBlank too (self-registration needs no credential).
    const user = await s.call({
      method: 'POST',
      path: '/api/v1/users',
      body: { firstName: 'No', lastName: 'Email' },
    })
    expect([user.status, user.json.detail]).toEqual([422, 'email: This value should not be blank.'])
  })

  it('a contact has no required field: an empty object creates one, `name` its only name', async () => {
    const res = await s.call({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: { ...rw(), Accept: 'application/json' },
      body: {},
    })
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({
      name: null,
      email: null,
      fullName: null,
      firstName: null,
      lastName: null,
    })
    // firstName, lastName and fullName are computed from `name`: written, they are ignored.
    const named = await s.call({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: { ...rw(), Accept: 'application/json' },
      body: { name: 'Olivia Brown', firstName: 'Ignored', lastName: 'Too', fullName: 'Nope' },
    })
    expect(named.status).toBe(201)
    expect(named.json).toMatchObject({
      name: 'Olivia Brown',
      fullName: 'Olivia Brown',
      firstName: 'Olivia',
      lastName: 'Brown',
    })
  })

  it('an invalid email is a 422 with the Email constraint code', async () => {
    const res = await s.call({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: rw(),
      body: { email: 'not-an-email', name: 'A B' },
    })
    expect(res.status).toBe(422)
    expect(res.json.detail).toBe('email: This value is not a valid email address.')
    expect(res.json.violations[0].code).toBe('bd79c0ab-ddba-46cc-a703-a7a4b08de310')
  })

  it("an existing email, a contact's or a user's, is a 409 in any case", async () => {
    const t = s.sandbox.tenant('acme')!
    const existing = t.contacts.all()[0]!
    const before = t.contacts.count()
    const conflict = {
      title: 'Conflict',
      detail: 'Cannot create: a resource with this identifier already exists. Please refresh and try again.',
      status: 409,
    }
    for (const email of [existing.email!.toUpperCase(), 'ADMIN@acme.test']) {
      const res = await s.call({
        method: 'POST',
        path: '/api/v1/contacts',
        headers: rw(),
        body: { email, name: 'A B' },
      })
      expect([res.status, res.json]).toEqual([409, conflict])
    }
    expect(t.contacts.count()).toBe(before)
    // A PATCH onto another contact's email conflicts too; keeping one's own email does not.
    const patch = (id: number, email: string) =>
      s.call({
        method: 'PATCH',
        path: `/api/v1/contacts/${id}`,
        headers: { ...rw(), 'Content-Type': 'application/merge-patch+json' },
        body: JSON.stringify({ email }),
      })
    const other = t.contacts.all()[1]!
    expect((await patch(other.id, existing.email!)).status).toBe(409)
    expect((await patch(existing.id, existing.email!)).status).toBe(200)
  })

  it('odd headers: a huge header value, a non-ASCII token, a duplicated Api-Token', async () => {
    const long = await s.call({ path: '/api/v1/me', headers: { 'Api-Token': 'x'.repeat(8000) } })
    expect(long.json).toEqual({ title: 'Unauthorized', detail: 'Invalid API token.', status: 401 })
    const latin = await s.call({
      path: '/api/v1/me',
      headers: { 'Api-Token': Buffer.from('tökén', 'latin1').toString('latin1') },
    })
    expect(latin.status).toBe(401)
    const empty = await s.call({ path: '/api/v1/me', headers: { 'Api-Token': '' } })
    expect(empty.json.detail).toBe('Invalid API token.')
    const basic = await s.call({
      path: '/api/v1/me',
      headers: { Authorization: 'Basic YWRtaW46cGFzc3dvcmQ=' },
    })
    expect(basic.json.detail).toBe('JWT Token not found')
    const bearerGarbage = await s.call({ path: '/api/v1/me', headers: { Authorization: 'Bearer not.a.jwt' } })
    expect(bearerGarbage.json.detail).toBe('Invalid JWT Token')
  })

  it('a burst of concurrent malformed requests leaves the server serving', async () => {
    const bad = Array.from({ length: 50 }, (_, i) =>
      s.call({
        method: 'POST',
        path: '/api/v1/contacts',
        headers: { ...rw(), 'Content-Type': 'application/json' },
        body: '{'.repeat(i + 1),
      }),
    )
    const results = await Promise.all(bad)
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([400]))
    expect((await s.call({ path: '/__sandbox/health' })).json).toEqual({ ok: true })
  })
})

describe('arrays of the wrong item type', () => {
  it('an IRI list holding objects, a string list holding numbers', async () => {
    const contacts = await s.call({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: rw(),
      body: { name: 'C', customFieldValues: [{ id: 1 }] },
    })
    expect(contacts.json).toEqual({
      title: 'Bad Request',
      detail: 'Nested documents for attribute "customFieldValues" are not allowed. Use IRIs instead.',
      status: 400,
    })
    const events = await s.call({
      method: 'POST',
      path: '/api/v1/events',
      headers: rw(),
      body: { name: 'E', settings: [1] },
    })
    expect(events.json).toEqual({
      title: 'Bad Request',
      detail:
        'The type of the "settings" attribute must be "array" of "string", an item of type "integer" given.',
      status: 400,
    })
    // `roles` is the HR update's (PATCH), not self-registration's.
    const member = s.sandbox.tenant('acme')!.users.findUnique('email', 'member@acme.test')!
    const users = await s.call({
      method: 'PATCH',
      path: `/api/v1/users/${member.id}`,
      headers: { ...rw(), 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ roles: [1] }),
    })
    expect(users.json).toEqual({
      title: 'Bad Request',
      detail:
        'The type of the "roles" attribute must be "array" of "string", an item of type "integer" given.',
      status: 400,
    })
    expect(s.sandbox.tenant('acme')!.users.get(member.id)!.roles).toEqual(member.roles)
  })
})
