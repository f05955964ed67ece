import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers.ts'
import { startReceiver, type Receiver } from './receiver.ts'

// Issue 24: Orgo's n8n trigger node (Orgo-space/n8n-nodes-orgo nodes/Orgo/OrgoTrigger.node.ts at 7ab6de5), run the
// way its code runs against the sandbox: `create()` POSTs its subscription body with the credential's Api-Token
// and keeps the answer's `id`; `checkExists()` GETs that id (any error: gone); `delete()` does nothing, so a
// re-activated workflow creates again; `webhook()` re-serialises the parsed body, checks `x-webhook-signature`
// against its 32-bit string hash of `body + "|" + secret`, and needs top-level `id`, `event` and `object`.
// The steps are written here from the node's behaviour, not copied from it.

/** n8n's `httpRequest`: JSON in and out, a non-2xx throws. */
async function httpRequest(s: TestServer, method: string, path: string, body?: unknown) {
  const res = await s.call({
    method,
    path,
    headers: { 'Api-Token': s.tokens('acme').rw, 'Content-Type': 'application/json' },
    body,
  })
  if (res.status < 200 || res.status >= 300) throw new Error(`HTTP ${res.status}`)
  return res.json as Record<string, unknown>
}

/** The node's check: a Java-style 32-bit string hash, its absolute value in hex, compared exactly. */
function n8nSignature(payload: string, secret: string): string {
  const text = `${payload}|${secret}`
  let hash = 0
  for (let i = 0; i < text.length; i++) hash = ((hash << 5) - hash + text.charCodeAt(i)) | 0
  return Math.abs(hash).toString(16)
}

let s: TestServer
let n8n: Receiver
beforeAll(async () => {
  s = await startTestServer()
  n8n = await startReceiver('/webhook/orgo-trigger')
})
afterAll(async () => {
  await n8n.close()
  await s.close()
})

describe("Orgo's n8n trigger against the sandbox", () => {
  const secret = 'whsec_n8n_credential'
  const workflow = { name: 'Welcome new contacts', id: 'wf1' }
  const createBody = () => ({
    name: `n8n Workflow: ${workflow.name}`,
    url: n8n.url,
    eventTypes: ['contact.created', 'contact.updated'],
    secret,
    isActive: true,
    maxRetries: 3,
    timeoutSeconds: 30,
    description: `Created by n8n workflow "${workflow.name}" (${workflow.id})`,
  })

  it('subscribes, checks, receives a signed delivery its webhook() accepts; a re-activation reuses the subscription', async () => {
    const created = await httpRequest(s, 'POST', '/api/v1/webhook_subscriptions', createBody())
    expect(created.id).toEqual(expect.any(Number))
    const staticData = { webhookId: created.id }
    // checkExists(): any success means it exists.
    await expect(
      httpRequest(s, 'GET', `/api/v1/webhook_subscriptions/${staticData.webhookId}`),
    ).resolves.toBeDefined()

    await httpRequest(s, 'POST', '/api/v1/contacts', { name: 'Ada Lovelace', email: 'ada@example.com' })
    const got = await n8n.next()
    // webhook(): n8n hands it the parsed body; it hashes the body serialised again.
    const body = JSON.parse(got.body) as Record<string, unknown>
    expect(got.headers['x-webhook-signature']).toBe(n8nSignature(JSON.stringify(body), secret))
    expect(body.id && body.event && body.object).toBeTruthy()
    expect(body).toMatchObject({ event: 'contact.created', entity_type: 'contact', operation: 'created' })

    // The workflow is deactivated (delete() is a no-op) and activated again: create() runs once more.
    const again = await httpRequest(s, 'POST', '/api/v1/webhook_subscriptions', createBody())
    expect(again.id).toBe(created.id)
    const list = await httpRequest(s, 'GET', '/api/v1/webhook_subscriptions')
    expect(list['hydra:totalItems']).toBe(1)

    // checkExists() after the subscription is deleted elsewhere: an error, so n8n creates it again.
    await httpRequest(s, 'DELETE', `/api/v1/webhook_subscriptions/${staticData.webhookId}`)
    await expect(
      httpRequest(s, 'GET', `/api/v1/webhook_subscriptions/${staticData.webhookId}`),
    ).rejects.toThrow('404')
  })
})
