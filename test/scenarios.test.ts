import { request } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type CallResult, type TestServer } from './helpers.ts'

let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
beforeEach(() => s.sandbox.reset())

const on = (name: string, body?: object) =>
  s.call({ method: 'POST', path: `/__sandbox/scenarios/${name}`, body })
const off = (name: string) => s.call({ method: 'DELETE', path: `/__sandbox/scenarios/${name}` })
const rw = (slug = 'acme') => ({ 'Api-Token': s.tokens(slug).rw })
const me = (headers: Record<string, string>, tenant = 'acme') =>
  s.call({ path: '/api/v1/me', tenant, headers })
const envelope = (r: CallResult) => ({ status: r.status, body: r.json })

/** Each preset: a request that shows the effect, and the same request healthy again once it is off. */
interface Preset {
  name: string
  options?: object
  probe: () => Promise<CallResult>
  broken: (r: CallResult) => void
  healthy: number
}

const PRESETS: Preset[] = [
  {
    name: 'expired-jwt',
    probe: async () => me({ Authorization: `Bearer ${(await s.login('admin@acme.test')).token}` }),
    broken: (r) =>
      expect(envelope(r)).toEqual({
        status: 401,
        body: { title: 'Unauthorized', detail: 'Expired JWT Token', status: 401 },
      }),
    healthy: 200,
  },
  {
    name: 'revoked-tokens',
    probe: () => me(rw()),
    broken: (r) => expect(r.json.detail).toBe('API token has been revoked.'),
    healthy: 200,
  },
  {
    name: 'read-only',
    probe: () =>
      s.call({
        method: 'DELETE',
        path: `/api/v1/contacts/${s.sandbox.tenant('acme')!.contacts.all()[3]!.id}`,
        headers: rw(),
      }),
    broken: (r) =>
      expect(envelope(r)).toEqual({
        status: 403,
        body: { title: 'Forbidden', detail: 'Access Denied.', status: 403 },
      }),
    healthy: 204,
  },
  {
    name: 'server-error',
    probe: () => me(rw()),
    broken: (r) =>
      expect(envelope(r)).toEqual({
        status: 500,
        body: {
          title: 'Internal Server Error',
          detail: 'Internal Server Error (scenario server-error).',
          status: 500,
        },
      }),
    healthy: 200,
  },
  {
    name: 'maintenance',
    options: { options: { retryAfter: 30 } },
    probe: () => me(rw()),
    broken: (r) => {
      expect(r.status).toBe(503)
      expect(r.headers['retry-after']).toBe('30')
      expect(r.json.detail).toBe('Orgo is down for maintenance. Try again in 30 seconds.')
    },
    healthy: 200,
  },
  {
    name: 'rate-limited',
    probe: () =>
      s.call({
        method: 'POST',
        path: '/api/v1/login-check',
        body: { username: 'admin@acme.test', password: 'password' },
      }),
    broken: (r) => {
      expect(r.status).toBe(429)
      expect(r.headers['retry-after']).toBe('47')
      expect(r.json).toEqual({
        title: 'Too Many Requests',
        detail: 'Rate limit exceeded. Try again in 47 seconds.',
        status: 429,
      })
    },
    healthy: 200,
  },
  {
    name: 'lexik-errors',
    probe: () => me({}),
    broken: (r) =>
      expect(envelope(r)).toEqual({ status: 401, body: { code: 401, message: 'JWT Token not found' } }),
    healthy: 401,
  },
  {
    name: 'otp-expired',
    probe: async () => {
      await s.call({ method: 'POST', path: '/api/v1/request-login-otp', body: { email: 'member@acme.test' } })
      const { otp } = (await s.call({ path: '/__sandbox/otp?email=member@acme.test' })).json
      return s.call({
        method: 'POST',
        path: '/api/v1/verify-login-otp',
        body: { email: 'member@acme.test', otp },
      })
    },
    broken: (r) =>
      expect(envelope(r)).toEqual({
        status: 401,
        body: {
          title: 'Unauthorized',
          detail: 'Invalid or expired code: request a new one.',
          status: 401,
        },
      }),
    healthy: 200,
  },
  {
    name: 'empty-tenant',
    probe: () => s.call({ path: '/api/v1/contacts', headers: rw() }),
    broken: (r) => expect(r.json['hydra:totalItems']).toBe(0),
    healthy: 200,
  },
]

describe('presets break a flow and heal it', () => {
  it.each(PRESETS)('$name', async (preset) => {
    const healthyBefore = await preset.probe()
    expect(healthyBefore.status).toBe(preset.healthy)
    const enabled = await on(preset.name, preset.options)
    expect(enabled.status).toBe(201)
    expect(enabled.json).toMatchObject({ name: preset.name, tenant: null, path: null })
    preset.broken(await preset.probe())
    expect((await off(preset.name)).status).toBe(204)
    await s.sandbox.reset() // fresh credentials for the probe; the scenario must already be gone
    const healed = await preset.probe()
    expect(healed.status).toBe(preset.healthy)
  })

  it('single-use-refresh: rotation while on, reuse allowed again once off', async () => {
    await on('single-use-refresh')
    const { refresh_token } = await s.login('admin@acme.test')
    const first = await s.call({ method: 'POST', path: '/api/v1/token/refresh', body: { refresh_token } })
    expect(first.json.refresh_token).not.toBe(refresh_token)
    expect(
      (await s.call({ method: 'POST', path: '/api/v1/token/refresh', body: { refresh_token } })).status,
    ).toBe(401)
    await off('single-use-refresh')
    const next = first.json.refresh_token
    const a = await s.call({ method: 'POST', path: '/api/v1/token/refresh', body: { refresh_token: next } })
    const b = await s.call({ method: 'POST', path: '/api/v1/token/refresh', body: { refresh_token: next } })
    expect([a.status, b.status, b.json.refresh_token]).toEqual([200, 200, next])
  })

  it('slow-network delays by the configured latency', async () => {
    await on('slow-network', { options: { latencyMs: 300 } })
    const started = performance.now()
    expect((await me(rw())).status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('flaky fails a seeded share with 502 or a dropped connection, the same share every run', async () => {
    const outcomes = async () => {
      await s.sandbox.reset()
      await on('flaky', { options: { rate: 0.5 } })
      const seen: string[] = []
      for (let i = 0; i < 40; i++)
        seen.push(
          await me(rw()).then(
            (r) => String(r.status),
            () => 'network-error',
          ),
        )
      return seen
    }
    const first = await outcomes()
    expect(first).toContain('200')
    expect(first).toContain('502')
    expect(first).toContain('network-error')
    expect(await outcomes()).toEqual(first)
  })

  it('large-tenant adds 100,000 contacts and removes them when switched off', async () => {
    await on('large-tenant', { tenant: 'globex' })
    const big = await s.call({
      path: '/api/v1/contacts?itemsPerPage=5&page=20000',
      tenant: 'globex',
      headers: rw('globex'),
    })
    expect(big.json['hydra:totalItems']).toBe(100_025)
    expect(big.json['hydra:member']).toHaveLength(5)
    await off('large-tenant')
    const after = await s.call({ path: '/api/v1/contacts', tenant: 'globex', headers: rw('globex') })
    expect(after.json['hydra:totalItems']).toBe(25)
  }, 60_000)
})

describe('several at once, narrowed, listed', () => {
  it('two presets at once both shape the request, and the log says which', async () => {
    await on('read-only')
    await on('lexik-errors')
    expect(
      (await s.call({ method: 'POST', path: '/api/v1/user-api-tokens', headers: rw(), body: {} })).status,
    ).toBe(403)
    expect((await me({})).json).toEqual({ code: 401, message: 'JWT Token not found' })
    const log = (await s.call({ path: '/__sandbox/requests' })).json
    expect(log.at(-1).scenarios).toEqual(['read-only', 'lexik-errors'])
  })

  it('a narrowed scenario leaves other tenants and paths untouched', async () => {
    await on('server-error', { tenant: 'globex', path: '/api/v1/events*' })
    expect((await s.call({ path: '/api/v1/events', tenant: 'globex', headers: rw('globex') })).status).toBe(
      500,
    )
    const event = s.sandbox.tenant('globex')!.events.all()[0]!
    const item = `/api/v1/events/${event.uuid}`
    expect((await s.call({ path: item, tenant: 'globex', headers: rw('globex') })).status).toBe(500)
    expect((await s.call({ path: '/api/v1/contacts', tenant: 'globex', headers: rw('globex') })).status).toBe(
      200,
    )
    expect((await s.call({ path: '/api/v1/events', tenant: 'acme', headers: rw() })).status).toBe(200)
    await off('server-error')
    expect((await s.call({ path: item, tenant: 'globex', headers: rw('globex') })).status).toBe(200)
  })

  it('GET /__sandbox/scenarios lists every preset with its description and state', async () => {
    await on('maintenance', { tenant: 'acme' })
    const list = (await s.call({ path: '/__sandbox/scenarios' })).json
    expect(list.map((x: { name: string }) => x.name)).toEqual(
      expect.arrayContaining([
        'expired-jwt',
        'revoked-tokens',
        'read-only',
        'server-error',
        'maintenance',
        'slow-network',
        'flaky',
        'rate-limited',
        'otp-expired',
        'single-use-refresh',
        'lexik-errors',
        'oauth-deny',
        'empty-tenant',
        'large-tenant',
      ]),
    )
    const maintenance = list.find((x: { name: string }) => x.name === 'maintenance')
    expect(maintenance).toMatchObject({
      description: expect.any(String),
      active: { tenant: 'acme', options: { retryAfter: 120 } },
    })
    expect(list.find((x: { name: string }) => x.name === 'flaky').active).toBeNull()
  })

  it('the control API is never shaped by scenarios; reset switches everything off', async () => {
    await on('server-error')
    expect((await s.call({ path: '/__sandbox/health' })).status).toBe(200)
    expect((await s.call({ method: 'POST', path: '/__sandbox/reset' })).status).toBe(204)
    expect((await me(rw())).status).toBe(200)
  })
})

describe('bad scenario requests get clear errors', () => {
  it.each([
    [
      'an unknown name',
      'no-such-thing',
      undefined,
      404,
      /^No scenario "no-such-thing"\. Known scenarios: expired-jwt, /,
    ],
    [
      'an unknown tenant',
      'server-error',
      { tenant: 'initech' },
      400,
      /^Cannot narrow "server-error" to tenant "initech": no such tenant\. Tenants: acme, globex\.$/,
    ],
    ['a relative path', 'server-error', { path: 'api/*' }, 400, /must start with "\/"/],
    [
      'an unknown option',
      'slow-network',
      { options: { speed: 3 } },
      400,
      /^Scenario "slow-network" has no option "speed"\. Its options: latencyMs\.$/,
    ],
    [
      'a wrong option type',
      'slow-network',
      { options: { latencyMs: 'fast' } },
      400,
      /^Option "latencyMs" of "slow-network" must be a number\.$/,
    ],
    [
      'a negative option',
      'slow-network',
      { options: { latencyMs: -5 } },
      400,
      /^Option "latencyMs" must be a number >= 0\.$/,
    ],
    ['a wrong body type', 'server-error', { tenant: 42 }, 400, /^The type of the "tenant" attribute/],
  ])('%s', async (_label, name, body, status, detail) => {
    const res = await on(name, body)
    expect(res.status).toBe(status)
    expect(res.json.detail).toMatch(detail)
    expect(
      (await s.call({ path: '/__sandbox/scenarios' })).json.every(
        (x: { active: unknown }) => x.active === null,
      ),
    ).toBe(true)
  })

  it('an unknown --scenario fails at start-up with the list of names', async () => {
    await expect(startTestServer({ scenarios: ['nope'] })).rejects.toThrow(
      /^Unknown scenario "nope"\. Known scenarios: /,
    )
  })
})

describe('the event feed', () => {
  type FeedEvent = { event: string; data: any } // eslint-disable-line @typescript-eslint/no-explicit-any
  async function openFeed(path: string) {
    const events: FeedEvent[] = []
    const req = request({
      host: '127.0.0.1',
      port: s.port,
      path,
      headers: { Host: `acme.localhost:${s.port}` },
    })
    await new Promise<void>((resolve) => {
      req.on('response', (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8')
        let buffer = ''
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString()
          if (buffer.includes(': connected')) resolve()
          let end: number
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const block = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            const event = /^event: (.*)$/m.exec(block)?.[1]
            const data = /^data: (.*)$/m.exec(block)?.[1]
            if (event && data) events.push({ event, data: JSON.parse(data) })
          }
        })
      })
      req.end()
    })
    return { events, close: () => req.destroy() }
  }

  it('delivers a request and a token issue to a connected client', async () => {
    const feed = await openFeed('/__sandbox/events')
    await s.call({
      method: 'POST',
      path: '/__sandbox/api-tokens',
      body: { tenant: 'globex', name: 'From the feed test' },
    })
    await me(rw())
    await new Promise((resolve) => setTimeout(resolve, 100))
    feed.close()
    expect(feed.events).toContainEqual({
      event: 'state',
      data: expect.objectContaining({ kind: 'api-token.issued', tenant: 'globex' }),
    })
    expect(feed.events).toContainEqual({
      event: 'request',
      data: expect.objectContaining({
        method: 'GET',
        path: '/api/v1/me',
        status: 200,
        authMethod: 'api-token',
        tenant: 'acme',
      }),
    })
  })

  it('GET /__sandbox/requests?limit=N answers the newest N, oldest first; a bad limit is a 400', async () => {
    for (const path of ['/api/v1/a', '/api/v1/b', '/api/v1/c']) await s.call({ path })
    const newest = (await s.call({ path: '/__sandbox/requests?limit=2' })).json
    expect(newest.map((r: { path: string }) => r.path)).toEqual(['/api/v1/b', '/api/v1/c'])
    const bad = await s.call({ path: '/__sandbox/requests?limit=-1' })
    expect([bad.status, bad.json.detail]).toEqual([400, '"limit" takes a positive integer; got "-1".'])
  })

  it('with ?requests=count, counts requests instead of sending them, and still sends state changes', async () => {
    const feed = await openFeed('/__sandbox/events?requests=count')
    for (let i = 0; i < 5; i++) await me(rw())
    await s.call({ path: '/api/v1/no-such-path' })
    await s.call({ method: 'POST', path: '/__sandbox/api-tokens', body: { tenant: 'acme' } })
    await new Promise((resolve) => setTimeout(resolve, 100))
    feed.close()
    expect(feed.events.filter((e) => e.event === 'request')).toEqual([])
    const batches = feed.events.filter((e) => e.event === 'requests').map((e) => e.data)
    const sum = (key: 'count' | 'operations') => batches.reduce((n, b) => n + b[key], 0)
    expect([sum('count'), sum('operations')]).toEqual([7, 5])
    expect(feed.events).toContainEqual({
      event: 'state',
      data: expect.objectContaining({ kind: 'api-token.issued', tenant: 'acme' }),
    })
  })
})
