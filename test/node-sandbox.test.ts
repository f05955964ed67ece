import { afterEach, describe, expect, it } from 'vitest'
import { HttpError } from '../mocks/http/errors.ts'
import { createNodeSandbox, type NodeSandbox } from '../mocks/node.ts'

// orgo-sandbox/node: the test API does what the control API does, and two instances never share state.

const ACME = 'https://acme.orgo.space'
let listening: NodeSandbox | undefined

function listen(n: NodeSandbox): NodeSandbox {
  listening?.server.close()
  n.server.listen({ onUnhandledRequest: 'error' })
  listening = n
  return n
}
afterEach(() => {
  listening?.server.close()
  listening = undefined
})

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
const me = (token: string, origin = ACME) => fetch(`${origin}/api/v1/me`, { headers: { 'Api-Token': token } })

describe('two instances', () => {
  it('start from the same seed and never share state', async () => {
    const a = await createNodeSandbox()
    const b = await createNodeSandbox()
    // Same seed, same data, same tokens (SPEC 9).
    expect(a.sandbox.tokens.seeded('acme')).toEqual(b.sandbox.tokens.seeded('acme'))

    listen(a)
    const minted = await a.sandbox.tokens.mint({ email: 'member@acme.test' })
    const created = await post(
      `${ACME}/api/v1/contacts`,
      { email: 'only.in.a@example.test', name: 'Only InA' },
      { 'Api-Token': a.sandbox.tokens.seeded().rw },
    )
    expect(created.status).toBe(201)
    const inA = await fetch(`${ACME}/api/v1/contacts?email=only.in.a@example.test`, {
      headers: { 'Api-Token': a.sandbox.tokens.seeded().rw, Accept: 'application/json' },
    })
    expect(await inA.json()).toMatchObject([{ name: 'Only InA', email: 'only.in.a@example.test' }])
    await post(`${ACME}/api/v1/request-login-otp`, { email: 'member@acme.test' })
    await a.sandbox.scenarios.use('maintenance', { tenant: 'globex' })
    a.sandbox.clock.advance('2h')
    expect((await me(minted.token)).status).toBe(200)

    listen(b)
    expect(await (await me(minted.token)).json()).toEqual({
      title: 'Unauthorized',
      detail: 'Invalid API token.',
      status: 401,
    })
    const contacts = await fetch(`${ACME}/api/v1/contacts?email=only.in.a@example.test`, {
      headers: { 'Api-Token': b.sandbox.tokens.seeded().rw, Accept: 'application/json' },
    })
    expect(await contacts.json()).toEqual([])
    expect(b.sandbox.outbox.list()).toEqual([])
    expect(() => b.sandbox.otp.latest('member@acme.test')).toThrow(HttpError)
    expect(b.sandbox.scenarios.active()).toEqual([])
    expect((await me(b.sandbox.tokens.seeded('globex').rw, 'https://globex.orgo.space')).status).toBe(200)
    expect(Math.abs(b.sandbox.clock.now().getTime() - Date.now())).toBeLessThan(60_000)
    expect(a.sandbox.clock.now().getTime() - Date.now()).toBeGreaterThan(7_100_000)
  })
})

describe('the test API', () => {
  it('otp.latest and outbox read the code a request sent', async () => {
    const { sandbox } = listen(await createNodeSandbox())
    expect(() => sandbox.otp.latest('member@acme.test')).toThrow(
      'No pending code for "member@acme.test": request one with POST /api/v1/request-login-otp first.',
    )
    await post(`${ACME}/api/v1/request-login-otp`, { email: 'member@acme.test' })
    const pending = sandbox.otp.latest('member@acme.test')
    expect(pending).toMatchObject({
      tenant: 'acme',
      email: 'member@acme.test',
      purpose: 'login',
      state: 'pending',
    })
    expect(sandbox.outbox.latest({ to: 'member@acme.test' })).toMatchObject({
      kind: 'login-otp',
      code: pending.otp,
    })
    const verified = await post(`${ACME}/api/v1/verify-login-otp`, {
      email: 'member@acme.test',
      otp: pending.otp,
    })
    expect(verified.status).toBe(200)
    expect(() => sandbox.otp.latest('member@acme.test')).toThrow(HttpError)
    expect(sandbox.otp.all()).toMatchObject([{ email: 'member@acme.test', state: 'used' }])
  })

  it('scenarios.use narrows like the control API, off heals, an unknown name is a 404', async () => {
    const { sandbox } = listen(await createNodeSandbox())
    const token = sandbox.tokens.seeded().rw
    const activation = await sandbox.scenarios.use('server-error', { path: '/api/v1/contacts*' })
    expect(activation).toMatchObject({ name: 'server-error', tenant: null, path: '/api/v1/contacts*' })
    expect((await fetch(`${ACME}/api/v1/contacts`, { headers: { 'Api-Token': token } })).status).toBe(500)
    expect((await me(token)).status).toBe(200)
    await sandbox.scenarios.off('server-error')
    expect((await fetch(`${ACME}/api/v1/contacts`, { headers: { 'Api-Token': token } })).status).toBe(200)
    await expect(sandbox.scenarios.off('no-such-thing')).rejects.toMatchObject({
      status: 404,
      detail: 'No scenario "no-such-thing".',
    })
    await expect(sandbox.scenarios.use('maintenance', {}, { retryAfter: 'soon' })).rejects.toMatchObject({
      status: 400,
      detail: 'Option "retryAfter" of "maintenance" must be a number.',
    })
  })

  it('clock.advance expires a JWT, with the control API validation', async () => {
    const { sandbox } = listen(await createNodeSandbox())
    const login = await post(`${ACME}/api/v1/login-check`, {
      username: 'admin@acme.test',
      password: 'password',
    })
    const { token } = (await login.json()) as { token: string }
    const bearer = { headers: { Authorization: `Bearer ${token}` } }
    expect((await fetch(`${ACME}/api/v1/me`, bearer)).status).toBe(200)
    expect(sandbox.clock.freeze().frozen).toBe(true)
    const before = sandbox.clock.now().getTime()
    expect(sandbox.clock.advance('12d')).toMatchObject({ frozen: true })
    expect(sandbox.clock.now().getTime() - before).toBe(12 * 86_400_000)
    expect(await (await fetch(`${ACME}/api/v1/me`, bearer)).json()).toEqual({
      title: 'Unauthorized',
      detail: 'Expired JWT Token',
      status: 401,
    })
    expect(() => sandbox.clock.advance('soon')).toThrow(
      '"advance" must be a duration such as "90s", "10m", "1h30m", "11d" or "-5m"; got "soon".',
    )
    expect(sandbox.clock.set('2030-01-01T00:00:00Z').now).toBe('2030-01-01T00:00:00.000Z')
    expect(sandbox.clock.unfreeze().frozen).toBe(false)
  })

  it('tokens.mint gives a working token without a login; bad input fails as the control API does', async () => {
    const { sandbox } = listen(await createNodeSandbox())
    const minted = await sandbox.tokens.mint({
      tenant: 'globex',
      email: 'member@globex.test',
      isReadOnly: true,
      name: 'CI',
    })
    expect(minted).toMatchObject({
      tenant: 'globex',
      owner: 'member@globex.test',
      isReadOnly: true,
      name: 'CI',
      expiresAt: null,
    })
    const globex = 'https://globex.orgo.space'
    expect(await (await me(minted.token, globex)).json()).toMatchObject({ email: 'member@globex.test' })
    expect((await me(minted.token)).status).toBe(401)
    await expect(sandbox.tokens.mint({ email: 'membr@acme.test' })).rejects.toMatchObject({
      status: 404,
      detail: 'No user "membr@acme.test" in tenant "acme". Did you mean "member@acme.test"?',
    })
    const expired = await sandbox.tokens.mint({ expiresAt: '2000-01-01T00:00:00Z' })
    expect(await (await me(expired.token)).json()).toMatchObject({ detail: 'API token has expired.' })
  })

  it('oauthApps.create registers a client; state() and requests() read like the control API; reset() undoes everything', async () => {
    const { sandbox } = listen(await createNodeSandbox())
    const app = await sandbox.oauthApps.create({
      name: 'CI app',
      redirectUris: ['https://ci.example.test/cb'],
      clientId: 'ci-app-client',
    })
    expect(app).toMatchObject({
      tenant: 'acme',
      client_id: 'ci-app-client',
      scopes: ['profile', 'email', 'groups', 'roles'],
    })
    expect(sandbox.oauthApps.seeded('acme').redirectUris).toEqual(['http://localhost:3000/callback'])
    const state = sandbox.state()
    expect(state.oauthApps.map((a) => a.client_id)).toContain('ci-app-client')
    const { clock: _clock, ...overHttp } = (await (await fetch(`${ACME}/__sandbox/state`)).json()) as Record<
      string,
      unknown
    >
    const { clock: _now, ...inProcess } = sandbox.state()
    expect(overHttp).toEqual(JSON.parse(JSON.stringify(inProcess)))
    expect(sandbox.requests().at(-1)).toMatchObject({
      method: 'GET',
      path: '/__sandbox/state',
      status: 200,
      tenant: 'acme',
    })

    await sandbox.scenarios.use('read-only')
    sandbox.clock.advance('1h')
    await sandbox.reset()
    expect(sandbox.state().oauthApps.map((a) => a.client_id)).not.toContain('ci-app-client')
    expect(sandbox.scenarios.active()).toEqual([])
    expect(sandbox.state().clock.offsetMs).toBeLessThan(1000)
  })
})

describe('hosts in process', () => {
  it('serves a configured base domain, and lets every other host through', async () => {
    const { sandbox } = listen(await createNodeSandbox({ baseDomains: ['orgo.test'] }))
    const res = await me(sandbox.tokens.seeded().rw, 'https://acme.orgo.test')
    expect(await res.json()).toMatchObject({ email: 'admin@acme.test', tenant: { slug: 'acme' } })
    const lookup = await fetch('https://app.orgo.test/api/v1/tenant-host/acme')
    expect(await lookup.json()).toEqual({ slug: 'acme', host: 'acme.orgo.test' })
    // onUnhandledRequest 'error': a host the sandbox does not serve is never answered by it.
    await expect(fetch(`${ACME}/api/v1/me`)).rejects.toThrow()
    await expect(fetch('http://localhost:9/')).rejects.toThrow()
    expect((await fetch('https://nope.orgo.test/api/v1/me')).status).toBe(404)
  })
})
