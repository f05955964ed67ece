import { afterAll, beforeAll } from 'vitest'
import { describeAuthMatrix } from './auth-matrix-table.ts'
import { startTestServer, type TestServer } from './helpers.ts'

// The shared endpoint x credential table against the standalone server, over real HTTP to acme.localhost.
let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())

describeAuthMatrix('acme.localhost (standalone server)', () => ({
  sandbox: s.sandbox,
  call: (input) => s.call(input),
  tokens: (slug) => s.tokens(slug),
  login: (email) => s.login(email),
}))
