// The Storybook recipe (storybook/.storybook/preview.ts) in Debian's Chromium: each story rendered from a Vite
// build of the page, the Orgo API answered by the sandbox's service worker through msw-storybook-addon.
import { expect, test } from '@playwright/test'
import type {} from './storybook/render-story.ts'

const card = (page: import('@playwright/test').Page) => page.locator('#storybook-root p')

test('SignedIn: the sandbox answers /me through the addon', async ({ page }) => {
  await page.goto('/?story=SignedIn')
  await expect(card(page)).toHaveText('Signed in as Ada Admin')
  await expect(card(page)).toHaveAttribute('data-status', '200')
})

test('Maintenance: a sandbox scenario for one story', async ({ page }) => {
  await page.goto('/?story=Maintenance')
  await expect(card(page)).toHaveText('Orgo is down for maintenance. Try again in 120 seconds. (503)')
})

test("Overridden: the story's parameters.msw handler comes first", async ({ page }) => {
  await page.goto('/?story=Overridden')
  await expect(card(page)).toHaveText('Signed in as Story Override')
})

test('switching stories in one tab: the last scenario and the last override are gone', async ({ page }) => {
  await page.goto('/?story=Maintenance')
  await expect(card(page)).toHaveAttribute('data-status', '503')
  // The same page, worker and sandbox, as Storybook switches stories: the preview's reset turned it off.
  await page.evaluate(() => window.renderStory('SignedIn'))
  await expect(card(page)).toHaveText('Signed in as Ada Admin')
  await page.evaluate(() => window.renderStory('Overridden'))
  await expect(card(page)).toHaveText('Signed in as Story Override')
  // The addon reset the handlers: the sandbox answers again.
  await page.evaluate(() => window.renderStory('SignedIn'))
  await expect(card(page)).toHaveText('Signed in as Ada Admin')
  expect(await page.evaluate(() => window.orgoSandbox.scenarios.active())).toEqual([])
})
