import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium } from './chromium.ts'
import { startTestServer, type TestServer } from './helpers.ts'

/**
 * Issue 12, done when: "a page on https://evil.example can neither read nor change anything". A real Chromium
 * opens a page served as http://evil.example (the resolver maps the name to loopback) and tries what findings
 * H1, H2 and M8 did: read the control API, flip a scenario, reset, read the sign-in page.
 */
let s: TestServer
let evil: Server
let browser: Browser
beforeAll(async () => {
  s = await startTestServer()
  evil = createServer((_req, res) => res.end('<!doctype html><title>evil</title>'))
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve))
  browser = await launchChromium(['--host-resolver-rules=MAP evil.example 127.0.0.1'])
})
afterAll(async () => {
  await browser?.close()
  evil.close()
  await s.close()
})

it('a page on evil.example reads nothing and changes nothing', async () => {
  const page = await browser.newPage()
  await page.goto(`http://evil.example:${(evil.address() as AddressInfo).port}/`)
  const target = `http://127.0.0.1:${s.port}`
  const app = s.sandbox.tenant('acme')!.oauthApps.all()[0]!
  const authorize = `http://acme.localhost:${s.port}/oauth/authorize?client_id=${app.clientId}&redirect_uri=${encodeURIComponent(app.redirectUris[0]!)}&response_type=code&scope=profile&state=x`
  const outcome = await page.evaluate(
    async ({ target, authorize }) => {
      const attempt = async (url: string, init?: RequestInit) => {
        try {
          const res = await fetch(url, init)
          return `read ${res.status}: ${(await res.text()).slice(0, 40)}`
        } catch {
          return 'blocked'
        }
      }
      return {
        state: await attempt(`${target}/__sandbox/state`),
        token: await attempt(`${target}/__sandbox/api-tokens`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        }),
        // Simple requests need no preflight: the browser sends them, the sandbox must refuse them itself.
        scenario: await attempt(`${target}/__sandbox/scenarios/maintenance`, {
          method: 'POST',
          mode: 'no-cors',
        }),
        reset: await attempt(`${target}/__sandbox/reset`, { method: 'POST', mode: 'no-cors' }),
        signIn: await attempt(authorize),
      }
    },
    { target, authorize },
  )
  expect(outcome).toEqual({
    state: 'blocked',
    token: 'blocked',
    scenario: 'read 0: ',
    reset: 'read 0: ',
    signIn: 'blocked',
  })
  // The no-cors POSTs reached the server: it refused them, so nothing changed.
  const state = (await s.call({ path: '/__sandbox/state' })).json
  expect(state.scenarios).toEqual([])
  const refused = s.sandbox.feed
    .requests()
    .filter((r) => r.path.startsWith('/__sandbox/') && r.status === 403)
  expect(refused.map((r) => r.path)).toEqual(
    expect.arrayContaining(['/__sandbox/scenarios/maintenance', '/__sandbox/reset']),
  )
})
