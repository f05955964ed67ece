import { type Browser, type BrowserContext, type Page } from 'playwright-core'
import { launchChromium } from './chromium.ts'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'
import { form, seededApp } from './oauth-flow.ts'

// The "Log in with Orgo" pages in a real browser: Debian's Chromium driven by playwright-core (STYLE: tests).

const REDIRECT = 'http://localhost:3000/callback'
// RFC 7636 appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

let t: TestServer
let browser: Browser
let context: BrowserContext
let page: Page

beforeAll(async () => {
  t = await startTestServer()
  browser = await launchChromium()
  // A phone-sized window: the pages must read there. The flow keeps no cookies, so one context serves every test.
  context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 })
})
afterAll(async () => {
  await browser?.close()
  await t?.close()
})
beforeEach(async () => {
  await t.sandbox.reset()
  await page?.close()
  page = await context.newPage()
  // Nothing listens on localhost:3000: the "app" is this handler, which shows where the browser landed.
  await page.route('http://localhost:3000/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Back in the app</h1>' }),
  )
})

function authorizeUrl(params: Record<string, string> = {}): string {
  const app = seededApp(t, 'acme')
  const query = new URLSearchParams({
    client_id: app.clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'profile email groups',
    state: 'st-42',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...params,
  })
  return `http://acme.localhost:${t.port}/oauth/authorize?${query}`
}

async function landed(): Promise<URL> {
  await page.waitForURL((url) => url.origin === 'http://localhost:3000')
  await expect(page.locator('h1').innerText()).resolves.toBe('Back in the app')
  return new URL(page.url())
}

async function redeem(code: string) {
  const body = form({
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    client_id: seededApp(t, 'acme').clientId,
    code_verifier: VERIFIER,
  })
  return t.call({ method: 'POST', path: '/oauth/token', headers: body.headers, body: body.body })
}

describe('the authorize pages in Chromium', { timeout: 60_000 }, () => {
  it('signs in with email and password, allows, and lands on the app with a code the token endpoint accepts', async () => {
    await page.goto(authorizeUrl())
    await expect(page.locator('.sandbox').innerText()).resolves.toContain('SANDBOX')
    await expect(page.locator('h1').innerText()).resolves.toBe(
      'Sign in to continue to Acme Corporation Demo App',
    )
    await page.getByLabel('Email').fill('admin@acme.test')
    await page.getByLabel('Password').fill('password')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()

    await expect(page.locator('h1').innerText()).resolves.toBe(
      'Acme Corporation Demo App wants to access your Acme Corporation account',
    )
    await expect(page.locator('ul.scopes li').allInnerTexts()).resolves.toEqual([
      'See your name and profile picture',
      'See your email address',
      'See which groups you belong to in Acme Corporation',
    ])
    await page.screenshot({ path: '/tmp/oauth-consent.png', fullPage: true })
    await page.getByRole('button', { name: 'Allow' }).click()

    const callback = await landed()
    expect(callback.origin + callback.pathname).toBe(REDIRECT)
    expect(callback.searchParams.get('state')).toBe('st-42')
    const code = callback.searchParams.get('code')!
    expect(code).toMatch(/^[0-9a-f]{48}$/)
    const tokens = await redeem(code)
    expect(tokens.status).toBe(200)
    expect(tokens.json).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'profile email groups',
    })
    const info = await t.call({
      path: '/oauth/userinfo',
      headers: { Authorization: `Bearer ${tokens.json.access_token}` },
    })
    expect(info.json).toMatchObject({ name: 'Ada Admin', email: 'admin@acme.test', groups: ['Board'] })
    // The token acts for the admin on the whole API, with the admin's permissions (SPEC 6).
    const contacts = await t.call({
      path: '/api/v1/contacts',
      headers: { Authorization: `Bearer ${tokens.json.access_token}` },
    })
    expect([contacts.status, contacts.json['hydra:totalItems']]).toEqual([200, 25])
  })

  it('deny lands on the app with error=access_denied and the state', async () => {
    await page.goto(authorizeUrl())
    await page.getByLabel('Email').fill('member@acme.test')
    await page.getByLabel('Password').fill('password')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.getByRole('button', { name: 'Deny' }).click()
    const callback = await landed()
    expect(Object.fromEntries(callback.searchParams)).toEqual({
      error: 'access_denied',
      error_description: 'The user denied the request.',
      state: 'st-42',
    })
  })

  it('a wrong password shows an error on the sign-in page, and the right one then works', async () => {
    await page.goto(authorizeUrl())
    await page.getByLabel('Email').fill('admin@acme.test')
    await page.getByLabel('Password').fill('not-the-password')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect(page.getByRole('alert').innerText()).resolves.toBe('Invalid credentials.')
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe('admin@acme.test')
    await page.screenshot({ path: '/tmp/oauth-sign-in-error.png', fullPage: true })
    await page.getByLabel('Password').fill('password')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect(page.getByRole('button', { name: 'Allow' }).isVisible()).resolves.toBe(true)
  })

  it('the one-click list of seeded users signs in without a password', async () => {
    await page.goto(authorizeUrl({ scope: 'profile roles' }))
    await page.screenshot({ path: '/tmp/oauth-sign-in.png', fullPage: true })
    await page.getByRole('button', { name: /Max Member/ }).click()
    await expect(page.locator('p.muted').first().innerText()).resolves.toBe(
      'Signed in as Max Member (member@acme.test)',
    )
    await page.getByRole('button', { name: 'Allow' }).click()
    const callback = await landed()
    const tokens = await redeem(callback.searchParams.get('code')!)
    const info = await t.call({
      path: '/oauth/userinfo',
      headers: { Authorization: `Bearer ${tokens.json.access_token}` },
    })
    const member = t.sandbox.tenant('acme')!.users.findUnique('email', 'member@acme.test')!
    expect(info.json).toEqual({
      sub: String(member.id),
      name: 'Max Member',
      picture: null,
      roles: ['ROLE_USER', 'ROLE_MEMBER'],
    })
    // The member's token has the member's permissions: none for the contacts.
    const contacts = await t.call({
      path: '/api/v1/contacts',
      headers: { Authorization: `Bearer ${tokens.json.access_token}` },
    })
    expect([contacts.status, contacts.json.detail]).toEqual([403, 'Access Denied.'])
  })

  it('an unregistered redirect_uri shows an error page and never leaves the sandbox', async () => {
    const response = await page.goto(authorizeUrl({ redirect_uri: 'http://localhost:3000/evil' }))
    expect(response?.status()).toBe(400)
    expect(new URL(page.url()).host).toBe(`acme.localhost:${t.port}`)
    await expect(page.getByRole('alert').innerText()).resolves.toContain(
      'is not registered for "Acme Corporation Demo App"',
    )
  })
})
