import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RequestLogEntry } from '../mocks/feed.ts'
import { requestOtp } from '../mocks/auth/otp.ts'
import { startSession } from '../mocks/auth/sessions.ts'
import { mintApiToken } from '../mocks/handlers/api-tokens.ts'
import { shownDelivery } from '../mocks/handlers/control-webhooks.ts'
import { createRouteIndex } from '../mocks/route-index.ts'
import { createScriptedClient, type ScriptedClient } from '../test/dashboard-client.ts'
import { startReceiver, type Receiver } from '../test/webhooks/receiver.ts'
import { KEY, mountDashboard, type Dashboard } from '../test/dashboard-screen.tsx'
import type { DemoRunner } from './App.tsx'
import type { ControlClient } from './control-client.ts'

let s: ScriptedClient
let d: Dashboard
let ui: Dashboard['ui']
let onQuit: ReturnType<typeof vi.fn<() => void>>

const screen = () => d.screen()
const waitFor = (check: (text: string) => boolean, what: string, ms?: number) => d.waitFor(check, what, ms)
const shows = (text: string) => d.shows(text)
const press = (...keys: string[]) => d.press(...keys)
const requestEntry = (n: number, over: Partial<RequestLogEntry> = {}): RequestLogEntry => ({
  id: `abc123-${String(n).padStart(6, '0')}`,
  time: '2026-01-05T09:00:00.000Z',
  tenant: 'acme',
  method: 'GET',
  path: '/api/v1/me',
  status: 200,
  authMethod: 'api-token',
  principal: 'admin@acme.test (token #1)',
  durationMs: 0.4,
  reason: null,
  scenarios: [],
  ...over,
})

/** 2000 request events in a second, 100 every 50 ms; answers the frames drawn per second meanwhile. */
async function framesPerSecondDuringBurst(): Promise<number> {
  const before = ui.frames.length
  const started = Date.now()
  for (let tick = 0; tick < 20; tick++) {
    for (let i = 0; i < 100; i++)
      s.emit({ event: 'request', data: JSON.stringify(requestEntry(tick * 100 + i)) })
    await new Promise((r) => setTimeout(r, 50))
  }
  return (ui.frames.length - before) / ((Date.now() - started) / 1000)
}

/** Copies go to a temporary cache and no clipboard command: a test never writes to the home directory. */
const copyEnv = {
  env: { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'orgo-copy-')) },
  platform: 'linux' as const,
}
const mount = (client: ControlClient = s.client, demos?: DemoRunner) => {
  d = mountDashboard({ client, onQuit, demos, copyEnv })
  ui = d.ui
}

beforeEach(async () => {
  s = await createScriptedClient()
  onQuit = vi.fn<() => void>()
  mount()
  await shows('api rw')
})
afterEach(() => ui.unmount())

describe('App on a scripted feed', () => {
  it('fits 80x24 and shows the seeded credentials with the help line', async () => {
    const text = await shows('q quit')
    const lines = text.split('\n')
    expect(lines.length).toBeLessThanOrEqual(23)
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80)
    const rw = s.sandbox
      .tenant('acme')!
      .apiTokens.all()
      .find((k) => !k.isReadOnly)!
    expect(text).toContain(rw.token.slice(0, 20))
    expect(text).toMatch(/password +acme +admin@acme\.test +admin +password/)
    expect(text).toContain('acme.localhost:4010 (default)')
  })

  it('shows a minted token, a JWT with its countdown and an emailed code as the feed reports them', async () => {
    const acme = s.sandbox.tenant('acme')!
    const admin = acme.users.findUnique('email', 'admin@acme.test')!
    const minted = await mintApiToken(s.sandbox, acme, admin, { isReadOnly: true })
    await shows(minted.token.slice(0, 20))
    await startSession(s.sandbox, acme, admin)
    await waitFor((t) => /jwt +acme +admin@acme\.test +10d 23h +eyJ/.test(t), 'the JWT row')
    await requestOtp(s.sandbox, acme, 'login', 'member@acme.test')
    const code = acme.otpCodes.all()[0]!.code
    await shows(`OTP for member@acme.test: ${code}`)
    await press(KEY.right)
    await waitFor(
      (t) => new RegExp(`member@acme\\.test +acme +login ${code} +(10m 00s|9m 5\\ds) +5 +pending`).test(t),
      'the code',
    )
    await press(KEY.enter)
    const detail = await shows('Login code for member@acme.test (pending)')
    expect(detail.split('\n')).toContain(code)
    expect(detail).toContain(`"otp":"${code}"`)
  })

  it('tails requests newest first, with status, auth method and principal or the refusal reason', async () => {
    s.emit({ event: 'request', data: JSON.stringify(requestEntry(1)) })
    s.emit({
      event: 'request',
      data: JSON.stringify(
        requestEntry(2, {
          status: 403,
          method: 'DELETE',
          path: '/api/v1/contacts/1',
          principal: null,
          reason: 'read-only Api-Token',
        }),
      ),
    })
    await press('5')
    const text = await shows('read-only Api')
    const rows = text.split('\n').filter((l) => l.includes('/api/v1/'))
    expect(rows[0]).toMatch(/09:00:00 acme +DELETE \/api\/v1\/contacts\/1 +403 api-token read-only Api/)
    expect(rows[1]).toMatch(/GET +\/api\/v1\/me +200 api-token admin@acme\.te/)
  })

  it('steers the sandbox through the control client: scenarios, clock, reset with confirmation, filter, quit', async () => {
    await press('6', ' ')
    await shows('scenarios expired-jwt')
    expect(s.calls).toEqual(['on expired-jwt'])
    // Two keys in one chunk: the second must see the first's move.
    await press(`${KEY.down} `)
    await shows('scenarios expired-jwt, revoked-tokens')
    expect(s.calls.at(-1)).toBe('on revoked-tokens')
    await press('c')
    await shows('Advance the clock:')
    await press('3')
    await shows('+1h 00m')
    await press('r')
    await shows('Reset the sandbox to its seeded state?')
    await press('n')
    await shows('Reset cancelled')
    expect(s.calls).not.toContain('reset')
    await press('r', 'y')
    await shows('scenarios none')
    expect(s.calls).toEqual(['on expired-jwt', 'on revoked-tokens', 'clock 1h', 'reset'])
    await press('1', 't')
    const acmeOnly = await shows('filter acme')
    expect(acmeOnly).not.toContain('globex  ')
    await press('q')
    expect(onQuit).toHaveBeenCalledTimes(1)
    await press(KEY.ctrlC)
    expect(onQuit).toHaveBeenCalledTimes(2)
  })

  it('opens a copy-friendly detail of the selected token and copies it through OSC 52', async () => {
    const ro = s.sandbox
      .tenant('acme')!
      .apiTokens.all()
      .find((k) => k.isReadOnly)!
    await press(KEY.down, KEY.enter)
    const text = await shows('(read-only, active)')
    expect(text.split('\n')).toContain(ro.token)
    // The command wraps at its spaces on a narrow screen; `Y` copies it whole.
    expect(text.replace(/\n/g, ' ')).toContain(`curl -H 'Api-Token: ${ro.token}'`)
    await press('y')
    expect(
      ui.stdout.frames.some((f) => f.includes(`\x1b]52;c;${Buffer.from(ro.token).toString('base64')}\x07`)),
    ).toBe(true)
    await shows(`The value is in ${copyEnv.env.XDG_CACHE_HOME}/orgo-sandbox/copied; sent by OSC 52 too`)
    await press(KEY.escape)
    await shows('> api ro')
  })

  it('batches a burst of events into at most ~10 frames a second and reports the rate', async () => {
    await press('5')
    await shows('No requests yet.')
    // frameMs is 50 here: 20 frames a second at most however many events arrive, plus slack for timers.
    expect(await framesPerSecondDuringBurst()).toBeLessThanOrEqual(22)
    expect(screen()).toMatch(/ \d{3,4} req\/s/)
    await press(KEY.enter)
    await shows('abc123-001999')
  })

  it('spends no frames on requests that are not on screen: the rate moves once a second', async () => {
    expect(await framesPerSecondDuringBurst()).toBeLessThanOrEqual(3)
    await waitFor((t) => / \d{3,4} req\/s/.test(t), 'the rate')
  })

  it("lists Orgo's operations with their emulation, the called ones first with their counts", async () => {
    await press('7')
    const text = await shows('7 API 47/787')
    expect(text).toMatch(/schema/)
    // The notice line says what the counts mean.
    expect(text).toContain('calls: requests this run')
    const token = s.sandbox.tenant('acme')!.apiTokens.all()[0]!.token
    const headers: Record<string, string> = { 'api-token': token }
    const req = {
      ...{ method: 'GET', path: '/api/v1/newsletters', query: new URLSearchParams(), protocol: 'http' },
      ...{ host: 'acme.localhost:4010', clientAddress: '127.0.0.1', text: async () => '' },
      header: (name: string) => headers[name.toLowerCase()] ?? null,
    }
    const match = createRouteIndex(s.sandbox.routes)
    for (let i = 0; i < 3; i++) await s.sandbox.dispatch(req, match('GET', req.path))
    const row = (await waitFor((t) => /^[> ] +3 +GET +\/api\/v1\/newsletters /m.test(t), 'the call count'))
      .split('\n')
      .find((l) => l.includes('/api/v1/newsletters '))!
    expect(row).toMatch(/schema\s+token/)
  })

  it('says when the feed drops and comes back', async () => {
    s.setConnected(false)
    await shows('○ reconnecting')
    s.setConnected(true)
    await shows('● live')
  })
})

describe('the demo key', () => {
  it('d then a digit runs that demo and narrates its steps', async () => {
    ui.unmount()
    const ran: string[] = []
    const demos = {
      names: ['api-token', 'jwt'],
      async run(name: string, onLine: (line: string) => void) {
        ran.push(name)
        onLine('━━ JWT · step 1/5: Log in with email and password')
        onLine('$ curl …')
        onLine('← 200 OK')
        await new Promise((r) => setTimeout(r, 200))
        return 0
      },
    }
    mount(s.client, demos)
    await shows('d demo')
    await press('d')
    await shows('Run a demo:  1 api-token  2 jwt  esc cancel')
    await press('2')
    await shows('JWT · step 1/5: Log in with email and password  ← 200 OK')
    await shows('Demo jwt done: its requests are in the Requests pane')
    expect(ran).toEqual(['jwt'])
  })
})

describe('the Webhooks pane', () => {
  let hooks: Receiver
  let reads: number
  beforeEach(async () => {
    ui.unmount()
    hooks = await startReceiver()
    reads = 0
    const hub = s.sandbox.webhooks
    const wire = <T,>(value: T): T => JSON.parse(JSON.stringify(value)) as T
    // The scripted client plus the two webhook calls, over the same in-process sandbox and its feed.
    const client: ControlClient = {
      ...s.client,
      async deliveries() {
        reads++
        return wire(hub.list().map(shownDelivery))
      },
      async resendDelivery(id) {
        s.calls.push(`resend ${id}`)
        return wire(shownDelivery((await hub.resend(id))!))
      },
    }
    mount(client, { names: ['api-token'], run: async () => 0 })
    await shows('api rw')
  })
  afterEach(() => hooks.close())

  const deliver = async () => {
    const acme = s.sandbox.tenant('acme')!
    const body = JSON.stringify({
      id: 'wh_evt_1',
      event: 'contact.created',
      object: { id: 51, name: 'Olivia' },
    })
    const delivery = await s.sandbox.webhooks.deliver(
      acme,
      { id: 3, url: hooks.url },
      'contact.created',
      'wh_evt_1',
      body,
    )
    await s.sandbox.webhooks.settled()
    return delivery.id
  }

  it('says how to subscribe, then shows a delivery as its attempt is reported, without polling meanwhile', async () => {
    await press('8')
    const empty = await shows('No deliveries yet: POST /api/v1/webhook_subscriptions with a url on localhost')
    expect(empty).toContain('↑↓ select  ⏎ detail  s resend  t tenant  c clock  r reset  d demo  q quit')
    const idle = reads
    await new Promise((r) => setTimeout(r, 600))
    expect(reads).toBe(idle)
    hooks.answer = () => 500
    await deliver()
    const text = await waitFor(
      (t) => /\d\d:\d\d:\d\d acme +contact\.created +#3 +1\/4 +500 +pending +2m [23]\ds/.test(t),
      'the delivery row',
    )
    expect(reads).toBe(idle + 1)
    expect(text).toContain('6 Scenarios 7 API 8 Webhooks 1')
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80)
  })

  it('opens the delivery in full, pages through it with Space, and resends it with s', async () => {
    hooks.answer = (_request, i) => (i === 0 ? 500 : 200)
    const id = await deliver()
    await press('8')
    await shows('1/4')
    await press(KEY.enter)
    const detail = await shows(`Webhook contact.created to ${hooks.url} (pending, 1/4 attempts)`)
    expect(detail.split('\n')).toContain(id)
    expect(detail).toMatch(/attempt 1 +20\d\d-\d\d-\d\dT[\d:.]+Z {2}500 in \d+ ms/)
    expect(detail).toContain(`X-Webhook-Delivery: ${id}`)
    expect(detail).toContain('s resend')
    expect(detail).toContain('space more')
    await press(' ')
    await shows('"name": "Olivia"')
    await press('s')
    await shows(`${id} sent again, attempt 2: 200`)
    expect(s.calls).toEqual([`resend ${id}`])
    expect(hooks.received).toHaveLength(2)
    await press(KEY.escape)
    await waitFor((t) => /contact\.created +#3 +2\/4 +200 +succeeded +-/.test(t), 'the delivery succeeded')
  })
})
