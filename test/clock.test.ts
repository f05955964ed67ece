import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'

/** SPEC 10: one clock, moved over HTTP, read by every expiry (JWT exp, OTP life, expiresAt, rate limits). */
let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
beforeEach(() => s.sandbox.reset())

const T0 = '2026-03-02T10:00:00.000Z'
const clock = (body?: unknown) =>
  s.call({ method: body === undefined ? 'GET' : 'POST', path: '/__sandbox/clock', body })
const bad = (detail: string) => ({ title: 'Bad Request', detail, status: 400 })
const USAGE =
  'Send {"advance": "10m"}, {"set": "2026-01-05T09:00:00Z"}, {"freeze": true} or {"real": true} (back to real time).'

describe('/__sandbox/clock', () => {
  it('GET answers the running clock', async () => {
    const res = await clock()
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ now: expect.any(String), offsetMs: expect.any(Number), frozen: false })
    expect(Math.abs(Date.parse(res.json.now) - Date.now())).toBeLessThan(5000)
  })

  it('set + freeze pins the time; advance moves it exactly; freeze false lets it run on', async () => {
    expect((await clock({ set: T0, freeze: true })).json).toMatchObject({ now: T0, frozen: true })
    const moved = await clock({ advance: '1h30m' })
    expect([moved.status, moved.json.now, moved.json.frozen]).toEqual([200, '2026-03-02T11:30:00.000Z', true])
    expect((await clock({ advance: '-90s' })).json.now).toBe('2026-03-02T11:28:30.000Z')
    expect((await clock()).json.now).toBe('2026-03-02T11:28:30.000Z')
    const running = await clock({ freeze: false })
    expect(running.json.frozen).toBe(false)
    expect(Date.parse(running.json.now) - Date.parse('2026-03-02T11:28:30.000Z')).toBeLessThan(1000)
  })

  it('set accepts an offset and answers in UTC; each move is on the feed', async () => {
    expect((await clock({ set: '2026-03-02T12:00:00+02:00', freeze: true })).json.now).toBe(T0)
    expect(s.sandbox.feed.changes().at(-1)).toMatchObject({
      kind: 'clock',
      summary: `Clock set to ${T0}, frozen: now ${T0}`,
      time: T0,
    })
  })

  it('reset puts the clock back to real time', async () => {
    await clock({ set: '2030-01-01T00:00:00Z', freeze: true })
    await s.call({ method: 'POST', path: '/__sandbox/reset' })
    expect((await clock()).json).toMatchObject({ frozen: false })
    expect(Math.abs(Date.parse((await clock()).json.now) - Date.now())).toBeLessThan(5000)
  })

  it.each([
    ['an empty object', {}, `Nothing to do. ${USAGE}`],
    [
      'an unknown field',
      { rewind: '5m' },
      `Unknown key "rewind" in the body of POST /__sandbox/clock. Allowed keys: advance, set, freeze, real. ${USAGE}`,
    ],
    [
      'advance that is no duration',
      { advance: 'ten minutes' },
      '"advance" must be a duration such as "90s", "10m", "1h30m", "11d" or "-5m"; got "ten minutes".',
    ],
    [
      'advance as a number',
      { advance: 600 },
      '"advance" must be a duration such as "90s", "10m", "1h30m", "11d" or "-5m"; got 600.',
    ],
    [
      'advance empty',
      { advance: '' },
      '"advance" must be a duration such as "90s", "10m", "1h30m", "11d" or "-5m"; got "".',
    ],
    ['a huge advance', { advance: '99999999999d' }, 'The clock must stay between the years 1970 and 9999.'],
    [
      'set that is no date',
      { set: 'yesterday' },
      '"set" must be an ISO 8601 date-time with a zone such as "2026-01-05T09:00:00Z"; got "yesterday".',
    ],
    [
      'set without a zone',
      { set: '2026-03-02T10:00:00' },
      '"set" must be an ISO 8601 date-time with a zone such as "2026-01-05T09:00:00Z"; got "2026-03-02T10:00:00".',
    ],
    [
      'set to 30 February',
      { set: '2026-02-30T10:00:00Z' },
      '"set" must be an ISO 8601 date-time with a zone such as "2026-01-05T09:00:00Z"; got "2026-02-30T10:00:00Z".',
    ],
    [
      'set as a number',
      { set: 1767600000000 },
      '"set" must be an ISO 8601 date-time with a zone such as "2026-01-05T09:00:00Z"; got 1767600000000.',
    ],
    ['freeze as a string', { freeze: 'yes' }, '"freeze" must be true or false; got "yes".'],
    [
      'a long garbage value',
      { advance: 'x'.repeat(10_000) },
      `"advance" must be a duration such as "90s", "10m", "1h30m", "11d" or "-5m"; got "${'x'.repeat(56)}....`,
    ],
    [
      'a good set with a bad advance',
      { set: T0, advance: 'soon' },
      '"advance" must be a duration such as "90s", "10m", "1h30m", "11d" or "-5m"; got "soon".',
    ],
  ])('%s -> 400 and the clock does not move', async (_name, body, detail) => {
    await clock({ set: '2026-01-01T00:00:00Z', freeze: true })
    const res = await clock(body)
    expect([res.status, res.headers['content-type'], res.json]).toEqual([
      400,
      'application/json',
      bad(detail),
    ])
    expect((await clock()).json.now).toBe('2026-01-01T00:00:00.000Z')
  })

  it.each([
    ['malformed JSON', { 'Content-Type': 'application/json' }, '{"advance":', 400],
    ['a JSON array', { 'Content-Type': 'application/json' }, '["10m"]', 400],
    ['form-encoded', { 'Content-Type': 'application/x-www-form-urlencoded' }, 'advance=10m', 415],
  ])('%s -> an envelope error', async (_name, headers, body, status) => {
    const res = await s.call({ method: 'POST', path: '/__sandbox/clock', headers, body })
    expect(res.status).toBe(status)
    expect(Object.keys(res.json)).toEqual(['title', 'detail', 'status'])
  })
})

describe('every expiry reads the one clock', () => {
  it('JWT exp: an 11-day advance expires a login', async () => {
    const { token } = await s.login('member@acme.test')
    await clock({ advance: '11d' })
    const res = await s.call({ path: '/api/v1/me', headers: { Authorization: `Bearer ${token}` } })
    expect([res.status, res.json.detail]).toEqual([401, 'Expired JWT Token'])
  })

  it('Api-Token expiresAt', async () => {
    await clock({ set: T0, freeze: true })
    const minted = await s.call({
      method: 'POST',
      path: '/__sandbox/api-tokens',
      body: { expiresAt: '2026-03-02T11:00:00Z' },
    })
    const me = () => s.call({ path: '/api/v1/me', headers: { 'Api-Token': minted.json.token } })
    // The admin's own listing (user_api_token_read) says the same as the guard: isActive reads the clock.
    const listed = async () => {
      const res = await s.call({
        path: '/api/v1/user-api-tokens',
        headers: { 'Api-Token': s.tokens('acme').rw, Accept: 'application/json' },
      })
      return res.json.find((k: { id: number }) => k.id === minted.json.id)
    }
    expect((await me()).status).toBe(200)
    expect(await listed()).toMatchObject({ expiresAt: '2026-03-02T11:00:00+00:00', isActive: true })
    await clock({ advance: '1h' })
    expect([(await me()).status, (await me()).json.detail]).toEqual([401, 'API token has expired.'])
    expect(await listed()).toMatchObject({ isActive: false })
  })

  it('OTP life and the OTP rate-limit window', async () => {
    await clock({ set: T0, freeze: true })
    const request = () =>
      s.call({ method: 'POST', path: '/api/v1/request-login-otp', body: { email: 'member@acme.test' } })
    await request()
    const { otp } = (await s.call({ path: '/__sandbox/otp?email=member@acme.test' })).json
    await clock({ advance: '10m' })
    const late = await s.call({
      method: 'POST',
      path: '/api/v1/verify-login-otp',
      body: { email: 'member@acme.test', otp },
    })
    expect(late.json.detail).toBe('Invalid or expired code: request a new one.')
    for (let i = 0; i < 20; i++) await request()
    expect((await request()).headers['retry-after']).toBe('60')
    await clock({ advance: '1m' })
    expect((await request()).status).toBe(200)
  })
})
