import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// sandbox.fetch() and the routed request fixtures (run from npm test by test/playwright-fetch.test.ts).
const DEBIAN_CHROMIUM = '/usr/bin/chromium'

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  workers: 1,
  use: {
    launchOptions: {
      // Debian's Chromium where it is installed (this project's CI), else Playwright's own.
      executablePath: existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined,
      // Nothing resolves: every answer below comes from page.route, none from a network.
      args: ['--host-resolver-rules=MAP * ~NOTFOUND'],
    },
  },
})
