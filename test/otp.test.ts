import { decodeJwt } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'

/** SPEC 5 end to end over HTTP: codes read from the control API and the outbox, as an integrator would. */
let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())

const T0 = '2026-03-02T10:00:00.000Z'
beforeEach(async () => {
  await s.call({ method: 'POST', path: '/__sandbox/reset' })
  await s.call({ method: 'POST', path: '/__sandbox/clock', body: { set: T0, freeze: true } })
})

const MEMBER = 'member@acme.test'
const REQUESTED = { message: 'If an account exists for this email, a code has been sent to it.' }
const post = (path: string, body: unknown, tenant = 'acme') =>
  s.call({ method: 'POST', path: `/api/v1/${path}`, tenant, body })
const advance = (by: string) => s.call({ method: 'POST', path: '/__sandbox/clock', body: { advance: by } })
const envelope = (status: number, detail: string) => ({
  title: { 400: 'Bad Request', 401: 'Unauthorized', 415: 'Unsupported Media Type', 429: 'Too Many Requests' }[
    status
  ],
  detail,
  status,
})

async function requestCode(email = MEMBER, kind = 'request-login-otp', tenant = 'acme'): Promise<string> {
  const res = await post(kind, { email }, tenant)
  expect([res.status, res.json]).toEqual([200, REQUESTED])
  const purpose = kind === 'request-login-otp' ? 'login' : 'password-reset'
  const pending = await s.call({
    path: `/__sandbox/otp?email=${encodeURIComponent(email)}&purpose=${purpose}`,
  })
  expect(pending.status).toBe(200)
  return pending.json.otp
}

const verify = (otp: string, email = MEMBER) => post('verify-login-otp', { email, otp })
const wrong = (code: string) => (code === '000000' ? '000001' : '000000')

describe('SPEC 5: request-login-otp then verify-login-otp', () => {
  it('mails a 6-digit code valid 10 minutes, shows it in the outbox and the log, and logs in with it', async () => {
    const otp = await requestCode()
    expect(otp).toMatch(/^\d{6}$/)
    const pending = await s.call({ path: `/__sandbox/otp?email=${MEMBER}` })
    expect(pending.json).toEqual({
      tenant: 'acme',
      email: MEMBER,
      purpose: 'login',
      otp,
      state: 'pending',
      attemptsLeft: 5,
      expiresAt: '2026-03-02T10:10:00.000Z',
      createdAt: T0,
    })
    const outbox = await s.call({ path: '/__sandbox/outbox' })
    expect(outbox.json).toEqual([
      {
        id: 1,
        kind: 'login-otp',
        tenant: 'acme',
        to: MEMBER,
        subject: `Your Acme Corporation login code: ${otp}`,
        text: `Hello Max,\n\nyour login code for Acme Corporation is ${otp}.\nIt works once and expires in 10 minutes (10:10:00 UTC).\nIf you did not ask for it, ignore this mail.`,
        code: otp,
        link: null,
        sentAt: T0,
        expiresAt: '2026-03-02T10:10:00.000Z',
      },
    ])
    expect(s.sandbox.feed.changes().map((c) => c.summary)).toContain(
      `OTP for ${MEMBER}: ${otp} (expires 10:10:00)`,
    )

    const res = await verify(otp)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json')
    expect(Object.keys(res.json)).toEqual(['token', 'refresh_token'])
    expect(res.json.refresh_token).toMatch(/^[0-9a-f]{128}$/)
    const claims = decodeJwt(res.json.token)
    expect(claims).toMatchObject({ username: MEMBER, auth_strength: 'OTP', verified_email: MEMBER })
    expect(claims.session_id).toBeUndefined()
    const me = await s.call({ path: '/api/v1/me', headers: { Authorization: `Bearer ${res.json.token}` } })
    expect([me.status, me.json.email, me.json.authMethod]).toEqual([200, MEMBER, 'otp'])
    const state = await s.call({ path: '/__sandbox/state' })
    expect(state.json.otps).toEqual([expect.objectContaining({ email: MEMBER, otp, state: 'used' })])
  })

  it('token/refresh of an OTP login issues another OTP JWT', async () => {
    const { refresh_token } = (await verify(await requestCode())).json
    await advance('1h')
    const res = await post('token/refresh', { refresh_token })
    expect(res.status).toBe(200)
    const claims = decodeJwt(res.json.token)
    expect(claims).toMatchObject({
      auth_strength: 'OTP',
      verified_email: MEMBER,
      iat: Date.parse(T0) / 1000 + 3600,
    })
    expect(claims.session_id).toBeUndefined()
    const me = await s.call({ path: '/api/v1/me', headers: { Authorization: `Bearer ${res.json.token}` } })
    expect(me.json.authMethod).toBe('otp')
  })

  it('a wrong code names the attempts left; the fifth burns the code, even for the right one', async () => {
    const otp = await requestCode()
    const details = []
    for (let i = 0; i < 5; i++) details.push((await verify(wrong(otp))).json.detail)
    expect(details).toEqual([
      'Invalid login code: 4 attempts left.',
      'Invalid login code: 3 attempts left.',
      'Invalid login code: 2 attempts left.',
      'Invalid login code: 1 attempt left.',
      'Invalid login code: no attempts left, the code is burnt; request a new one.',
    ])
    const res = await verify(otp)
    expect([res.status, res.json]).toEqual([
      401,
      envelope(401, 'This login code was burnt after 5 wrong attempts: request a new one.'),
    ])
    expect((await s.call({ path: `/__sandbox/otp?email=${MEMBER}` })).status).toBe(404)
  })

  it.each([
    [
      'used twice',
      async (otp: string) => void (await verify(otp)),
      'This login code has already been used: request a new one.',
    ],
    ['expired after 10 minutes', () => advance('10m'), 'This login code has expired: request a new one.'],
  ])('a code %s -> 401 naming why', async (_name, before, detail) => {
    const otp = await requestCode()
    await before(otp)
    const res = await verify(otp)
    expect([res.status, res.json]).toEqual([401, envelope(401, detail)])
    expect(res.headers['www-authenticate']).toBeUndefined()
  })

  it('a code still works one second before it expires', async () => {
    const otp = await requestCode()
    await advance('9m59s')
    expect((await verify(otp)).status).toBe(200)
  })

  it('a new request replaces the pending code', async () => {
    const first = await requestCode()
    const second = await requestCode()
    expect(second).not.toBe(first)
    expect((await verify(first)).json).toEqual(envelope(401, 'Invalid login code: 4 attempts left.'))
    expect((await verify(second)).status).toBe(200)
    expect(
      (await s.call({ path: `/__sandbox/outbox?to=${MEMBER}` })).json.map((m: { code: string }) => m.code),
    ).toEqual([first, second])
  })

  it('an unknown email gets the same 200 and no mail; verifying it reads like nothing was requested', async () => {
    const res = await post('request-login-otp', { email: 'nobody@acme.test' })
    expect([res.status, res.json]).toEqual([200, REQUESTED])
    expect((await s.call({ path: '/__sandbox/outbox' })).json).toEqual([])
    const pending = await s.call({ path: '/__sandbox/otp?email=nobody@acme.test' })
    expect([pending.status, pending.json.detail]).toEqual([
      404,
      'No pending code for "nobody@acme.test": request one with POST /api/v1/request-login-otp first.',
    ])
    const none = 'No login code is pending for this email: request one first.'
    expect((await verify('123456', 'nobody@acme.test')).json).toEqual(envelope(401, none))
    expect((await verify('123456', 'admin@acme.test')).json).toEqual(envelope(401, none))
  })

  it("another tenant's user is unknown on this host", async () => {
    expect((await post('request-login-otp', { email: 'member@globex.test' })).json).toEqual(REQUESTED)
    expect((await s.call({ path: '/__sandbox/outbox' })).json).toEqual([])
  })

  it.each(['request-login-otp', 'verify-login-otp', 'request-password-reset-otp'])(
    '%s: 20 requests per 60 s per email, then 429 with Retry-After',
    async (path) => {
      const body = path === 'verify-login-otp' ? { email: MEMBER, otp: '123456' } : { email: MEMBER }
      for (let i = 0; i < 20; i++) expect((await post(path, body)).status).not.toBe(429)
      const limited = await post(path, body)
      expect([limited.status, limited.headers['retry-after'], limited.json]).toEqual([
        429,
        '60',
        envelope(429, 'Rate limit exceeded. Try again in 60 seconds.'),
      ])
      await advance('15s')
      expect((await post(path, body)).headers['retry-after']).toBe('45')
      expect((await post(path, { ...body, email: 'admin@acme.test' })).status).not.toBe(429)
      await advance('45s')
      expect((await post(path, body)).status).not.toBe(429)
    },
  )

  it('an unknown email is limited the same way (no enumeration by rate limit)', async () => {
    for (let i = 0; i < 20; i++) await post('request-login-otp', { email: 'nobody@acme.test' })
    expect((await post('request-login-otp', { email: 'nobody@acme.test' })).status).toBe(429)
  })
})

describe('OTP JWTs across tenants (Orgo Authentication page)', () => {
  it('work on another tenant only on event-attendance endpoints, as the contact with the verified email', async () => {
    const { token } = (await verify(await requestCode())).json
    const auth = { Authorization: `Bearer ${token}` }
    const me = await s.call({ path: '/api/v1/me', tenant: 'globex', headers: auth })
    expect([me.status, me.headers['www-authenticate'], me.json]).toEqual([
      401,
      'Bearer',
      envelope(401, 'Invalid JWT Token'),
    ])

    // Globex invites a contact whose email is the acme member's.
    const admin = { 'Api-Token': s.tokens('globex').rw }
    const contact = await s.call({
      method: 'POST',
      path: '/api/v1/contacts',
      tenant: 'globex',
      headers: admin,
      body: { email: MEMBER, firstName: 'Max', lastName: 'Member' },
    })
    const event = s.sandbox
      .tenant('globex')!
      .events.all()
      .find((e) => e.published)!
    const invite = await s.call({
      method: 'POST',
      path: `/api/v1/events/${event.id}/send-invites`,
      tenant: 'globex',
      headers: admin,
      body: { contacts: [contact.json['@id']] },
    })
    const mine = invite.json.attendances[0]['@id'] as string
    const got = await s.call({ path: mine, tenant: 'globex', headers: auth })
    expect([got.status, got.json.contact, got.json.status]).toEqual([200, contact.json['@id'], 'invited'])
    const confirmed = await s.call({
      method: 'POST',
      path: `${mine}/confirm`,
      tenant: 'globex',
      headers: auth,
    })
    expect([confirmed.status, confirmed.json.status]).toEqual([200, 'confirmed'])

    const other = s.sandbox
      .tenant('globex')!
      .eventAttends.all()
      .find((a) => a.contactId !== contact.json.id)!
    const denied = await s.call({
      path: `/api/v1/event_attends/${other.id}`,
      tenant: 'globex',
      headers: auth,
    })
    expect([denied.status, denied.json.detail]).toEqual([403, 'Access Denied.'])
  })
})

describe('password reset by emailed code', () => {
  it('request-password-reset-otp mails a reset code; reset-password spends it; the new password logs in', async () => {
    const otp = await requestCode(MEMBER, 'request-password-reset-otp')
    const mail = (await s.call({ path: '/__sandbox/outbox?kind=password-reset-otp' })).json[0]
    expect(mail).toMatchObject({
      to: MEMBER,
      code: otp,
      subject: `Your Acme Corporation password reset code: ${otp}`,
    })
    expect(s.sandbox.feed.changes().map((c) => c.summary)).toContain(
      `Password reset code for ${MEMBER}: ${otp} (expires 10:10:00)`,
    )
    // Codes are per purpose: a reset code is no login code.
    expect((await verify(otp)).json).toEqual(
      envelope(401, 'No login code is pending for this email: request one first.'),
    )
    const res = await post('reset-password', { email: MEMBER, otp, password: 'n3w-passw0rd' })
    expect([res.status, res.text]).toEqual([204, ''])
    const login = (password: string) => post('login-check', { username: MEMBER, password })
    expect((await login('password')).status).toBe(401)
    expect((await login('n3w-passw0rd')).status).toBe(200)
    const again = await post('reset-password', { email: MEMBER, otp, password: 'another-one' })
    expect(again.json).toEqual(
      envelope(401, 'This password reset code has already been used: request a new one.'),
    )
  })
})
