import { afterAll, beforeAll } from 'vitest'
import { createNodeSandbox, type NodeSandbox } from '../mocks/node.ts'
import { fetchResult, type CallResult } from './helpers.ts'
import { describeOperations } from './operations-table.ts'

// The same table in process: MSW's setupServer answers the global fetch at https://<tenant>.orgo.space.
let n: NodeSandbox
beforeAll(async () => {
  n = await createNodeSandbox()
  n.server.listen({ onUnhandledRequest: 'error' })
})
afterAll(() => n.server.close())

describeOperations('setupServer', () => ({
  sandbox: n.sandbox.core,
  tokens: (slug) => n.sandbox.tokens.seeded(slug),
  async call(input): Promise<CallResult> {
    const url = `https://${input.tenant ?? 'acme'}.orgo.space${input.path}`
    const body = typeof input.body === 'string' ? input.body : undefined
    const res = await fetch(url, { method: input.method ?? 'GET', headers: input.headers, body })
    return fetchResult(res)
  },
}))
