// node --test, the runner built into Node.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createNodeSandbox } from 'orgo-sandbox/node'

const { server, sandbox } = await createNodeSandbox()
before(() => server.listen())
after(() => server.close())

test('a member without HR or FINANCIAL is refused contacts, as on orgo.space', async () => {
  const login = await fetch('https://acme.orgo.space/api/v1/login-check', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'member@acme.test', password: 'password' }),
  })
  const { token } = await login.json()
  const res = await fetch('https://acme.orgo.space/api/v1/contacts', {
    headers: { Authorization: `Bearer ${token}` },
  })
  assert.equal(res.status, 403)
  assert.deepEqual(await res.json(), { title: 'Forbidden', detail: 'Access Denied.', status: 403 })
  await sandbox.reset()
})
