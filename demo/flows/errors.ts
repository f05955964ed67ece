import type { DemoFlow } from '../flow.ts'

// The rows of Orgo's "Common authentication errors" table, each produced for real, each with its fix.
export const errorsFlow: DemoFlow = {
  name: 'errors',
  title: 'Auth errors',
  summary: 'Every row of the "Common authentication errors" table, with its fix.',
  steps: 15,
  async run(demo) {
    const rw = await demo.step({
      title: 'Set-up: a read/write token',
      request: {
        method: 'POST',
        tenant: null,
        path: '/__sandbox/api-tokens',
        body: { tenant: 'acme', name: 'Errors demo' },
      },
      explain: 'A working credential to break in the next steps.',
      expect: 201,
    })
    const token = rw.json.token as string
    await demo.step({
      title: '401: header missing',
      request: { method: 'GET', tenant: 'acme', path: '/api/v1/me' },
      explain:
        'No credential at all: "JWT Token not found". Fix: re-send the header (Api-Token or Authorization: Bearer).',
      expect: 401,
    })
    await demo.step({
      title: '401: header malformed (Bearer on an Api-Token)',
      request: {
        method: 'GET',
        tenant: 'acme',
        path: '/api/v1/me',
        headers: { 'Api-Token': `Bearer ${token}` },
      },
      explain: 'Api-Token takes the raw token. Fix: drop the "Bearer " prefix.',
      expect: 401,
    })
    await demo.step({
      title: '401: invalid JWT',
      request: {
        method: 'GET',
        tenant: 'acme',
        path: '/api/v1/me',
        headers: { Authorization: 'Bearer not.a.jwt' },
      },
      explain:
        'A malformed or tampered JWT: "Invalid JWT Token". Fix: log in again and send the token as issued.',
      expect: 401,
    })
    await demo.step({
      title: '401: token revoked',
      request: {
        method: 'PATCH',
        tenant: 'acme',
        path: `/api/v1/user-api-tokens/${rw.json.id}/revoke`,
        headers: { 'Api-Token': token },
      },
      explain: 'Revoking answers 200 with isActive false; the token dies at once…',
      expect: 200,
    })
    await demo.step({
      title: '401: …and is refused from then on',
      request: { method: 'GET', tenant: 'acme', path: '/api/v1/me', headers: { 'Api-Token': token } },
      explain: 'If the token is right, it may have been revoked or expired. Fix: create a new token.',
      expect: 401,
    })
    const fresh = await demo.step({
      title: 'Set-up: a new token, and one for globex',
      request: {
        method: 'POST',
        tenant: null,
        path: '/__sandbox/api-tokens',
        body: { tenant: 'acme', name: 'Errors demo 2' },
      },
      explain: 'Back to a working credential.',
      expect: 201,
    })
    await demo.step({
      title: "401: another tenant's host",
      request: {
        method: 'GET',
        tenant: 'globex',
        path: '/api/v1/me',
        headers: { 'Api-Token': fresh.json.token },
      },
      explain:
        'A credential works only on the tenant that issued it. Fix: call your own subdomain (Orgo docs: Tenancy).',
      expect: 401,
    })
    const readOnly = await demo.step({
      title: 'Set-up: a read-only token',
      request: {
        method: 'POST',
        tenant: null,
        path: '/__sandbox/api-tokens',
        body: { tenant: 'acme', isReadOnly: true },
      },
      explain: 'Read-only: fine for fetching.',
      expect: 201,
    })
    await demo.step({
      title: '403: read-only token sent a write',
      request: {
        method: 'DELETE',
        tenant: 'acme',
        path: '/api/v1/contacts/1',
        headers: { 'Api-Token': readOnly.json.token },
      },
      explain: 'Authenticated, but the token is read-only. Fix: check the Api-Token access level.',
      expect: 403,
    })
    const member = await demo.step({
      title: 'Set-up: log in as a member',
      request: {
        method: 'POST',
        tenant: 'acme',
        path: '/api/v1/login-check',
        body: { username: 'member@acme.test', password: 'password' },
      },
      explain:
        'A member holds no permission: contacts need HR or FINANCIAL for every operation, reads included.',
      expect: 200,
    })
    await demo.step({
      title: "403: the user's role does not allow it",
      request: {
        method: 'GET',
        tenant: 'acme',
        path: '/api/v1/contacts',
        headers: { Authorization: `Bearer ${member.json.token}` },
      },
      explain:
        "Authenticated, but lacks permission (here HR or FINANCIAL). Fix: check the user's role for this resource.",
      expect: 403,
    })
    const globex = await demo.step({
      title: "Set-up: one of globex's contacts",
      request: {
        method: 'POST',
        tenant: null,
        path: '/__sandbox/api-tokens',
        body: { tenant: 'globex', name: 'Errors demo' },
      },
      explain: 'A globex credential, to find a record that exists only in globex.',
      expect: 201,
    })
    const list = await demo.step({
      title: 'Set-up: list a globex contact',
      request: {
        method: 'GET',
        tenant: 'globex',
        path: '/api/v1/contacts?itemsPerPage=1',
        headers: { 'Api-Token': globex.json.token, Accept: 'application/json' },
      },
      explain: 'This contact lives in the globex tenant.',
      expect: 200,
    })
    await demo.step({
      title: 'Ask acme for the globex contact',
      request: {
        method: 'GET',
        tenant: 'acme',
        path: `/api/v1/contacts/${list.json[0].id}`,
        headers: { 'Api-Token': fresh.json.token },
      },
      explain:
        'The resource exists, but in a different tenant: 404, never 403 (existence is not leaked). Fix: confirm you are calling the correct subdomain (Orgo docs: Tenancy).',
      expect: 404,
    })
  },
}
