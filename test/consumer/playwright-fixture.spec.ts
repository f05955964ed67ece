// orgo-sandbox/playwright in the consumer's project: Debian's Chromium, https://acme.orgo.space answered in process.
import { expect, test } from 'orgo-sandbox/playwright'

test('"Log in with Orgo" as navigations: sign-in page, consent, the 302 to the app', async ({
  page,
  sandbox,
}) => {
  // The app's callback: nothing listens on localhost:3000, so the test answers it.
  await page.route('http://localhost:3000/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Back in the app</h1>' }),
  )
  const app = sandbox.oauthApps.seeded()
  const query = new URLSearchParams({
    client_id: app.client_id,
    redirect_uri: 'http://localhost:3000/callback',
    response_type: 'code',
    scope: 'profile',
    state: 'st',
  })
  await page.goto(`https://acme.orgo.space/oauth/authorize?${query}`)
  await page.getByRole('button', { name: /Max Member/ }).click()
  await page.getByRole('button', { name: 'Allow' }).click()
  await expect(page.locator('h1')).toHaveText('Back in the app')
  expect(new URL(page.url()).searchParams.get('state')).toBe('st')
  expect(sandbox.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
    'GET /oauth/authorize 200',
    'POST /oauth/authorize/sign-in 200',
    'POST /oauth/authorize/consent 302',
  ])
})

test('each test has its own sandbox: the previous test left nothing', async ({ sandbox }) => {
  expect(sandbox.requests()).toEqual([])
  await sandbox.scenarios.use('maintenance')
  expect(sandbox.scenarios.active().map((a) => a.name)).toEqual(['maintenance'])
})
