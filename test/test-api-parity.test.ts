import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HttpError } from '../mocks/http/errors.ts'
import { createNodeSandbox } from '../mocks/node.ts'
import type { SandboxTestApi } from '../mocks/test-api.ts'

// Issue 27 item 4: everything the control API does is a typed call of the test API. The table below names the
// call of each control route; a route added without one (or a call renamed away) fails the first test.

const CALLS: Record<string, string[]> = {
  'GET /__sandbox/state': ['state'],
  'GET /__sandbox/requests': ['requests'],
  'POST /__sandbox/oauth-apps': ['oauthApps.create'],
  'GET /__sandbox/outbox': ['outbox.list', 'outbox.latest'],
  'GET /__sandbox/otp': ['otp.latest'],
  'POST /__sandbox/reset': ['reset'],
  'POST /__sandbox/api-tokens': ['tokens.mint'],
  'GET /__sandbox/endpoints': ['endpoints'],
  'POST /__sandbox/sessions': ['sessions.create'],
  'POST /__sandbox/oauth-tokens': ['oauthTokens.create'],
  'GET /__sandbox/scenarios': ['scenarios.list'],
  'POST /__sandbox/scenarios/:name': ['scenarios.use'],
  'DELETE /__sandbox/scenarios/:name': ['scenarios.off'],
  'DELETE /__sandbox/scenarios': ['scenarios.offAll'],
  'GET /__sandbox/snapshots': ['snapshots.list'],
  'POST /__sandbox/snapshots': ['snapshots.take'],
  'POST /__sandbox/snapshots/:id/restore': ['snapshots.restore'],
  'DELETE /__sandbox/snapshots/:id': ['snapshots.delete'],
  'GET /__sandbox/webhooks/deliveries': ['webhooks.deliveries'],
  'POST /__sandbox/webhooks/deliveries/resend': ['webhooks.resendAll'],
  'POST /__sandbox/webhooks/deliveries/:id/resend': ['webhooks.resend'],
  'POST /__sandbox/webhooks/trigger': ['webhooks.trigger'],
  'GET /__sandbox/checkouts': ['payments.checkouts'],
  'POST /__sandbox/checkouts/:sessionId': ['payments.complete'],
  'POST /__sandbox/newsletters/:id/engagement': ['newsletters.engage'],
  'GET /__sandbox/clock': ['clock.state', 'clock.now'],
  'POST /__sandbox/clock': ['clock.move', 'clock.advance', 'clock.set', 'clock.freeze', 'clock.unfreeze'],
}

/** Control routes with no call, and why none is wanted. */
const EXCEPTIONS: Record<string, string> = {
  // A liveness probe for the CLI's wait-on and the dashboard: in process the sandbox is alive while it exists.
  'GET /__sandbox/health': 'liveness of a server; an in-process sandbox has no process to probe',
  // The dashboard's server-sent event stream; a test reads the same log whole with requests() and state().
  'GET /__sandbox/events': 'an SSE stream for the dashboard; requests() and state() give its content',
}

function controlRoutes(sandbox: SandboxTestApi): string[] {
  const keys = sandbox.core.routes
    .filter((r) => r.path === '/__sandbox' || r.path.startsWith('/__sandbox/'))
    .map((r) => `${r.method} ${r.path}`)
  return [...new Set(keys)].sort()
}

function callAt(api: SandboxTestApi, path: string): unknown {
  return path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], api)
}

let sandbox: SandboxTestApi
let close: () => void
const ACME = 'https://acme.orgo.space'

beforeEach(async () => {
  const n = await createNodeSandbox()
  sandbox = n.sandbox
  close = () => void n.sandbox.core.close()
})
afterEach(() => close())

const refused = async (call: () => unknown): Promise<HttpError> => {
  try {
    await call()
  } catch (error) {
    if (error instanceof HttpError) return error
    throw error
  }
  throw new Error('the call did not throw')
}

describe('every control route has a test API call', () => {
  it('lists each route in CALLS or in EXCEPTIONS, and each named call exists', () => {
    const routes = controlRoutes(sandbox)
    // The routes are read from the sandbox itself: a new one added without a call lands here.
    expect(routes.length).toBeGreaterThan(20)
    const uncovered = routes.filter((r) => !(r in CALLS) && !(r in EXCEPTIONS))
    expect(uncovered, 'control routes without a test API call: add one, or a reasoned exception').toEqual([])
    // A table entry for a route that no longer exists is stale.
    expect(Object.keys({ ...CALLS, ...EXCEPTIONS }).filter((r) => !routes.includes(r))).toEqual([])
    const missing = Object.values(CALLS)
      .flat()
      .filter((call) => typeof callAt(sandbox, call) !== 'function')
    expect(missing).toEqual([])
  })
})

describe('the calls the control API had alone', () => {
  it('sessions.create: a JWT session without the login page, the pair the endpoint gives', async () => {
    const pair = await sandbox.sessions.create({ email: 'member@acme.test' })
    expect(Object.keys(pair).sort()).toEqual(['refresh_token', 'token'])
    const res = await sandbox.fetch(`${ACME}/api/v1/me`, {
      headers: { Authorization: `Bearer ${pair.token}` },
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { email: string }).email).toBe('member@acme.test')
    // The endpoint's refusals: no email, an unknown key, a user of another tenant.
    expect((await refused(() => sandbox.sessions.create({} as never))).detail).toMatch(/"email" is required/)
    const typo = await refused(() =>
      sandbox.sessions.create({ email: 'member@acme.test', tenat: 'x' } as never),
    )
    expect([typo.status, typo.detail]).toEqual([
      400,
      expect.stringMatching(/"tenat" in sessions\.create\(\)/),
    ])
    const other = await refused(() => sandbox.sessions.create({ email: 'admin@globex.test' }))
    expect([other.status, other.detail]).toEqual([404, expect.stringContaining('tenant "globex"')])
  })

  it('oauthTokens.create: an RFC 6749 5.1 token response of the seeded app, scopes checked', async () => {
    const grant = await sandbox.oauthTokens.create({ email: 'member@acme.test' })
    expect(grant.token_type).toBe('Bearer')
    const res = await sandbox.fetch(`${ACME}/api/v1/me`, {
      headers: { Authorization: `Bearer ${grant.access_token}` },
    })
    expect(res.status).toBe(200)
    const bad = await refused(() =>
      sandbox.oauthTokens.create({ email: 'member@acme.test', scopes: ['root'] }),
    )
    expect([bad.status, bad.detail]).toEqual([400, expect.stringContaining('Unknown scope "root"')])
  })

  it('snapshots: take, change, restore, delete; an unknown id is the 404 of the endpoint', async () => {
    const rw = sandbox.tokens.seeded().rw
    const before = sandbox.tenant('acme')!.contacts.all().length
    const snap = sandbox.snapshots.take('before')
    expect(sandbox.snapshots.list()).toEqual([snap])
    const created = await sandbox.fetch(`${ACME}/api/v1/contacts`, {
      method: 'POST',
      headers: { 'Api-Token': rw, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'parity@example.test', name: 'Parity Test' }),
    })
    expect(created.status).toBe(201)
    expect(sandbox.tenant('acme')!.contacts.all().length).toBe(before + 1)
    expect(await sandbox.snapshots.restore(snap.id)).toEqual(snap)
    expect(sandbox.tenant('acme')!.contacts.all().length).toBe(before)
    sandbox.snapshots.delete(snap.id)
    expect(sandbox.snapshots.list()).toEqual([])
    const gone = await refused(() => sandbox.snapshots.restore(snap.id))
    expect([gone.status, gone.detail]).toEqual([404, expect.stringContaining(`No snapshot "${snap.id}"`)])
  })

  it('endpoints() counts the calls made, as GET /__sandbox/endpoints does', async () => {
    await sandbox.fetch(`${ACME}/api/v1/me`, { headers: { 'Api-Token': sandbox.tokens.seeded().rw } })
    const called = sandbox.endpoints({ called: true })
    expect(called.operations.map((o) => `${o.method} ${o.path}`)).toContain('GET /api/v1/me')
    const res = await sandbox.fetch(`${ACME}/__sandbox/endpoints?called=true`)
    expect(((await res.json()) as typeof called).operations).toEqual(called.operations)
    expect((await refused(() => sandbox.endpoints({ calledOnly: true } as never))).status).toBe(400)
  })

  it('clock.state and clock.move: several moves at once; an unknown key throws', async () => {
    const state = sandbox.clock.move({ set: '2026-01-05T09:00:00Z', freeze: true })
    expect(state).toMatchObject({ now: '2026-01-05T09:00:00.000Z', frozen: true })
    // offsetMs is against the real clock, which moves on: the frozen time is what must match.
    expect(sandbox.clock.state()).toMatchObject({ now: state.now, frozen: true })
    expect((await refused(() => sandbox.clock.move({ advanse: '1h' } as never))).status).toBe(400)
  })

  it('webhooks.resendAll: the filter the endpoint reads; an unknown key throws', async () => {
    expect(await sandbox.webhooks.resendAll()).toEqual([])
    const bad = await refused(() => sandbox.webhooks.resendAll({ status: 'failed' } as never))
    expect([bad.status, bad.detail]).toEqual([400, expect.stringContaining('webhooks.resendAll()')])
  })

  it('fetch() answers the sandbox hosts only, as an unresolved host would not', async () => {
    await expect(sandbox.fetch('https://example.test/')).rejects.toThrow(/acme\.orgo\.space/)
  })
})
