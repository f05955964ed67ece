import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'

// Findings L5: RFC 7515 base64url has one spelling per token; padding and stray low bits are refused.
let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())

it('L5: a JWT with padding or non-zero unused bits is an Invalid JWT Token', async () => {
  const { token } = await s.login('member@acme.test')
  const me = (jwt: string) => s.call({ path: '/api/v1/me', headers: { Authorization: `Bearer ${jwt}` } })
  expect((await me(token)).status).toBe(200)
  expect((await me(`${token}==`)).json).toMatchObject({ status: 401, detail: 'Invalid JWT Token' })
  // The signature's last character carries unused low bits: flip one and the bytes stay the same.
  const last = token.at(-1)!
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  const sibling = alphabet[alphabet.indexOf(last) ^ 1]!
  expect((await me(token.slice(0, -1) + sibling)).status).toBe(401)
})
