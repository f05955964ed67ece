import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// The example app against the standalone sandbox, started by Playwright's webServer: `npx orgo-sandbox --no-ui`
// (ready when /__sandbox/health answers), then the app built to talk to http://acme.localhost:<port>.
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010)
const appPort = Number(process.env.WEB_APP_PORT ?? 5173)
const DEBIAN_CHROMIUM = '/usr/bin/chromium'
// The app as an OAuth client of acme, registered at start-up (and again after every reset).
const oauthApp = `name=Example web app,client_id=example-web-app,redirect=http://localhost:${appPort}/callback,scopes=profile email roles`

export default defineConfig({
  testDir: 'e2e-server',
  workers: 1,
  use: {
    baseURL: `http://localhost:${appPort}`,
    launchOptions: { executablePath: existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined },
  },
  webServer: [
    {
      // In your project `npx orgo-sandbox`; inside this repository, where the package is not installed, `npx sandbox`.
      command: `npx sandbox --no-ui --port ${sandboxPort} --oauth-app "${oauthApp}"`,
      url: `http://127.0.0.1:${sandboxPort}/__sandbox/health`,
      reuseExistingServer: !process.env.CI,
    },
    {
      command: `npx tsx start.ts --mode server --issuer http://acme.localhost:${sandboxPort} --port ${appPort}`,
      cwd: import.meta.dirname,
      url: `http://127.0.0.1:${appPort}/`,
      reuseExistingServer: !process.env.CI,
    },
  ],
})
