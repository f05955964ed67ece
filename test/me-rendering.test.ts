import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'

// `/me` is rendered once and reused while nothing changes (issue 13); these are the changes it must see.
let t: TestServer
let token: string
const me = (headers: Record<string, string> = {}) =>
  t.call({ path: '/api/v1/me', headers: { 'api-token': token, ...headers } })

beforeAll(async () => {
  t = await startTestServer()
  token = t.tokens('acme').rw
})
afterAll(() => t.close())

describe('GET /api/v1/me, rendered once and reused', () => {
  it('shows a change to the user at once', async () => {
    expect((await me()).json.firstName).toBe('Ada')
    const patched = await t.call({
      method: 'PATCH',
      path: '/api/v1/users/1',
      headers: { 'api-token': token, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ firstName: 'Augusta' }),
    })
    expect(patched.status).toBe(200)
    const after = (await me()).json
    expect([after.firstName, after.fullName]).toEqual(['Augusta', 'Augusta Admin'])
  })

  it('answers each format in its own shape', async () => {
    expect((await me()).json['@id']).toBe('/api/v1/users/1')
    expect((await me({ accept: 'application/json' })).json['@id']).toBeUndefined()
    expect((await me()).json['@id']).toBe('/api/v1/users/1')
  })

  it('has the age move on when the clock passes a birthday', async () => {
    const clock = (body: unknown) => t.call({ method: 'POST', path: '/__sandbox/clock', body })
    expect((await clock({ set: '2026-06-14T12:00:00Z' })).status).toBe(200)
    await t.call({
      method: 'PATCH',
      path: '/api/v1/users/1',
      headers: { 'api-token': token, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ dateBirth: '1996-06-15T00:00:00+00:00' }),
    })
    expect((await me()).json.age).toBe(29)
    await clock({ advance: '1d' })
    expect((await me()).json.age).toBe(30)
    await clock({ real: true })
  })

  it('gives each request its own headers', async () => {
    const [a, b] = await Promise.all([me(), me()])
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id'])
    expect(a.headers['x-sandbox-auth-method']).toBe('api-token')
  })
})
