import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { expectAllPassed, runPlaywright } from './playwright/run.ts'

// orgo-sandbox/playwright's own Playwright Test suite (test/playwright/), run as `npx playwright test` from npm test.

it(
  'orgo-sandbox/playwright: a sandbox per test, navigations and forms answered in process',
  { timeout: 300_000 },
  async () => {
    const run = await runPlaywright(
      fileURLToPath(new URL('playwright/playwright.config.ts', import.meta.url)),
    )
    expectAllPassed(
      run,
      [
        'a test changes state: a minted token, a scenario, the clock, a contact',
        'the next test sees none of it',
        'reset() goes back to the seed within a test',
        '"Log in with Orgo" as navigations: the sign-in and consent pages load, the forms post, the 302 lands on the app',
        'a foreign page cannot post the sign-in form: refused, nothing signed in',
        'the clock expires a session the page holds',
        'apply to every test of the block: a fixed OTP code',
        "a contact the page creates is delivered as a webhook to a real receiver in the test's process",
      ],
      expect,
    )
  },
)
