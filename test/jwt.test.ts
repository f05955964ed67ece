import { createLocalJWKSet, jwtVerify } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'

let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
beforeEach(() => s.sandbox.reset())

const loginBody = (username: string, password = 'password') => ({ username, password })
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })
const DAY = 86_400_000

describe('SPEC 4: email + password -> JWT', () => {
  it.each(['/api/v1/login-check', '/api/v1/login'])('%s answers {token, refresh_token}', async (path) => {
    const res = await s.call({ method: 'POST', path, body: loginBody('member@acme.test') })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json')
    expect(Object.keys(res.json)).toEqual(['token', 'refresh_token'])
    expect(res.json.refresh_token).toMatch(/^[0-9a-f]{128}$/)
  })

  it('the JWT is RS256, verifiable with /.well-known/jwks.json, ~11 days, with the documented claims', async () => {
    const { token } = await s.login('admin@acme.test')
    const jwks = await s.call({ path: '/.well-known/jwks.json' })
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks.json), {
      currentDate: new Date(s.sandbox.clock.now()),
    })
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT' })
    expect(payload).toMatchObject({
      username: 'admin@acme.test',
      roles: expect.arrayContaining(['ROLE_ADMIN']),
    })
    expect(payload.session_id).toEqual(expect.any(String))
    expect(payload.exp! - payload.iat!).toBe(11 * 24 * 3600)
  })

  it("the JWT reads /api/v1/me in user_read_private, with the user's permissions and tenant", async () => {
    const { token } = await s.login('admin@acme.test')
    const me = await s.call({ path: '/api/v1/me', headers: bearer(token) })
    expect([me.status, me.headers['x-sandbox-auth-method']]).toEqual([200, 'jwt'])
    expect(me.json).toMatchObject({
      '@id': `/api/v1/users/${me.json.id}`,
      '@type': 'User',
      email: 'admin@acme.test',
      firstName: 'Ada',
      lastName: 'Admin',
      fullName: 'Ada Admin',
      tenant: { id: expect.any(Number), name: 'Acme Corporation', slug: 'acme' },
    })
    expect(me.json.permissions).toEqual(
      ['ADMIN', 'HR', 'FINANCIAL', 'EVENT'].map((domain) => ({ domain, scope: 'TENANT', localCenter: null })),
    )
    // No sandbox-only keys, and never the password.
    expect(me.json.authMethod).toBeUndefined()
    expect(me.json.password).toBeUndefined()
    expect(me.json.plainPassword).toBeUndefined()
  })

  it.each([
    ['unknown email', loginBody('nobody@acme.test')],
    ['wrong password', loginBody('admin@acme.test', 'wrong')],
    ["another tenant's user", loginBody('admin@globex.test')],
  ])('%s -> 401 Invalid credentials.', async (_name, body) => {
    const res = await s.call({ method: 'POST', path: '/api/v1/login-check', body })
    expect(res.status).toBe(401)
    expect(res.json).toEqual({ title: 'Unauthorized', detail: 'Invalid credentials.', status: 401 })
  })

  it('a JWT expires with the sandbox clock', async () => {
    const { token } = await s.login('admin@acme.test')
    expect((await s.call({ path: '/api/v1/me', headers: bearer(token) })).status).toBe(200)
    s.sandbox.clock.advance(11 * DAY + 1000)
    const res = await s.call({ path: '/api/v1/me', headers: bearer(token) })
    expect(res.status).toBe(401)
    expect(res.headers['www-authenticate']).toBe('Bearer')
    expect(res.json).toEqual({ title: 'Unauthorized', detail: 'Expired JWT Token', status: 401 })
  })

  it('the lexik-errors flag renders JWT errors in the stock {code, message} shape', async () => {
    await s.sandbox.scenarios.enable('lexik-errors')
    const res = await s.call({ path: '/api/v1/me' })
    expect(res.json).toEqual({ code: 401, message: 'JWT Token not found' })
    const login = await s.call({
      method: 'POST',
      path: '/api/v1/login-check',
      body: loginBody('x@acme.test'),
    })
    expect(login.json).toEqual({ title: 'Unauthorized', detail: 'Invalid credentials.', status: 401 })
  })
})

describe('SPEC 4: refresh', () => {
  it('JSON and form bodies both refresh; the refresh token is reusable by default', async () => {
    const { refresh_token } = await s.login('admin@acme.test')
    const json = await s.call({ method: 'POST', path: '/api/v1/token/refresh', body: { refresh_token } })
    expect(json.status).toBe(200)
    expect(json.json.refresh_token).toBe(refresh_token)
    const form = await s.call({
      method: 'POST',
      path: '/api/v1/token/refresh',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `refresh_token=${refresh_token}`,
    })
    expect(form.status).toBe(200)
    expect((await s.call({ path: '/api/v1/me', headers: bearer(form.json.token) })).status).toBe(200)
  })

  it('single-use-refresh rotates, and an old token then fails', async () => {
    await s.sandbox.scenarios.enable('single-use-refresh')
    const { refresh_token } = await s.login('admin@acme.test')
    const first = await s.call({ method: 'POST', path: '/api/v1/token/refresh', body: { refresh_token } })
    expect(first.json.refresh_token).not.toBe(refresh_token)
    const reuse = await s.call({ method: 'POST', path: '/api/v1/token/refresh', body: { refresh_token } })
    expect(reuse.json).toEqual({ title: 'Unauthorized', detail: 'Invalid JWT Refresh Token', status: 401 })
  })

  it.each([
    ['no token', {}, 'Missing JWT Refresh Token'],
    ['an empty token', { refresh_token: '' }, 'Missing JWT Refresh Token'],
    ['a number', { refresh_token: 42 }, 'Missing JWT Refresh Token'],
    ['an unknown token', { refresh_token: 'f'.repeat(128) }, 'JWT Refresh Token Not Found'],
  ])('%s -> 401 %s', async (_name, body, detail) => {
    const res = await s.call({ method: 'POST', path: '/api/v1/token/refresh', body })
    expect(res.status).toBe(401)
    expect(res.json).toEqual({ title: 'Unauthorized', detail, status: 401 })
  })

  it("another tenant's refresh token is not found; an expired one is invalid", async () => {
    const globex = await s.login('admin@globex.test')
    const cross = await s.call({
      method: 'POST',
      path: '/api/v1/token/refresh',
      body: { refresh_token: globex.refresh_token },
    })
    expect(cross.json.detail).toBe('JWT Refresh Token Not Found')
    const { refresh_token } = await s.login('admin@acme.test')
    s.sandbox.clock.advance(31 * DAY)
    const late = await s.call({ method: 'POST', path: '/api/v1/token/refresh', body: { refresh_token } })
    expect(late.json.detail).toBe('Invalid JWT Refresh Token')
  })
})

describe('SPEC 10: POST /__sandbox/sessions, a login without the password', () => {
  const session = (body: unknown, tenant?: string) =>
    s.call({ method: 'POST', path: '/__sandbox/sessions', tenant, body })

  it('answers 201 {token, refresh_token}, the pair a password login gives', async () => {
    const res = await session({ email: 'member@acme.test' })
    expect(res.status).toBe(201)
    expect(Object.keys(res.json)).toEqual(['token', 'refresh_token'])
    expect(res.json.refresh_token).toMatch(/^[0-9a-f]{128}$/)
    const me = await s.call({ path: '/api/v1/me', headers: bearer(res.json.token) })
    expect([me.status, me.headers['x-sandbox-auth-method'], me.json.email, me.json.permissions]).toEqual([
      200,
      'jwt',
      'member@acme.test',
      [],
    ])
    const refreshed = await s.call({
      method: 'POST',
      path: '/api/v1/token/refresh',
      body: { refresh_token: res.json.refresh_token },
    })
    expect(refreshed.status).toBe(200)
  })

  it("takes the host's tenant; the body may name another tenant", async () => {
    const own = await session({ email: 'admin@globex.test' }, 'globex')
    const me = await s.call({ path: '/api/v1/me', tenant: 'globex', headers: bearer(own.json.token) })
    expect([own.status, me.json.email, me.json.tenant.slug]).toEqual([201, 'admin@globex.test', 'globex'])
    const named = await session({ tenant: 'globex', email: 'member@globex.test' })
    const theirs = await s.call({ path: '/api/v1/me', tenant: 'globex', headers: bearer(named.json.token) })
    expect([named.status, theirs.json.email]).toEqual([201, 'member@globex.test'])
    // A session is its tenant's: on acme the globex JWT is not valid.
    const cross = await s.call({ path: '/api/v1/me', headers: bearer(named.json.token) })
    expect([cross.status, cross.json.detail]).toEqual([401, 'Invalid JWT Token'])
  })

  it.each([
    ['an unknown tenant', { tenant: 'nope' }, 404, 'No tenant with slug "nope".'],
    [
      'an unknown email',
      { email: 'membr@acme.test' },
      404,
      'No user "membr@acme.test" in tenant "acme". Did you mean "member@acme.test"?',
    ],
    [
      "another tenant's user",
      { email: 'admin@globex.test' },
      404,
      'No user "admin@globex.test" in tenant "acme". It is a user of tenant "globex": add {"tenant": "globex"}.',
    ],
    ['an email that is none', { email: 'admin' }, 422, 'email: This value is not a valid email address.'],
  ])('%s is refused', async (_name, body, status, detail) => {
    const res = await session(body)
    expect([res.status, res.json.detail]).toEqual([status, detail])
  })
})

describe('rate limit: login-check, 20 per 60 s per client address', () => {
  it('the 21st attempt is a 429 with Retry-After, and the window reopens', async () => {
    for (let i = 0; i < 20; i++) {
      const res = await s.call({
        method: 'POST',
        path: '/api/v1/login-check',
        body: loginBody('admin@acme.test', 'wrong'),
      })
      expect(res.status).toBe(401)
    }
    s.sandbox.clock.advance(13_000)
    const limited = await s.call({
      method: 'POST',
      path: '/api/v1/login-check',
      body: loginBody('admin@acme.test'),
    })
    expect(limited.status).toBe(429)
    const retryAfter = Number(limited.headers['retry-after'])
    expect(retryAfter).toBeGreaterThanOrEqual(46)
    expect(retryAfter).toBeLessThanOrEqual(47)
    expect(limited.json).toEqual({
      title: 'Too Many Requests',
      detail: `Rate limit exceeded. Try again in ${retryAfter} seconds.`,
      status: 429,
    })
    s.sandbox.clock.advance(retryAfter * 1000)
    expect(
      (await s.call({ method: 'POST', path: '/api/v1/login-check', body: loginBody('admin@acme.test') }))
        .status,
    ).toBe(200)
  })
})
