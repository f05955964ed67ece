import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSandbox } from '../mocks/sandbox.ts'
import { startServer } from '../mocks/server.ts'
import { SCENARIOS } from '../scenarios/index.ts'
import { startTestServer, type TestServer } from '../test/helpers.ts'
import { startReceiver } from '../test/webhooks/receiver.ts'
import { createControlClient, type ControlClient } from './control-client.ts'
import type { SseMessage } from './sse.ts'

/** The dashboard's only way into the sandbox: the public control API and its event feed, over real HTTP. */
let s: TestServer
let client: ControlClient
beforeAll(async () => {
  s = await startTestServer()
  client = createControlClient(s.url)
})
afterAll(() => s.close())
beforeEach(() => s.sandbox.reset())

async function until(check: () => boolean, what: string, ms = 5000) {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('createControlClient', () => {
  it('reads the snapshot, the scenarios and the request log', async () => {
    await s.call({ path: '/api/v1/me', headers: { 'Api-Token': s.tokens('acme').rw } })
    const [state, scenarios, requests] = await Promise.all([
      client.state(),
      client.scenarios(),
      client.requests(),
    ])
    expect(state.apiTokens.map((k) => k.token)).toContain(s.tokens('acme').rw)
    expect(scenarios.map((x) => x.name)).toEqual(SCENARIOS.map((x) => x.name))
    expect(requests.find((r) => r.path === '/api/v1/me')).toMatchObject({
      method: 'GET',
      path: '/api/v1/me',
      status: 200,
      authMethod: 'api-token',
    })
  })

  it('flips scenarios, moves the clock and resets, as any client would', async () => {
    await client.setScenario('flaky', true)
    expect(
      (await s.call({ path: '/__sandbox/scenarios' })).json.find((x: { name: string }) => x.name === 'flaky')
        .active,
    ).not.toBeNull()
    await client.setScenario('flaky', false)
    expect(s.sandbox.scenarios.active()).toEqual([])
    await client.advanceClock('1h')
    expect((await client.state()).clock.offsetMs).toBeGreaterThan(3_599_000)
    await client.reset()
    expect(Math.abs((await client.state()).clock.offsetMs)).toBeLessThan(1000)
  })

  it("turns a refusal into an error that carries the envelope's detail", async () => {
    await expect(client.setScenario('nope', true)).rejects.toThrow(
      /^POST \/__sandbox\/scenarios\/nope: 404 No scenario "nope"\. Known scenarios: expired-jwt/,
    )
  })

  it('lists webhook deliveries newest first and sends one again', async () => {
    const hooks = await startReceiver()
    try {
      hooks.answer = (_request, i) => (i === 0 ? 503 : 200)
      const admin = { 'Api-Token': s.tokens('acme').rw }
      const sub = await s.call({
        method: 'POST',
        path: '/api/v1/webhook_subscriptions',
        headers: admin,
        body: { name: 'CRM', url: hooks.url, eventTypes: ['contact.created'] },
      })
      expect(sub.status).toBe(201)
      const body = { name: 'Olivia Brown', email: 'olivia.brown@example.com' }
      await s.call({ method: 'POST', path: '/api/v1/contacts', headers: admin, body })
      await s.sandbox.webhooks.settled()
      const [listed] = await client.deliveries!()
      expect(listed).toMatchObject({
        event: 'contact.created',
        tenant: 'acme',
        subscriptionId: sub.json.id,
        state: 'pending',
        body: { event: 'contact.created', object: { name: 'Olivia Brown' } },
        attempts: [{ number: 1, status: 503 }],
      })
      expect(listed!.nextAt).toMatch(/^\d{4}-\d\d-\d\dT/)
      const sent = await client.resendDelivery!(listed!.id)
      expect(sent).toMatchObject({ id: listed!.id, state: 'succeeded', nextAt: null })
      expect(sent.attempts.map((a) => a.status)).toEqual([503, 200])
      await expect(client.resendDelivery!('wh_dlv_none')).rejects.toThrow(
        /^POST \/__sandbox\/webhooks\/deliveries\/wh_dlv_none\/resend: 404 No delivery "wh_dlv_none"/,
      )
    } finally {
      await hooks.close()
    }
  })

  it('follows the event feed and reconnects when the server comes back', async () => {
    const own = await startTestServer()
    const port = own.port
    const messages: SseMessage[] = []
    const status: boolean[] = []
    const feed = createControlClient(own.url)
    const stop = feed.subscribe({ onMessage: (m) => messages.push(m), onStatus: (up) => status.push(up) })
    let again: Awaited<ReturnType<typeof startServer>> | undefined
    try {
      await until(() => status[0] === true, 'the feed to open')
      await own.call({ method: 'POST', path: '/__sandbox/api-tokens', body: { isReadOnly: true } })
      await until(
        () => messages.some((m) => m.event === 'state' && m.data.includes('api-token.issued')),
        'the state event',
      )
      expect(
        messages.some((m) => m.event === 'request' && m.data.includes('"path":"/__sandbox/api-tokens"')),
      ).toBe(true)

      await own.close()
      await until(() => status.at(-1) === false, 'the drop to be noticed')
      again = await startServer(await createSandbox({ scenarioDefinitions: SCENARIOS }), { port })
      await until(() => status.at(-1) === true, 'the reconnection')
      await feed.setScenario('maintenance', true)
      await until(
        () => messages.some((m) => m.data.includes('Scenario maintenance on')),
        'an event after reconnecting',
      )
    } finally {
      stop()
      await again?.close()
    }
  })
})
