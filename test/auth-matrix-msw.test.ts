import { afterAll, beforeAll } from 'vitest'
import { createNodeSandbox, type NodeSandbox } from '../mocks/node.ts'
import { describeAuthMatrix } from './auth-matrix-table.ts'
import { fetchResult, type CallInput, type CallResult } from './helpers.ts'

// The same table in process: MSW's setupServer answers the global fetch at https://acme.orgo.space.
let n: NodeSandbox
beforeAll(async () => {
  n = await createNodeSandbox()
  n.server.listen({ onUnhandledRequest: 'error' })
})
afterAll(() => n.server.close())

async function call(input: CallInput, origin = 'https://acme.orgo.space'): Promise<CallResult> {
  const headers: Record<string, string> = { ...input.headers }
  let body: string | undefined
  if (input.body !== undefined) {
    body = typeof input.body === 'string' ? input.body : JSON.stringify(input.body)
    if (
      typeof input.body !== 'string' &&
      !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
    ) {
      headers['Content-Type'] = 'application/json'
    }
  }
  const res = await fetch(`${origin}${input.path}`, { method: input.method ?? 'GET', headers, body })
  return fetchResult(res)
}

describeAuthMatrix('https://acme.orgo.space (setupServer)', () => ({
  sandbox: n.sandbox.core,
  call: (input) => call(input),
  tokens: (slug) => n.sandbox.tokens.seeded(slug),
  async login(email) {
    const slug = email.split('@')[1]!.replace(/\.test$/, '')
    const res = await call(
      { method: 'POST', path: '/api/v1/login-check', body: { username: email, password: 'password' } },
      `https://${slug}.orgo.space`,
    )
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`)
    return res.json
  },
}))
