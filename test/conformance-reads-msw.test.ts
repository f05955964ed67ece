import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNodeSandbox, type NodeSandbox } from '../mocks/node.ts'
import { OPERATIONS } from '../mocks/operations/index.ts'
import { ANSWER_DISAGREEMENTS } from './conformance/answer-disagreements.ts'
import { againstAllowList, checkReads, coverage, FORMATS } from './conformance/answers.ts'
import { createMissingRecords, fillPathFields } from './conformance/bodies.ts'
import { GET_OPERATIONS, UNREACHABLE } from './conformance/paths.ts'
import { mswRuntime, type Runtime } from './conformance/runtime.ts'

// Issue 23 item 7 in the other runtime: MSW's setupServer (`orgo-sandbox/node`) answers the global fetch at
// https://acme.orgo.space in process, and every GET of the index answers there in its schema as it does over HTTP
// (test/conformance-reads.test.ts), collections and items, as the admin and anonymously where public.

let n: NodeSandbox
let rt: Runtime
let setUp: string[]
beforeAll(async () => {
  n = await createNodeSandbox()
  n.server.listen({ onUnhandledRequest: 'error' })
  rt = mswRuntime(n)
  setUp = [...(await createMissingRecords(rt)), ...(await fillPathFields(rt, GET_OPERATIONS))]
})
afterAll(() => n.server.close())

/** A collection GET: no path parameter (`/api/v1/contacts`, `/api/v1/local-centers-public`). */
const COLLECTIONS = GET_OPERATIONS.filter((op) => !op.pathParams.length)
/** The operations the sandbox opens to anyone (mocks/operations/public.ts). */
const OPEN = new Set(OPERATIONS.filter((o) => o.public).map((o) => o.operationId))
const PUBLIC_GETS = GET_OPERATIONS.filter((op) => OPEN.has(op.operationId))

describe('every GET of the index answers in its schema under setupServer', () => {
  it('has a record for every item operation but a company invitation’s: the unseeded resources get one', () => {
    expect(setUp).toEqual(['company_invitations (no create)'])
  })

  it.each(FORMATS)('as the admin, $media: collections and items', async ({ format }) => {
    const report = await checkReads(rt, GET_OPERATIONS, format, { 'Api-Token': rt.adminToken })
    const collections = COLLECTIONS.filter((op) => report.checked.includes(op.operationId)).length
    console.log(
      `setupServer ${format}, admin: ${collections} of ${COLLECTIONS.length} collections; GET operations ` +
        coverage(rt, report, GET_OPERATIONS.length),
    )
    expect(collections).toBe(COLLECTIONS.length)
    expect(Object.keys(report.skipped)).toEqual(UNREACHABLE)
    expect(report.checked.length).toBeGreaterThanOrEqual(344)
    const { unexpected, stale } = againstAllowList(report.problems, ANSWER_DISAGREEMENTS, report.checked)
    expect(unexpected).toEqual([])
    expect(stale).toEqual([])
  })

  it.each(FORMATS)('anonymously, $media: the public GETs', async ({ format }) => {
    const report = await checkReads(rt, PUBLIC_GETS, format, {})
    console.log(`setupServer ${format}, anonymous: public GETs ${coverage(rt, report, PUBLIC_GETS.length)}`)
    expect(report.checked.length).toBeGreaterThanOrEqual(16)
    expect(againstAllowList(report.problems, ANSWER_DISAGREEMENTS, report.checked)).toEqual({
      unexpected: [],
      stale: [],
    })
  })
})
