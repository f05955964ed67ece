import { defineNetworkFixture, type NetworkFixture } from '@msw/playwright'
import {
  test as base,
  expect,
  type PlaywrightTestArgs,
  type PlaywrightTestOptions,
  type PlaywrightWorkerArgs,
  type PlaywrightWorkerOptions,
  type Request,
  type Route,
  type TestType,
} from '@playwright/test'
import type { HttpHandler } from 'msw'
import type { SandboxOptions } from './core.ts'
import { createInProcessSandbox } from './in-process.ts'
import type { SandboxTestApi } from './test-api.ts'
import { nodeTransport } from './webhooks/transport-node.ts'

export { expect }
export type { NetworkFixture } from '@msw/playwright'
export type { SandboxOptions } from './core.ts'
export type * from './test-api.ts'

export interface SandboxFixtures {
  /**
   * The options of every test's sandbox (seed, otpCode, oauthApps, scenarios, ...), as for createNodeSandbox():
   * `test.use({ sandboxOptions: { oauthApps: [{ name: 'My app', redirectUris: ['http://localhost:5173/callback'] }] } })`.
   * A key it does not know fails the test's set-up, naming the allowed keys and the nearest.
   */
  sandboxOptions: SandboxOptions
  /** This test's own sandbox, seeded afresh: `sandbox.otp.latest(email)`, `sandbox.scenarios.use(name)`, ... */
  sandbox: SandboxTestApi
  /**
   * `@msw/playwright`'s network fixture over the test's browser context, the sandbox's handler first:
   * `network.use(http.get('https://api.example.test/x', ...))` mocks the app's other APIs the MSW way.
   */
  network: NetworkFixture
}

/**
 * Chromium adds the Fetch Metadata headers (W3C Fetch Metadata 2.1 `Sec-Fetch-Site`) after `page.route()` has
 * seen a request, so the sandbox would see a form of its own sign-in pages (`Referrer-Policy: no-referrer`, hence
 * `Origin: null`) without the `Sec-Fetch-Site: same-origin` that tells it from a foreign page's (mocks/http/origin.ts).
 * Only that value is restored, and only when the sending frame's document is on the request's own origin: any
 * other `Origin: null` stays refused, as it is on the wire.
 */
async function restoreSameOrigin(route: Route, request: Request): Promise<void> {
  const headers = request.headers()
  if (headers['origin'] !== 'null' || headers['sec-fetch-site'] !== undefined) return route.fallback()
  let sender: string | undefined
  try {
    sender = request.frame().url()
  } catch {
    // A service worker's request has no frame: nothing to restore.
  }
  const sameOrigin =
    sender !== undefined && URL.canParse(sender) && new URL(sender).origin === new URL(request.url()).origin
  return route.fallback(sameOrigin ? { headers: { ...headers, 'sec-fetch-site': 'same-origin' } } : undefined)
}

interface InstanceFixture {
  _orgoSandbox: { handlers: HttpHandler[]; sandbox: SandboxTestApi }
}

/**
 * `orgo-sandbox/playwright`: Playwright Test with the sandbox in the test process. Every request and navigation of
 * the test's browser context goes through `page.route()` (`@msw/playwright`): `https://<slug>.orgo.space` is
 * answered from this test's own sandbox (its sign-in pages load as pages, their forms post as forms, the 302 to
 * the app's callback is followed by the browser); anything else, the app's own pages included, goes to the network.
 */
export const test: TestType<
  PlaywrightTestArgs & PlaywrightTestOptions & SandboxFixtures & InstanceFixture,
  PlaywrightWorkerArgs & PlaywrightWorkerOptions
> = base.extend<SandboxFixtures & InstanceFixture>({
  sandboxOptions: [{}, { option: true }],
  // A fresh instance a test (a few ms: `npm run bench:isolation`), so nothing leaks between tests, the request
  // log and saved snapshots included, whatever runs in parallel in other workers.
  _orgoSandbox: async ({ sandboxOptions }, use) => {
    // The test runner's process delivers webhooks: over node:http, beside the page's routes.
    const instance = await createInProcessSandbox({ webhookTransport: nodeTransport, ...sandboxOptions })
    await use(instance)
    await instance.sandbox.core.close()
  },
  sandbox: async ({ _orgoSandbox }, use) => use(_orgoSandbox.sandbox),
  network: [
    async ({ context, _orgoSandbox }, use) => {
      const network = defineNetworkFixture({
        context,
        handlers: _orgoSandbox.handlers,
        // Other hosts (the app itself, a webServer) pass through untouched, as in orgo-sandbox/node.
        onUnhandledRequest: 'bypass',
        // MSW skips URLs ending in .json, .txt, ... as assets; a sandbox URL must be answered whatever its path.
        skipAssetRequests: false,
      })
      await network.enable()
      // Routes run last-registered first: this one sees each sandbox request before @msw/playwright does.
      const restore = (url: URL) => _orgoSandbox.sandbox.core.serves(url.host)
      await context.route(restore, restoreSameOrigin)
      await use(network)
      await context.unroute(restore, restoreSameOrigin)
      await network.disable()
    },
    // Auto: a test that never names `network` or `sandbox` still gets the Orgo API answered in process.
    { auto: true },
  ],
})
