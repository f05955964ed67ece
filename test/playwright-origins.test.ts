import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'
import { seededApp } from './oauth-flow.ts'

// The app's redirect to the authorize page (RFC 6749 4.1.1) is a cross-site top-level navigation with no Origin:
// accepted when its Referer is a local page, refused from anywhere else (SPEC 1, findings M8). The example app's
// suites drive it in Chromium (examples/web-app/e2e-server, e2e); this is the rule, header by header.

let s: TestServer
beforeAll(async () => {
  s = await startTestServer({ corsOrigins: ['https://app.example.test'] })
})
afterAll(() => s.close())

const NAVIGATION = {
  'Sec-Fetch-Site': 'cross-site',
  'Sec-Fetch-Mode': 'navigate',
  'Sec-Fetch-Dest': 'document',
}

function authorizePath(): string {
  const app = seededApp(s, 'acme')
  const query = new URLSearchParams({
    client_id: app.clientId,
    redirect_uri: app.redirectUris[0]!,
    response_type: 'code',
    scope: 'profile',
    state: 'x',
  })
  return `/oauth/authorize?${query}`
}

it.each([
  ['a local app (http://localhost:5173)', { ...NAVIGATION, Referer: 'http://localhost:5173/' }, 200],
  ['a --cors-origin app', { ...NAVIGATION, Referer: 'https://app.example.test/login' }, 200],
  ['a foreign page', { ...NAVIGATION, Referer: 'https://evil.example/' }, 403],
  ['a page that sends no Referer', NAVIGATION, 403],
  [
    'a frame, even of a local page',
    { ...NAVIGATION, 'Sec-Fetch-Dest': 'iframe', Referer: 'http://localhost:5173/' },
    403,
  ],
  [
    'a no-cors fetch of a local page',
    { ...NAVIGATION, 'Sec-Fetch-Mode': 'no-cors', Referer: 'http://localhost:5173/' },
    403,
  ],
])('a cross-site navigation to GET /oauth/authorize from %s -> %i', async (_, headers, status) => {
  const res = await s.call({ host: `acme.localhost:${s.port}`, path: authorizePath(), headers })
  expect(res.status).toBe(status)
  expect(res.headers['access-control-allow-origin']).toBeUndefined()
})

it.each([
  ['POST /oauth/authorize/sign-in', 'POST', '/oauth/authorize/sign-in'],
  ['GET /__sandbox/state', 'GET', '/__sandbox/state'],
])('the same navigation headers do not open %s', async (_, method, path) => {
  const res = await s.call({
    method,
    path,
    host: `acme.localhost:${s.port}`,
    headers: { ...NAVIGATION, Referer: 'http://localhost:5173/' },
  })
  expect(res.status).toBe(403)
  expect(res.json.detail).toBe(
    'Blocked request: the control API and the sign-in pages answer local pages only.',
  )
})
