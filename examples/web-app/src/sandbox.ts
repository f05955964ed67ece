import { createBrowserSandbox, type SandboxTestApi } from 'orgo-sandbox/browser'
import type { OAuthClient } from './orgo-oauth.ts'

declare global {
  interface Window {
    /** The sandbox's test API, for a Playwright test's `page.evaluate()`; only in sandbox builds. */
    orgoSandbox?: SandboxTestApi
  }
}

/**
 * The whole Orgo API inside this page: every request to https://<slug>.orgo.space is answered by the service
 * worker from the page's own seeded state. Registers this app as an OAuth client of acme, as an Orgo admin would.
 */
export async function startSandbox(client: OAuthClient): Promise<void> {
  const { worker, sandbox } = await createBrowserSandbox({
    oauthApps: [
      {
        tenant: 'acme',
        name: 'Example web app',
        redirectUris: [client.redirectUri],
        scopes: client.scope.split(' '),
        clientId: client.clientId,
      },
    ],
  })
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true })
  window.orgoSandbox = sandbox
}
