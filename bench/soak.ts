/**
 * `npm run bench:soak`: 10,000 mixed requests (password logins, refreshes, OTP requests and verifies, whole OAuth
 * flows, API reads and writes, garbage bearers) against the standalone sandbox in its own process, printing its
 * RSS every 1,000 requests. Memory must stay flat: every store a request can grow is capped (findings L8).
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { createInterface } from 'node:readline'

const TOTAL = Number(process.env.SOAK_REQUESTS ?? 10_000)

const child = spawn(
  process.execPath,
  ['--import', 'tsx', new URL('./serve.ts', import.meta.url).pathname, 'sandbox'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
)
const { port } = JSON.parse(
  await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve)),
) as { port: number }

interface Res {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

function call(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method, headers: { Host: `acme.localhost:${port}`, ...headers } },
      (res) => {
        let text = ''
        res.on('data', (c) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const json = (value: unknown) => ({
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(value),
})
const rssMb = () => {
  const line = readFileSync(`/proc/${child.pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS'))!
  return Math.round(Number(line.split(/\s+/)[1]) / 1024)
}

const state = JSON.parse((await call('GET', '/__sandbox/state')).text)
const token = state.apiTokens[0].token as string
const app = state.oauthApps.find((a: { tenant: string }) => a.tenant === 'acme')
let n = 0
let errors = 0
const mixes: Array<() => Promise<unknown>> = [
  async () => {
    const login = json({ username: 'member@acme.test', password: 'password' })
    const pair = JSON.parse((await call('POST', '/api/v1/login-check', login.headers, login.body)).text)
    if (pair.refresh_token) {
      const r = json({ refresh_token: pair.refresh_token })
      await call('POST', '/api/v1/token/refresh', r.headers, r.body)
    }
  },
  async () => {
    const e = json({ email: `member@acme.test` })
    await call('POST', '/api/v1/request-login-otp', e.headers, e.body)
    const v = json({ email: 'member@acme.test', otp: '123456' })
    await call('POST', '/api/v1/verify-login-otp', v.headers, v.body)
  },
  async () => {
    const q = new URLSearchParams({
      client_id: app.clientId,
      redirect_uri: app.redirectUris[0],
      response_type: 'code',
      scope: 'profile',
      state: 's',
    })
    const page = await call('GET', `/oauth/authorize?${q}`)
    const flow = /name="flow" value="([^"]+)"/.exec(page.text)?.[1]
    if (!flow) return
    const signIn = await call(
      'POST',
      '/oauth/authorize/sign-in',
      { 'Content-Type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({ flow, user_id: '2' }).toString(),
    )
    const consent = /name="consent_token" value="([^"]+)"/.exec(signIn.text)?.[1]
    if (!consent) return
    const done = await call(
      'POST',
      '/oauth/authorize/consent',
      { 'Content-Type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({ flow, consent_token: consent, decision: 'allow' }).toString(),
    )
    const code = new URL(String(done.headers.location ?? 'http://x/'), 'http://x').searchParams.get('code')
    if (code)
      await call(
        'POST',
        '/oauth/token',
        { 'Content-Type': 'application/x-www-form-urlencoded' },
        new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          client_id: app.clientId,
          client_secret: app.clientSecret,
          redirect_uri: app.redirectUris[0],
        }).toString(),
      )
  },
  () => call('GET', '/api/v1/contacts?page=1', { 'Api-Token': token }),
  () => call('GET', '/api/v1/me', { Authorization: `Bearer garbage.${n}.${'x'.repeat(2000)}` }),
  () => {
    const c = json({ name: `Soak ${n}`, email: `soak${n}@example.test` })
    return call('POST', '/api/v1/contacts', { 'Api-Token': token, ...c.headers }, c.body)
  },
]

// SOAK_WRITES=0 leaves out the contact creation, whose records are kept by design: what remains must stay flat.
if (process.env.SOAK_WRITES === '0') mixes.pop()
const samples: number[] = [rssMb()]
console.log(`soak: ${TOTAL} requests, RSS before: ${samples[0]} MB`)
while (n < TOTAL) {
  const mix = mixes[n % mixes.length]!
  await mix().catch(() => errors++)
  n++
  if (n % 1000 === 0) {
    samples.push(rssMb())
    console.log(`  after ${n}: ${samples.at(-1)} MB`)
  }
}
const second = samples[Math.floor(samples.length / 2)]!
console.log(
  `RSS ${samples[0]} MB -> ${samples.at(-1)} MB; second half grew ${samples.at(-1)! - second} MB; ${errors} client errors`,
)
const after = JSON.parse((await call('GET', '/__sandbox/state')).text)
const kept = {
  sessions: after.sessions.length,
  refreshTokens: after.sessions.reduce(
    (sum: number, x: { refreshTokens: unknown[] }) => sum + x.refreshTokens.length,
    0,
  ),
  contacts: (
    await call('GET', '/api/v1/contacts?itemsPerPage=1', { 'Api-Token': token }).then((r) =>
      JSON.parse(r.text),
    )
  )['hydra:totalItems'],
  oauthTokens: after.oauthApps.reduce(
    (sum: number, a: { tokens?: unknown[] }) => sum + (a.tokens?.length ?? 0),
    0,
  ),
}
// What the requests legitimately stored (a login is a session, a POST a contact): the growth that is not a leak.
console.log('records kept:', JSON.stringify(kept))
child.kill()
