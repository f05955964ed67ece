import type { HttpHandler } from 'msw'
import { SCENARIOS } from '../scenarios/index.ts'
import type { SandboxOptions } from './core.ts'
import { createMswHandlers } from './msw-handlers.ts'
import { createSandbox } from './sandbox.ts'
import { createTestApi, type SandboxTestApi } from './test-api.ts'

/**
 * What `orgo-sandbox/node` and `orgo-sandbox/browser` share: a fresh sandbox, its MSW handlers and its test API.
 * A composition root (like cli.ts): it passes the scenario presets to the core.
 */
export async function createInProcessSandbox(
  options: SandboxOptions,
): Promise<{ handlers: HttpHandler[]; sandbox: SandboxTestApi }> {
  // In process the app keeps production URLs; its own localhost requests must pass through (SPEC 1).
  const core = await createSandbox({
    loopbackIsDefaultTenant: false,
    scenarioDefinitions: SCENARIOS,
    ...options,
  })
  return { handlers: createMswHandlers(core), sandbox: createTestApi(core) }
}
