import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordsOf } from '../mocks/schema/store.ts'
import { shapeProblems } from '../mocks/schema/shape.ts'
import { operation as specOperation, resourceOf } from '../mocks/spec/index.ts'
import type { SpecOperation, TypeNode } from '../mocks/spec/types.ts'
import { startTestServer, type TestServer } from './helpers.ts'

// Issue 23 item 7: every operation the schema engine serves, called over real HTTP as the admin (anonymously
// where the spec makes it public), answers a 2xx whose body has exactly the field set and types of its response
// schema for that status and media type, in JSON-LD and in plain JSON.

let s: TestServer
beforeAll(async () => {
  s = await startTestServer()
})
afterAll(() => s.close())

const FORMATS = [
  { format: 'jsonld' as const, accept: 'application/ld+json', media: 'application/ld+json' },
  { format: 'json' as const, accept: 'application/json', media: 'application/json' },
]

/** The schema-served operations that only read: every GET of the index the engine answers. */
function readOperations(): SpecOperation[] {
  return s.sandbox.routes
    .filter((r) => r.method === 'GET' && r.operation?.emulation === 'schema')
    .map((r) => specOperation(r.operation!.operation.operationId)!)
}

/** A path for the operation with each parameter filled from a seeded record of its resource. */
function pathFor(op: SpecOperation): string | undefined {
  const spec = resourceOf(op.operationId)!
  if (!op.pathParams.length) return op.path
  const records = recordsOf(s.sandbox, s.sandbox.tenant('acme')!)
  const [id] = records.ids(spec.name)
  if (id === undefined) return undefined
  const record = records.get(spec.name, id)!
  const key = op.pathParams.length === 1 ? String(record[spec.key] ?? record.id) : undefined
  return key === undefined ? undefined : op.path.replace(/:\w+/, encodeURIComponent(key))
}

describe('every GET the schema engine serves answers in its schema, as the admin', () => {
  it('covers every read operation of every resource the engine serves', () => {
    expect(readOperations().length).toBeGreaterThan(230)
  })

  it.each(FORMATS)(
    '$media: each 2xx body has exactly its schema fields and types',
    async ({ format, accept, media }) => {
      const problems: string[] = []
      let checked = 0
      for (const op of readOperations()) {
        const path = pathFor(op)
        if (path === undefined) continue
        const headers = { 'Api-Token': s.tokens('acme').rw, Accept: accept }
        const res = await s.call({ path, headers })
        const status = String(res.status)
        const offered = op.ok[status]
        if (offered === undefined) {
          problems.push(`${op.operationId} ${path}: ${status} ${res.text.slice(0, 200)}`)
          continue
        }
        const type: TypeNode | undefined = offered?.[media] ?? Object.values(offered ?? {})[0]
        if (!type || res.json === undefined) continue
        const found = shapeProblems(type, res.json, format)
        if (found.length) problems.push(`${op.operationId} ${path}: ${found.slice(0, 3).join('; ')}`)
        checked++
      }
      expect(problems).toEqual([])
      expect(checked).toBeGreaterThan(200)
    },
  )
})
