import { expect, test } from 'orgo-sandbox/playwright'

// X-Sandbox-Scenario under the Playwright fixture: a page on the tenant's origin calls the API answered in process.

test('X-Sandbox-Scenario fails the one call that sends it; the page stays healthy otherwise', async ({
  page,
  sandbox,
}) => {
  await page.goto('https://acme.orgo.space/api/v1/tenant-host/acme')
  const token = sandbox.tokens.seeded('acme').rw
  const call = (scenario?: string) =>
    page.evaluate(
      async ({ token, scenario }) => {
        const headers: Record<string, string> = { 'Api-Token': token }
        if (scenario) headers['X-Sandbox-Scenario'] = scenario
        const res = await fetch('/api/v1/me', { headers })
        return { status: res.status, retryAfter: res.headers.get('retry-after') }
      },
      { token, scenario },
    )
  expect(await call('maintenance; retryAfter=4')).toEqual({ status: 503, retryAfter: '4' })
  expect((await call()).status).toBe(200)
  expect((await call('server-eror')).status).toBe(400)
})
