import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { holdsNamed, TENANT_ADMIN_PERMISSIONS } from '../mocks/auth/permissions.ts'
import { recordRule } from '../mocks/handlers/generic-rules.ts'
import { shapeOf, type RecordShape } from '../mocks/handlers/generic-shape.ts'
import type { Operation } from '../mocks/operations/index.ts'
import { resourceAt } from '../mocks/resources/index.ts'
import { startTestServer, type CallResult, type TestServer, MERGE } from './helpers.ts'

/**
 * Issue 22 item 2 (findings-3 N2): every generic operation of the index that acts on a record of a modelled
 * resource, x the admin, a member, another tenant's OTP JWT and a contact hash, against the direct item
 * operation of the same record (`GET`/`PATCH`/`DELETE /api/v1/<resource>/{key}`, mocks/handlers/resources.ts)
 * by the same caller. A refusal there (401, 403, 404) is the same refusal here; where the direct operation lets
 * the caller through, the generic one does too, unless it states a permission the caller lacks. A contact hash
 * shows only where the direct GET shows it to that caller. Rows that answer otherwise are listed together.
 */

interface Caller {
  name: string
  headers: Record<string, string>
  /** The permissions it holds, as the operation index names them. */
  holds: (names: readonly string[]) => boolean
}

interface Row {
  op: Operation
  shape: RecordShape
  key: string
}
const denial = (status: number) => status === 401 || status === 403 || status === 404
const answer = (res: CallResult) => `${res.status} ${res.status >= 400 ? res.text : ''}`.trim()

let s: TestServer
let rows: Row[]
let callers: Caller[]
/** Every attendance hash of the tenant, by attendance id. */
let hashes: Map<string, number>
/** The records each modelled resource is tried on (ids, or uuids where the resource is addressed by one). */
let records: Record<string, string[]>
/** The contact hash caller's own attendance. */
let hashOwn: number

beforeAll(async () => {
  s = await startTestServer()
  const acme = s.sandbox.tenant('acme')!
  const admin = { 'Api-Token': s.tokens('acme').rw }
  const member = (await s.login('member@acme.test')).token
  const invitation = acme.eventAttends.all().find((a) => a.external !== null)!
  hashOwn = invitation.id
  // An attendance of this tenant whose contact is the other tenant's member: their OTP JWT's own.
  const event = acme.events.get(invitation.event)!
  const foreignOwn = await s.call({
    method: 'POST',
    path: '/api/v1/event_attend_invite_external',
    headers: admin,
    body: { entity: { email: 'member@globex.test', event: event.uuid } },
  })
  const adminSubmission = await s.call({
    method: 'POST',
    path: '/api/v1/form_submissions',
    headers: admin,
    body: { form: `/api/v1/forms/${acme.forms.all()[0]!.uuid}` },
  })
  await s.call({
    method: 'POST',
    path: '/api/v1/request-login-otp',
    tenant: 'globex',
    body: { email: 'member@globex.test' },
  })
  const { otp } = (await s.call({ path: '/__sandbox/otp?email=member@globex.test&tenant=globex' })).json
  const verified = await s.call({
    method: 'POST',
    path: '/api/v1/verify-login-otp',
    tenant: 'globex',
    body: { email: 'member@globex.test', otp },
  })
  const adminUser = acme.users.findUnique('email', 'admin@acme.test')!
  const memberUser = acme.users.findUnique('email', 'member@acme.test')!
  callers = [
    {
      name: 'admin',
      headers: admin,
      holds: (names) => holdsNamed({ roles: [], permissions: TENANT_ADMIN_PERMISSIONS }, names),
    },
    { name: 'member', headers: { Authorization: `Bearer ${member}` }, holds: () => false },
    { name: 'globex OTP', headers: { Authorization: `Bearer ${verified.json.token}` }, holds: () => false },
    { name: 'contact hash', headers: { 'X-Contact-Hash': invitation.hash }, holds: () => false },
  ]
  records = {
    event_attends: [String(invitation.id), String(foreignOwn.json.id)],
    events: [event.uuid],
    forms: [acme.forms.all()[0]!.uuid],
    form_submissions: [String(adminSubmission.json.id), String(acme.formSubmissions.all()[0]!.id)],
    contacts: [String(acme.contacts.all()[0]!.id)],
    users: [String(adminUser.id), String(memberUser.id)],
    // Records of their own: the admin may delete reference data through the spec's DELETE (schema-access.ts).
    units: [String((await created('/api/v1/units', admin)).id)],
    local_centers: [String((await created('/api/v1/local_centers', admin)).id)],
  }
  hashes = new Map(acme.eventAttends.all().map((a) => [a.hash, a.id]))
  rows = s.sandbox.routes
    .filter((r) => r.operation?.emulation === 'schema')
    .flatMap((r) => {
      const op = r.operation!.operation
      const shape = shapeOf(op)
      if ((shape.kind !== 'item' && shape.kind !== 'action') || !resourceAt(shape.name)) return []
      return (records[shape.name] ?? ['1']).map((key) => ({ op, shape, key }))
    })
})
afterAll(() => s.close())

/** A record the admin creates through the schema engine's POST. */
async function created(path: string, headers: Record<string, string>): Promise<{ id: number }> {
  const res = await s.call({ method: 'POST', path, headers, body: { name: 'Made for the record rules' } })
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${res.text}`)
  return res.json as { id: number }
}

/** The generic operation as a client following the spec calls it: a JSON(-LD) body where it has one. */
function generic({ op, key }: Row, caller: Caller) {
  const path = op.path.replace(/:\w+/, key)
  if (!op.hasBody || op.method === 'GET' || op.method === 'DELETE')
    return s.call({ method: op.method, path, headers: caller.headers })
  const type = op.method === 'PATCH' ? MERGE : { 'Content-Type': 'application/ld+json' }
  return s.call({ method: op.method, path, headers: { ...caller.headers, ...type }, body: '{}' })
}

/** The status of the direct item operation the row answers to, by the same caller: its GET, or an empty PATCH. */
async function direct({ op, shape, key }: Row, caller: Caller): Promise<number> {
  const def = resourceAt(shape.name)!
  const rule = recordRule(op, shape)
  const path = `/api/v1/${def.path}/${key}`
  const read = () => s.call({ path, headers: caller.headers })
  // Reference data routes nothing by hand: its GET is the engine's too; the spec's writes need its `writes`
  // rule (ADMIN or HR).
  if (!def.operations[rule] && rule === 'read') return (await read()).status
  if (!def.operations[rule] && def.writes) {
    const found = (await read()).status
    return denial(found) ? found : caller.holds(['ADMIN_TENANT', 'HR_TENANT']) ? 200 : 403
  }
  if (!def.operations[rule]) return (await read()).status === 401 ? 401 : 403
  if (rule === 'read') return (await read()).status
  if (rule === 'update')
    return (await s.call({ method: 'PATCH', path, headers: { ...caller.headers, ...MERGE }, body: '{}' }))
      .status
  throw new Error(`${op.method} ${op.path}: a generic DELETE of a deletable record; compare it by hand`)
}

/** The hashes of attendances a body shows, each with whether the caller's direct GET of it shows it too. */
async function shownHashes(res: CallResult, caller: Caller): Promise<string[]> {
  const leaks: string[] = []
  for (const [hash, id] of hashes) {
    if (!res.text.includes(hash)) continue
    const own = await s.call({ path: `/api/v1/event_attends/${id}`, headers: caller.headers })
    if (!own.text.includes(hash)) leaks.push(`the hash of attendance #${id}`)
  }
  return leaks
}

describe('every generic operation on a modelled record obeys the record rules', () => {
  it('covers the index: each generic operation with a record parameter on a modelled resource', () => {
    const covered = new Set(rows.map((r) => `${r.op.method} ${r.op.path}`))
    expect(covered.size).toBeGreaterThanOrEqual(20)
    expect([...covered]).toEqual(
      expect.arrayContaining([
        'POST /api/v1/event_attends/:id/guest-tickets',
        'GET /api/v1/form_submissions/:id/details',
        'DELETE /api/v1/units/:id',
        'PATCH /api/v1/local_centers/:id',
      ]),
    )
  })

  for (const who of ['admin', 'member', 'globex OTP', 'contact hash']) {
    it(`N2: ${who}: the answer of the direct item operation, and no contact hash it would not show`, async () => {
      const caller = callers.find((c) => c.name === who)!
      const bad: string[] = []
      for (const row of rows) {
        // The direct answer first: a DELETE the caller may make leaves nothing to compare after it.
        const was = await direct(row, caller)
        const res = await generic(row, caller)
        const label = `${row.op.method} ${row.op.path.replace(/:\w+/, row.key)}`
        // SPEC 7: a contact hash opens its own attendance (GET, PATCH) and its confirm, no other path.
        const want =
          caller.name === 'contact hash'
            ? 403
            : denial(was)
              ? was
              : row.op.permissions && !caller.holds(row.op.permissions)
                ? 403
                : 'allowed'
        // A 409 is the record's state refusing the step (a workflow's illegal transition: guest tickets of an
        // attendance not confirmed), after the rules let the caller through.
        const got = denial(res.status)
          ? res.status
          : res.status < 300 || res.status === 409
            ? 'allowed'
            : res.status
        if (got !== want) bad.push(`${label}: ${answer(res)}, direct ${was}, expected ${want}`)
        for (const leak of await shownHashes(res, caller)) bad.push(`${label}: shows ${leak}`)
      }
      expect(bad).toEqual([])
    })
  }

  it('N2: writes through them changed nothing the direct API could not change', async () => {
    const acme = s.sandbox.tenant('acme')!
    expect(acme.units.get(1)).toMatchObject({ name: 'National office' })
    expect(acme.localCenters.get(2)).toMatchObject({ name: 'Chicago' })
    expect(acme.eventAttends.get(hashOwn)).toBeDefined()
  })
})
