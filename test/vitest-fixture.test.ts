import { test as base, describe, expect } from 'vitest'
import { createNodeSandbox, type NodeSandbox, type SandboxTestApi } from 'orgo-sandbox/node'

// The README's Vitest fixture, as written there: `test.extend` over orgo-sandbox/node, reset before each test.
// (Concurrent tests: test/vitest-boundary.test.ts; one MSW server a file, so the two never share a process.)

// README: "Vitest: a fixture" (start)
const test = base.extend<{ orgo: NodeSandbox; sandbox: SandboxTestApi }>({
  // One sandbox and one MSW server for the file, listening before its first test.
  orgo: [
    // Vitest reads a fixture's dependencies from this pattern: empty, none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const orgo = await createNodeSandbox()
      orgo.server.listen({ onUnhandledRequest: 'error' })
      await use(orgo)
      orgo.server.close()
    },
    { scope: 'file' },
  ],
  // Each test starts from the seed: scenarios off, clock real, outbox empty (a few ms: npm run bench:isolation).
  sandbox: [
    async ({ orgo }, use) => {
      await orgo.sandbox.reset()
      await use(orgo.sandbox)
    },
    { auto: true },
  ],
})
// README: "Vitest: a fixture" (end)

const me = (token: string) => fetch('https://acme.orgo.space/api/v1/me', { headers: { 'Api-Token': token } })

describe('the Vitest fixture', () => {
  test('a test breaks /me with a scenario and moves the clock', async ({ sandbox }) => {
    await sandbox.scenarios.use('server-error', { path: '/api/v1/me' })
    sandbox.clock.advance('1d')
    await fetch('https://acme.orgo.space/api/v1/request-login-otp', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'member@acme.test' }),
    })
    expect(sandbox.otp.latest('member@acme.test').otp).toMatch(/^\d{6}$/)
    const res = await me(sandbox.tokens.seeded().rw)
    expect([res.status, (await res.json()).detail]).toEqual([
      500,
      'Internal Server Error (scenario server-error).',
    ])
  })

  test('the next one starts from the seed: no scenario, the clock real, the code of the last test gone', async ({
    sandbox,
  }) => {
    expect(sandbox.scenarios.active()).toEqual([])
    expect(sandbox.otp.all()).toEqual([])
    expect(Math.abs(sandbox.clock.now().getTime() - Date.now())).toBeLessThan(5_000)
    const res = await me(sandbox.tokens.seeded().rw)
    expect(res.status).toBe(200)
    expect((await res.json()).email).toBe('admin@acme.test')
  })
})
