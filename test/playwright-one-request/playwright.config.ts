import { defineConfig } from '@playwright/test'
import base from '../playwright/playwright.config.ts'

// The fixture suite's settings (Debian's Chromium, nothing resolves), over this folder's spec only: run by
// test/one-request-faults.test.ts, apart from test/playwright/ whose titles test/playwright.test.ts lists.
export default defineConfig({ ...base, testDir: import.meta.dirname })
