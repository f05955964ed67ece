// Playwright Test in the consumer's project: orgo-sandbox/node in the test process.
import { expect, test } from '@playwright/test'
import { createNodeSandbox } from 'orgo-sandbox/node'

test('the sandbox answers https://acme.orgo.space in the Playwright test process', async () => {
  const { server, sandbox } = await createNodeSandbox()
  server.listen()
  try {
    const res = await fetch('https://acme.orgo.space/api/v1/events', {
      headers: { 'Api-Token': sandbox.state().apiTokens[0]!.token, Accept: 'application/json' },
    })
    expect(res.status).toBe(200)
    expect((await res.json())[0]).toHaveProperty('uuid')
  } finally {
    server.close()
  }
})
