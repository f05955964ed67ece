// The README's Storybook recipe: msw-storybook-addon's loader, with the sandbox's worker as MSW.
import { mswLoader } from 'msw-storybook-addon/csf3'
import { createBrowserSandbox, type SandboxTestApi } from 'orgo-sandbox/browser'

declare global {
  interface Window {
    orgoSandbox: SandboxTestApi
  }
}

export default {
  loaders: [
    // Once per Storybook tab: the whole Orgo API in the service worker; a story's `parameters.msw` handlers
    // are prepended for that story and reset after it (the addon's own behaviour).
    mswLoader(async () => {
      const { worker, sandbox } = await createBrowserSandbox()
      await worker.start({ onUnhandledRequest: 'bypass', quiet: true })
      window.orgoSandbox = sandbox
      return worker
    }),
  ],
  // Every story starts from the seed: scenarios off, clock real, outbox empty (a few ms).
  beforeEach: async () => {
    await window.orgoSandbox.reset()
  },
}
