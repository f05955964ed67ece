import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { MAX_LIVE_FLOWS } from '../mocks/auth/oauth.ts'
import { seededApp } from './oauth-flow.ts'
import { startTestServer, type TestServer } from './helpers.ts'

let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())

it('L8: sign-in pages nobody finishes are capped per tenant, the newest kept', async () => {
  const app = seededApp(s)
  const query = new URLSearchParams({
    client_id: app.clientId,
    redirect_uri: app.redirectUris[0]!,
    response_type: 'code',
    scope: 'profile',
    state: 's',
  })
  let last = ''
  for (let i = 0; i < MAX_LIVE_FLOWS + 100; i++) {
    const page = await s.call({ path: `/oauth/authorize?${query}` })
    expect(page.status).toBe(200)
    last = /name="flow" value="([^"]+)"/.exec(page.text)![1]!
  }
  const flows = s.sandbox.tenant('acme')!.oauthFlows
  expect(flows.count()).toBeLessThanOrEqual(MAX_LIVE_FLOWS)
  expect(flows.get(last)).toBeDefined()
})

it('L3: --host takes loopback addresses only; a name that starts with 127. is not one', () => {
  const run = spawnSync(process.execPath, ['bin/sandbox.js', '--no-ui', '--host', '127.evil.invalid'], {
    encoding: 'utf8',
    timeout: 20_000,
  })
  expect(run.status).toBe(2)
  expect(run.stderr).toContain('--host 127.evil.invalid is not loopback: add --allow-remote')
})
