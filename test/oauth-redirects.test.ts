import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers.ts'

// Findings L2: redirect URIs are judged on the parsed host, for apps from the control API and from db.json alike.
let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())

it.each([
  'http://127.evil.example/cb',
  'http://127.0.0.1.nip.io/cb',
  'http://evil.example/cb',
  'javascript:alert(1)',
])('L2: POST /__sandbox/oauth-apps refuses %s', async (uri) => {
  const res = await s.call({
    method: 'POST',
    path: '/__sandbox/oauth-apps',
    body: { tenant: 'acme', name: 'r', redirectUris: [uri] },
  })
  expect(res.status).toBe(422)
})

it.each([
  'http://127.0.0.1:3000/cb',
  'http://127.1.2.3/cb',
  'http://app.localhost:5173/cb',
  'https://app.example.test/cb',
])('L2: %s is a redirect URI an app may have', async (uri) => {
  const res = await s.call({
    method: 'POST',
    path: '/__sandbox/oauth-apps',
    body: { tenant: 'acme', name: 'ok', redirectUris: [uri] },
  })
  expect(res.status).toBe(201)
})

it('L2: a db.json app redirecting to evil.example does not load', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'redirects-'))
  const file = join(dir, 'db.json')
  const app = {
    id: 99,
    tenant: 'acme',
    name: 'x',
    description: '',
    clientId: 'c',
    clientSecret: 's',
    scopes: ['profile'],
    createdAt: '2026-01-01T00:00:00Z',
  }
  writeFileSync(
    file,
    JSON.stringify({ oauth_apps: [{ ...app, redirectUris: ['http://evil.example/steal'] }] }),
  )
  await expect(startTestServer({ dbFile: file })).rejects.toThrow(
    /oauth_apps\[0\].*evil\.example\/steal: http is allowed only for localhost/,
  )
})
