import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { http, HttpResponse } from 'msw'
import { expect, test } from 'orgo-sandbox/playwright'
import type { Page } from '@playwright/test'

// orgo-sandbox/playwright as a Playwright user writes it: pages, navigations and forms against
// https://acme.orgo.space, answered in the test process; the test API as the `sandbox` fixture.

const APP = 'http://localhost:3000'

/** A page on the tenant's own origin (a public endpoint), from which the tests call the API like an app would. */
async function onTenant(page: Page): Promise<void> {
  await page.goto('https://acme.orgo.space/api/v1/tenant-host/acme')
}

const call = (
  page: Page,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) =>
  page.evaluate(
    async ({ path, init }) => {
      const res = await fetch(path, init)
      return { status: res.status, body: (await res.json()) as Record<string, unknown> }
    },
    { path, init },
  )

test.describe('each test has its own sandbox', () => {
  test('a test changes state: a minted token, a scenario, the clock, a contact', async ({
    page,
    sandbox,
  }) => {
    const minted = await sandbox.tokens.mint({ email: 'member@acme.test', isReadOnly: true })
    await sandbox.scenarios.use('maintenance', { path: '/api/v1/events*' })
    sandbox.clock.advance('3d')
    await onTenant(page)
    const created = await call(page, '/api/v1/contacts', {
      method: 'POST',
      headers: { 'Api-Token': sandbox.tokens.seeded().rw, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Olivia Brown', email: 'olivia.brown@example.com' }),
    })
    expect(created.status).toBe(201)
    expect(await call(page, '/api/v1/me', { headers: { 'Api-Token': minted.token } })).toMatchObject({
      status: 200,
      body: { email: 'member@acme.test' },
    })
    expect(sandbox.state().apiTokens).toHaveLength(5)
  })

  test('the next test sees none of it', async ({ sandbox }) => {
    const state = sandbox.state()
    expect(state.apiTokens).toHaveLength(4)
    expect(state.scenarios).toEqual([])
    expect(sandbox.requests()).toEqual([])
    expect(Math.abs(sandbox.clock.now().getTime() - Date.now())).toBeLessThan(5_000)
    expect(sandbox.tenant('acme')!.contacts.findUnique('email', 'olivia.brown@example.com')).toBeUndefined()
  })

  test('reset() goes back to the seed within a test', async ({ sandbox }) => {
    await sandbox.scenarios.use('expired-jwt')
    await sandbox.tokens.mint()
    await sandbox.reset()
    expect(sandbox.scenarios.active()).toEqual([])
    expect(sandbox.state().apiTokens).toHaveLength(4)
  })
})

test('"Log in with Orgo" as navigations: the sign-in and consent pages load, the forms post, the 302 lands on the app', async ({
  page,
  sandbox,
  network,
}) => {
  // The app's callback page, mocked the MSW way through the same network fixture.
  network.use(
    http.get(
      `${APP}/callback`,
      () => new HttpResponse('<h1>Back in the app</h1>', { headers: { 'Content-Type': 'text/html' } }),
    ),
  )
  const app = sandbox.oauthApps.seeded()
  const query = new URLSearchParams({
    client_id: app.client_id,
    redirect_uri: `${APP}/callback`,
    response_type: 'code',
    scope: 'profile email',
    state: 'st-1',
  })
  const first = await page.goto(`https://acme.orgo.space/oauth/authorize?${query}`)
  expect(first?.status()).toBe(200)
  expect(first?.headers()['x-frame-options']).toBe('DENY')
  await expect(page.locator('h1')).toHaveText('Sign in to continue to Acme Corporation Demo App')
  await page.getByLabel('Email').fill('admin@acme.test')
  await page.getByLabel('Password').fill('password')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.getByRole('button', { name: 'Allow' }).click()
  await expect(page.locator('h1')).toHaveText('Back in the app')
  const callback = new URL(page.url())
  expect(callback.origin + callback.pathname).toBe(`${APP}/callback`)
  expect(callback.searchParams.get('state')).toBe('st-1')
  // The app redeems the code from its page (a confidential client here: the seeded app has a secret).
  const tokens = await page.evaluate(
    async ({ code, app }) => {
      const res = await fetch('https://acme.orgo.space/oauth/token', {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: 'http://localhost:3000/callback',
          client_id: app.client_id,
          client_secret: app.client_secret,
        }),
      })
      return { status: res.status, body: (await res.json()) as Record<string, unknown> }
    },
    { code: callback.searchParams.get('code')!, app },
  )
  expect(tokens).toMatchObject({ status: 200, body: { token_type: 'Bearer', scope: 'profile email' } })
  // The access token reads the user, and the API (Orgo's tokens act for their user).
  const auth = { Authorization: `Bearer ${tokens.body.access_token as string}` }
  expect(await call(page, 'https://acme.orgo.space/oauth/userinfo', { headers: auth })).toMatchObject({
    status: 200,
    body: { name: 'Ada Admin', email: 'admin@acme.test' },
  })
  expect(sandbox.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
    'GET /oauth/authorize 200',
    'POST /oauth/authorize/sign-in 200',
    'POST /oauth/authorize/consent 302',
    'POST /oauth/token 200',
    'GET /oauth/userinfo 200',
  ])
})

test('a foreign page cannot post the sign-in form: refused, nothing signed in', async ({
  page,
  sandbox,
  network,
}) => {
  const app = sandbox.oauthApps.seeded()
  await onTenant(page)
  // A real flow id, as an attacker could get by opening the page themselves.
  const signIn = await page.evaluate(
    async (url) => (await fetch(url)).text(),
    `/oauth/authorize?client_id=${app.client_id}&redirect_uri=${encodeURIComponent(`${APP}/callback`)}&response_type=code&scope=profile&state=x`,
  )
  const flow = /name="flow" value="([^"]+)"/.exec(signIn)![1]!
  network.use(
    http.get(
      'http://evil.example/',
      () =>
        new HttpResponse(
          `<form method="post" action="https://acme.orgo.space/oauth/authorize/sign-in">
             <input name="flow" value="${flow}"><input name="user_id" value="1"><button>Win</button></form>`,
          { headers: { 'Content-Type': 'text/html', 'Referrer-Policy': 'no-referrer' } },
        ),
    ),
  )
  await page.goto('http://evil.example/')
  const [response] = await Promise.all([
    page.waitForResponse('**/oauth/authorize/sign-in'),
    page.click('button'),
  ])
  expect(response.status()).toBe(403)
  expect(sandbox.requests().at(-1)).toMatchObject({ path: '/oauth/authorize/sign-in', status: 403 })
  expect(sandbox.requests().at(-1)!.reason).toMatch(/^foreign page/)
})

test('the clock expires a session the page holds', async ({ page, sandbox }) => {
  await onTenant(page)
  const login = await call(page, '/api/v1/login-check', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'member@acme.test', password: 'password' }),
  })
  const auth = { Authorization: `Bearer ${login.body.token as string}` }
  expect((await call(page, '/api/v1/me', { headers: auth })).status).toBe(200)
  sandbox.clock.advance('12d')
  expect(await call(page, '/api/v1/me', { headers: auth })).toEqual({
    status: 401,
    body: { title: 'Unauthorized', detail: 'Expired JWT Token', status: 401 },
  })
})

test.describe('sandboxOptions', () => {
  test.use({ sandboxOptions: { otpCode: '000000' } })

  test('apply to every test of the block: a fixed OTP code', async ({ page, sandbox }) => {
    await onTenant(page)
    const json = { 'Content-Type': 'application/json' }
    await call(page, '/api/v1/request-login-otp', {
      method: 'POST',
      headers: json,
      body: '{"email":"member@acme.test"}',
    })
    expect(sandbox.otp.latest('member@acme.test').otp).toBe('000000')
    const verified = await call(page, '/api/v1/verify-login-otp', {
      method: 'POST',
      headers: json,
      body: '{"email":"member@acme.test","otp":"000000"}',
    })
    expect(verified.status).toBe(200)
  })
})

test("a contact the page creates is delivered as a webhook to a real receiver in the test's process", async ({
  page,
  sandbox,
}) => {
  const got: Array<{ event: string; delivery: string }> = []
  const receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    req.on('end', () => {
      got.push({
        event: (JSON.parse(body) as { event: string }).event,
        delivery: String(req.headers['x-webhook-delivery']),
      })
      res.end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  try {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`
    await onTenant(page)
    const headers = { 'Api-Token': sandbox.tokens.seeded().rw, 'Content-Type': 'application/json' }
    const subscribed = await call(page, '/api/v1/webhook_subscriptions', {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Playwright', url, eventTypes: ['contact.created'] }),
    })
    expect(subscribed.status).toBe(201)
    await call(page, '/api/v1/contacts', {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Page Made', email: 'page.made@example.com' }),
    })
    const delivery = await sandbox.webhooks.waitFor('contact.created')
    expect(delivery.state).toBe('succeeded')
    expect(got).toEqual([{ event: 'contact.created', delivery: delivery.id }])
  } finally {
    await new Promise((resolve) => receiver.close(resolve))
  }
})
