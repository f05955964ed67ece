import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type BrowserContext, type Page, type Response } from 'playwright-core'
import { launchChromium } from '../../test/chromium.ts'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { buildWebApp } from './build.ts'
import { serveStatic, type StaticServer } from './static-server.ts'
import type {} from './src/sandbox.ts'

// The example app in Chromium with only the service worker: a static file server, no sandbox server, and a
// resolver that knows no host but localhost, so nothing could reach a real API (or the real Orgo).

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
  // Every Orgo request was answered by the service worker.
  expect(apiResponses.length).toBeGreaterThan(0)
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

describe('the example app with only the service worker', { timeout: 60_000 }, () => {
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

  it('logs in with Orgo through the sign-in and consent pages', async () => {
    await page.getByRole('button', { name: 'Log in with Orgo' }).click()
    const orgo = page.frameLocator('#orgo-frame')
    await eventually(() => orgo.locator('h1').innerText()).toBe('Sign in to continue to Example web app')
    await orgo.getByLabel('Email').fill('admin@acme.test')
    await orgo.getByLabel('Password').fill('password')
    await orgo.getByRole('button', { name: 'Sign in', exact: true }).click()
    await eventually(() => orgo.locator('h1').innerText()).toBe(
      'Example web app wants to access your Acme Corporation account',
    )
    await eventually(() => orgo.locator('ul.scopes li').allInnerTexts()).toEqual([
      'See your name and profile picture',
      'See your email address',
      'See your roles in Acme Corporation (user, member, admin)',
    ])
    await orgo.getByRole('button', { name: 'Allow' }).click()
    await eventually(() => page.locator('#who').innerText()).toBe(
      'Signed in as Ada Admin (admin@acme.test) via Log in with Orgo',
    )
    await eventually(() => page.locator('#orgo-dialog').isVisible()).toBe(false)
    expect(await me()).toMatchObject({ email: 'admin@acme.test', fullName: 'Ada Admin' })
    // Orgo's OAuth tokens act for their user on the whole API: the admin's lists the contacts.
    await eventually(() => page.locator('#contacts li').count()).toBe(20)
    expect(await page.locator('#contacts-error').isVisible()).toBe(false)
  })

  it('shows a denied "Log in with Orgo" as an error and stays signed out', async () => {
    await page.getByRole('button', { name: 'Log in with Orgo' }).click()
    const orgo = page.frameLocator('#orgo-frame')
    await orgo.getByRole('button', { name: /Max Member/ }).click()
    await orgo.getByRole('button', { name: 'Deny' }).click()
    await eventually(() => page.locator('#error').innerText()).toBe('The user denied the request.')
    await eventually(() => page.locator('#signed-in').isVisible()).toBe(false)
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
