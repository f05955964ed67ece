import { defineConfig } from '@playwright/test'

// Debian's Chromium, never a downloaded browser: playwright.spec.ts opens none, playwright-fixture.spec.ts
// (orgo-sandbox/playwright) opens pages in it.
export default defineConfig({
  testMatch: ['playwright.spec.ts', 'playwright-fixture.spec.ts'],
  workers: 1,
  use: { launchOptions: { executablePath: '/usr/bin/chromium' } },
})
