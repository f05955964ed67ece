import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type BrowserContext, type Page, type Response } from 'playwright-core'
import { launchChromium } from '../../test/chromium.ts'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { buildWebApp } from './build.ts'
import { serveStatic, type StaticServer } from './static-server.ts'
import type {} from './src/sandbox.ts'

// The example app's `npm run dev` build in Chromium with only the service worker: a static file server, no
// sandbox server, and a resolver that knows no host but localhost, so nothing could reach a real API.

let outdir: string
let site: StaticServer
let browser: Browser
let context: BrowserContext
let page: Page
let apiResponses: Response[]

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'orgo-web-app-'))
  await buildWebApp(outdir)
  site = await serveStatic(outdir)
  browser = await launchChromium(['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost'])
  // One context: the worker registers once; each test's new page starts from the seed again.
  context = await browser.newContext()
})
afterAll(async () => {
  await browser?.close()
  await site?.close()
  if (outdir) rmSync(outdir, { recursive: true, force: true })
})
beforeEach(async () => {
  page = await context.newPage()
  apiResponses = []
  page.on('response', (response) => {
    if (new URL(response.url()).hostname.endsWith('.orgo.space')) apiResponses.push(response)
  })
  await page.goto(site.url)
  await eventually(() => page.locator('#status').innerText()).toBe('Sandbox: the Orgo API runs in this page.')
})
afterEach(async () => {
  // Every Orgo request was answered by the service worker (the test of the disabled button sends none).
  expect(apiResponses.filter((r) => !r.fromServiceWorker()).map((r) => r.url())).toEqual([])
  await page.close()
})

async function signInWithPassword(email: string, password = 'password'): Promise<void> {
  const form = page.locator('#password-form')
  await form.getByLabel('Email').fill(email)
  await form.getByLabel('Password').fill(password)
  await form.getByRole('button', { name: 'Sign in' }).click()
}

/** Playwright's locators do not wait for a text to change: poll until the app has rendered it. */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 })

const me = async () => JSON.parse(await page.locator('#me').innerText()) as Record<string, unknown>

describe('the example app with only the service worker (npm run dev)', { timeout: 60_000 }, () => {
  it('signs in with a password, shows /api/v1/me and lists the contacts', async () => {
    await signInWithPassword('admin@acme.test', 'wrong')
    await eventually(() => page.locator('#error').innerText()).toBe('Invalid credentials. (401)')
    await signInWithPassword('admin@acme.test')
    await eventually(() => page.locator('#who').innerText()).toBe(
      'Signed in as Ada Admin (admin@acme.test) via password',
    )
    const shown = await me()
    expect(shown).toMatchObject({
      email: 'admin@acme.test',
      tenant: { name: 'Acme Corporation', slug: 'acme' },
    })
    expect(shown.permissions).toContainEqual({ domain: 'HR', scope: 'TENANT', localCenter: null })
    expect(shown.authMethod).toBeUndefined()
    // The first page of the contacts: 20, each shown by its one name and email.
    await eventually(() => page.locator('#contacts li').count()).toBe(20)
    for (const text of await page.locator('#contacts li').allInnerTexts())
      expect(text).toMatch(/^\S.* <[^<>\s]+@example\.acme\.test>$/)
  })

  it('signs in with a one-time code read from the sandbox in the page', async () => {
    await page.getByLabel('Email for a code').fill('member@acme.test')
    await page.getByRole('button', { name: 'Email me a code' }).click()
    await eventually(() => page.locator('#status').innerText()).toBe('A code was sent to member@acme.test.')
    const code = await page.evaluate(() => window.orgoSandbox!.otp.latest('member@acme.test').otp)
    expect(code).toMatch(/^\d{6}$/)
    await page.getByLabel('Code', { exact: true }).fill(code)
    await page.getByRole('button', { name: 'Verify code' }).click()
    await eventually(() => page.locator('#who').innerText()).toBe(
      'Signed in as Max Member (member@acme.test) via one-time code',
    )
    expect(await me()).toMatchObject({ email: 'member@acme.test', permissions: [] })
    // A member holds no HR or FINANCIAL permission: the app shows the API's refusal as it is.
    await eventually(() => page.locator('#contacts-error').innerText()).toBe('Access Denied. (403)')
    expect(await page.locator('#contacts li').count()).toBe(0)
  })

  it('"Log in with Orgo" is off: a service worker never sees the navigations it needs', async () => {
    await expect(page.getByRole('button', { name: 'Log in with Orgo' }).isDisabled()).resolves.toBe(true)
    await expect(page.locator('#orgo-login-note').innerText()).resolves.toBe(
      'Needs real navigations: run the app against npx orgo-sandbox, or test it with orgo-sandbox/playwright.',
    )
  })

  it('a scenario breaks the contacts and switching it off heals them; an expired JWT signs the user out', async () => {
    await signInWithPassword('admin@acme.test')
    await eventually(() => page.locator('#contacts li').count()).toBe(20)
    await page.evaluate(() =>
      window.orgoSandbox!.scenarios.use('server-error', { path: '/api/v1/contacts*' }),
    )
    await page.getByRole('button', { name: 'Reload contacts' }).click()
    await eventually(() => page.locator('#contacts-error').innerText()).toBe(
      'Internal Server Error (scenario server-error). (500)',
    )
    await eventually(() => page.locator('#contacts li').count()).toBe(0)
    await page.evaluate(() => window.orgoSandbox!.scenarios.off('server-error'))
    await page.getByRole('button', { name: 'Reload contacts' }).click()
    await eventually(() => page.locator('#contacts li').count()).toBe(20)

    await page.evaluate(() => window.orgoSandbox!.clock.advance('12d'))
    await page.getByRole('button', { name: 'Reload contacts' }).click()
    await eventually(() => page.locator('#error').innerText()).toBe('Expired JWT Token (401)')
    await eventually(() => page.locator('#password-form').isVisible()).toBe(true)
  })
})
