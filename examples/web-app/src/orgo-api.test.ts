import { createNodeSandbox } from 'orgo-sandbox/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createOrgoApi, OrgoApiError } from './orgo-api.ts'
import { beginLogin, finishLogin, OAuthLoginError, type OAuthClient } from './orgo-oauth.ts'

// The app's own client code under Vitest with orgo-sandbox/node: real fetch, production URLs, no server.

const CLIENT: OAuthClient = {
  issuer: 'https://acme.orgo.space',
  clientId: 'example-web-app',
  redirectUri: 'http://localhost:5173/callback',
  scope: 'profile email roles',
}
const { server, sandbox } = await createNodeSandbox({
  oauthApps: [{ name: 'Example web app', redirectUris: [CLIENT.redirectUri], clientId: CLIENT.clientId }],
})
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => sandbox.reset())

const api = createOrgoApi('https://acme.orgo.space')

describe('the app against orgo-sandbox/node', () => {
  it('signs in with a password, reads /me and the contacts', async () => {
    const { token } = await api.login('admin@acme.test', 'password')
    const me = await api.me(token)
    expect(me).toMatchObject({
      email: 'admin@acme.test',
      fullName: 'Ada Admin',
      tenant: { name: 'Acme Corporation', slug: 'acme' },
    })
    expect(me.permissions).toContainEqual({ domain: 'HR', scope: 'TENANT', localCenter: null })
    // The first page: 20 of the 25 seeded contacts, each with one name.
    const contacts = await api.contacts(token)
    expect(contacts).toHaveLength(20)
    for (const contact of contacts) expect(contact).toMatchObject({ name: expect.any(String) })
  })

  it('shows Orgo error envelopes as OrgoApiError', async () => {
    await expect(api.login('admin@acme.test', 'wrong')).rejects.toEqual(
      new OrgoApiError(401, 'Invalid credentials.', null),
    )
  })

  it('signs in with the one-time code from the sandbox outbox', async () => {
    await api.requestOtp('member@acme.test')
    const { token } = await api.verifyOtp('member@acme.test', sandbox.otp.latest('member@acme.test').otp)
    expect(await api.me(token)).toMatchObject({ email: 'member@acme.test', permissions: [] })
    // Contacts need an HR or FINANCIAL permission; the member holds none.
    await expect(api.contacts(token)).rejects.toEqual(new OrgoApiError(403, 'Access Denied.', null))
  })

  it('sees a session expire when the sandbox clock moves 12 days', async () => {
    const { token } = await api.login('member@acme.test', 'password')
    sandbox.clock.advance('12d')
    await expect(api.me(token)).rejects.toMatchObject({ status: 401, detail: 'Expired JWT Token' })
  })

  it('reads Retry-After during the maintenance scenario', async () => {
    const { token } = await api.login('admin@acme.test', 'password')
    await sandbox.scenarios.use('maintenance', { path: '/api/v1/contacts*' }, { retryAfter: 30 })
    await expect(api.contacts(token)).rejects.toMatchObject({ status: 503, retryAfter: '30' })
    await sandbox.scenarios.off('maintenance')
    expect(await api.contacts(token)).toHaveLength(20)
  })

  it('logs in with Orgo: PKCE, the pages answered by a form post each, the code redeemed', async () => {
    const pending = await beginLogin(CLIENT)
    // The browser's part, by hand: the sign-in form, then the consent form's Allow.
    const signInPage = await (await fetch(pending.authorizeUrl)).text()
    const flow = hidden(signInPage, 'flow')
    const consentPage = await post('/oauth/authorize/sign-in', {
      flow,
      email: 'admin@acme.test',
      password: 'password',
    })
    const allowed = await fetch(`${CLIENT.issuer}/oauth/authorize/consent`, {
      method: 'POST',
      body: new URLSearchParams({
        flow,
        consent_token: hidden(await consentPage.text(), 'consent_token'),
        decision: 'allow',
      }),
      redirect: 'manual',
    })
    const tokens = await finishLogin(CLIENT, pending, new URL(allowed.headers.get('location')!))
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'profile email roles' })
    expect(await api.me(tokens.access_token)).toMatchObject({
      email: 'admin@acme.test',
      fullName: 'Ada Admin',
    })
    // An Orgo OAuth token acts for its user on the whole API (SPEC 6): the admin's token lists the contacts.
    expect(await api.contacts(tokens.access_token)).toHaveLength(20)
  })

  it('refuses a callback whose state is not the one sent', async () => {
    const pending = await beginLogin(CLIENT)
    const forged = new URL(`${CLIENT.redirectUri}?code=abc&state=other`)
    await expect(finishLogin(CLIENT, pending, forged)).rejects.toBeInstanceOf(OAuthLoginError)
  })
})

function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)
  if (!match) throw new Error(`no hidden field "${name}"`)
  return match[1]!
}

const post = (path: string, fields: Record<string, string>) =>
  fetch(`${CLIENT.issuer}${path}`, { method: 'POST', body: new URLSearchParams(fields) })
