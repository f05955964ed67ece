import type { DemoFlow } from '../flow.ts'

export const jwtFlow: DemoFlow = {
  name: 'jwt',
  title: 'JWT',
  summary: 'Email + password login, Bearer calls, refresh, and tenant scoping.',
  steps: 5,
  async run(demo) {
    const login = await demo.step({
      title: 'Log in with email and password',
      request: {
        method: 'POST',
        tenant: 'acme',
        path: '/api/v1/login-check',
        body: { username: 'admin@acme.test', password: 'password' },
      },
      explain:
        'POST /api/v1/login-check exchanges the credentials for a JWT (about 11 days) and a refresh token (Orgo docs: Authentication › JWT).',
      expect: 200,
    })
    await demo.step({
      title: 'Call the API with the JWT',
      request: {
        method: 'GET',
        tenant: 'acme',
        path: '/api/v1/me',
        headers: { Authorization: `Bearer ${login.json.token}`, Accept: 'application/json' },
      },
      explain: 'Send it as "Authorization: Bearer <jwt>" on every call.',
      expect: 200,
    })
    const refreshed = await demo.step({
      title: 'Refresh before it expires',
      request: {
        method: 'POST',
        tenant: 'acme',
        path: '/api/v1/token/refresh',
        body: { refresh_token: login.json.refresh_token },
      },
      explain:
        'POST /api/v1/token/refresh with the refresh_token returns a new pair; refresh tokens last 30 days.',
      expect: 200,
    })
    await demo.step({
      title: 'Use the new JWT',
      request: {
        method: 'GET',
        tenant: 'acme',
        path: '/api/v1/me',
        headers: { Authorization: `Bearer ${refreshed.json.token}`, Accept: 'application/json' },
      },
      explain: 'The refreshed JWT carries the same session.',
      expect: 200,
    })
    await demo.step({
      title: "Call another tenant's host with it",
      request: {
        method: 'GET',
        tenant: 'globex',
        path: '/api/v1/me',
        headers: { Authorization: `Bearer ${refreshed.json.token}` },
      },
      explain:
        "JWTs are scoped to the tenant the login was made against: another tenant's host answers 401 Invalid JWT Token.",
      expect: 401,
    })
  },
}
