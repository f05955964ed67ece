import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type CallResult, type TestServer } from './helpers.ts'

// Issue 27 item 3: every `detail` is Orgo's own text (Authentication page, SPEC 2); the sandbox's advice for a
// credential mix-up rides in `X-Sandbox-Hint` and the request log, never in the body.
let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())

const me = (headers: Record<string, string>, tenant = 'acme') =>
  s.call({ path: '/api/v1/me', tenant, headers })

function refused(res: CallResult, status: number, detail: string) {
  expect(res.status).toBe(status)
  expect(res.json).toEqual({ title: status === 401 ? 'Unauthorized' : 'Not Found', detail, status })
  const hint = res.headers['x-sandbox-hint']
  expect(typeof hint).toBe('string')
  // One line of printable ASCII, bounded: a valid header anywhere, and nothing of it leaks into the body.
  expect(hint).toMatch(/^[\x20-\x7e]{1,400}$/)
  expect(res.text).not.toContain(hint as string)
  return hint as string
}

/** The request log's entry for a response: its reason carries the same hint. */
function logged(res: CallResult) {
  return s.sandbox.feed.requests().find((e) => e.id === res.headers['x-request-id'])!
}

describe('hints beside Orgo text', () => {
  it('an Api-Token sent as Authorization: Bearer', async () => {
    const res = await me({ Authorization: `Bearer ${s.tokens('acme').rw}` })
    const hint = refused(res, 401, 'Invalid JWT Token')
    expect(res.headers['www-authenticate']).toBe('Bearer')
    expect(hint).toContain('This is an Api-Token: send it as its own header "Api-Token: <token>"')
    expect(logged(res).reason).toContain(hint)
    expect(logged(res).reason).not.toContain('bad signature')
  })

  it('another tenant Api-Token sent as Bearer names that tenant', async () => {
    const hint = refused(
      await me({ Authorization: `Bearer ${s.tokens('globex').rw}` }),
      401,
      'Invalid JWT Token',
    )
    expect(hint).toBe(
      `This is an Api-Token of tenant "globex": send it as "Api-Token: <token>" to globex.localhost:${s.port}.`,
    )
  })

  it.each([
    ['Authorization: Api-Token <t>', (t: string) => ({ Authorization: `Api-Token ${t}` }), 'Api-Token'],
    ['Authorization: Token <t>', (t: string) => ({ Authorization: `Token ${t}` }), 'Token'],
  ])('%s', async (_, headers, scheme) => {
    const res = await me(headers(s.tokens('acme').rw))
    const hint = refused(res, 401, 'JWT Token not found')
    expect(hint).toBe(
      `Send the Api-Token as its own header "Api-Token: <token>", not as "Authorization: ${scheme} <token>".`,
    )
    expect(logged(res).reason).toContain(hint)
  })

  it.each(['X-Api-Token', 'ApiToken'])('an Api-Token in a %s header', async (name) => {
    const hint = refused(await me({ [name]: s.tokens('acme').rw }), 401, 'JWT Token not found')
    expect(hint).toBe(`The header is named "Api-Token" (raw token, no prefix), not "${name.toLowerCase()}".`)
  })

  it('a JWT sent in Api-Token', async () => {
    const { token } = await s.login('admin@acme.test')
    const hint = refused(await me({ 'Api-Token': token }), 401, 'Invalid API token.')
    expect(hint).toContain('This is a JWT: send it as "Authorization: Bearer <jwt>"')
  })

  it('Api-Token: Bearer <t> keeps Orgo detail and names the prefix', async () => {
    const hint = refused(
      await me({ 'Api-Token': `Bearer ${s.tokens('acme').rw}` }),
      401,
      'Invalid API token.',
    )
    expect(hint).toBe('The Api-Token header takes the raw token: remove the "Bearer " prefix.')
  })

  it("another tenant's Api-Token names the tenant and its host", async () => {
    const res = await me({ 'Api-Token': s.tokens('globex').rw })
    const hint = refused(res, 401, 'Invalid API token.')
    expect(hint).toContain(`This Api-Token belongs to tenant "globex": call globex.localhost:${s.port}`)
    expect(logged(res).reason).toContain('tenant "globex"')
  })

  it("another tenant's JWT names the tenant", async () => {
    const { token } = await s.login('admin@globex.test')
    const hint = refused(await me({ Authorization: `Bearer ${token}` }), 401, 'Invalid JWT Token')
    expect(hint).toContain(`This JWT belongs to tenant "globex": call globex.localhost:${s.port}`)
  })

  it('an unknown token gets no hint: nothing to say beyond Orgo', async () => {
    const res = await me({ 'Api-Token': 'not-a-token' })
    expect(res.status).toBe(401)
    expect(res.json.detail).toBe('Invalid API token.')
    expect(res.headers['x-sandbox-hint']).toBeUndefined()
    // The success path carries no hint either.
    const ok = await me({ 'Api-Token': s.tokens('acme').rw })
    expect(ok.status).toBe(200)
    expect(ok.headers['x-sandbox-hint']).toBeUndefined()
  })

  it('a client of another tenant at /oauth/token', async () => {
    const globexApp = s.sandbox.tenant('globex')!.oauthApps.all()[0]!
    const res = await s.call({
      method: 'POST',
      path: '/oauth/token',
      tenant: 'acme',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'x',
        client_id: globexApp.clientId,
        client_secret: globexApp.clientSecret ?? 'x',
      }).toString(),
    })
    expect(res.status).toBe(401)
    expect(res.json).toEqual({
      error: 'invalid_client',
      error_description: 'Client authentication failed: unknown client_id.',
    })
    const hint = res.headers['x-sandbox-hint'] as string
    expect(hint).toContain(
      `is an OAuth app of tenant "globex": send /oauth/token to globex.localhost:${s.port}`,
    )
    expect(logged(res).reason).toContain(hint)
  })

  it.each([
    ['acme-crop.localhost', 'Served tenants: acme, globex. Did you mean "acme" (acme.localhost)?'],
    ['globx.localhost', 'Served tenants: acme, globex. Did you mean "globex" (globex.localhost)?'],
    ['deep.acme.localhost', 'Served tenants: acme, globex. Did you mean "acme" (acme.localhost)?'],
    ['initech.localhost', 'Served tenants: acme, globex.'],
  ])('an unknown tenant host %s names the served tenants and the nearest', async (hostname, hint) => {
    const res = await s.call({
      path: '/api/v1/me',
      host: `${hostname}:${s.port}`,
      headers: { 'Api-Token': s.tokens('acme').rw },
    })
    expect(refused(res, 404, `No Orgo tenant is served at "${hostname}".`)).toBe(hint)
  })

  it('GET /api/v1/tenant-host/{slug} of no tenant names the nearest', async () => {
    const res = await s.call({ path: '/api/v1/tenant-host/acm' })
    expect(refused(res, 404, 'No tenant with slug "acm".')).toBe(
      'Served tenants: acme, globex. Did you mean "acme"?',
    )
  })

  it('a page the sandbox grants CORS may read X-Sandbox-Hint', async () => {
    const res = await me({ Origin: 'http://localhost:5173', 'X-Api-Token': s.tokens('acme').rw })
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173')
    const exposed = String(res.headers['access-control-expose-headers']).split(/,\s*/)
    expect(exposed).toContain('X-Sandbox-Hint')
    expect(res.headers['x-sandbox-hint']).toBeDefined()
  })
})
