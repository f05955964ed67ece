import { createBrowserSandbox, type SandboxTestApi } from 'orgo-sandbox/browser'

declare global {
  interface Window {
    /** The sandbox's test API, for a Playwright test's `page.evaluate()`; only in sandbox builds. */
    orgoSandbox?: SandboxTestApi
  }
}

/**
 * The Orgo API inside this page (`npm run dev` style): every request to https://<slug>.orgo.space is answered by
 * the service worker from the page's own seeded state, so a full page load starts from the seed again.
 */
export async function startSandbox(): Promise<void> {
  const { worker, sandbox } = await createBrowserSandbox()
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true })
  window.orgoSandbox = sandbox
}
