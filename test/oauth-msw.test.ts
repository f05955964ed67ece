import * as oauth from 'oauth4webapi'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createNodeSandbox, type NodeSandbox } from '../mocks/node.ts'
import { authorizationUrl, hiddenField } from './oauth-flow.ts'

// The same flow in process: MSW's setupServer answers https://acme.orgo.space, as in an app's own test suite.

const REDIRECT = 'http://localhost:3000/callback'
let node: NodeSandbox

beforeAll(async () => {
  node = await createNodeSandbox({ oauthDiscovery: true })
  node.server.listen({ onUnhandledRequest: 'error' })
})
afterAll(() => node.server.close())

it('oauth4webapi completes code + PKCE against https://acme.orgo.space in process', async () => {
  const issuer = new URL('https://acme.orgo.space')
  const as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2' }),
  )
  const app = node.sandbox.tenant('acme')!.oauthApps.all()[0]!
  const client = { client_id: app.clientId }
  const verifier = oauth.generateRandomCodeVerifier()
  const url = await authorizationUrl(as.authorization_endpoint!, app.clientId, { state: 's', verifier })

  // The browser's part, by hand: sign-in form, consent form, redirect.
  const flow = hiddenField(await (await fetch(url)).text(), 'flow')
  const signIn = new URLSearchParams({ flow, email: 'admin@acme.test', password: 'password' })
  const consent = await (
    await fetch(`${issuer.origin}/oauth/authorize/sign-in`, { method: 'POST', body: signIn })
  ).text()
  const decision = new URLSearchParams({
    flow,
    consent_token: hiddenField(consent, 'consent_token'),
    decision: 'allow',
  })
  const allowed = await fetch(`${issuer.origin}/oauth/authorize/consent`, {
    method: 'POST',
    body: decision,
    redirect: 'manual',
  })
  expect(allowed.status).toBe(302)

  const params = oauth.validateAuthResponse(as, client, new URL(allowed.headers.get('location')!), 's')
  const exchange = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    REDIRECT,
    verifier,
  )
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, exchange)
  const response = await oauth.userInfoRequest(as, client, tokens.access_token)
  const claims = await oauth.processUserInfoResponse(as, client, oauth.skipSubjectCheck, response)
  expect(claims).toMatchObject({ name: 'Ada Admin', email: 'admin@acme.test' })

  // The access token acts for the admin on the whole API (SPEC 6): the contacts need HR, which the admin holds.
  const contacts = await oauth.protectedResourceRequest(
    tokens.access_token,
    'GET',
    new URL(`${issuer.origin}/api/v1/contacts`),
    new Headers({ accept: 'application/json' }),
    null,
  )
  expect(contacts.status).toBe(200)
  expect(await contacts.json()).toHaveLength(20)
})
