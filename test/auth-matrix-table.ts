import { beforeEach, describe, expect, it } from 'vitest'
import type { Sandbox } from '../mocks/sandbox.ts'
import type { CallInput, CallResult } from './helpers.ts'

/**
 * Endpoint x credential x method, as a table (json-server's app.test.ts style). Each row asserts the exact
 * status and, for refusals, the exact envelope: what Orgo's "Common authentication errors" table promises.
 * One table, two runtimes: the standalone server over HTTP (auth-matrix.test.ts) and MSW's setupServer with
 * real fetch (auth-matrix-msw.test.ts); both must answer every row identically.
 */
export interface MatrixRuntime {
  /** The sandbox behind the runtime: its clock and signing key. */
  sandbox: Sandbox
  /** A request to the acme tenant's host. */
  call(input: Omit<CallInput, 'host' | 'tenant'>): Promise<CallResult>
  /** The seeded `{ rw, ro }` Api-Tokens of a tenant. */
  tokens(slug: string): { rw: string; ro: string }
  /** A JWT for a seeded user, by password login on the user's own tenant. */
  login(email: string): Promise<{ token: string; refresh_token: string }>
}

/** Registers the whole table against a runtime; `runtime()` is read once set-up has run. */
export function describeAuthMatrix(host: string, runtime: () => MatrixRuntime): void {
  let s: MatrixRuntime
  beforeEach(async () => {
    s = runtime()
    await s.sandbox.reset()
  })

  type Credential =
    | 'none'
    | 'rw'
    | 'ro'
    | 'revoked'
    | 'expired'
    | 'bearer-prefixed'
    | 'jwt'
    | 'expired-jwt'
    | 'tampered-jwt'
    | 'other-tenant-token'
    | 'other-tenant-jwt'
    | 'member-jwt'

  async function headersFor(credential: Credential): Promise<Record<string, string>> {
    const acme = s.tokens('acme')
    switch (credential) {
      case 'none':
        return {}
      case 'rw':
        return { 'Api-Token': acme.rw }
      case 'ro':
        return { 'Api-Token': acme.ro }
      case 'revoked': {
        const minted = await s.call({
          method: 'POST',
          path: '/__sandbox/api-tokens',
          body: { tenant: 'acme' },
        })
        const res = await s.call({
          method: 'PATCH',
          path: `/api/v1/user-api-tokens/${minted.json.id}/revoke`,
          headers: { 'Api-Token': acme.rw },
        })
        expect(res.status).toBe(200)
        return { 'Api-Token': minted.json.token }
      }
      case 'expired': {
        const past = new Date(s.sandbox.clock.now() - 60_000).toISOString()
        const minted = await s.call({
          method: 'POST',
          path: '/__sandbox/api-tokens',
          body: { tenant: 'acme', expiresAt: past },
        })
        return { 'Api-Token': minted.json.token }
      }
      case 'bearer-prefixed':
        return { 'Api-Token': `Bearer ${acme.rw}` }
      case 'jwt':
        return { Authorization: `Bearer ${(await s.login('admin@acme.test')).token}` }
      case 'member-jwt':
        return { Authorization: `Bearer ${(await s.login('member@acme.test')).token}` }
      case 'expired-jwt': {
        const { token } = await s.login('admin@acme.test')
        const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())
        const expired = await s.sandbox.jwt.sign(
          { username: claims.username, roles: claims.roles, session_id: claims.session_id },
          -60,
        )
        return { Authorization: `Bearer ${expired}` }
      }
      case 'tampered-jwt': {
        const { token } = await s.login('admin@acme.test')
        const [h, p, sig] = token.split('.')
        const flipped = sig!.slice(0, 10) + (sig![10] === 'A' ? 'B' : 'A') + sig!.slice(11)
        return { Authorization: `Bearer ${h}.${p}.${flipped}` }
      }
      case 'other-tenant-token':
        return { 'Api-Token': s.tokens('globex').rw }
      case 'other-tenant-jwt':
        return { Authorization: `Bearer ${(await s.login('admin@globex.test')).token}` }
    }
  }

  const envelope = (status: number, detail: string) => ({
    status,
    body: { title: { 401: 'Unauthorized', 403: 'Forbidden' }[status], detail, status },
  })

  // The refusals every endpoint shares, whatever the method.
  const REFUSED: Partial<Record<Credential, { status: number; body: object; bearerChallenge?: boolean }>> = {
    none: { ...envelope(401, 'JWT Token not found'), bearerChallenge: true },
    revoked: envelope(401, 'API token has been revoked.'),
    expired: envelope(401, 'API token has expired.'),
    'bearer-prefixed': envelope(
      401,
      'The Api-Token header takes the raw token: remove the "Bearer " prefix.',
    ),
    'expired-jwt': { ...envelope(401, 'Expired JWT Token'), bearerChallenge: true },
    'tampered-jwt': { ...envelope(401, 'Invalid JWT Token'), bearerChallenge: true },
    'other-tenant-token': envelope(401, 'Invalid API token.'),
    'other-tenant-jwt': { ...envelope(401, 'Invalid JWT Token'), bearerChallenge: true },
  }

  interface Endpoint {
    name: string
    method: string
    path: () => string
    body?: () => unknown
    contentType?: string
    ok: number
    /** Credentials that pass authentication but lack permission: 403 Access Denied. */
    forbidden: Credential[]
  }

  const contactId = () => String(s.sandbox.tenant('acme')!.contacts.all()[5]!.id)

  const ENDPOINTS: Endpoint[] = [
    { name: 'read me', method: 'GET', path: () => '/api/v1/me', ok: 200, forbidden: [] },
    { name: 'list contacts', method: 'GET', path: () => '/api/v1/contacts', ok: 200, forbidden: [] },
    {
      name: 'read a contact',
      method: 'GET',
      path: () => `/api/v1/contacts/${contactId()}`,
      ok: 200,
      forbidden: [],
    },
    {
      name: 'create a contact',
      method: 'POST',
      path: () => '/api/v1/contacts',
      body: () => ({ email: 'new.person@example.test', firstName: 'New', lastName: 'Person' }),
      ok: 201,
      forbidden: ['ro', 'member-jwt'],
    },
    {
      name: 'replace a contact',
      method: 'PUT',
      path: () => `/api/v1/contacts/${contactId()}`,
      body: () => ({ email: 'replaced@example.test', firstName: 'Re', lastName: 'Placed', phone: null }),
      ok: 200,
      forbidden: ['ro', 'member-jwt'],
    },
    {
      name: 'patch a contact',
      method: 'PATCH',
      path: () => `/api/v1/contacts/${contactId()}`,
      body: () => ({ firstName: 'Patched' }),
      contentType: 'application/merge-patch+json',
      ok: 200,
      forbidden: ['ro', 'member-jwt'],
    },
    {
      name: 'delete a contact',
      method: 'DELETE',
      path: () => `/api/v1/contacts/${contactId()}`,
      ok: 204,
      forbidden: ['ro', 'member-jwt'],
    },
    {
      name: 'list Api-Tokens (admins)',
      method: 'GET',
      path: () => '/api/v1/user-api-tokens',
      ok: 200,
      forbidden: ['member-jwt'],
    },
    {
      name: 'create an Api-Token',
      method: 'POST',
      path: () => '/api/v1/user-api-tokens',
      body: () => ({ name: 'CI', isReadOnly: true }),
      ok: 201,
      forbidden: ['ro'],
    },
  ]

  const CREDENTIALS: Credential[] = [
    'none',
    'rw',
    'ro',
    'revoked',
    'expired',
    'bearer-prefixed',
    'jwt',
    'member-jwt',
    'expired-jwt',
    'tampered-jwt',
    'other-tenant-token',
    'other-tenant-jwt',
  ]

  const rows = ENDPOINTS.flatMap((endpoint) => CREDENTIALS.map((credential) => ({ endpoint, credential })))

  describe(`endpoint x credential on ${host}`, () => {
    it.each(rows)('$endpoint.method $endpoint.name with $credential', async ({ endpoint, credential }) => {
      const headers = await headersFor(credential)
      if (endpoint.contentType) headers['Content-Type'] = endpoint.contentType
      const res = await s.call({
        method: endpoint.method,
        path: endpoint.path(),
        headers,
        body: endpoint.body?.(),
      })
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{6}-[0-9a-z]{6}$/)
      const refused = REFUSED[credential]
      if (refused) {
        expect({ status: res.status, body: res.json }).toEqual({ status: refused.status, body: refused.body })
        expect(res.headers['content-type']).toBe('application/json')
        expect(res.headers['www-authenticate']).toBe(refused.bearerChallenge ? 'Bearer' : undefined)
      } else if (endpoint.forbidden.includes(credential)) {
        expect({ status: res.status, body: res.json }).toEqual(envelope(403, 'Access Denied.'))
      } else {
        expect(res.status, res.text).toBe(endpoint.ok)
        if (endpoint.ok === 204) expect(res.text).toBe('')
        else expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8')
      }
    })
  })

  describe('the credential used is the one acted as', () => {
    it.each([
      ['rw', 'admin@acme.test', 'api-token'],
      ['ro', 'admin@acme.test', 'api-token'],
      ['jwt', 'admin@acme.test', 'jwt'],
      ['member-jwt', 'member@acme.test', 'jwt'],
    ] as const)('%s acts as %s', async (credential, email, method) => {
      const res = await s.call({
        path: '/api/v1/me',
        headers: { ...(await headersFor(credential)), Accept: 'application/json' },
      })
      expect(res.status).toBe(200)
      expect(res.json).toMatchObject({
        email,
        authMethod: method,
        tenant: { slug: 'acme', name: 'Acme Corporation' },
      })
    })

    it('a revoked token dies at once, and so does a deleted one', async () => {
      const minted = await s.call({ method: 'POST', path: '/__sandbox/api-tokens', body: { tenant: 'acme' } })
      const headers = { 'Api-Token': minted.json.token }
      expect((await s.call({ path: '/api/v1/me', headers })).status).toBe(200)
      const del = await s.call({
        method: 'DELETE',
        path: `/api/v1/user-api-tokens/${minted.json.id}`,
        headers: { 'Api-Token': s.tokens('acme').rw },
      })
      expect(del.status).toBe(204)
      expect((await s.call({ path: '/api/v1/me', headers })).json).toEqual(
        envelope(401, 'Invalid API token.').body,
      )
    })

    it('the token listing never returns secrets; creation shows the raw token once', async () => {
      const created = await s.call({
        method: 'POST',
        path: '/api/v1/user-api-tokens',
        headers: { 'Api-Token': s.tokens('acme').rw },
        body: { name: 'Analytics', isReadOnly: true },
      })
      expect(created.status).toBe(201)
      expect(created.json).toMatchObject({
        '@type': 'UserApiToken',
        name: 'Analytics',
        isReadOnly: true,
        revokedAt: null,
      })
      expect(created.json.token).toMatch(/^[0-9a-f]{64}$/)
      const list = await s.call({
        path: '/api/v1/user-api-tokens',
        headers: { 'Api-Token': s.tokens('acme').rw },
      })
      expect(list.json['hydra:totalItems']).toBe(3)
      expect(list.text).not.toContain(created.json.token)
      expect(list.text).not.toContain(s.tokens('acme').rw)
      // The read-only token it minted cannot write.
      const write = await s.call({
        method: 'POST',
        path: '/api/v1/user-api-tokens',
        headers: { 'Api-Token': created.json.token },
        body: {},
      })
      expect(write.status).toBe(403)
    })
  })
}
