import { expect, test } from 'orgo-sandbox/playwright'
import type { Page } from '@playwright/test'

// The example app signs in three ways with real navigations; Orgo is orgo-sandbox in this test process.

test.use({
  // The app registered as an OAuth client of acme, as an Orgo admin would; its redirect URI is this run's port.
  sandboxOptions: async ({ baseURL }, use) =>
    use({
      oauthApps: [
        {
          tenant: 'acme',
          name: 'Example web app',
          clientId: 'example-web-app',
          redirectUris: [`${baseURL}/callback`],
          scopes: ['profile', 'email', 'roles'],
        },
      ],
    }),
})

test.beforeEach(async ({ page }) => {
  await page.goto('/')
  await expect(page.locator('#status')).toHaveText('Ready.')
})

async function signInWithPassword(page: Page, email: string, password = 'password'): Promise<void> {
  const form = page.locator('#password-form')
  await form.getByLabel('Email').fill(email)
  await form.getByLabel('Password').fill(password)
  await form.getByRole('button', { name: 'Sign in' }).click()
}

const me = async (page: Page) => JSON.parse(await page.locator('#me').innerText()) as Record<string, unknown>

test('signs in with a password, shows /api/v1/me and lists the contacts', async ({ page }) => {
  await signInWithPassword(page, 'admin@acme.test', 'wrong')
  await expect(page.locator('#error')).toHaveText('Invalid credentials. (401)')
  await signInWithPassword(page, 'admin@acme.test')
  await expect(page.locator('#who')).toHaveText('Signed in as Ada Admin (admin@acme.test) via password')
  const shown = await me(page)
  expect(shown).toMatchObject({
    email: 'admin@acme.test',
    tenant: { name: 'Acme Corporation', slug: 'acme' },
  })
  expect(shown.permissions).toContainEqual({ domain: 'HR', scope: 'TENANT', localCenter: null })
  // The first page of the contacts: 20 of 25, each shown by its one name and email.
  await expect(page.locator('#contacts li')).toHaveCount(20)
  for (const text of await page.locator('#contacts li').allInnerTexts())
    expect(text).toMatch(/^\S.* <[^<>\s]+@example\.acme\.test>$/)
})

test('signs in with the one-time code from the sandbox outbox', async ({ page, sandbox }) => {
  await page.getByLabel('Email for a code').fill('member@acme.test')
  await page.getByRole('button', { name: 'Email me a code' }).click()
  await expect(page.locator('#status')).toHaveText('A code was sent to member@acme.test.')
  const code = sandbox.otp.latest('member@acme.test').otp
  expect(code).toMatch(/^\d{6}$/)
  expect(sandbox.outbox.latest({ to: 'member@acme.test' })?.kind).toBe('login-otp')
  await page.getByLabel('Code', { exact: true }).fill(code)
  await page.getByRole('button', { name: 'Verify code' }).click()
  await expect(page.locator('#who')).toHaveText(
    'Signed in as Max Member (member@acme.test) via one-time code',
  )
  expect(await me(page)).toMatchObject({ email: 'member@acme.test', permissions: [] })
  // A member holds no HR or FINANCIAL permission: the app shows the API's refusal as it is.
  await expect(page.locator('#contacts-error')).toHaveText('Access Denied. (403)')
  await expect(page.locator('#contacts li')).toHaveCount(0)
})

test('"Log in with Orgo": redirected to the sign-in page, signs in, allows, back in the app signed in', async ({
  page,
  sandbox,
  baseURL,
}) => {
  await page.getByRole('button', { name: 'Log in with Orgo' }).click()
  // A top-level navigation to Orgo: the sandbox's page, loaded as a page.
  await expect(page).toHaveURL(/^https:\/\/acme\.orgo\.space\/oauth\/authorize\?/)
  const authorize = new URL(page.url())
  expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
    client_id: 'example-web-app',
    redirect_uri: `${baseURL}/callback`,
    response_type: 'code',
    scope: 'profile email roles',
    code_challenge_method: 'S256',
  })
  await expect(page.locator('h1')).toHaveText('Sign in to continue to Example web app')
  await page.getByLabel('Email').fill('admin@acme.test')
  await page.getByLabel('Password').fill('password')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.locator('h1')).toHaveText('Example web app wants to access your Acme Corporation account')
  await expect(page.locator('ul.scopes li')).toHaveText([
    'See your name and profile picture',
    'See your email address',
    'See your roles in Acme Corporation (user, member, admin)',
  ])
  await page.getByRole('button', { name: 'Allow' }).click()
  // Orgo's 302 to /callback, the code redeemed there, the URL left clean.
  await expect(page.locator('#who')).toHaveText(
    'Signed in as Ada Admin (admin@acme.test) via Log in with Orgo',
  )
  await expect(page).toHaveURL(`${baseURL}/`)
  expect(await me(page)).toMatchObject({ email: 'admin@acme.test', fullName: 'Ada Admin' })
  // Orgo's OAuth tokens act for their user on the whole API: the admin's lists the contacts.
  await expect(page.locator('#contacts li')).toHaveCount(20)
  await expect(page.locator('dialog, iframe')).toHaveCount(0)
  // Each step was a request of the page itself, answered by this test's sandbox.
  expect(
    sandbox
      .requests()
      .filter((r) => r.path.startsWith('/oauth/'))
      .map((r) => `${r.method} ${r.path} ${r.status}`),
  ).toEqual([
    'GET /oauth/authorize 200',
    'POST /oauth/authorize/sign-in 200',
    'POST /oauth/authorize/consent 302',
    'POST /oauth/token 200',
  ])
})

test('a denied "Log in with Orgo" lands back in the app with the error, signed out', async ({ page }) => {
  await page.getByRole('button', { name: 'Log in with Orgo' }).click()
  await page.getByRole('button', { name: /Max Member/ }).click()
  await page.getByRole('button', { name: 'Deny' }).click()
  await expect(page.locator('#error')).toHaveText('The user denied the request.')
  await expect(page.locator('#signed-out')).toBeVisible()
  await expect(page.locator('#signed-in')).toBeHidden()
})

test('a scenario breaks the contacts and switching it off heals them; an expired JWT signs the user out', async ({
  page,
  sandbox,
}) => {
  await signInWithPassword(page, 'admin@acme.test')
  await expect(page.locator('#contacts li')).toHaveCount(20)
  await sandbox.scenarios.use('server-error', { path: '/api/v1/contacts*' })
  await page.getByRole('button', { name: 'Reload contacts' }).click()
  await expect(page.locator('#contacts-error')).toHaveText(
    'Internal Server Error (scenario server-error). (500)',
  )
  await expect(page.locator('#contacts li')).toHaveCount(0)
  await sandbox.scenarios.off('server-error')
  await page.getByRole('button', { name: 'Reload contacts' }).click()
  await expect(page.locator('#contacts li')).toHaveCount(20)

  sandbox.clock.advance('12d')
  await page.getByRole('button', { name: 'Reload contacts' }).click()
  await expect(page.locator('#error')).toHaveText('Expired JWT Token (401)')
  await expect(page.locator('#password-form')).toBeVisible()
})
