import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SPEC_PUBLIC_NAMING_CALLERS } from '../mocks/operations/public.ts'
import { OPERATIONS } from '../mocks/operations/index.ts'
import { operation as specOperation } from '../mocks/spec/index.ts'
import {
  againstAllowList,
  answerProblems,
  checkReads,
  coverage,
  FORMATS,
  type ReadReport,
} from './conformance/answers.ts'
import { createMissingRecords, fillPathFields } from './conformance/bodies.ts'
import { ANSWER_DISAGREEMENTS } from './conformance/answer-disagreements.ts'
import { GET_OPERATIONS as GETS, pathsFor, UNREACHABLE } from './conformance/paths.ts'
import { httpRuntime, type Runtime } from './conformance/runtime.ts'
import { startTestServer, type TestServer } from './helpers.ts'

// Issue 23 item 7: every GET of the index (hand-written emulations, schema-engine ones, any still generic), called
// over real HTTP as the admin in JSON-LD and in plain JSON, answers a 2xx whose body has exactly its schema's
// field set and types; each public operation does so anonymously. test/conformance-reads-msw.test.ts: setupServer.

let s: TestServer
let rt: Runtime
let setUp: string[]
beforeAll(async () => {
  s = await startTestServer()
  rt = httpRuntime(s)
  setUp = [...(await createMissingRecords(rt)), ...(await fillPathFields(rt, GETS))]
})
afterAll(() => s.close())

const PUBLIC = OPERATIONS.filter((o) => o.public).map((o) => specOperation(o.operationId)!)

const print = (label: string, report: ReadReport, total: number) =>
  console.log(`${label}: GET operations ${coverage(rt, report, total)}`)

describe('every GET of the index answers in its schema, over HTTP', () => {
  it('has a record for every item operation but a company invitation’s: the unseeded resources get one', () => {
    expect(setUp).toEqual(['company_invitations (no create)'])
  })

  it.each(FORMATS)(
    'as the admin, $media: every body has its schema’s fields and types',
    async ({ format }) => {
      const report = await checkReads(rt, GETS, format, { 'Api-Token': rt.adminToken })
      print(`HTTP ${format}, admin`, report, GETS.length)
      expect(Object.keys(report.skipped)).toEqual(UNREACHABLE)
      expect(report.checked.length).toBe(GETS.length - UNREACHABLE.length)
      expect(report.checked.length).toBeGreaterThanOrEqual(344)
      const { unexpected, stale } = againstAllowList(report.problems, ANSWER_DISAGREEMENTS, report.checked)
      expect(unexpected).toEqual([])
      expect(stale).toEqual([])
    },
  )
})

/**
 * The public writes, called as an anonymous client would: the body each needs (the spec requires none but a
 * company invitation's `email`), or why it cannot be called.
 */
const PUBLIC_WRITES: Readonly<Record<string, Record<string, unknown> | string>> = {
  company_invitation_accept: 'no company invitation in acme to accept (see UNREACHABLE)',
  company_invitation_decline: 'no company invitation in acme to decline (see UNREACHABLE)',
  create_identity_anonymous: { firstName: 'Ada', lastName: 'Lovelace' },
  upload_media_back_anonymous: {},
  subscription_profile_create_pending_external: {},
  // Self-registration (decision 009): the hand-written users resource needs an email and a password.
  api_users_post: { email: 'self-registered@example.test', plainPassword: 'Conformance-1', firstName: 'Ada' },
}

describe('every public operation answers anonymously in its schema, over HTTP', () => {
  it('opens what the spec opens (43), but the 9 whose description names who may call them', async () => {
    const closed = OPERATIONS.filter((o) => specOperation(o.operationId)!.public && !o.public)
    expect(closed.map((o) => `${o.method} ${o.specPath}`).sort()).toEqual(
      [...SPEC_PUBLIC_NAMING_CALLERS].sort(),
    )
    expect(OPERATIONS.filter((o) => o.public && !specOperation(o.operationId)!.public)).toEqual([])
    expect(OPERATIONS.filter((o) => o.public)).toHaveLength(34)
    const countries = await rt.call({ path: '/api/v1/countries' })
    expect([countries.status, countries.json['@type']]).toEqual([200, 'hydra:Collection'])
    const removal = await rt.call({ method: 'DELETE', path: '/api/v1/local_centers/4' })
    expect([removal.status, removal.json.detail]).toEqual([401, 'JWT Token not found'])
  })

  it.each(FORMATS)('the public GETs, $media', async ({ format }) => {
    const gets = PUBLIC.filter((op) => op.method === 'GET')
    const report = await checkReads(rt, gets, format, {})
    print(`HTTP ${format}, anonymous`, report, gets.length)
    expect(Object.keys(report.skipped)).toEqual(
      UNREACHABLE.filter((id) => gets.some((op) => op.operationId === id)),
    )
    expect(report.checked.length).toBeGreaterThanOrEqual(16)
    expect(againstAllowList(report.problems, ANSWER_DISAGREEMENTS, report.checked)).toEqual({
      unexpected: [],
      stale: [],
    })
  })

  it('the public writes, JSON-LD', async () => {
    const writes = PUBLIC.filter((op) => op.method !== 'GET')
    expect(writes.map((op) => op.operationId).sort()).toEqual(Object.keys(PUBLIC_WRITES).sort())
    const problems: string[] = []
    const called: string[] = []
    for (const op of writes) {
      const body = PUBLIC_WRITES[op.operationId]!
      const filled = pathsFor(rt, op)
      if (typeof body === 'string' || 'skip' in filled) continue
      const headers = { 'Content-Type': 'application/ld+json', Accept: 'application/ld+json' }
      const res = await rt.call({
        method: op.method,
        path: filled.paths[0]!,
        headers,
        body: JSON.stringify(body),
      })
      called.push(op.operationId)
      problems.push(...answerProblems(op, res, 'jsonld').map((p) => `${op.operationId}: ${p}`))
    }
    console.log(`HTTP jsonld, anonymous: ${called.length} of ${writes.length} public writes called`)
    expect(againstAllowList(problems, ANSWER_DISAGREEMENTS, called)).toEqual({ unexpected: [], stale: [] })
    expect(called).toHaveLength(4)
  })
})
