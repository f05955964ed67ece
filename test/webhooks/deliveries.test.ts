import { describe, expect, it } from 'vitest'
import { verifyWebhookSignature } from '../../mocks/webhooks/signature.ts'
import { startTestServer, type TestServer, MERGE } from '../helpers.ts'
import { startReceiver, useServerAndReceiver, type Receiver } from './receiver.ts'

/** A receiver that takes 3 s to answer: longer than the subscription's timeout. */
async function startSlowReceiver(): Promise<{ url: string; close: () => Promise<void> }> {
  const { createServer } = await import('node:http')
  const server = createServer((_req, res) => setTimeout(() => res.end('late'), 3000))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}/slow`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

// Issue 24 item 2 and 3: real writes produce Orgo's events, delivered to a real HTTP receiver in the envelope of
// the spec, signed as Orgo's n8n node checks, retried on the sandbox clock.

let s: TestServer
let hooks: Receiver
useServerAndReceiver((server, receiver) => ((s = server), (hooks = receiver)))

const admin = () => ({ 'Api-Token': s.tokens('acme').rw })
const SECRET = 'whsec_a3f8b2c4d6e8f1a3b5c7d9e1f3a5b7c9'

async function subscribe(eventTypes: string[], extra: Record<string, unknown> = {}) {
  const res = await s.call({
    method: 'POST',
    path: '/api/v1/webhook_subscriptions',
    headers: admin(),
    body: { name: 'CRM sync', url: hooks.url, eventTypes, secret: SECRET, ...extra },
  })
  expect(res.status, res.text).toBe(201)
  return res.json as { id: number }
}

describe('a write of a contact is an event its subscriptions receive', () => {
  it('contact.created, .updated and .deleted: the envelope, the object as GET shows it, previous_attributes', async () => {
    await subscribe(['contact.created', 'contact.updated', 'contact.deleted'])
    const made = await s.call({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: admin(),
      body: { name: 'Olivia Brown', email: 'olivia.brown@example.com' },
    })
    expect(made.status).toBe(201)
    const created = await hooks.next()
    expect(created.method).toBe('POST')
    expect(created.headers['content-type']).toBe('application/json')
    expect(created.headers['user-agent']).toBe('OrgoWebhook/1.0')
    expect(created.headers['x-webhook-event']).toBe('contact.created')
    expect(created.headers['x-webhook-delivery']).toMatch(/^wh_dlv_/)
    expect(Number(created.headers['x-webhook-timestamp'])).toBeGreaterThan(1_700_000_000)
    expect(created.json).toMatchObject({
      event: 'contact.created',
      api_version: '2024-01',
      tenant_id: s.sandbox.tenant('acme')!.tenant.id,
      previous_attributes: null,
      is_update: false,
      entity_type: 'contact',
      operation: 'created',
    })
    expect(created.json.id).toMatch(/^wh_evt_/)
    const get = await s.call({ path: `/api/v1/contacts/${made.json.id}`, headers: admin() })
    const { '@context': _context, ...shown } = get.json as Record<string, unknown>
    expect(created.json.object).toEqual(shown)
    // Compact JSON: the bytes the n8n node re-serialises, signed as it checks.
    expect(created.body).toBe(JSON.stringify(created.json))
    const verdict = await verifyWebhookSignature({
      body: created.body,
      secret: SECRET,
      signature: created.headers['x-webhook-signature'] as string,
    })
    expect(verdict).toEqual({ ok: true })

    await s.call({
      method: 'PATCH',
      path: `/api/v1/contacts/${made.json.id}`,
      headers: { ...admin(), ...MERGE },
      body: { phone: '+1 415 555 0142' },
    })
    const updated = await hooks.next()
    expect(updated.json).toMatchObject({ event: 'contact.updated', is_update: true, operation: 'updated' })
    expect(updated.json.previous_attributes).toEqual({ phone: null })
    expect((updated.json.object as { phone: string }).phone).toBe('+1 415 555 0142')

    await s.call({ method: 'DELETE', path: `/api/v1/contacts/${made.json.id}`, headers: admin() })
    const deleted = await hooks.next()
    expect(deleted.json).toMatchObject({ event: 'contact.deleted', operation: 'deleted' })
    expect((deleted.json.object as { id: number }).id).toBe(made.json.id)
  })

  it('nothing for an event no subscription asked for, or an inactive one', async () => {
    await subscribe(['user.created'])
    await subscribe(['contact.created'], { url: `${hooks.url}/off`, isActive: false })
    await s.call({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: admin(),
      body: { name: 'Nobody Told', email: 'nobody@example.com' },
    })
    await s.sandbox.webhooks.settled()
    expect(hooks.received).toEqual([])
  })
})

describe('what a delivery does not do', () => {
  it('no X-Webhook-Signature without a secret; a receiver that never answers holds up no request', async () => {
    const res = await s.call({
      method: 'POST',
      path: '/api/v1/webhook_subscriptions',
      headers: admin(),
      body: { name: 'Unsigned', url: hooks.url, eventTypes: ['contact.created'], timeoutSeconds: 1 },
    })
    expect(res.status).toBe(201)
    await s.call({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: admin(),
      body: { name: 'Unsigned One', email: 'unsigned@example.com' },
    })
    const got = await hooks.next()
    expect(got.headers).not.toHaveProperty('x-webhook-signature')
    // The receiver now takes 3 s per delivery: the API answers at once, the attempt times out after 1 s.
    hooks.answer = () => 200
    const slow = await startSlowReceiver()
    try {
      await s.call({
        method: 'PATCH',
        path: `/api/v1/webhook_subscriptions/${res.json.id}`,
        headers: { ...admin(), ...MERGE },
        body: { url: slow.url },
      })
      const started = Date.now()
      const made = await s.call({
        method: 'POST',
        path: '/api/v1/contacts',
        headers: admin(),
        body: { name: 'Not Held', email: 'not.held@example.com' },
      })
      expect(made.status).toBe(201)
      expect(Date.now() - started).toBeLessThan(500)
      // Meanwhile another subscription's test delivery answers at once: it waits for its own receiver only.
      const fast = await subscribe(['user.created'])
      const tested = Date.now()
      const test = await s.call({
        method: 'POST',
        path: `/api/v1/webhook_subscriptions/${fast.id}/test`,
        headers: admin(),
        body: { event: 'user.created' },
      })
      expect([test.status, test.json.statusCode]).toEqual([201, 200])
      expect(Date.now() - tested).toBeLessThan(500)
      await s.sandbox.webhooks.settled()
      const [latest] = s.sandbox.webhooks.list({ event: 'contact.created' })
      expect(latest!.attempts[0]!.error).toMatch(/timeout after 1000 ms/)
    } finally {
      await slow.close()
    }
  })
})

describe('every path that writes the record fires its event', () => {
  it('a user role created through the schema engine, a user registered through the hand-written POST /users', async () => {
    await subscribe(['user_role.created', 'user.created'])
    const acme = s.sandbox.tenant('acme')!
    const member = acme.users.findUnique('email', 'member@acme.test')!
    const role = await s.call({
      method: 'POST',
      path: '/api/v1/user_roles',
      headers: admin(),
      body: { user: `/api/v1/users/${member.id}`, dateCreated: '2026-12-01T00:00:00+00:00' },
    })
    expect(role.status, role.text).toBe(201)
    const granted = await hooks.next()
    expect(granted.json).toMatchObject({ event: 'user_role.created', entity_type: 'user_role' })
    expect((granted.json.object as { id: number }).id).toBe(role.json.id)
    const registered = await s.call({
      method: 'POST',
      path: '/api/v1/users',
      body: { email: 'new.member@example.com', plainPassword: 'Sandbox-2026!', firstName: 'New' },
    })
    expect(registered.status, registered.text).toBe(201)
    const joined = await hooks.next()
    expect(joined.json).toMatchObject({ event: 'user.created' })
    expect((joined.json.object as { email: string }).email).toBe('new.member@example.com')
  })
})

describe('retries on the sandbox clock', () => {
  it('1 + maxRetries attempts, 150 s, 300 s apart: advancing the clock runs each at once; counters kept', async () => {
    const sub = await subscribe(['contact.created'], { maxRetries: 2 })
    hooks.answer = () => 503
    await s.call({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: admin(),
      body: { name: 'Retry Me', email: 'retry@example.com' },
    })
    const first = await hooks.next()
    await s.sandbox.webhooks.settled()
    expect(hooks.received).toHaveLength(1)
    await s.call({ method: 'POST', path: '/__sandbox/clock', body: { advance: '149s' } })
    await s.sandbox.webhooks.settled()
    expect(hooks.received).toHaveLength(1)
    await s.call({ method: 'POST', path: '/__sandbox/clock', body: { advance: '1s' } })
    const second = await hooks.next()
    expect(second.json.id).toBe(first.json.id)
    expect(second.headers['x-webhook-delivery']).toBe(first.headers['x-webhook-delivery'])
    hooks.answer = () => 204
    await s.call({ method: 'POST', path: '/__sandbox/clock', body: { advance: '300s' } })
    await hooks.next()
    await s.sandbox.webhooks.settled()
    const [delivery] = s.sandbox.webhooks.list({ subscriptionId: sub.id })
    expect(delivery).toMatchObject({ state: 'succeeded', nextAt: null })
    expect(delivery!.attempts.map((a) => a.status)).toEqual([503, 503, 204])
    const read = await s.call({ path: `/api/v1/webhook_subscriptions/${sub.id}`, headers: admin() })
    expect(read.json).toMatchObject({ totalDeliveries: 3, successfulDeliveries: 1, failedDeliveries: 2 })
    expect(read.json.lastTriggeredAt).toEqual(expect.any(String))
  })
})

describe('--forward-webhooks (forwardWebhooks)', () => {
  it('subscribes the URL to every event of every tenant, at start and after a reset; another host is refused', async () => {
    const receiver = await startReceiver()
    const forwarded = await startTestServer({ forwardWebhooks: receiver.url })
    try {
      const create = () =>
        forwarded.call({
          method: 'POST',
          path: '/api/v1/contacts',
          tenant: 'globex',
          headers: { 'Api-Token': forwarded.tokens('globex').rw },
          body: { name: 'Forwarded', email: 'forwarded@example.com' },
        })
      await create()
      expect((await receiver.next()).json).toMatchObject({ event: 'contact.created' })
      await forwarded.sandbox.reset()
      await create()
      expect((await receiver.next()).json).toMatchObject({ event: 'contact.created' })
    } finally {
      await forwarded.close()
      await receiver.close()
    }
    await expect(startTestServer({ forwardWebhooks: 'https://hooks.example.com/x' })).rejects.toThrow(
      /--webhook-host/,
    )
  })
})
