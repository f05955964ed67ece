import type { DemoFlow } from '../flow.ts'

export const apiTokenFlow: DemoFlow = {
  name: 'api-token',
  title: 'Api-Token',
  summary: 'Server-to-server calls with a raw Api-Token header; read-only tokens; revocation.',
  steps: 6,
  async run(demo) {
    const minted = await demo.step({
      title: 'Get an Api-Token',
      request: {
        method: 'POST',
        tenant: null,
        path: '/__sandbox/api-tokens',
        body: { tenant: 'acme', name: 'Demo integration' },
      },
      explain:
        'On orgo.space an admin creates this at Settings → Developers → API Access; the sandbox control API mints one without a login.',
      expect: 201,
    })
    const token = minted.json.token as string
    await demo.step({
      title: 'Call the API with it',
      request: {
        method: 'GET',
        tenant: 'acme',
        path: '/api/v1/me',
        headers: { 'Api-Token': token, Accept: 'application/json' },
      },
      explain:
        'The raw token in the Api-Token header, no "Bearer" prefix, no encoding: the call acts as the token\'s owner (Orgo docs: Authentication › Api-Token).',
      expect: 200,
    })
    await demo.step({
      title: 'Read data',
      request: {
        method: 'GET',
        tenant: 'acme',
        path: '/api/v1/contacts?itemsPerPage=2',
        headers: { 'Api-Token': token, Accept: 'application/json' },
      },
      explain:
        'A read/write token may do whatever its owner may do (contacts need an HR or FINANCIAL permission, which the admin holds); collections page with page and itemsPerPage.',
      expect: 200,
    })
    const readOnly = await demo.step({
      title: 'Get a read-only token',
      request: {
        method: 'POST',
        tenant: null,
        path: '/__sandbox/api-tokens',
        body: { tenant: 'acme', name: 'Analytics', isReadOnly: true },
      },
      explain: 'Read-only tokens suit analytics integrations: they can fetch, never change.',
      expect: 201,
    })
    await demo.step({
      title: 'Write with the read-only token',
      request: {
        method: 'POST',
        tenant: 'acme',
        path: '/api/v1/contacts',
        headers: { 'Api-Token': readOnly.json.token },
        body: { email: 'new.contact@example.test', name: 'New Contact' },
      },
      explain:
        'Any POST, PATCH, PUT or DELETE with a read-only token is rejected with 403 Forbidden (Orgo docs: Authentication › Api-Token).',
      expect: 403,
    })
    await demo.step({
      title: 'Use the token on another tenant',
      request: { method: 'GET', tenant: 'globex', path: '/api/v1/me', headers: { 'Api-Token': token } },
      explain:
        "A token works only on its owner's tenant host: globex.localhost answers 401 (Orgo docs: Tenancy).",
      expect: 401,
    })
  },
}
