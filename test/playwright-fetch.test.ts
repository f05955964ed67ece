import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { expectAllPassed, runPlaywright } from './playwright/run.ts'

// sandbox.fetch() and the request fixtures of orgo-sandbox/playwright (test/playwright-fetch/), run as
// `npx playwright test` from npm test (issue 27 item 4).

it('orgo-sandbox/playwright: a test body calls the in-process API', { timeout: 300_000 }, async () => {
  const run = await runPlaywright(
    fileURLToPath(new URL('playwright-fetch/playwright.config.ts', import.meta.url)),
  )
  expectAllPassed(
    run,
    [
      'sandbox.fetch() calls the in-process API with a session the test API minted',
      'the request fixture: JSON bodies, query params and an OAuth token, answered in process',
      'page.request goes to the same sandbox as the page',
      'a host the sandbox does not serve: sandbox.fetch() rejects, naming the served ones',
    ],
    expect,
  )
})
