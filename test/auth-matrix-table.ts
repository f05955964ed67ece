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
  const REFUSED: Partial<
    Record<Credential, { status: number; body: object; bearerChallenge?: boolean; hint?: string }>
  > = {
    none: { ...envelope(401, 'JWT Token not found'), bearerChallenge: true },
    revoked: envelope(401, 'API token has been revoked.'),
    expired: envelope(401, 'API token has expired.'),
    // Orgo's authenticator finds no token "Bearer <t>"; the sandbox's fix rides in X-Sandbox-Hint (issue 27).
    'bearer-prefixed': {
      ...envelope(401, 'Invalid API token.'),
      hint: 'The Api-Token header takes the raw token: remove the "Bearer " prefix.',
    },
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
    /** A public operation (self-registration): no credential at all is let through; a bad one is still refused. */
    public?: boolean
    /** An operation the spec does not list: never routed, so the router's 405 with this Allow, whoever asks. */
    notRouted?: string
  }

  const acme = () => s.sandbox.tenant('acme')!
  const contactId = () => String(acme().contacts.all()[5]!.id)
  const draftEvent = () =>
    acme()
      .events.all()
      .find((e) => e.status === 'draft')!
  const memberId = () => String(acme().users.findUnique('email', 'member@acme.test')!.id)

  // Decision 009: contacts need HR or FINANCIAL for every operation (the member holds none), Api-Tokens ADMIN,
  // publishing the event's ownership or EVENT, deleting a user ROLE_SUPER_ADMIN; a read-only token never writes.
  const ENDPOINTS: Endpoint[] = [
    { name: 'read me', method: 'GET', path: () => '/api/v1/me', ok: 200, forbidden: [] },
    {
      name: 'list contacts',
      method: 'GET',
      path: () => '/api/v1/contacts',
      ok: 200,
      forbidden: ['member-jwt'],
    },
    {
      name: 'read a contact',
      method: 'GET',
      path: () => `/api/v1/contacts/${contactId()}`,
      ok: 200,
      forbidden: ['member-jwt'],
    },
    {
      name: 'create a contact',
      method: 'POST',
      path: () => '/api/v1/contacts',
      body: () => ({ email: 'new.person@example.test', name: 'New Person' }),
      ok: 201,
      forbidden: ['ro', 'member-jwt'],
    },
    {
      name: 'replace a contact (PUT is not an operation)',
      method: 'PUT',
      path: () => `/api/v1/contacts/${contactId()}`,
      body: () => ({ email: 'replaced@example.test', name: 'Re Placed', phone: null }),
      ok: 405,
      forbidden: [],
      notRouted: 'GET, PATCH, DELETE',
    },
    {
      name: 'patch a contact',
      method: 'PATCH',
      path: () => `/api/v1/contacts/${contactId()}`,
      body: () => ({ name: 'Patched Name' }),
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
      name: 'read an event by uuid',
      method: 'GET',
      path: () => `/api/v1/events/${draftEvent().uuid}`,
      ok: 200,
      forbidden: [],
    },
    {
      name: 'publish an event',
      method: 'PATCH',
      path: () => `/api/v1/events_publish/${draftEvent().uuid}`,
      body: () => ({}),
      contentType: 'application/merge-patch+json',
      ok: 200,
      forbidden: ['ro', 'member-jwt'],
    },
    { name: 'list users', method: 'GET', path: () => '/api/v1/users', ok: 200, forbidden: [] },
    {
      name: 'register a user (public)',
      method: 'POST',
      path: () => '/api/v1/users',
      body: () => ({ email: 'new.user@acme.test', firstName: 'New', lastName: 'User' }),
      ok: 201,
      forbidden: ['ro'],
      public: true,
    },
    {
      name: 'delete a user (ROLE_SUPER_ADMIN only)',
      method: 'DELETE',
      path: () => `/api/v1/users/${memberId()}`,
      ok: 204,
      forbidden: ['rw', 'ro', 'jwt', 'member-jwt'],
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
      forbidden: ['ro', 'member-jwt'],
    },
    {
      name: 'create an Api-Token with no body',
      method: 'POST',
      path: () => '/api/v1/user-api-tokens',
      ok: 201,
      forbidden: ['ro', 'member-jwt'],
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
      if (endpoint.notRouted) {
        // The router answers before any credential is looked at.
        expect({ status: res.status, body: res.json }).toEqual({
          status: 405,
          body: {
            title: 'Method Not Allowed',
            detail: expect.stringMatching(
              /^No route found for "PUT https?:\/\/acme\.[^/]+\/api\/v1\/contacts\/\d+": Method Not Allowed \(Allow: GET, PATCH, DELETE\)$/,
            ),
            status: 405,
          },
        })
        expect(res.headers.allow).toBe(endpoint.notRouted)
        expect(res.headers['content-type']).toBe('application/json')
      } else if (refused && !(endpoint.public && credential === 'none')) {
        expect({ status: res.status, body: res.json }).toEqual({ status: refused.status, body: refused.body })
        expect(res.headers['content-type']).toBe('application/json')
        if (refused.hint) expect(res.headers['x-sandbox-hint']).toBe(refused.hint)
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
    const ADMIN_PERMISSIONS = ['ADMIN', 'HR', 'FINANCIAL', 'EVENT'].map((domain) => ({
      domain,
      scope: 'TENANT',
      localCenter: null,
    }))

    it.each([
      ['rw', 'admin@acme.test', 'api-token', ADMIN_PERMISSIONS],
      ['ro', 'admin@acme.test', 'api-token', ADMIN_PERMISSIONS],
      ['jwt', 'admin@acme.test', 'jwt', ADMIN_PERMISSIONS],
      ['member-jwt', 'member@acme.test', 'jwt', []],
    ] as const)('%s acts as %s', async (credential, email, method, permissions) => {
      const res = await s.call({
        path: '/api/v1/me',
        headers: { ...(await headersFor(credential)), Accept: 'application/json' },
      })
      expect(res.status).toBe(200)
      expect(res.json).toMatchObject({
        email,
        permissions,
        tenant: { id: s.sandbox.tenant('acme')!.tenant.id, slug: 'acme', name: 'Acme Corporation' },
      })
      expect(Object.keys(res.json.tenant).sort()).toEqual(['id', 'name', 'slug'])
      // How the call authenticated is a header's to say: an API body holds no sandbox-only keys.
      expect(res.headers['x-sandbox-auth-method']).toBe(method)
      expect(res.json).not.toHaveProperty('authMethod')
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

    it("an admin revokes and deletes only their own tokens: another user's is a 403 and keeps working", async () => {
      const minted = await s.call({
        method: 'POST',
        path: '/__sandbox/api-tokens',
        body: { tenant: 'acme', email: 'member@acme.test' },
      })
      const admin = { 'Api-Token': s.tokens('acme').rw }
      for (const [method, path] of [
        ['PATCH', `/api/v1/user-api-tokens/${minted.json.id}/revoke`],
        ['DELETE', `/api/v1/user-api-tokens/${minted.json.id}`],
      ] as const) {
        const res = await s.call({ method, path, headers: admin })
        expect({ status: res.status, body: res.json }).toEqual(envelope(403, 'Access Denied.'))
      }
      const me = await s.call({
        path: '/api/v1/me',
        headers: { 'Api-Token': minted.json.token, Accept: 'application/json' },
      })
      expect([me.status, me.json.email]).toEqual([200, 'member@acme.test'])
      const missing = await s.call({
        method: 'PATCH',
        path: '/api/v1/user-api-tokens/999999/revoke',
        headers: admin,
      })
      expect(missing.status).toBe(404)
    })

    it('the token listing never returns secrets; creation shows the raw token once', async () => {
      const created = await s.call({
        method: 'POST',
        path: '/api/v1/user-api-tokens',
        headers: { 'Api-Token': s.tokens('acme').rw },
        body: { name: 'Analytics', isReadOnly: true },
      })
      expect(created.status).toBe(201)
      // UserApiToken-user_api_token_read, plus the secret this once.
      expect(created.json).toEqual({
        '@context': '/api/contexts/UserApiToken',
        '@id': `/api/v1/user-api-tokens/${created.json.id}`,
        '@type': 'UserApiToken',
        id: expect.any(Number),
        name: 'Analytics',
        expiresAt: null,
        lastUsedAt: null,
        isActive: true,
        isReadOnly: true,
        dateCreated: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
        token: expect.stringMatching(/^[0-9a-f]{64}$/),
      })
      const list = await s.call({
        path: '/api/v1/user-api-tokens',
        headers: { 'Api-Token': s.tokens('acme').rw },
      })
      expect(list.json['hydra:totalItems']).toBe(3)
      expect(list.text).not.toContain(created.json.token)
      expect(list.text).not.toContain(s.tokens('acme').rw)
      for (const item of list.json['hydra:member']) expect(item).not.toHaveProperty('token')
      // The read-only token it minted cannot write.
      const write = await s.call({
        method: 'POST',
        path: '/api/v1/user-api-tokens',
        headers: { 'Api-Token': created.json.token },
        body: {},
      })
      expect(write.status).toBe(403)
      // A revoked token is listed as inactive.
      const revoked = await s.call({
        method: 'PATCH',
        path: `/api/v1/user-api-tokens/${created.json.id}/revoke`,
        headers: { 'Api-Token': s.tokens('acme').rw },
      })
      expect([revoked.status, revoked.json.isActive]).toEqual([200, false])
    })
  })
}
