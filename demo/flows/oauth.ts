import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Demo } from '../demo.ts'
import type { DemoFlow } from '../flow.ts'

function hiddenField(html: string, name: string): string {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]
  if (value === undefined) throw new Error(`the page has no "${name}" field`)
  return value.replace(/&amp;/g, '&').replace(/&quot;/g, '"')
}

/** A local "app" that receives the redirect: what a real integration's callback route does. */
async function listenForCallback() {
  let deliver: (url: URL) => void = () => {}
  const received = new Promise<URL>((resolve) => (deliver = resolve))
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(
      '<!doctype html><title>Signed in</title><p>The demo app received the code. Back to the terminal.</p>',
    )
    if (url.pathname === '/callback') deliver(url)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { redirectUri: `http://127.0.0.1:${port}/callback`, received, close: () => server.close() }
}

// Open the page in a browser when there is one; a headless machine just shows the URL.
function openInBrowser(url: string): boolean {
  const opener =
    process.env.BROWSER ?? (process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? 'xdg-open' : undefined)
  if (!opener) return false
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true })
  child.on('error', () => {})
  child.unref()
  return true
}

async function signInForTheUser(demo: Demo, authorizePath: string): Promise<URL> {
  const page = await demo.step({
    title: 'The authorize page (what the browser shows)',
    request: { method: 'GET', tenant: 'acme', path: authorizePath },
    explain: 'A sign-in page for the tenant the app belongs to; the user never gives the app a password.',
    expect: 200,
  })
  const form = { 'Content-Type': 'application/x-www-form-urlencoded' }
  const consent = await demo.step({
    title: 'The user signs in',
    request: {
      method: 'POST',
      tenant: 'acme',
      path: '/oauth/authorize/sign-in',
      headers: form,
      body: new URLSearchParams({
        flow: hiddenField(page.text, 'flow'),
        email: 'admin@acme.test',
        password: 'password',
      }).toString(),
    },
    explain: 'Next comes the consent page: the app by name and each requested scope in plain words.',
    expect: 200,
  })
  const allowed = await demo.step({
    title: 'The user presses Allow',
    request: {
      method: 'POST',
      tenant: 'acme',
      path: '/oauth/authorize/consent',
      headers: form,
      body: new URLSearchParams({
        flow: hiddenField(consent.text, 'flow'),
        consent_token: hiddenField(consent.text, 'consent_token'),
        decision: 'allow',
      }).toString(),
    },
    explain:
      'Allow redirects the browser to the app with a short-lived, single-use code and the state it sent (RFC 6749 4.1.2).',
    expect: 302,
  })
  return new URL(allowed.headers.location!)
}

export const oauthFlow: DemoFlow = {
  name: 'oauth',
  title: 'OAuth 2.0',
  summary: '"Log in with Orgo": authorization code with PKCE, token exchange, userinfo.',
  steps: 7,
  async run(demo) {
    const callback = await listenForCallback()
    try {
      const app = await demo.step({
        title: 'Register an OAuth app',
        request: {
          method: 'POST',
          tenant: null,
          path: '/__sandbox/oauth-apps',
          body: {
            tenant: 'acme',
            name: 'Demo app',
            redirectUris: [callback.redirectUri],
            scopes: ['profile', 'email', 'roles'],
          },
        },
        explain:
          'On orgo.space: Settings → Developers → OAuth Applications. The client_secret is shown once (Orgo docs: OAuth Server).',
        expect: 201,
      })
      const verifier = randomBytes(32).toString('base64url')
      const challenge = createHash('sha256').update(verifier).digest('base64url')
      const state = randomBytes(8).toString('hex')
      const query = new URLSearchParams({
        client_id: app.json.client_id,
        redirect_uri: callback.redirectUri,
        response_type: 'code',
        scope: 'profile email roles',
        state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      })
      const authorizePath = `/oauth/authorize?${query.toString()}`
      const url = `http://acme.localhost:${demo.port}${authorizePath}`
      demo.note(`\nSend the user to:\n  ${url}`)
      let redirected: URL
      if (demo.out.interactive) {
        const opened = openInBrowser(url)
        demo.note(
          opened
            ? 'Opened it in your browser: sign in and allow, or press Enter to let the demo do it.'
            : 'Open it in a browser and sign in, or press Enter to let the demo do it.',
        )
        const pressed = demo.out.pause().then(() => undefined)
        const first = await Promise.race([callback.received, pressed])
        redirected = first ?? (await signInForTheUser(demo, authorizePath))
      } else {
        redirected = await signInForTheUser(demo, authorizePath)
      }
      const code = redirected.searchParams.get('code')
      if (!code || redirected.searchParams.get('state') !== state)
        throw new Error(`the redirect carried no code for our state: ${redirected}`)
      demo.note(
        `The app's callback ${callback.redirectUri} gets code=${code}&state=${state}; the state matches.`,
      )
      const tokens = await demo.step({
        title: 'Exchange the code for tokens',
        request: {
          method: 'POST',
          tenant: 'acme',
          path: '/oauth/token',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            redirect_uri: callback.redirectUri,
            client_id: app.json.client_id,
            code_verifier: verifier,
          }).toString(),
        },
        explain:
          'Form-encoded, with the PKCE code_verifier (or the client_secret, never both): an access token for an hour and a refresh token.',
        expect: 200,
      })
      await demo.step({
        title: 'Who signed in?',
        request: {
          method: 'GET',
          tenant: 'acme',
          path: '/oauth/userinfo',
          headers: { Authorization: `Bearer ${tokens.json.access_token}` },
        },
        explain: 'GET /oauth/userinfo answers only what the granted scopes allow.',
        expect: 200,
      })
      await demo.step({
        title: "The same token on the tenant's API",
        request: {
          method: 'GET',
          tenant: 'acme',
          path: '/api/v1/me',
          headers: { Authorization: `Bearer ${tokens.json.access_token}`, Accept: 'application/json' },
        },
        explain:
          "The access token acts for the user who signed in on the tenant's whole API, with that user's permissions: /api/v1/me here, any other endpoint alike (Orgo docs: OAuth Server).",
        expect: 200,
      })
    } finally {
      callback.close()
    }
  },
}
