import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'

/**
 * Issue 15 over HTTP: mistakes a new user makes are answered with what to change (never swallowed), and a
 * mailed magic link lands on a page (the sandbox's, or the app's with `appUrl`).
 */

let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
afterEach(async () => {
  await s.call({ method: 'POST', path: '/__sandbox/reset' })
})

const bad = (detail: string) => ({ title: 'Bad Request', detail, status: 400 })
const envelope = (res: { json: { title: string; detail: string; status: number } }) => ({
  title: res.json.title,
  detail: res.json.detail,
  status: res.json.status,
})
const scenarioOn = (name: string, body: unknown) =>
  s.call({ method: 'POST', path: `/__sandbox/scenarios/${name}`, body })
const active = async () => (await s.call({ path: '/__sandbox/state' })).json.scenarios

describe('POST /__sandbox/scenarios/{name}: a body key it does not know is a 400, not ignored', () => {
  it.each([
    [
      'an option at the top level',
      'slow-network',
      { latencyMs: 300 },
      '"latencyMs" is an option of "slow-network": send it under "options", e.g. {"options":{"latencyMs":300}}. Allowed keys: tenant, path, options.',
    ],
    [
      'a misspelt tenant',
      'server-error',
      { tenat: 'globex' },
      'Unknown key "tenat" in the body of "server-error". Did you mean "tenant"? Allowed keys: tenant, path, options.',
    ],
    [
      'a key like no other',
      'server-error',
      { where: 'globex' },
      'Unknown key "where" in the body of "server-error". Allowed keys: tenant, path, options.',
    ],
    [
      'a misspelt option',
      'slow-network',
      { options: { latency: 300 } },
      'Scenario "slow-network" has no option "latency". Did you mean "latencyMs"? Its options: latencyMs.',
    ],
    [
      'an option of a scenario that takes none',
      'expired-jwt',
      { options: { rate: 1 } },
      'Scenario "expired-jwt" has no option "rate". It takes no options.',
    ],
    [
      'a misspelt tenant value',
      'server-error',
      { tenant: 'globx' },
      'Cannot narrow "server-error" to tenant "globx": no such tenant. Did you mean "globex"? Tenants: acme, globex.',
    ],
  ])('%s', async (_what, name, body, detail) => {
    const res = await scenarioOn(name, body)
    expect([res.status, envelope(res)]).toEqual([400, bad(detail)])
    expect(await active()).toEqual([])
  })

  it('a huge value at the top level is not echoed back', async () => {
    const res = await scenarioOn('slow-network', { latencyMs: 'x'.repeat(100_000) })
    expect(res.json.detail).toBe(
      '"latencyMs" is an option of "slow-network": send it under "options", e.g. {"options":{"latencyMs":1500}}. Allowed keys: tenant, path, options.',
    )
  })

  it('the same body, corrected as the message says, switches the scenario on', async () => {
    const res = await scenarioOn('slow-network', { options: { latencyMs: 300 }, tenant: 'globex' })
    expect(res.status).toBe(201)
    expect(await active()).toMatchObject([
      { name: 'slow-network', tenant: 'globex', options: { latencyMs: 300 } },
    ])
  })

  it('a misspelt scenario name is a 404 with the nearest name', async () => {
    const res = await scenarioOn('expird-jwt', {})
    expect(res.status).toBe(404)
    expect(res.json.detail).toMatch(
      /^No scenario "expird-jwt"\. Did you mean "expired-jwt"\? Known scenarios: expired-jwt, /,
    )
  })
})

describe("GET /__sandbox/endpoints: the Authentication page's endpoints, public and counted", () => {
  it('login-check is public; login, the OTP codes and the refresh are listed beside the 787, their calls counted', async () => {
    await s.call({ method: 'POST', path: '/api/v1/request-login-otp', body: { email: 'member@acme.test' } })
    const { json } = await s.call({ path: '/__sandbox/endpoints' })
    expect(json.total).toBe(787)
    const login = json.operations.find((o: { operationId: string }) => o.operationId === 'login_check_post')
    expect(login).toMatchObject({ path: '/api/v1/login-check', public: true, emulation: 'full' })
    const page = json.authPage as Array<{ path: string; public: boolean; emulation: string; calls: number }>
    expect(page.map((o) => o.path)).toEqual([
      '/api/v1/login',
      '/api/v1/request-login-otp',
      '/api/v1/verify-login-otp',
      '/api/v1/request-password-reset-otp',
      '/api/v1/token/refresh',
    ])
    expect(page.every((o) => o.public && o.emulation === 'full')).toBe(true)
    expect(page.find((o) => o.path === '/api/v1/request-login-otp')!.calls).toBeGreaterThanOrEqual(1)
  })
})

describe('POST /__sandbox/clock {"real": true}', () => {
  const clock = (body?: unknown) =>
    s.call({ method: body === undefined ? 'GET' : 'POST', path: '/__sandbox/clock', body })

  it('returns from an advanced, frozen clock to real time', async () => {
    expect((await clock({ advance: '11d', freeze: true })).json).toMatchObject({ frozen: true })
    const before = Date.now()
    const res = await clock({ real: true })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ offsetMs: expect.any(Number), frozen: false })
    expect(Math.abs(res.json.offsetMs)).toBeLessThan(1000)
    expect(Math.abs(Date.parse(res.json.now) - before)).toBeLessThan(2000)
    // The clock runs again: a later read is later.
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(Date.parse((await clock()).json.now)).toBeGreaterThan(Date.parse(res.json.now))
  })

  it.each([
    [{ real: false }, '"real" takes only true (back to real time); got false.'],
    [
      { real: true, advance: '1h' },
      '"real" goes alone: it drops every offset and freeze. Move the clock in a second request.',
    ],
    [
      { rael: true },
      'Unknown key "rael" in the body of POST /__sandbox/clock. Did you mean "real"? Allowed keys: advance, set, freeze, real. Send {"advance": "10m"}, {"set": "2026-01-05T09:00:00Z"}, {"freeze": true} or {"real": true} (back to real time).',
    ],
  ])('%j is a 400 that changes nothing', async (body, detail) => {
    await clock({ advance: '1h' })
    const res = await clock(body)
    expect([res.status, envelope(res)]).toEqual([400, bad(detail)])
    expect((await clock()).json.offsetMs).toBeGreaterThan(3_599_000)
  })
})

describe('magic links without --app-url: the sandbox answers them with a page', () => {
  const invite = async () => {
    const event = s.sandbox
      .tenant('acme')!
      .events.all()
      .find((e) => e.status === 'published')!
    const res = await s.call({
      method: 'POST',
      path: '/api/v1/event_attend_invite_external',
      headers: { 'Api-Token': s.tokens('acme').rw },
      body: { entity: { email: 'guest@example.com', event: event.uuid } },
    })
    expect(res.status).toBe(201)
    const mail = (await s.call({ path: '/__sandbox/outbox' })).json.at(-1) as { link: string }
    return { link: new URL(mail.link), id: res.json.id as number, hash: res.json.hash as string, event }
  }

  it('the mailed link answers 200 with the hash, the X-Contact-Hash curl and how to set --app-url', async () => {
    const { link, id, hash, event } = await invite()
    expect(link.href).toBe(`http://acme.localhost:${s.port}/events/${event.uuid}/rsvp/${id}?hash=${hash}`)
    const page = await s.call({ path: link.pathname + link.search })
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    )
    // The hash is in the URL: it must not travel on in a Referer.
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    expect(page.text).toContain(`<h1>Invitation to ${event.name}</h1>`)
    expect(page.text).toContain(`<code>${hash}</code>`)
    expect(page.text).toContain(
      `curl -H &#39;X-Contact-Hash: ${hash}&#39; http://acme.localhost:${s.port}/api/v1/event_attends/${id}`,
    )
    expect(page.text).toContain('npx sandbox --app-url http://localhost:5173')
    expect(page.text).toContain('npx sandbox --app-url acme=http://localhost:5173')
    // The curl on the page works as printed.
    const read = await s.call({ path: `/api/v1/event_attends/${id}`, headers: { 'X-Contact-Hash': hash } })
    expect(read.status).toBe(200)
  })

  it.each([
    [
      'a wrong hash',
      (l: URL) => `${l.pathname}?hash=${'0'.repeat(32)}`,
      'The hash does not match this attendance',
    ],
    ['no hash', (l: URL) => l.pathname, 'The link has no hash'],
    [
      'an unknown attendance',
      (l: URL) => l.pathname.replace(/\d+$/, '999999') + l.search,
      'There is no attendance #999999',
    ],
  ])('%s: a 404 page saying why', async (_what, path, why) => {
    const { link } = await invite()
    const page = await s.call({ path: path(link) })
    expect(page.status).toBe(404)
    expect(page.text).toContain('<h1>This invitation link leads nowhere</h1>')
    expect(page.text).toContain(why)
  })

  it('escapes what the URL carries', async () => {
    const { link } = await invite()
    const evil = '<script>alert(1)</script>'
    const page = await s.call({
      path: `/events/${encodeURIComponent(evil)}/rsvp/${link.pathname.split('/').pop()}?hash=${encodeURIComponent(evil)}`,
    })
    expect(page.status).toBe(404)
    expect(page.text).not.toContain('<script>')
    expect(page.text).toContain('&#60;script&#62;')
  })
})

describe('magic links with appUrl (--app-url): they point at the app', () => {
  let app: TestServer
  afterEach(() => app.close())

  const inviteMembers = async (t: TestServer, slug: string) => {
    const event = t.sandbox
      .tenant(slug)!
      .events.all()
      .find((e) => e.status === 'published')!
    const res = await t.call({
      method: 'POST',
      tenant: slug,
      path: `/api/v1/events/${event.uuid}/send-invites`,
      headers: { 'Api-Token': t.tokens(slug).rw },
    })
    expect(res.status).toBe(201)
    const mails = (await t.call({ path: `/__sandbox/outbox?tenant=${slug}&kind=event-invitation` })).json
    expect(mails.length).toBeGreaterThan(0)
    return { event, links: (mails as Array<{ link: string; text: string }>).map((m) => m) }
  }

  it('one URL for every tenant, a per-tenant one, and {tenant}', async () => {
    app = await startTestServer({
      appUrl: { '*': 'http://{tenant}.app.localhost:5173/', globex: 'https://globex.example.test/portal' },
    })
    const acme = await inviteMembers(app, 'acme')
    for (const mail of acme.links) {
      expect(mail.link).toMatch(
        new RegExp(
          `^http://acme\\.app\\.localhost:5173/events/${acme.event.uuid}/rsvp/\\d+\\?hash=[0-9a-f]{32}$`,
        ),
      )
      expect(mail.text).toContain(mail.link)
    }
    const globex = await inviteMembers(app, 'globex')
    for (const mail of globex.links)
      expect(mail.link).toMatch(
        new RegExp(`^https://globex\\.example\\.test/portal/events/${globex.event.uuid}/rsvp/`),
      )
    // The state (and the dashboard's Hashes pane) shows the same links, seeded attendances included.
    const hashes = (await app.call({ path: '/__sandbox/state' })).json.contactHashes as Array<{
      tenant: string
      eventAttendId: number
      eventId: string
      hash: string
      appLink: string
    }>
    expect(hashes.length).toBeGreaterThan(globex.links.length)
    for (const h of hashes) {
      const base =
        h.tenant === 'globex' ? 'https://globex.example.test/portal' : `http://${h.tenant}.app.localhost:5173`
      expect(h.appLink).toBe(`${base}/events/${h.eventId}/rsvp/${h.eventAttendId}?hash=${h.hash}`)
    }
  })

  it.each([
    [{ appUrl: 'localhost:5173' }, /--app-url \(appUrl\) takes an http\(s\) URL .*got "localhost:5173"/],
    [{ appUrl: 'http://localhost:5173/?x=1' }, /without query or fragment/],
    [
      { appUrl: { globx: 'http://localhost:5173' } },
      /names no tenant\. Did you mean "globex"\? Tenants: acme, globex\./,
    ],
  ])('a wrong appUrl %j fails start-up', async (options, message) => {
    await expect(startTestServer(options)).rejects.toThrow(message)
    // Nothing started: afterEach has nothing of its own to close.
    app = { close: async () => {} } as TestServer
  })
})
