import { setupWorker, type SetupWorker } from 'msw/browser'
import type { SandboxOptions } from './core.ts'
import { createInProcessSandbox } from './in-process.ts'
import type { SandboxTestApi } from './test-api.ts'

export type { SandboxOptions } from './core.ts'
export type * from './test-api.ts'

export interface BrowserSandbox {
  /**
   * MSW's setupWorker over the sandbox's handlers: `await worker.start()` before the app's first request.
   * Needs `mockServiceWorker.js` at the site's root: `npx sandbox init-worker <publicDir>`.
   */
  worker: SetupWorker
  /** The test API: `sandbox.otp.latest(email)`, `sandbox.scenarios.use(name)`, `sandbox.reset()`, ... */
  sandbox: SandboxTestApi
}

/**
 * `orgo-sandbox/browser`: the sandbox inside the page, no server; `fetch('https://acme.orgo.space/api/v1/me')` is
 * answered through the service worker from this page's state, so a full page load starts from the seed again.
 * An option it does not know rejects with the allowed ones and the nearest, as in `createNodeSandbox()`.
 */
export async function createBrowserSandbox(options: SandboxOptions = {}): Promise<BrowserSandbox> {
  const { handlers, sandbox } = await createInProcessSandbox(options)
  return { worker: setupWorker(...handlers), sandbox }
}
