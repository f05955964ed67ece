import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawCall } from './helpers.ts'
import { startReceiver } from './webhooks/receiver.ts'

/**
 * Issue 6 end to end: the real `npx sandbox` in a real terminal (tmux), driven by HTTP requests and
 * keypresses; the screen is read with `capture-pane`, the effect of a key is checked over HTTP.
 */
const root = new URL('..', import.meta.url).pathname
const session = `orgo-dash-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
let port: number

// A private tmux server on its own socket: a developer's own tmux sessions are never touched.
const socket = join(tmpdir(), `${session}.sock`)
const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' })
const screen = () => tmux('capture-pane', '-p', '-t', session)
const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k)

async function waitForScreen(check: (text: string) => boolean, what: string, ms = 15_000): Promise<string> {
  const end = Date.now() + ms
  let text = ''
  while (Date.now() < end) {
    text = screen()
    if (check(text)) return text
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the terminal never showed ${what}:\n${text}`)
}
const shows = (text: string, ms?: number) => waitForScreen((t) => t.includes(text), JSON.stringify(text), ms)

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

beforeAll(async () => {
  try {
    tmux('-V')
  } catch {
    throw new Error('tmux is needed for the dashboard end-to-end test: apt-get install tmux')
  }
  port = await freePort()
  // Ink draws only a final frame when it believes it runs in CI; this terminal is real, so unset those.
  const command = `env -u CI -u CONTINUOUS_INTEGRATION npx sandbox --port ${port}; echo "sandbox-exit=$?"; sleep 600`
  tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', '-c', root, command)
  await shows('req/s', 60_000)
}, 90_000)

afterAll(() => {
  try {
    tmux('kill-session', '-t', session)
  } catch {
    // Already gone.
  }
  rmSync(socket, { force: true })
})

describe('npx sandbox in a terminal', () => {
  it('shows a newly minted token and a requested OTP code, and flips a scenario on a keypress', async () => {
    const minted = await rawCall(port, {
      method: 'POST',
      path: '/__sandbox/api-tokens',
      body: { tenant: 'globex', email: 'member@globex.test', isReadOnly: true },
    })
    expect(minted.status).toBe(201)
    const token = minted.json.token as string
    await shows(token.slice(0, 24))
    expect(screen()).toMatch(/api ro +globex +member@globex\.test +active/)

    const asked = await rawCall(port, {
      method: 'POST',
      path: '/api/v1/request-login-otp',
      host: `acme.localhost:${port}`,
      body: { email: 'member@acme.test' },
    })
    expect(asked.status).toBe(200)
    const { otp } = (await rawCall(port, { path: '/__sandbox/otp?email=member@acme.test' })).json as {
      otp: string
    }
    await shows(`OTP for member@acme.test: ${otp}`)
    keys('2')
    await waitForScreen(
      (t) => new RegExp(`member@acme\\.test +acme +login ${otp} +\\d+m \\d\\ds +5 +pending`).test(t),
      'the OTP row',
    )

    const active = async (name: string) =>
      (
        (await rawCall(port, { path: '/__sandbox/scenarios' })).json as Array<{
          name: string
          active: unknown
        }>
      ).find((x) => x.name === name)!.active
    expect(await active('expired-jwt')).toBeNull()
    keys('6')
    await shows('> off expired-jwt')
    keys('Space')
    await shows('scenarios expired-jwt')
    expect(await active('expired-jwt')).toMatchObject({ name: 'expired-jwt', tenant: null, path: null })
    keys('Space')
    await shows('scenarios none')
    expect(await active('expired-jwt')).toBeNull()
  }, 60_000)

  it('lists requests on the Requests pane as they happen, read from the log, not from the feed', async () => {
    keys('5')
    await shows('time     tenant')
    const state = (await rawCall(port, { path: '/__sandbox/state' })).json as {
      apiTokens: Array<{ token: string; tenant: string; isReadOnly: boolean }>
    }
    const token = state.apiTokens.find((t) => t.tenant === 'acme' && !t.isReadOnly)!.token
    for (const path of ['/api/v1/me', '/api/v1/newsletters', '/api/v1/no-such-thing'])
      await rawCall(port, { path, host: `acme.localhost:${port}`, headers: { 'Api-Token': token } })
    await waitForScreen(
      (t) =>
        /GET +\/api\/v1\/no-such-thing +404/.test(t) &&
        /GET +\/api\/v1\/newsletters \(schema\) +200/.test(t) &&
        /GET +\/api\/v1\/me +200/.test(t),
      'the three requests',
    )
  })

  // Issue 15: Ink's useInput hands keys that arrive in one chunk (a paste, `send-keys jjj`) over as one string.
  it('handles each of several keys sent at once, and shows a scenario with its options', async () => {
    const list = async () =>
      (await rawCall(port, { path: '/__sandbox/scenarios' })).json as Array<{ name: string; active: unknown }>
    const on = async () => (await list()).filter((x) => x.active).map((x) => x.name)
    const names = (await list()).map((x) => x.name)
    expect(await on()).toEqual([])
    // One write: the Scenarios pane, its first row, two rows down, Space.
    tmux('send-keys', '-t', session, '-l', '6gjj ')
    await shows(`scenarios ${names[2]}`)
    expect(await on()).toEqual([names[2]])
    tmux('send-keys', '-t', session, '-l', 'jjj ')
    await shows(`scenarios ${names[2]}, ${names[5]}`)
    expect(await on()).toEqual([names[2], names[5]])
    await rawCall(port, { method: 'DELETE', path: '/__sandbox/scenarios' })
    const started = await rawCall(port, {
      method: 'POST',
      path: '/__sandbox/scenarios/maintenance',
      body: { tenant: 'globex', options: { retryAfter: 7 } },
    })
    expect(started.status).toBe(201)
    await shows('scenarios maintenance retryAfter=7 (tenant globex)')
    await rawCall(port, { method: 'DELETE', path: '/__sandbox/scenarios' })
    await shows('scenarios none')
  }, 60_000)

  // Issue 24 item 6: a write of a contact reaches a real receiver; the Webhooks pane shows it, `s` sends it again.
  it('lists a webhook delivery as its attempt happens, and resends it on s', async () => {
    const hooks = await startReceiver()
    try {
      const state = (await rawCall(port, { path: '/__sandbox/state' })).json as {
        apiTokens: Array<{ token: string; tenant: string; isReadOnly: boolean }>
      }
      const token = state.apiTokens.find((t) => t.tenant === 'acme' && !t.isReadOnly)!.token
      const call = (path: string, body: unknown) =>
        rawCall(port, { method: 'POST', path, headers: { 'Api-Token': token }, body })
      const sub = await call('/api/v1/webhook_subscriptions', {
        url: hooks.url,
        eventTypes: ['contact.created'],
      })
      expect(sub.status).toBe(201)
      keys('8')
      await shows('No deliveries yet')
      const made = await call('/api/v1/contacts', { name: 'Olivia Brown', email: 'olivia.brown@example.com' })
      expect(made.status).toBe(201)
      await waitForScreen((t) => /acme +contact\.created +#\d+ +1\/4 +200 +succeeded/.test(t), 'the delivery')
      keys('s')
      await waitForScreen(
        (t) => /contact\.created +#\d+ +2\/4 +200 +succeeded/.test(t),
        'the resent delivery',
      )
      expect(hooks.received).toHaveLength(2)
      expect(hooks.received[1]!.json).toMatchObject({
        event: 'contact.created',
        object: { name: 'Olivia Brown' },
      })
    } finally {
      await hooks.close()
    }
  }, 30_000)

  it('quits on q: the process exits 0 and the port is free again', async () => {
    keys('q')
    await shows('sandbox-exit=0')
    const reuse = createServer()
    await new Promise<void>((resolve, reject) => {
      reuse.once('error', reject)
      reuse.listen(port, '127.0.0.1', () => resolve())
    })
    await new Promise<void>((resolve) => reuse.close(() => resolve()))
  }, 30_000)
})
