import { defineConfig } from '@playwright/test'

// Debian's Chromium, never a downloaded browser (this test opens none, but the config says where it is).
export default defineConfig({
  testMatch: 'playwright.spec.ts',
  use: { launchOptions: { executablePath: '/usr/bin/chromium' } },
})
