import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { NOT_FOUND_DETAIL } from '../mocks/http/errors.ts'
import { startTestServer, type TestServer } from './helpers.ts'

let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())
beforeEach(() => s.sandbox.reset())

const me = async (host: string, token: string) =>
  s.call({ path: '/api/v1/me', host, headers: { 'Api-Token': token, Accept: 'application/json' } })

describe('SPEC 1: the tenant comes only from the Host header', () => {
  it.each([
    ['acme.localhost', 'acme'],
    ['globex.localhost', 'globex'],
    ['ACME.LOCALHOST', 'acme'],
    ['acme.orgo.space', 'acme'],
  ])('%s is tenant %s', async (hostname, slug) => {
    const res = await me(`${hostname}:${s.port}`, s.tokens(slug).rw)
    expect(res.status).toBe(200)
    expect(res.json.tenant.slug).toBe(slug)
  })

  it.each(['127.0.0.1', 'localhost', '[::1]'])(
    'bare loopback %s answers as the default tenant',
    async (hostname) => {
      const res = await me(`${hostname}:${s.port}`, s.tokens('acme').rw)
      expect(res.status).toBe(200)
      // /me's tenant is {id, name, slug} (decision 009); the tenant-host lookup says where it is served.
      expect(res.json.tenant).toEqual({
        id: s.sandbox.tenant('acme')!.tenant.id,
        name: 'Acme Corporation',
        slug: 'acme',
      })
      const lookup = await s.call({ path: '/api/v1/tenant-host/acme', host: `${hostname}:${s.port}` })
      expect(lookup.json).toEqual({ slug: 'acme', host: `acme.localhost:${s.port}` })
    },
  )

  it('no header, query parameter or claim overrides the host', async () => {
    const res = await s.call({
      path: '/api/v1/me?tenant=globex',
      tenant: 'acme',
      headers: { 'Api-Token': s.tokens('globex').rw, 'X-Tenant': 'globex' },
    })
    expect(res.status).toBe(401)
  })

  it('app.localhost is the bare platform host: tenant endpoints answer 404', async () => {
    const res = await me(`app.localhost:${s.port}`, s.tokens('acme').rw)
    expect(res.status).toBe(404)
    expect(res.json).toEqual({
      title: 'Not Found',
      detail: `No route found for "GET http://app.localhost:${s.port}/api/v1/me"`,
      status: 404,
    })
    expect((await s.call({ path: '/__sandbox/health', host: 'app.localhost' })).json).toEqual({ ok: true })
  })

  it.each(['initech.localhost', 'deep.acme.localhost', 'initech.orgo.space'])(
    'unknown host %s is a 404',
    async (hostname) => {
      const res = await me(hostname, s.tokens('acme').rw)
      expect(res.status).toBe(404)
      expect(res.json).toEqual({
        title: 'Not Found',
        detail: `No Orgo tenant is served at "${hostname}".`,
        status: 404,
      })
    },
  )

  it('a host the sandbox does not serve at all (example.com) is refused before any route', async () => {
    const res = await me('example.com', s.tokens('acme').rw)
    expect(res.status).toBe(403)
    expect(res.json).toEqual({
      title: 'Forbidden',
      detail: 'Blocked request: the host "example.com" is not allowed.',
      status: 403,
    })
    // The fix is the sandbox's advice: beside the detail, never in it (issue 27).
    expect(res.headers['x-sandbox-hint']).toBe(
      'Serve it with --allowed-host example.com (in process: the allowedHosts option).',
    )
  })

  it("another tenant's resource is a 404, never a 403", async () => {
    const globexContact = s.sandbox.tenant('globex')!.contacts.all()[0]!
    for (const method of ['GET', 'DELETE']) {
      const res = await s.call({
        method,
        path: `/api/v1/contacts/${globexContact.id}`,
        headers: { 'Api-Token': s.tokens('acme').rw },
      })
      expect(res.status).toBe(404)
      expect(res.json).toEqual({ title: 'Not Found', detail: NOT_FOUND_DETAIL, status: 404 })
    }
    // Events are addressed by uuid: globex's answers on globex, and is a 404 on acme.
    const event = s.sandbox.tenant('globex')!.events.all()[0]!
    const own = await s.call({
      path: `/api/v1/events/${event.uuid}`,
      tenant: 'globex',
      headers: { 'Api-Token': s.tokens('globex').rw },
    })
    expect(own.status).toBe(200)
    for (const method of ['GET', 'DELETE']) {
      const res = await s.call({
        method,
        path: `/api/v1/events/${event.uuid}`,
        headers: { 'Api-Token': s.tokens('acme').rw },
      })
      expect(res.status).toBe(404)
      expect(res.json).toEqual({ title: 'Not Found', detail: NOT_FOUND_DETAIL, status: 404 })
    }
  })

  it('GET /api/v1/tenant-host/{slug} is public', async () => {
    expect((await s.call({ path: '/api/v1/tenant-host/globex' })).json).toEqual({
      slug: 'globex',
      host: `globex.localhost:${s.port}`,
    })
    expect((await s.call({ path: '/api/v1/tenant-host/globex', host: 'app.orgo.space' })).json).toEqual({
      slug: 'globex',
      host: 'globex.orgo.space',
    })
    const missing = await s.call({ path: '/api/v1/tenant-host/initech' })
    expect(missing.status).toBe(404)
  })
})

describe('SPEC 1 CORS: a front end on another origin can call a tenant host', () => {
  it('answers the preflight', async () => {
    const res = await s.call({
      method: 'OPTIONS',
      path: '/api/v1/me',
      headers: {
        Origin: 'http://localhost:3000',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'api-token, content-type',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:3000')
    expect(res.headers['access-control-allow-credentials']).toBe('true')
    expect(res.headers['access-control-allow-headers']).toBe('api-token, content-type')
    expect(res.headers['access-control-allow-methods']).toContain('PATCH')
  })

  it('exposes the headers a client needs on answers and refusals', async () => {
    const res = await s.call({ path: '/api/v1/me', headers: { Origin: 'http://localhost:3000' } })
    expect(res.status).toBe(401)
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:3000')
    expect(res.headers['access-control-expose-headers']).toContain('WWW-Authenticate')
    expect(res.headers['access-control-expose-headers']).toContain('X-Request-Id')
    expect(res.headers['access-control-expose-headers']).toContain('Retry-After')
  })
})

describe('routing', () => {
  it('an unknown path is a 404 and a wrong method a 405 with Allow', async () => {
    const unknown = await s.call({ path: '/api/v1/nothing-here' })
    expect(unknown.json).toEqual({
      title: 'Not Found',
      detail: `No route found for "GET http://acme.localhost:${s.port}/api/v1/nothing-here"`,
      status: 404,
    })
    const wrong = await s.call({ method: 'PUT', path: '/api/v1/me' })
    expect(wrong.status).toBe(405)
    expect(wrong.headers.allow).toBe('GET')
    // An operation a resource's definition does not list is not routed (PUT on a contact).
    const contact = s.sandbox.tenant('acme')!.contacts.all()[0]!
    const put = await s.call({
      method: 'PUT',
      path: `/api/v1/contacts/${contact.id}`,
      headers: { 'Api-Token': s.tokens('acme').rw },
      body: { name: 'Replaced' },
    })
    expect([put.status, put.headers.allow]).toEqual([405, 'GET, PATCH, DELETE'])
    expect(s.sandbox.tenant('acme')!.contacts.get(contact.id)!.name).toBe(contact.name)
  })

  it('HEAD answers like GET without a body', async () => {
    const res = await s.call({ method: 'HEAD', path: '/__sandbox/health' })
    expect(res.status).toBe(200)
    expect(res.text).toBe('')
  })
})
