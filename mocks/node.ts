import { setupServer } from 'msw/node'
import type { SandboxOptions } from './core.ts'
import { createMswHandlers } from './msw-handlers.ts'
import { createSandbox, type Sandbox } from './sandbox.ts'

export interface NodeSandbox {
  sandbox: Sandbox
  /** MSW's setupServer over the sandbox's handlers: `server.listen()` in a test set-up, `server.close()` after. */
  server: ReturnType<typeof setupServer>
}

/**
 * The sandbox in a Node test process, no HTTP server: `fetch('https://acme.orgo.space/api/v1/me')` is
 * answered in process. Each call builds its own state, so parallel test files never share it.
 */
export async function createNodeSandbox(options: SandboxOptions = {}): Promise<NodeSandbox> {
  // In process the app keeps production URLs; its own localhost requests must pass through (SPEC 1).
  const sandbox = await createSandbox({ loopbackIsDefaultTenant: false, ...options })
  return { sandbox, server: setupServer(...createMswHandlers(sandbox)) }
}
