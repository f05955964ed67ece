import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { schemaServedSource } from '../scripts/schema-served.ts'

// mocks/operations/schema-served.ts lets a route know at start-up that the schema engine answers it, without
// parsing Orgo's spec (docs/decisions/015): it must say exactly what the engine decides.
it('the vendored list of schema-served operations is what the engine decides (regenerate it when this fails)', () => {
  const vendored = readFileSync(new URL('../mocks/operations/schema-served.ts', import.meta.url), 'utf8')
  expect(vendored).toBe(schemaServedSource())
})
