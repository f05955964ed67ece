import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createNodeSandbox, type NodeSandbox } from '../mocks/node.ts'
import { startTestServer, type TestServer } from './helpers.ts'
import { expectAllPassed, runPlaywright } from './playwright/run.ts'

// Issue 27 item 2: `X-Sandbox-Scenario` applies presets to its own request alone (Prism's `Prefer: code=500`).

let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
beforeEach(() => s.sandbox.reset())

const rw = () => s.tokens('acme').rw
const me = (headers: Record<string, string> = {}, tenant = 'acme') =>
  s.call({ path: '/api/v1/me', tenant, headers: { 'Api-Token': rw(), ...headers } })
const faulted = (scenario: string, extra: Record<string, string> = {}) =>
  me({ 'X-Sandbox-Scenario': scenario, ...extra })
/** The request log's entry of a response, read as a user does: `GET /__sandbox/requests`. */
async function logged(id: unknown) {
  const log = (await s.call({ path: '/__sandbox/requests' })).json as Array<Record<string, unknown>>
  return log.find((e) => e.id === id)!
}

describe('X-Sandbox-Scenario over real HTTP', () => {
  it('fails that request alone: the next one, and everyone else, are served', async () => {
    const [broken, other] = await Promise.all([faulted('server-error'), me()])
    expect(broken.status).toBe(500)
    expect(broken.json).toEqual({
      title: 'Internal Server Error',
      detail: 'Internal Server Error (scenario server-error).',
      status: 500,
    })
    expect(other.status).toBe(200)
    expect((await me()).status).toBe(200)
    const listed = (await s.call({ path: '/__sandbox/scenarios' })).json as Array<{ active: unknown }>
    expect(listed.every((d) => d.active === null)).toBe(true)
    const entry = await logged(broken.headers['x-request-id'])
    expect(entry).toMatchObject({ status: 500, scenarios: ['server-error'], reason: 'scenario server-error' })
    expect((await logged(other.headers['x-request-id'])).scenarios).toEqual([])
  })

  it('takes options as parameters, or as JSON', async () => {
    const params = await faulted('maintenance; retryAfter=5')
    expect(params.status).toBe(503)
    expect(params.headers['retry-after']).toBe('5')
    const asJson = await faulted('{"name":"maintenance","options":{"retryAfter":7}}')
    expect(asJson.headers['retry-after']).toBe('7')
    const list = await faulted('[{"name":"rate-limited"},"maintenance"]')
    expect(list.headers['retry-after']).toBe('120')
  })

  it('several scenarios, comma-separated, all shape the request, and the log names them', async () => {
    const res = await faulted('slow-network; latencyMs=60, server-error')
    expect(res.status).toBe(500)
    const entry = await logged(res.headers['x-request-id'])
    expect(entry.scenarios).toEqual(['slow-network', 'server-error'])
    expect(entry.durationMs as number).toBeGreaterThanOrEqual(55)
  })

  it('flag presets too: the auth code reads them for that request', async () => {
    expect((await faulted('revoked-tokens')).json.detail).toBe('API token has been revoked.')
    const lexik = await s.call({ path: '/api/v1/me', headers: { 'X-Sandbox-Scenario': 'lexik-errors' } })
    expect(lexik.json).toEqual({ code: 401, message: 'JWT Token not found' })
    expect((await me()).status).toBe(200)
  })

  it('narrowing applies it only when the request matches', async () => {
    expect((await faulted('server-error; path=/api/v1/events*')).status).toBe(200)
    const events = await s.call({
      path: '/api/v1/events',
      headers: { 'Api-Token': rw(), 'X-Sandbox-Scenario': 'server-error; path=/api/v1/events*' },
    })
    expect(events.status).toBe(500)
    expect((await faulted('server-error; tenant=globex')).status).toBe(200)
    expect((await faulted('{"name":"server-error","tenant":"acme"}')).status).toBe(500)
  })

  it('overrides a scenario on for everyone for this request only', async () => {
    await s.call({
      method: 'POST',
      path: '/__sandbox/scenarios/maintenance',
      body: { options: { retryAfter: 120 } },
    })
    expect((await faulted('maintenance; retryAfter=3')).headers['retry-after']).toBe('3')
    expect((await me()).headers['retry-after']).toBe('120')
  })

  it('an unknown name is a 400 naming the nearest and the known ones', async () => {
    const res = await faulted('server-eror')
    expect(res.status).toBe(400)
    expect(res.json.detail).toContain('no scenario "server-eror". Did you mean "server-error"?')
    expect(res.json.detail).toContain('Known scenarios: expired-jwt,')
  })

  it('a bad option, narrowing or form is a 400 saying what to change', async () => {
    const option = await faulted('maintenance; retryAftr=5')
    expect(option.status).toBe(400)
    expect(option.json.detail).toContain('has no option "retryAftr". Did you mean "retryAfter"?')
    expect((await faulted('maintenance; retryAfter=999999')).json.detail).toContain('at most 86,400')
    expect((await faulted('server-error; tenant=globx')).json.detail).toContain('Did you mean "globex"?')
    expect((await faulted('server-error, server-error')).json.detail).toContain('twice')
    expect((await faulted('server-error; 500')).json.detail).toContain('is not key=value')
    expect((await faulted('{"name":')).json.detail).toContain('not valid JSON')
    expect((await faulted('{"name":"maintenance","retryAfter":5}')).json.detail).toContain(
      'Unknown key "retryAfter"',
    )
    // A state or webhook preset cannot be one request's: it says how to switch it on.
    const state = await faulted('empty-tenant')
    expect(state.status).toBe(400)
    expect(state.json.detail).toContain('POST /__sandbox/scenarios/empty-tenant')
    expect(s.sandbox.tenant('acme')!.contacts.all().length).toBeGreaterThan(0)
  })

  it('the control API is never shaped by it', async () => {
    const res = await s.call({ path: '/__sandbox/health', headers: { 'X-Sandbox-Scenario': 'server-error' } })
    expect(res.status).toBe(200)
  })
})

describe('X-Sandbox-Scenario and origins (SPEC 1)', () => {
  it('a local page may send it', async () => {
    const res = await faulted('server-error', { Origin: 'http://localhost:5173' })
    expect(res.status).toBe(500)
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173')
  })

  it.each(['https://evil.example', 'http://localhost.evil.example', 'null'])(
    'a page on %s is refused with a 403 saying why, and nothing is switched',
    async (origin) => {
      const res = await faulted('server-error', { Origin: origin })
      expect(res.status).toBe(403)
      expect(res.json.detail).toContain('X-Sandbox-Scenario is honoured from local pages and in process only')
      expect((await logged(res.headers['x-request-id'])).reason).toContain('foreign page')
      expect((await me({ Origin: origin })).status).toBe(200)
    },
  )

  it('the preflight never grants the header, even to a local page', async () => {
    const pre = await s.call({
      method: 'OPTIONS',
      path: '/api/v1/me',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'api-token, x-sandbox-scenario, content-type',
      },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers['access-control-allow-headers']).toBe('api-token, content-type')
    const hostile = await s.call({
      method: 'OPTIONS',
      path: '/api/v1/me',
      headers: {
        Origin: 'https://evil.example',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'X-Sandbox-Scenario',
      },
    })
    expect(hostile.status).toBe(403)
    expect(hostile.headers['access-control-allow-headers']).toBeUndefined()
  })
})

describe('X-Sandbox-Scenario in process (MSW setupServer)', () => {
  let n: NodeSandbox
  beforeAll(async () => {
    n = await createNodeSandbox()
    n.server.listen({ onUnhandledRequest: 'bypass' })
  })
  afterAll(() => n.server.close())

  it('fails one fetch, leaves the next alone, and refuses a foreign Origin', async () => {
    const token = n.sandbox.tenant('acme')!.apiTokens.all()[0]!.token
    const get = (headers: Record<string, string> = {}) =>
      fetch('https://acme.orgo.space/api/v1/me', { headers: { 'Api-Token': token, ...headers } })
    const broken = await get({ 'X-Sandbox-Scenario': 'maintenance; retryAfter=9' })
    expect(broken.status).toBe(503)
    expect(broken.headers.get('retry-after')).toBe('9')
    expect((await get()).status).toBe(200)
    const unknown = await get({ 'X-Sandbox-Scenario': 'maintenanse' })
    expect(unknown.status).toBe(400)
    expect(((await unknown.json()) as { detail: string }).detail).toContain('Did you mean "maintenance"?')
    const foreign = await get({ 'X-Sandbox-Scenario': 'server-error', Origin: 'https://evil.example' })
    expect(foreign.status).toBe(403)
  })
})

describe('X-Sandbox-Scenario under the Playwright fixture', () => {
  it(
    'a page call with the header fails alone (test/playwright-one-request/)',
    { timeout: 300_000 },
    async () => {
      const run = await runPlaywright(
        fileURLToPath(new URL('playwright-one-request/playwright.config.ts', import.meta.url)),
      )
      expectAllPassed(
        run,
        ['X-Sandbox-Scenario fails the one call that sends it; the page stays healthy otherwise'],
        expect,
      )
    },
  )
})
