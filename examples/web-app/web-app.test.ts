import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { expectAllPassed, freePort, runPlaywright } from '../../test/playwright/run.ts'

// The example's Playwright Test suite (e2e/, orgo-sandbox/playwright), run as `npx playwright test` from npm test.

it(
  'the example app signs in three ways with real navigations under Playwright Test',
  { timeout: 300_000 },
  async () => {
    const config = fileURLToPath(new URL('playwright.config.ts', import.meta.url))
    const run = await runPlaywright(config, { WEB_APP_PORT: String(await freePort()), CI: '1' })
    expectAllPassed(
      run,
      [
        'signs in with a password, shows /api/v1/me and lists the contacts',
        'signs in with the one-time code from the sandbox outbox',
        '"Log in with Orgo": redirected to the sign-in page, signs in, allows, back in the app signed in',
        'a denied "Log in with Orgo" lands back in the app with the error, signed out',
        'a scenario breaks the contacts and switching it off heals them; an expired JWT signs the user out',
      ],
      expect,
    )
  },
)

it('the same app against `npx sandbox`, started by Playwright webServer', { timeout: 300_000 }, async () => {
  const config = fileURLToPath(new URL('playwright.server.config.ts', import.meta.url))
  const run = await runPlaywright(config, {
    SANDBOX_PORT: String(await freePort()),
    WEB_APP_PORT: String(await freePort()),
    CI: '1',
  })
  expectAllPassed(
    run,
    [
      '"Log in with Orgo" against the standalone sandbox: its pages, then back in the app signed in',
      'a one-time code read from GET /__sandbox/otp',
    ],
    expect,
  )
})
