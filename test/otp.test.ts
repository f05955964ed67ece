import { decodeJwt } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer, MERGE } from './helpers.ts'

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

// SPEC 5: the one detail of every refused verify.
const REFUSED = 'Invalid or expired code: request a new one.'

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
    // `user_read_private`; how the caller signed in is the header's to say, never the body's.
    expect([me.status, me.json.email, me.headers['x-sandbox-auth-method'], 'authMethod' in me.json]).toEqual([
      200,
      MEMBER,
      'otp',
      false,
    ])
    expect(me.json).toMatchObject({
      permissions: [],
      tenant: { id: expect.any(Number), name: 'Acme Corporation', slug: 'acme' },
    })
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
    expect([me.status, me.json.email, me.headers['x-sandbox-auth-method']]).toEqual([200, MEMBER, 'otp'])
  })

  it('a wrong code costs a try (the control API counts them); the fifth burns it, even for the right one', async () => {
    const otp = await requestCode()
    const details = []
    const left = []
    for (let i = 0; i < 5; i++) {
      details.push((await verify(wrong(otp))).json.detail)
      const pending = await s.call({ path: `/__sandbox/otp?email=${MEMBER}` })
      left.push(pending.status === 200 ? pending.json.attemptsLeft : 'burnt')
    }
    // SPEC 5 (findings M4): one detail for every refusal, so verify never tells an account from none.
    expect(details).toEqual(Array(5).fill(REFUSED))
    expect(left).toEqual([4, 3, 2, 1, 'burnt'])
    const res = await verify(otp)
    expect([res.status, res.json]).toEqual([401, envelope(401, REFUSED)])
    expect((await s.call({ path: `/__sandbox/otp?email=${MEMBER}` })).status).toBe(404)
  })

  it.each([
    ['used twice', async (otp: string) => void (await verify(otp)), REFUSED],
    ['expired after 10 minutes', () => advance('10m'), REFUSED],
  ])('a code %s -> the one 401 (the log line says why)', async (_name, before, detail) => {
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
    expect((await verify(first)).json).toEqual(envelope(401, REFUSED))
    expect((await verify(second)).status).toBe(200)
    expect(
      (await s.call({ path: `/__sandbox/outbox?to=${MEMBER}` })).json.map((m: { code: string }) => m.code),
    ).toEqual([first, second])
  })

  it('M4: an unknown email gets the same 200 and no mail; verifying it reads like a wrong code', async () => {
    const res = await post('request-login-otp', { email: 'nobody@acme.test' })
    expect([res.status, res.json]).toEqual([200, REQUESTED])
    expect((await s.call({ path: '/__sandbox/outbox' })).json).toEqual([])
    const pending = await s.call({ path: '/__sandbox/otp?email=nobody@acme.test' })
    expect([pending.status, pending.json.detail]).toEqual([
      404,
      'No pending code for "nobody@acme.test": request one with POST /api/v1/request-login-otp first.',
    ])
    const member = await requestCode()
    const known = await verify(wrong(member))
    const unknown = await verify('123456', 'nobody@acme.test')
    expect(unknown.json).toEqual(known.json)
    expect([unknown.status, unknown.json]).toEqual([401, envelope(401, REFUSED)])
    expect((await verify('123456', 'admin@acme.test')).json).toEqual(envelope(401, REFUSED))
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
    const outside = [
      await s.call({ path: '/api/v1/me', tenant: 'globex', headers: auth }),
      await s.call({ path: '/api/v1/contacts', tenant: 'globex', headers: auth }),
    ]
    for (const res of outside) {
      expect([res.status, res.headers['www-authenticate'], res.json]).toEqual([
        401,
        'Bearer',
        envelope(401, 'Invalid JWT Token'),
      ])
    }

    // Globex invites, as a contact, the email of the acme member.
    const admin = { 'Api-Token': s.tokens('globex').rw }
    const event = s.sandbox
      .tenant('globex')!
      .events.all()
      .find((e) => e.status === 'published')!
    const invite = await s.call({
      method: 'POST',
      path: '/api/v1/event_attend_invite_external',
      tenant: 'globex',
      headers: admin,
      body: { entity: { email: MEMBER, event: event.uuid } },
    })
    expect([invite.status, invite.json.external.email, invite.json.user]).toEqual([201, MEMBER, null])
    const mine = invite.json['@id'] as string
    const got = await s.call({ path: mine, tenant: 'globex', headers: auth })
    expect([got.status, got.json.external.email, got.json.statusRsvp, got.json.hash]).toEqual([
      200,
      MEMBER,
      null,
      invite.json.hash,
    ])
    const answered = await s.call({
      method: 'PATCH',
      path: mine,
      tenant: 'globex',
      headers: { ...auth, ...MERGE },
      body: JSON.stringify({ statusRsvp: 'accepted' }),
    })
    expect([answered.status, answered.json.statusRsvp]).toEqual([200, 'accepted'])
    // The attendee answers their RSVP only; registering and confirming are the organiser's.
    const registration = await s.call({
      method: 'PATCH',
      path: mine,
      tenant: 'globex',
      headers: { ...auth, ...MERGE },
      body: JSON.stringify({ statusRegistration: 'success' }),
    })
    expect([registration.status, registration.json.detail]).toEqual([
      400,
      'An attendee may change only "statusRsvp"; "statusRegistration" is the organiser\'s to change.',
    ])
    const confirm = await s.call({ method: 'POST', path: `${mine}/confirm`, tenant: 'globex', headers: auth })
    expect([confirm.status, confirm.json.detail]).toEqual([403, 'Access Denied.'])
    const stored = s.sandbox.tenant('globex')!.eventAttends.get(invite.json.id)!
    expect([stored.statusRsvp, stored.statusRegistration]).toEqual(['accepted', null])

    const other = s.sandbox
      .tenant('globex')!
      .eventAttends.all()
      .find((a) => a.external !== invite.json.external.id)!
    for (const path of [`/api/v1/event_attends/${other.id}`, '/api/v1/event_attends']) {
      const denied = await s.call({ path, tenant: 'globex', headers: auth })
      expect([path, denied.status, denied.json.detail]).toEqual([path, 403, 'Access Denied.'])
    }
  })
})

describe('password reset: request-password-reset-otp, verify-login-otp, then new-password', () => {
  const login = (password: string, tenant = 'acme') =>
    post('login-check', { username: MEMBER, password }, tenant)
  const memberId = () => s.sandbox.tenant('acme')!.users.findUnique('email', MEMBER)!.id
  const newPassword = (token: string, body: unknown, id = memberId()) =>
    s.call({
      method: 'PATCH',
      path: `/api/v1/users/${id}/new-password`,
      headers: { Authorization: `Bearer ${token}`, ...MERGE },
      body: JSON.stringify(body),
    })
  const violation = (propertyPath: string, message: string) => ({
    status: 422,
    detail: `${propertyPath}: ${message}`,
    violations: [expect.objectContaining({ propertyPath, message })],
  })

  it('the reset code logs in by verify-login-otp; the OTP JWT sets the new password in every tenant of the email', async () => {
    // The same person has an account on globex too, with another password.
    const twin = await post(
      'users',
      { email: MEMBER, firstName: 'Max', lastName: 'Member', plainPassword: 'globex-pass' },
      'globex',
    )
    expect(twin.status).toBe(201)

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
    // Orgo verifies the reset code where it verifies login codes.
    const verified = await verify(otp)
    expect(verified.status).toBe(200)
    expect(decodeJwt(verified.json.token)).toMatchObject({ auth_strength: 'OTP', verified_email: MEMBER })
    const state = await s.call({ path: '/__sandbox/state' })
    expect(state.json.otps).toEqual([
      expect.objectContaining({ purpose: 'password-reset', otp, state: 'used' }),
    ])

    // An OTP login needs no current password.
    const res = await newPassword(verified.json.token, { newPassword: 'n3w-passw0rd' })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ '@id': `/api/v1/users/${memberId()}`, '@type': 'User', email: MEMBER })
    expect(res.json.password).toBeUndefined()
    expect(s.sandbox.feed.changes().at(-1)!.summary).toBe(`Password of ${MEMBER} changed (otp)`)
    expect((await login('password')).status).toBe(401)
    expect((await login('n3w-passw0rd')).status).toBe(200)
    expect((await login('globex-pass', 'globex')).status).toBe(401)
    expect((await login('n3w-passw0rd', 'globex')).status).toBe(200)

    // Spent: the code logs in once.
    const again = await verify(otp)
    expect([again.status, again.json.detail]).toEqual([401, REFUSED])
  })

  it('with a login code pending as well, each code is spent as what it is', async () => {
    const reset = await requestCode(MEMBER, 'request-password-reset-otp')
    const loginCode = await requestCode(MEMBER)
    expect((await verify(loginCode)).status).toBe(200)
    expect((await verify(reset)).status).toBe(200)
    const otps = (await s.call({ path: '/__sandbox/state' })).json.otps
    expect(otps.map((o: { purpose: string; state: string }) => [o.purpose, o.state]).sort()).toEqual([
      ['login', 'used'],
      ['password-reset', 'used'],
    ])
  })

  it('a password session must prove the current password (422 missing, 400 wrong)', async () => {
    const { token } = await s.login(MEMBER)
    expect((await newPassword(token, { newPassword: 'n3w-passw0rd' })).json).toMatchObject(
      violation('currentPassword', 'This value should not be blank.'),
    )
    const wrongCurrent = await newPassword(token, { newPassword: 'n3w-passw0rd', currentPassword: 'nope' })
    expect([wrongCurrent.status, wrongCurrent.json]).toEqual([
      400,
      envelope(400, 'The current password is not correct.'),
    ])
    expect((await login('password')).status).toBe(200)
    const ok = await newPassword(token, { newPassword: 'n3w-passw0rd', currentPassword: 'password' })
    expect([ok.status, ok.json.email]).toEqual([200, MEMBER])
    expect(s.sandbox.feed.changes().at(-1)!.summary).toBe(`Password of ${MEMBER} changed (jwt)`)
    expect((await login('n3w-passw0rd')).status).toBe(200)
  })

  it.each([
    ['no new password', {}, violation('newPassword', 'This value should not be blank.')],
    [
      'a new password too short',
      { newPassword: 'short' },
      violation('newPassword', 'This value is too short. It should have 8 characters or more.'),
    ],
  ])('%s -> 422, the password unchanged', async (_name, body, expected) => {
    const { token } = (await verify(await requestCode(MEMBER, 'request-password-reset-otp'))).json
    const res = await newPassword(token, body)
    expect(res.json).toMatchObject(expected)
    expect((await login('password')).status).toBe(200)
  })

  it("another user's password, a plain JSON body, or no credential is refused", async () => {
    const { token } = (await verify(await requestCode(MEMBER, 'request-password-reset-otp'))).json
    const adminId = s.sandbox.tenant('acme')!.users.findUnique('email', 'admin@acme.test')!.id
    const other = await newPassword(token, { newPassword: 'n3w-passw0rd' }, adminId)
    expect([other.status, other.json]).toEqual([
      403,
      { title: 'Forbidden', detail: 'Access Denied.', status: 403 },
    ])
    const plain = await s.call({
      method: 'PATCH',
      path: `/api/v1/users/${memberId()}/new-password`,
      headers: { Authorization: `Bearer ${token}` },
      body: { newPassword: 'n3w-passw0rd' },
    })
    expect(plain.status).toBe(415)
    const anonymous = await s.call({
      method: 'PATCH',
      path: `/api/v1/users/${memberId()}/new-password`,
      headers: MERGE,
      body: JSON.stringify({ newPassword: 'n3w-passw0rd' }),
    })
    expect([anonymous.status, anonymous.json.detail]).toEqual([401, 'JWT Token not found'])
    expect((await login('password')).status).toBe(200)
    const admin = await post('login-check', { username: 'admin@acme.test', password: 'password' })
    expect(admin.status).toBe(200)
  })

  it('POST /api/v1/reset-password is gone', async () => {
    const otp = await requestCode(MEMBER, 'request-password-reset-otp')
    const res = await post('reset-password', { email: MEMBER, otp, password: 'n3w-passw0rd' })
    expect(res.status).toBe(404)
    expect((await login('password')).status).toBe(200)
  })
})
