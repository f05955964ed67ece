import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { approve, authorizationUrl, form, seededApp } from './oauth-flow.ts'
import { startTestServer, type TestServer } from './helpers.ts'

// Issue 12 / findings H3: a single-use credential has exactly one winner among N concurrent uses, for N up to
// 1,000, because the check and the write that spends it are never split by an await (mocks/db/table.ts).

const N = 1000
let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
beforeEach(() => s.sandbox.reset())

const statuses = async (n: number, send: () => Promise<{ status: number }>) => {
  const all = await Promise.all(Array.from({ length: n }, () => send().then((r) => r.status)))
  return { ok: all.filter((x) => x === 200).length, other: new Set(all.filter((x) => x !== 200)) }
}

describe('H3: one winner', () => {
  it(`single-use-refresh: ${N} concurrent refreshes of one token, one 200, the rest 401`, async () => {
    await s.call({ method: 'POST', path: '/__sandbox/scenarios/single-use-refresh' })
    const { refresh_token } = await s.login('member@acme.test')
    const result = await statuses(N, () =>
      s.call({ method: 'POST', path: '/api/v1/token/refresh', body: { refresh_token } }),
    )
    expect(result).toEqual({ ok: 1, other: new Set([401]) })
  })

  it(`an OAuth code redeemed ${N} times at once gives one token response`, async () => {
    const app = seededApp(s)
    const url = await authorizationUrl(`http://acme.localhost:${s.port}/oauth/authorize`, app.clientId, {
      state: 'x',
      scope: 'profile',
    })
    const redirect = await approve(s, { host: url.host, authorizePath: `${url.pathname}${url.search}` })
    const code = redirect.searchParams.get('code')!
    const body = form({
      grant_type: 'authorization_code',
      code,
      client_id: app.clientId,
      client_secret: app.clientSecret,
      redirect_uri: app.redirectUris[0]!,
    })
    const result = await statuses(N, () => s.call({ method: 'POST', path: '/oauth/token', ...body }))
    expect(result).toEqual({ ok: 1, other: new Set([400]) })
  })

  it(`an OTP verified ${N} times at once signs in once`, async () => {
    await s.call({ method: 'POST', path: '/api/v1/request-login-otp', body: { email: 'member@acme.test' } })
    const { otp } = (await s.call({ path: '/__sandbox/otp?email=member@acme.test' })).json
    const result = await statuses(N, () =>
      s.call({ method: 'POST', path: '/api/v1/verify-login-otp', body: { email: 'member@acme.test', otp } }),
    )
    // The rate limit (20 a minute) refuses most with 429; of those let through, one signs in.
    expect(result.ok).toBe(1)
    expect([...result.other].every((x) => x === 401 || x === 429)).toBe(true)
  })
})
