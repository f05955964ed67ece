import type { DemoFlow } from '../flow.ts'

const EMAIL = 'member@acme.test'

export const otpFlow: DemoFlow = {
  name: 'otp',
  title: 'OTP',
  summary: 'Passwordless login with an emailed 6-digit code.',
  steps: 5,
  async run(demo) {
    await demo.step({
      title: 'Ask for a code',
      request: { method: 'POST', tenant: 'acme', path: '/api/v1/request-login-otp', body: { email: EMAIL } },
      explain:
        'Orgo emails a 6-digit code; the answer is the same whether or not the email has an account (no enumeration).',
      expect: 200,
    })
    const mail = await demo.step({
      title: 'Read the code from the mailbox',
      request: { method: 'GET', tenant: null, path: `/__sandbox/otp?email=${encodeURIComponent(EMAIL)}` },
      explain:
        'Nothing leaves the sandbox: the "email" lands in its outbox (also GET /__sandbox/outbox, and the log line).',
      expect: 200,
    })
    const verified = await demo.step({
      title: 'Exchange the code for a JWT',
      request: {
        method: 'POST',
        tenant: 'acme',
        path: '/api/v1/verify-login-otp',
        body: { email: EMAIL, otp: mail.json.otp },
      },
      explain:
        'verify-login-otp returns {token, refresh_token} like a password login; the JWT says auth_strength "OTP".',
      expect: 200,
    })
    await demo.step({
      title: 'Call the API',
      request: {
        method: 'GET',
        tenant: 'acme',
        path: '/api/v1/me',
        headers: { Authorization: `Bearer ${verified.json.token}`, Accept: 'application/json' },
      },
      explain: 'From here on it is a Bearer JWT like any other (Orgo docs: Authentication › OTP).',
      expect: 200,
    })
    await demo.step({
      title: 'Try the same code again',
      request: {
        method: 'POST',
        tenant: 'acme',
        path: '/api/v1/verify-login-otp',
        body: { email: EMAIL, otp: mail.json.otp },
      },
      explain: 'Codes are single-use (and last 10 minutes; 5 wrong tries burn them): ask for a new one.',
      expect: 401,
    })
  },
}
