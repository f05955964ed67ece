import { expect, test } from 'orgo-sandbox/playwright'

// Issue 27 item 4: a Playwright test body reaches the in-process API. In this process https://acme.orgo.space
// resolves nowhere (a plain `fetch` gets ENOTFOUND): `sandbox.fetch()`, `request` and `page.request` are answered
// from the test's own sandbox.

const ACME = 'https://acme.orgo.space'

test('sandbox.fetch() calls the in-process API with a session the test API minted', async ({ sandbox }) => {
  const { token } = await sandbox.sessions.create({ email: 'member@acme.test' })
  const res = await sandbox.fetch(`${ACME}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })
  expect(res.status).toBe(200)
  expect(((await res.json()) as { email: string }).email).toBe('member@acme.test')
  // Its own sandbox: the token was minted there, the call shows in its log.
  expect(sandbox.requests().some((r) => r.path === '/api/v1/me' && r.status === 200)).toBe(true)
})

test('the request fixture: JSON bodies, query params and an OAuth token, answered in process', async ({
  request,
  sandbox,
}) => {
  const grant = await sandbox.oauthTokens.create({ email: 'admin@acme.test' })
  const auth = { Authorization: `Bearer ${grant.access_token}` }
  const created = await request.post(`${ACME}/api/v1/contacts`, {
    headers: auth,
    data: { email: 'from.request@example.test', name: 'From Request' },
  })
  await expect(created).toBeOK()
  expect(created.status()).toBe(201)
  const list = await request.get(`${ACME}/api/v1/contacts`, {
    headers: auth,
    params: { email: 'from.request@example.test' },
  })
  expect(list.status()).toBe(200)
  expect(JSON.stringify(await list.json())).toContain('from.request@example.test')
  expect(sandbox.tenant('acme')!.contacts.findUnique('email', 'from.request@example.test')).toBeTruthy()
  // Orgo's refusal, as an APIResponse, and `failOnStatusCode` as Playwright has it.
  const refused = await request.get(`${ACME}/api/v1/me`)
  expect(refused.status()).toBe(401)
  await expect(request.get(`${ACME}/api/v1/me`, { failOnStatusCode: true })).rejects.toThrow(/401/)
})

test('page.request goes to the same sandbox as the page', async ({ page, sandbox }) => {
  const { rw } = sandbox.tokens.seeded()
  const res = await page.request.get(`${ACME}/api/v1/me`, { headers: { 'Api-Token': rw } })
  expect(res.status()).toBe(200)
  expect(((await res.json()) as { email: string }).email).toBe('admin@acme.test')
})

test('a host the sandbox does not serve: sandbox.fetch() rejects, naming the served ones', async ({
  sandbox,
}) => {
  await expect(sandbox.fetch('https://elsewhere.example.test/')).rejects.toThrow(/acme\.orgo\.space/)
})
