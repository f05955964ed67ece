import { AsyncLocalStorage } from 'node:async_hooks'
import { setupServer, type SetupServer } from 'msw/node'
import type { SandboxOptions } from './core.ts'
import { createInProcessSandbox } from './in-process.ts'
import type { SandboxTestApi } from './test-api.ts'
import { nodeTransport } from './webhooks/transport-node.ts'

export type { SandboxOptions } from './core.ts'
export type * from './test-api.ts'
export type { Delivery, DeliveryAttempt, DeliveryFilter, FunctionReceiver } from './webhooks/types.ts'
/** Checks a delivery's `X-Webhook-Signature` in your receiver, saying why it does not match (issue 24). */
export { verifyWebhookSignature } from './webhooks/signature.ts'

/** MSW's setupServer, whose `boundary()` also gives the code inside it a sandbox of its own. */
export interface NodeSandboxServer extends Omit<SetupServer, 'boundary'> {
  /**
   * MSW's `server.boundary()` (its `server.use()` overrides stay inside), and a fresh sandbox for the boundary:
   * requests made inside it are answered from that sandbox, and the `sandbox` test API called inside it acts on
   * it, so concurrent tests (`it.concurrent(name, server.boundary(async () => ...))`) never see each other's
   * scenarios, clock, codes or writes. The wrapped function always returns a promise.
   */
  boundary<Args extends unknown[], R>(callback: (...args: Args) => R): (...args: Args) => Promise<Awaited<R>>
}

export interface NodeSandbox {
  /** MSW's setupServer over the sandbox's handlers: `server.listen()` in a test set-up, `server.close()` after. */
  server: NodeSandboxServer
  /**
   * The test API: `sandbox.otp.latest(email)`, `sandbox.scenarios.use(name)`, `sandbox.reset()`, ... Inside a
   * `server.boundary()` it is that boundary's sandbox (read `sandbox.x` there, not a reference kept from outside).
   */
  sandbox: SandboxTestApi
}

/**
 * `orgo-sandbox/node`: the sandbox in a Node test process, no HTTP server; `fetch('https://acme.orgo.space/api/v1/me')`
 * is answered in process. Each call builds its own state, so two instances (or parallel test files) never share it.
 * An option it does not know (`tenats`) rejects with the allowed ones and the nearest, never falls back to a default.
 */
export async function createNodeSandbox(input: SandboxOptions = {}): Promise<NodeSandbox> {
  // Webhooks go out over node:http: MSW's interception of fetch must never swallow a delivery (issue 24).
  const options: SandboxOptions = { webhookTransport: nodeTransport, ...input }
  const { handlers, sandbox } = await createInProcessSandbox(options)
  const server = setupServer(...handlers)
  // Which sandbox the code running now belongs to: a boundary's own, or the instance's.
  const current = new AsyncLocalStorage<SandboxTestApi>()
  const mswBoundary = server.boundary.bind(server)
  function boundary<Args extends unknown[], R>(callback: (...args: Args) => R) {
    return mswBoundary(async (...args: Args): Promise<Awaited<R>> => {
      const own = await createInProcessSandbox(options)
      // Prepended inside MSW's boundary, so only this boundary's requests reach them (MSW's AsyncLocalStorage).
      server.use(...own.handlers)
      try {
        return await current.run(own.sandbox, () => callback(...args))
      } finally {
        await own.sandbox.core.close()
      }
    })
  }
  return {
    server: Object.assign(server, { boundary }) as NodeSandboxServer,
    sandbox: new Proxy(sandbox, { get: (_, key) => Reflect.get(current.getStore() ?? sandbox, key) }),
  }
}
