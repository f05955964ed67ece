import { expect, test } from '@playwright/test'

// The example app against `npx orgo-sandbox` (playwright.server.config.ts): the test drives the sandbox through
// its control API over HTTP, as it would from any language.

const SANDBOX = `http://127.0.0.1:${process.env.SANDBOX_PORT ?? 4010}`

test.beforeEach(async ({ page, request }) => {
  expect((await request.post(`${SANDBOX}/__sandbox/reset`)).status()).toBe(204)
  await page.goto('/')
  await expect(page.locator('#status')).toHaveText('Ready.')
})

test('"Log in with Orgo" against the standalone sandbox: its pages, then back in the app signed in', async ({
  page,
  baseURL,
}) => {
  await page.getByRole('button', { name: 'Log in with Orgo' }).click()
  await expect(page).toHaveURL(/^http:\/\/acme\.localhost:\d+\/oauth\/authorize\?/)
  await page.getByLabel('Email').fill('admin@acme.test')
  await page.getByLabel('Password').fill('password')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.getByRole('button', { name: 'Allow' }).click()
  await expect(page.locator('#who')).toHaveText(
    'Signed in as Ada Admin (admin@acme.test) via Log in with Orgo',
  )
  await expect(page).toHaveURL(`${baseURL}/`)
  await expect(page.locator('#contacts li')).toHaveCount(20)
})

test('a one-time code read from GET /__sandbox/otp', async ({ page, request }) => {
  await page.getByLabel('Email for a code').fill('member@acme.test')
  await page.getByRole('button', { name: 'Email me a code' }).click()
  await expect(page.locator('#status')).toHaveText('A code was sent to member@acme.test.')
  const { otp } = (await (await request.get(`${SANDBOX}/__sandbox/otp?email=member@acme.test`)).json()) as {
    otp: string
  }
  await page.getByLabel('Code', { exact: true }).fill(otp)
  await page.getByRole('button', { name: 'Verify code' }).click()
  await expect(page.locator('#who')).toHaveText(
    'Signed in as Max Member (member@acme.test) via one-time code',
  )
})
