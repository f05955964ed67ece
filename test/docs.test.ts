import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { describeResources } from '../mocks/resources/engine/describe.ts'

it('docs/resources.md is what the resource definitions say (run `npm run docs` after changing one)', () => {
  expect(readFileSync(new URL('../docs/resources.md', import.meta.url), 'utf8')).toBe(describeResources())
})

it('every action a definition lists is routed', async () => {
  const { RESOURCES } = await import('../mocks/resources/index.ts')
  const { createSandbox } = await import('../mocks/sandbox.ts')
  const sandbox = await createSandbox()
  try {
    for (const def of RESOURCES)
      for (const action of def.actions ?? []) {
        const path = action.path.replace(/\{\w+\}/g, ':id')
        const routed = sandbox.routes.some(
          (r) => r.method === action.method && r.path.replace(/:\w+/g, ':id') === path,
        )
        expect(routed, `${action.method} ${action.path}`).toBe(true)
      }
  } finally {
    await sandbox.close()
  }
})
