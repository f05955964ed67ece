import { setupServer, type SetupServer } from 'msw/node'
import type { SandboxOptions } from './core.ts'
import { createInProcessSandbox } from './in-process.ts'
import type { SandboxTestApi } from './test-api.ts'

export type { SandboxOptions } from './core.ts'
export type * from './test-api.ts'

export interface NodeSandbox {
  /** MSW's setupServer over the sandbox's handlers: `server.listen()` in a test set-up, `server.close()` after. */
  server: SetupServer
  /** The test API: `sandbox.otp.latest(email)`, `sandbox.scenarios.use(name)`, `sandbox.reset()`, ... */
  sandbox: SandboxTestApi
}

/**
 * `orgo-sandbox/node`: the sandbox in a Node test process, no HTTP server; `fetch('https://acme.orgo.space/api/v1/me')`
 * is answered in process. Each call builds its own state, so two instances (or parallel test files) never share it.
 */
export async function createNodeSandbox(options: SandboxOptions = {}): Promise<NodeSandbox> {
  const { handlers, sandbox } = await createInProcessSandbox(options)
  return { server: setupServer(...handlers), sandbox }
}
