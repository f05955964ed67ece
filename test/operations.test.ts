import { afterAll, beforeAll } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'
import { describeOperations } from './operations-table.ts'

// The table of test/operations-table.ts against the standalone server, over real HTTP.
let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())

describeOperations('standalone server', () => ({
  sandbox: s.sandbox,
  call: (input) => s.call(input),
  tokens: (slug) => s.tokens(slug),
}))
