import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createNodeSandbox, type NodeSandbox } from '../mocks/node.ts'

/** The same handlers under MSW's setupServer, driven with the real global fetch and production URLs. */
let n: NodeSandbox
beforeAll(async () => {
  n = await createNodeSandbox()
  n.server.listen({ onUnhandledRequest: 'bypass' })
})
afterAll(() => n.server.close())
beforeEach(() => n.sandbox.reset())

const token = (slug: string) => n.sandbox.tenant(slug)!.apiTokens.all()[0]!.token

describe('MSW setupServer runtime', () => {
  it('resolves the tenant from https://<slug>.orgo.space', async () => {
    const res = await fetch('https://globex.orgo.space/api/v1/me', {
      headers: { 'Api-Token': token('globex'), Accept: 'application/json' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-request-id')).toBeTruthy()
    expect(res.headers.get('x-sandbox-auth-method')).toBe('api-token')
    expect(await res.json()).toMatchObject({
      email: 'admin@globex.test',
      tenant: { id: n.sandbox.tenant('globex')!.tenant.id, name: 'Globex Corporation', slug: 'globex' },
    })
    // Where the tenant is served, as the production host names it.
    const lookup = await fetch('https://app.orgo.space/api/v1/tenant-host/globex')
    expect(await lookup.json()).toEqual({ slug: 'globex', host: 'globex.orgo.space' })
  })

  it('password login and the same envelope errors as the standalone server', async () => {
    const login = await fetch('https://acme.orgo.space/api/v1/login-check', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin@acme.test', password: 'password' }),
    })
    const { token: jwt } = (await login.json()) as { token: string }
    expect(
      (
        await fetch('https://acme.orgo.space/api/v1/contacts', {
          headers: { Authorization: `Bearer ${jwt}` },
        })
      ).status,
    ).toBe(200)
    const cross = await fetch('https://globex.orgo.space/api/v1/me', {
      headers: { Authorization: `Bearer ${jwt}` },
    })
    expect(cross.status).toBe(401)
    expect(cross.headers.get('www-authenticate')).toBe('Bearer')
    expect(await cross.json()).toEqual({ title: 'Unauthorized', detail: 'Invalid JWT Token', status: 401 })
  })

  it('unknown paths on a sandbox host are 404/405 in the envelope', async () => {
    const missing = await fetch('https://acme.orgo.space/api/v1/unknown')
    expect(await missing.json()).toEqual({
      title: 'Not Found',
      detail: 'No route found for "GET https://acme.orgo.space/api/v1/unknown"',
      status: 404,
    })
    const wrong = await fetch('https://acme.orgo.space/api/v1/me', { method: 'DELETE' })
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('GET')
  })
})
