import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'

// SPEC 1 and ../shared/security/findings.md H1, H2, M8: a web page the developer visits is hostile.

let s: TestServer
beforeAll(async () => {
  s = await startTestServer({ corsOrigins: ['https://app.example.test'], allowedHosts: ['sandbox.internal'] })
})
afterAll(() => s.close())
beforeEach(() => s.sandbox.reset())

const EVIL = { Origin: 'https://evil.example' }

describe('H1: the control API answers no foreign page', () => {
  it.each([
    ['GET', '/__sandbox/state'],
    ['GET', '/__sandbox/events'],
    ['POST', '/__sandbox/reset'],
    ['POST', '/__sandbox/scenarios/maintenance'],
    ['POST', '/__sandbox/api-tokens'],
  ])('%s %s from https://evil.example -> 403, no CORS headers, no effect', async (method, path) => {
    const res = await s.call({ method, path, headers: EVIL })
    expect(res.status).toBe(403)
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    expect(res.json.detail).toBe(
      'Blocked request: the control API and the sign-in pages answer local pages only.',
    )
    expect((await s.call({ path: '/__sandbox/state' })).json.scenarios).toEqual([])
  })

  it('an opaque origin (null) and Sec-Fetch-Site: cross-site are foreign too', async () => {
    expect(
      (await s.call({ method: 'POST', path: '/__sandbox/reset', headers: { Origin: 'null' } })).status,
    ).toBe(403)
    expect(
      (await s.call({ path: '/__sandbox/state', headers: { 'Sec-Fetch-Site': 'cross-site' } })).status,
    ).toBe(403)
  })

  it('a preflight to the control API is refused', async () => {
    const res = await s.call({
      method: 'OPTIONS',
      path: '/__sandbox/api-tokens',
      headers: {
        ...EVIL,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    })
    expect(res.status).toBe(403)
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('local pages still use it (no CORS grant: same-origin tools, curl, the dashboard)', async () => {
    const res = await s.call({ path: '/__sandbox/state', headers: { Origin: 'http://localhost:5173' } })
    expect(res.status).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    expect((await s.call({ path: '/__sandbox/state' })).status).toBe(200)
  })
})

describe('SPEC 1: CORS for the emulated API, local front ends only', () => {
  it.each([
    'http://localhost:5173',
    'http://127.0.0.1:3000',
    'http://app.localhost:8080',
    'https://app.example.test',
  ])('%s may read the API with credentials', async (origin) => {
    const res = await s.call({
      path: '/api/v1/me',
      headers: { Origin: origin, 'Api-Token': s.tokens('acme').rw },
    })
    expect(res.status).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBe(origin)
    expect(res.headers['access-control-allow-credentials']).toBe('true')
    const pre = await s.call({
      method: 'OPTIONS',
      path: '/api/v1/contacts',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'api-token, content-type',
      },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers['access-control-allow-origin']).toBe(origin)
  })

  it.each(['https://evil.example', 'http://localhost.evil.example', 'null', 'https://app.example.test.evil'])(
    '%s gets no grant',
    async (origin) => {
      const res = await s.call({
        path: '/api/v1/me',
        headers: { Origin: origin, 'Api-Token': s.tokens('acme').rw },
      })
      expect(res.headers['access-control-allow-origin']).toBeUndefined()
      const pre = await s.call({
        method: 'OPTIONS',
        path: '/api/v1/me',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'GET' },
      })
      expect(pre.status).toBe(403)
      expect(pre.headers['access-control-allow-origin']).toBeUndefined()
    },
  )
})

describe('H2: only allowed hosts are served (DNS rebinding)', () => {
  it.each(['rebind.attacker.example', 'localhost.attacker.example', '127.0.0.1.nip.io'])(
    'Host %s -> 403',
    async (name) => {
      for (const path of ['/__sandbox/state', '/.well-known/jwks.json', '/api/v1/me']) {
        const res = await s.call({ path, host: `${name}:${s.port}` })
        expect(res.status, path).toBe(403)
        expect(res.json.detail).toContain('is not allowed')
      }
    },
  )

  it('loopback names, addresses, *.localhost, the base domains and --allowed-host are served', async () => {
    for (const host of [
      'localhost',
      '127.0.0.1',
      '[::1]',
      'acme.localhost',
      'acme.orgo.space',
      'sandbox.internal',
    ])
      expect((await s.call({ path: '/__sandbox/health', host: `${host}:${s.port}` })).status, host).toBe(200)
  })
})

describe('M8: the sign-in and consent pages are not readable or postable from a foreign page', () => {
  it('GET /oauth/authorize with a foreign Origin is refused without CORS headers; sign-in POSTs too', async () => {
    const app = s.sandbox.tenant('acme')!.oauthApps.all()[0]!
    const query = `client_id=${app.clientId}&redirect_uri=${encodeURIComponent(app.redirectUris[0]!)}&response_type=code&scope=profile&state=x`
    const page = await s.call({ path: `/oauth/authorize?${query}`, headers: EVIL })
    expect(page.status).toBe(403)
    expect(page.headers['access-control-allow-origin']).toBeUndefined()
    const post = await s.call({
      method: 'POST',
      path: '/oauth/authorize/sign-in',
      headers: { ...EVIL, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'flow=x&user_id=1',
    })
    expect(post.status).toBe(403)
    // The same page from its own origin works, as the browser's navigation and form do.
    const own = await s.call({
      path: `/oauth/authorize?${query}`,
      headers: { Origin: `http://acme.localhost:${s.port}` },
    })
    expect(own.status).toBe(200)
  })
})

describe('L4: nothing but a port follows the host name', () => {
  it('a Host with a userinfo-like tail is refused, so no link is built from it', async () => {
    const res = await s.call({
      path: '/api/v1/me',
      host: `acme.localhost:${s.port}@evil.example`,
      headers: { 'Api-Token': s.tokens('acme').rw },
    })
    expect(res.status).toBe(403)
    const path = await s.call({
      path: '/api/v1/me',
      host: `acme.localhost:${s.port}/x?`,
      headers: { 'Api-Token': s.tokens('acme').rw },
    })
    expect(path.status).toBe(403)
  })
})

describe('L12: inherited names in a body reach nothing', () => {
  it('PATCH {"constructor":…,"toString":…} on a contact changes nothing', async () => {
    const res = await s.call({
      method: 'PATCH',
      path: '/api/v1/contacts/1',
      headers: { 'Api-Token': s.tokens('acme').rw, 'Content-Type': 'application/merge-patch+json' },
      body: '{"constructor":{"x":1},"toString":"x","__proto__":{"polluted":true}}',
    })
    expect(res.status).toBe(200)
    const stored = s.sandbox.tenant('acme')!.contacts.get(1)!
    expect(Object.hasOwn(stored, 'constructor') || Object.hasOwn(stored, 'toString')).toBe(false)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('the sandbox own forms still post', () => {
  it('Origin: null with Sec-Fetch-Site: same-origin (a no-referrer page) is the sign-in form itself', async () => {
    const res = await s.call({
      method: 'POST',
      path: '/oauth/authorize/sign-in',
      headers: {
        Origin: 'null',
        'Sec-Fetch-Site': 'same-origin',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'flow=unknown',
    })
    // Past the origin check: the unknown flow is the page's own error, not a 403.
    expect(res.status).not.toBe(403)
  })
})
