import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startCli } from './cli-process.ts'
import { rawCall, startTestServer, type TestServer } from './helpers.ts'

/** SPEC 2 + 5: garbage sent to the OTP endpoints is an envelope error; fixed codes for suites (issue 3). */
let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
beforeEach(() => s.sandbox.reset())

const MEMBER = 'member@acme.test'
const JSON_TYPE = { 'Content-Type': 'application/json' }
const error = (status: number, title: string) => (detail: string) => ({
  status,
  body: { title, detail, status },
})
const badRequest = error(400, 'Bad Request')
const missingType = error(415, 'Unsupported Media Type')
const typeError = (field: string, given: string, expected = 'string') =>
  badRequest(`The type of the "${field}" attribute must be "${expected}", "${given}" given.`)
const CONSTRAINTS = {
  blank: ['This value should not be blank.', 'c1051bb4-d103-4f74-8988-acbcafc7fdc3'],
  email: ['This value is not a valid email address.', 'bd79c0ab-ddba-46cc-a703-a7a4b08de310'],
  long: [
    'This value is too long. It should have 255 characters or less.',
    'd94b19cc-114f-4f44-9cc4-4138e80a87b9',
  ],
  code: ['This value should be a 6-digit code.', 'de1e3db3-5ed4-4941-aae4-59f3667cc3a3'],
  short: [
    'This value is too short. It should have 8 characters or more.',
    '9ff3fdc4-b214-49db-8718-39c315e33d45',
  ],
} as const
/** A one-violation 422 in API Platform's ConstraintViolationList shape. */
const violation = (propertyPath: string, constraint: keyof typeof CONSTRAINTS) => {
  const [message, code] = CONSTRAINTS[constraint]
  return {
    status: 422,
    body: {
      '@context': '/api/contexts/ConstraintViolationList',
      '@type': 'ConstraintViolationList',
      title: 'An error occurred',
      detail: `${propertyPath}: ${message}`,
      violations: [{ propertyPath, message, code }],
      status: 422,
    },
  }
}
const withOtp = (otp: unknown) => JSON.stringify({ email: MEMBER, otp })
const HUGE_EMAIL = JSON.stringify({ email: `${'a'.repeat(300)}@acme.test` })
const MISSING_TYPE =
  'The content-type header is missing. Supported MIME types are "application/ld+json", "application/json".'

describe('garbage in -> an envelope error, never a crash, no mail', () => {
  it.each([
    ['request-login-otp', 'no content type', '{"email":"a@b.test"}', missingType(MISSING_TYPE), {}],
    [
      'request-login-otp',
      'malformed JSON',
      '{"email": ',
      badRequest('Syntax error: Unexpected end of JSON input'),
    ],
    [
      'request-login-otp',
      'a JSON array',
      '["a@b.test"]',
      badRequest('The request body must be a JSON object.'),
    ],
    ['request-login-otp', 'no email', '{}', violation('email', 'blank')],
    ['request-login-otp', 'an empty email', '{"email":""}', violation('email', 'blank')],
    ['request-login-otp', 'a numeric email', '{"email":42}', typeError('email', 'integer')],
    ['request-login-otp', 'a null email', '{"email":null}', typeError('email', 'NULL')],
    ['request-login-otp', 'an object email', '{"email":{"$ne":1}}', typeError('email', 'array')],
    ['request-login-otp', 'an email of 310 characters', HUGE_EMAIL, violation('email', 'long')],
    ['request-login-otp', 'a non-ASCII email', '{"email":"mémber@acme.test"}', violation('email', 'email')],
    ['request-login-otp', 'an email without a domain', '{"email":"member"}', violation('email', 'email')],
    ['request-password-reset-otp', 'a boolean email', '{"email":true}', typeError('email', 'boolean')],
    ['verify-login-otp', 'no otp', JSON.stringify({ email: MEMBER }), violation('otp', 'blank')],
    ['verify-login-otp', 'a numeric otp', withOtp(123456), typeError('otp', 'integer')],
    ['verify-login-otp', 'an otp of 5 digits', withOtp('12345'), violation('otp', 'code')],
    ['verify-login-otp', 'an otp in full-width digits', withOtp('１２３４５６'), violation('otp', 'code')],
    ['verify-login-otp', 'an otp of 5000 characters', withOtp('x'.repeat(5000)), violation('otp', 'long')],
  ])('%s: %s', async (path, _name, body, expected, headers: Record<string, string> = JSON_TYPE) => {
    const res = await s.call({ method: 'POST', path: `/api/v1/${path}`, headers, body })
    expect([res.status, res.headers['content-type'], res.json]).toEqual([
      expected.status,
      'application/json',
      expected.body,
    ])
    expect((await s.call({ path: '/__sandbox/outbox' })).json).toEqual([])
  })

  it('the old POST /api/v1/reset-password is gone: a 404, and no mail', async () => {
    const body = JSON.stringify({ email: MEMBER, otp: '123456', password: 'long enough' })
    const res = await s.call({ method: 'POST', path: '/api/v1/reset-password', headers: JSON_TYPE, body })
    expect(res.status).toBe(404)
    expect((await s.call({ path: '/__sandbox/outbox' })).json).toEqual([])
  })

  it('/__sandbox/otp without an email is a 400 that says what to add', async () => {
    const res = await s.call({ path: '/__sandbox/otp' })
    expect([res.status, res.json]).toEqual([
      400,
      badRequest('Add the email whose code you want: /__sandbox/otp?email=member@acme.test').body,
    ])
  })
})

describe('garbage sent to new-password, the end of the reset flow', () => {
  /** request-password-reset-otp, then verify-login-otp: the OTP JWT that may set a password without the old one. */
  async function resetSession(): Promise<{ token: string; id: number }> {
    const requested = await s.call({
      method: 'POST',
      path: '/api/v1/request-password-reset-otp',
      body: { email: MEMBER },
    })
    expect(requested.status).toBe(200)
    const { otp } = (await s.call({ path: `/__sandbox/otp?email=${MEMBER}&purpose=password-reset` })).json
    const verified = await s.call({
      method: 'POST',
      path: '/api/v1/verify-login-otp',
      body: { email: MEMBER, otp },
    })
    expect(verified.status).toBe(200)
    return { token: verified.json.token, id: s.sandbox.tenant('acme')!.users.findUnique('email', MEMBER)!.id }
  }
  const MERGE_PATCH = { 'Content-Type': 'application/merge-patch+json' }

  it.each([
    ['a short password', { newPassword: 'short' }, violation('newPassword', 'short')],
    ['no password', {}, violation('newPassword', 'blank')],
    ['an empty password', { newPassword: '' }, violation('newPassword', 'blank')],
    ['a numeric password', { newPassword: 12345678 }, typeError('newPassword', 'integer')],
    ['an object password', { newPassword: { $ne: null } }, typeError('newPassword', 'array')],
    ['a JSON array', [1, 2], badRequest('The request body must be a JSON object.')],
    ['malformed JSON', '{"newPassword": ', badRequest('Syntax error: Unexpected end of JSON input')],
    [
      'plain JSON instead of a merge patch',
      { newPassword: 'long enough' },
      error(
        415,
        'Unsupported Media Type',
      )(
        'The content-type "application/json" is not supported. Supported MIME types are "application/merge-patch+json".',
      ),
      JSON_TYPE,
    ],
  ])('%s', async (_name, body, expected, headers: Record<string, string> = MERGE_PATCH) => {
    const { token, id } = await resetSession()
    const res = await s.call({
      method: 'PATCH',
      path: `/api/v1/users/${id}/new-password`,
      headers: { ...headers, Authorization: `Bearer ${token}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    expect([res.status, res.headers['content-type'], res.json]).toEqual([
      expected.status,
      'application/json',
      expected.body,
    ])
    // The password is unchanged, and the reset code was the only mail.
    expect(
      (
        await s.call({
          method: 'POST',
          path: '/api/v1/login-check',
          body: { username: MEMBER, password: 'password' },
        })
      ).status,
    ).toBe(200)
    expect((await s.call({ path: '/__sandbox/outbox' })).json.map((m: { kind: string }) => m.kind)).toEqual([
      'password-reset-otp',
    ])
  })

  it('a password session must give the current password; a wrong one is a 400', async () => {
    const { token } = await s.login(MEMBER)
    const id = s.sandbox.tenant('acme')!.users.findUnique('email', MEMBER)!.id
    const change = (body: object) =>
      s.call({
        method: 'PATCH',
        path: `/api/v1/users/${id}/new-password`,
        headers: { ...MERGE_PATCH, Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      })
    const missing = await change({ newPassword: 'long enough' })
    expect([missing.status, missing.json]).toEqual([422, violation('currentPassword', 'blank').body])
    const wrong = await change({ newPassword: 'long enough', currentPassword: 'not it' })
    expect([wrong.status, wrong.json]).toEqual([400, badRequest('The current password is not correct.').body])
    const typed = await change({ newPassword: 'long enough', currentPassword: 42 })
    expect([typed.status, typed.json]).toEqual([400, typeError('currentPassword', 'integer').body])
    const login = await s.call({
      method: 'POST',
      path: '/api/v1/login-check',
      body: { username: MEMBER, password: 'password' },
    })
    expect(login.status).toBe(200)
  })
})

describe('fixed codes for suites that cannot read the outbox', () => {
  it('otpCode makes every code that value', async () => {
    const fixed = await startTestServer({ otpCode: '000000' })
    try {
      const call = (path: string, body: unknown) =>
        fixed.call({ method: 'POST', path: `/api/v1/${path}`, body })
      await call('request-login-otp', { email: MEMBER })
      expect((await fixed.call({ path: `/__sandbox/otp?email=${MEMBER}` })).json.otp).toBe('000000')
      expect((await call('verify-login-otp', { email: MEMBER, otp: '000000' })).status).toBe(200)
    } finally {
      await fixed.close()
    }
  })

  it('an otpCode that is not 6 digits fails at start-up with what to change', async () => {
    await expect(startTestServer({ otpCode: '12ab' })).rejects.toThrow(
      '--otp-code (otpCode) must be exactly 6 digits, e.g. 000000; got "12ab".',
    )
  })

  it('`sandbox --otp-code 000000` prints each mail as a log line a person can act on', async () => {
    const cli = await startCli(['--otp-code', '000000'])
    const { port, seen } = cli
    try {
      const body = { email: MEMBER }
      expect((await rawCall(port, { method: 'POST', path: '/api/v1/request-login-otp', body })).status).toBe(
        200,
      )
      await seen(/acme +\* OTP for member@acme\.test: 000000 \(expires \d\d:\d\d:\d\d\)\n/)
    } finally {
      cli.stop()
    }
  }, 30_000)
})
