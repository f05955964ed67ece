import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNodeSandbox, type SandboxTestApi } from 'orgo-sandbox/node'

// The README's "Vitest: concurrent tests": MSW's server.boundary(), with a sandbox of its own per boundary.

const { server, sandbox } = await createNodeSandbox()

describe('server.boundary(): concurrent tests, each with its own sandbox', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())
  // Two tests that overlap for sure: B checks while A's scenario is on, then A checks after B is done.
  let aEnabled!: () => void
  let bChecked!: () => void
  const aIsOn = new Promise<void>((resolve) => (aEnabled = resolve))
  const bIsDone = new Promise<void>((resolve) => (bChecked = resolve))
  let aScenarios: SandboxTestApi['scenarios'] | undefined

  describe.concurrent('two tests at once', () => {
    it(
      'A switches server-error on for /me and sees it',
      server.boundary(async () => {
        await sandbox.scenarios.use('server-error', { path: '/api/v1/me' })
        aScenarios = sandbox.scenarios
        aEnabled()
        await bIsDone
        expect((await me(sandbox.tokens.seeded().rw)).status).toBe(500)
        expect(sandbox.scenarios.active().map((a) => a.name)).toEqual(['server-error'])
        // Answered by A's own sandbox: its log holds A's request and nothing of B's.
        expect(sandbox.requests().map((r) => `${r.path} ${r.status}`)).toEqual(['/api/v1/me 500'])
      }),
    )

    it(
      'B, at the same moment, sees no scenario and a 200',
      server.boundary(async () => {
        await aIsOn
        // A's scenario is on right now, in A's sandbox...
        expect(aScenarios!.active().map((a) => a.name)).toEqual(['server-error'])
        // ...and not in B's.
        expect(sandbox.scenarios.active()).toEqual([])
        const res = await me(sandbox.tokens.seeded().rw)
        expect(res.status).toBe(200)
        expect(sandbox.requests().map((r) => `${r.path} ${r.status}`)).toEqual(['/api/v1/me 200'])
        bChecked()
      }),
    )
  })

  it('outside any boundary, the instance itself never saw either', async () => {
    expect(sandbox.scenarios.active()).toEqual([])
    expect(sandbox.requests()).toEqual([])
    expect(aScenarios).toBeDefined()
    expect((await me(sandbox.tokens.seeded().rw)).status).toBe(200)
  })
})

const me = (token: string) => fetch('https://acme.orgo.space/api/v1/me', { headers: { 'Api-Token': token } })
