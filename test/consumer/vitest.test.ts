// Vitest in the consumer's project, TypeScript included.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createNodeSandbox, type NodeSandbox } from 'orgo-sandbox/node'

let s: NodeSandbox
beforeAll(async () => {
  s = await createNodeSandbox()
  s.server.listen()
})
afterAll(() => s.server.close())

it('creates a contact with name and email, as Orgo own client does', async () => {
  const token = s.sandbox.state().apiTokens[0]!.token
  const res = await fetch('https://acme.orgo.space/api/v1/contacts', {
    method: 'POST',
    headers: { 'Api-Token': token, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ name: 'Olivia Brown', email: 'olivia.brown@example.com' }),
  })
  expect(res.status).toBe(201)
  expect(await res.json()).toMatchObject({ firstName: 'Olivia', lastName: 'Brown', source: 'MANUAL' })
})
