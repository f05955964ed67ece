import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// The example app under Playwright Test with orgo-sandbox/playwright: the app is a production build served by
// its own static server (webServer); Orgo, https://acme.orgo.space, is answered in the test process.
const port = Number(process.env.WEB_APP_PORT ?? 5174)
// Debian's Chromium where it is installed (this project's CI); otherwise Playwright's own browser.
const DEBIAN_CHROMIUM = '/usr/bin/chromium'

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: {
      executablePath: existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined,
      // Only localhost resolves: no request could reach a real API, or the real Orgo.
      args: ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost'],
    },
  },
  webServer: {
    command: `npx tsx start.ts --mode production --port ${port}`,
    cwd: import.meta.dirname,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
  },
})
