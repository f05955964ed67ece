import { beforeAll, describe, expect, it } from 'vitest'
import { OPERATIONS, type Operation } from '../mocks/operations/index.ts'
import type { Sandbox } from '../mocks/sandbox.ts'
import type { CallInput, CallResult } from './helpers.ts'

/**
 * Every one of the 787 operations of Orgo's spec (the 743 of its index and 44 website-builder ones) x four callers, as one table (SPEC 8, issue 14): anonymous,
 * the read-only Api-Token writing, another tenant's Api-Token, and the admin's read/write Api-Token. Each check
 * walks the whole index and collects the rows that answer otherwise, so a failure lists the operations.
 * One table, two runtimes: the standalone server (operations.test.ts) and setupServer (operations-msw.test.ts).
 */
export interface OperationsRuntime {
  sandbox: Sandbox
  /** A request to a tenant's host (`acme` unless `tenant` is given). */
  call(input: Omit<CallInput, 'host'>): Promise<CallResult>
  tokens(slug: string): { rw: string; ro: string }
}

/**
 * A full emulation that takes no credential by design, though the spec gives it no `security: []`: the
 * credential of LexikJWT's login is its body (Orgo's Authentication page).
 */
const OPEN_BY_DESIGN = new Set(['login_check_post'])

const UNAUTHORIZED = { title: 'Unauthorized', detail: 'JWT Token not found', status: 401 }
const INVALID_TOKEN = { title: 'Unauthorized', detail: 'Invalid API token.', status: 401 }
const DENIED = { title: 'Forbidden', detail: 'Access Denied.', status: 403 }

/** A path of the operation with every parameter set to an id no tenant holds. */
const pathOf = (op: Operation) => op.path.replace(/:\w+/g, '999999')

/** The call as a client following the spec makes it: a JSON(-LD) body where the spec has one, merge patch for PATCH. */
function request(op: Operation, headers: Record<string, string>): Omit<CallInput, 'host'> {
  if (!op.hasBody) return { method: op.method, path: pathOf(op), headers }
  const type = op.method === 'PATCH' ? 'application/merge-patch+json' : 'application/ld+json'
  return { method: op.method, path: pathOf(op), headers: { ...headers, 'Content-Type': type }, body: '{}' }
}

const isWrite = (op: Operation) => op.method !== 'GET'
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** Admin of the seeded tenant: ADMIN, HR, FINANCIAL and EVENT, tenant-wide (SPEC 9). */
const ADMIN_DOMAINS = ['ADMIN', 'HR', 'FINANCIAL', 'EVENT']
const adminMay = (op: Operation) =>
  !op.permissions || op.permissions.some((p) => ADMIN_DOMAINS.includes(p.slice(0, p.lastIndexOf('_'))))

/**
 * A well-formed answer of the schema engine or the generic emulation: API Platform's shapes, the 404 envelope,
 * or (schema: the body `{}` is validated against the spec) a 400 or a 422 ConstraintViolationList.
 */
function generically(op: Operation, res: CallResult, emulation: string): string | null {
  if (res.headers['x-sandbox-emulation'] !== emulation) return `no X-Sandbox-Emulation: ${emulation}`
  const body = res.json as Record<string, unknown> | undefined
  switch (res.status) {
    case 400:
    case 422:
      if (emulation !== 'schema') return `status ${res.status} ${res.text.slice(0, 120)}`
      return body?.status === res.status && typeof body.detail === 'string'
        ? null
        : `${res.status} body ${res.text}`
    case 202:
    case 204:
      return res.text === '' ? null : `a ${res.status} with a body`
    case 404:
      return body?.title === 'Not Found' && body.status === 404 ? null : `404 body ${res.text}`
    case 200:
    case 201:
      // The spec's `null` answer (40 of the website builder's operations): the status with no content.
      if (emulation === 'schema' && res.text === '') return null
      // An operation the spec answers in CSV only (`users_role_group_csv`): a CSV page.
      if (emulation === 'schema' && String(res.headers['content-type']).startsWith('text/csv')) return null
      // `has_live_votes`: "Returns a boolean" (its description; run-a-board-election step 4: "returns true").
      if (op.operationId === 'has_live_votes')
        return typeof res.json === 'boolean' ? null : `not a boolean: ${res.text}`
      if (body?.['@type'] === 'hydra:Collection')
        return Array.isArray(body['hydra:member']) && typeof body['hydra:totalItems'] === 'number'
          ? null
          : `collection ${res.text}`
      if (res.status === 201 && typeof body?.['@id'] !== 'string') return `201 without @id: ${res.text}`
      return typeof body?.['@id'] === 'string' && body['@context'] === `/api/contexts/${body['@type']}`
        ? null
        : `item ${res.text}`
    default:
      return `status ${res.status} ${res.text.slice(0, 120)}`
  }
}

export function describeOperations(label: string, runtime: () => OperationsRuntime): void {
  describe(`every operation of Orgo's index (${label})`, () => {
    let s: OperationsRuntime
    let served: Map<string, string>
    beforeAll(async () => {
      s = runtime()
      await s.sandbox.reset()
      served = new Map(
        s.sandbox.routes
          .filter((r) => r.operation)
          .map((r) => [r.operation!.operation.operationId, r.operation!.emulation]),
      )
    })

    /** Runs `check` over the index, a few calls at a time; the rows it returns a complaint for. */
    async function failures(ops: readonly Operation[], check: (op: Operation) => Promise<string | null>) {
      const out: string[] = []
      for (let i = 0; i < ops.length; i += 16)
        await Promise.all(
          ops.slice(i, i + 16).map(async (op) => {
            const problem = await check(op)
            if (problem) out.push(`${op.method} ${op.specPath}: ${problem}`)
          }),
        )
      return out.sort()
    }

    it('routes all 787, each full, schema or generic', () => {
      expect(OPERATIONS).toHaveLength(787)
      expect(OPERATIONS.filter((op) => !served.has(op.operationId)).map((op) => op.operationId)).toEqual([])
    })

    it('anonymous: 401 JWT Token not found, except the public operations', async () => {
      const bad = await failures(OPERATIONS, async (op) => {
        const res = await s.call(request(op, {}))
        if (op.public || OPEN_BY_DESIGN.has(op.operationId))
          return res.status === 401 ? `public, but ${res.status}` : null
        if (res.status !== 401 || !same(res.json, UNAUTHORIZED))
          return `${res.status} ${res.text.slice(0, 100)}`
        return res.headers['www-authenticate'] === 'Bearer' ? null : 'no WWW-Authenticate: Bearer'
      })
      expect(bad).toEqual([])
    })

    it('the read-only Api-Token writing: 403 Access Denied.', async () => {
      const writes = OPERATIONS.filter((op) => isWrite(op) && !OPEN_BY_DESIGN.has(op.operationId))
      expect(writes.length).toBeGreaterThan(400)
      const bad = await failures(writes, async (op) => {
        const res = await s.call(request(op, { 'Api-Token': s.tokens('acme').ro }))
        return res.status === 403 && same(res.json, DENIED) ? null : `${res.status} ${res.text.slice(0, 100)}`
      })
      expect(bad).toEqual([])
    })

    it("another tenant's Api-Token: 401, on every operation", async () => {
      const bad = await failures(OPERATIONS, async (op) => {
        if (OPEN_BY_DESIGN.has(op.operationId)) return null
        const res = await s.call(request(op, { 'Api-Token': s.tokens('globex').rw }))
        return res.status === 401 && same(res.json, INVALID_TOKEN)
          ? null
          : `${res.status} ${res.text.slice(0, 100)}`
      })
      expect(bad).toEqual([])
    })

    it('the admin: a well-formed schema or generic answer (or 403 where the stated permission is not the admin’s)', async () => {
      const notFull = OPERATIONS.filter((op) => served.get(op.operationId) !== 'full')
      expect(notFull.length).toBeGreaterThan(600)
      const bad = await failures(notFull, async (op) => {
        const res = await s.call(request(op, { 'Api-Token': s.tokens('acme').rw }))
        // The record is looked up before the permission (API Platform's order): none has the id 999999.
        if (!adminMay(op))
          return (res.status === 403 && res.json?.detail === 'Access Denied.') ||
            (res.status === 404 && op.path.includes(':'))
            ? null
            : `${res.status}`
        return generically(op, res, served.get(op.operationId)!)
      })
      expect(bad).toEqual([])
    })

    it('the admin on a full emulation: an answer of the API, never an error of the sandbox', async () => {
      const full = OPERATIONS.filter((op) => served.get(op.operationId) === 'full')
      const bad = await failures(full, async (op) => {
        const res = await s.call(request(op, { 'Api-Token': s.tokens('acme').rw }))
        // An empty body is refused as the API would (400, 415, 422): the full emulation validates it.
        if (![200, 201, 204, 400, 404, 415, 422].includes(res.status)) return `${res.status} ${res.text}`
        return res.headers['x-sandbox-emulation'] === 'full' ? null : 'no X-Sandbox-Emulation: full'
      })
      expect(bad).toEqual([])
    })
  })
}
