import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer, MERGE } from '../helpers.ts'
import { startReceiver, type Receiver } from '../webhooks/receiver.ts'

// Issue 25 item 1, as manage-local-centers-and-permissions walks it: roles carry Orgo's permission constants,
// user_roles grant them for a unit, and the guard and /me read them on the next request.

let s: TestServer
let hooks: Receiver
beforeAll(async () => {
  s = await startTestServer()
  hooks = await startReceiver()
})
afterAll(async () => {
  await hooks.close()
  await s.close()
})
beforeEach(async () => {
  await s.sandbox.reset()
  hooks.reset()
})

const admin = () => ({ 'Api-Token': s.tokens('acme').rw })

async function post(path: string, body: unknown, headers: Record<string, string> = admin()) {
  const res = await s.call({ method: 'POST', path, headers, body })
  expect(res.status, res.text).toBe(201)
  return res.json as { id: number; '@id': string } & Record<string, unknown>
}

async function memberJwt() {
  const { token } = await s.login('member@acme.test')
  return { Authorization: `Bearer ${token}` }
}

/** A contact of a local center, made by the admin. */
const contactAt = (center: number, name: string) =>
  post('/api/v1/contacts', {
    name,
    email: `${name.toLowerCase()}@example.com`,
    localCenter: `/api/v1/local_centers/${center}`,
  })

describe('permission definitions and roles', () => {
  it('GET /api/v1/permission_definitions lists the 15 constants a role takes', async () => {
    const res = await s.call({ path: '/api/v1/permission_definitions', headers: await memberJwt() })
    expect(res.status).toBe(200)
    const names = (res.json['hydra:member'] as Array<{ name: string }>).map((d) => d.name)
    expect(names).toHaveLength(15)
    expect(names).toEqual(
      expect.arrayContaining(['HR_LOCAL', 'ADMIN_TENANT', 'FINANCIAL_PARENT_LOCAL', 'EVENT_TENANT']),
    )
    expect((await s.call({ path: '/api/v1/permission_definitions' })).status).toBe(401)
  })

  it('the seeded roles carry permission constants; the seeded users hold theirs as user_roles', async () => {
    const roles = await s.call({ path: '/api/v1/roles', headers: { ...admin(), Accept: 'application/json' } })
    const admins = (roles.json as Array<{ name: string; permissions: string[] }>).find(
      (r) => r.name === 'Administrator',
    )
    expect(admins?.permissions).toEqual(['ADMIN_TENANT', 'HR_TENANT', 'FINANCIAL_TENANT', 'EVENT_TENANT'])
    const mine = await s.call({ path: '/api/v1/user_roles?user=/api/v1/users/2', headers: admin() })
    expect(mine.json['hydra:totalItems']).toBe(1)
    expect(mine.json['hydra:member'][0].role.name).toBe('Member')
  })
})

describe('an assignment grants on the next request, a deleted one stops on the next', () => {
  it('Chapter Lead for Boston: Boston contacts readable by the same JWT, Chicago ones not; revoked: 403 again', async () => {
    const boston = await contactAt(4, 'Bostonian')
    const chicago = await contactAt(2, 'Chicagoan')
    const jwt = await memberJwt()
    expect((await s.call({ path: `/api/v1/contacts/${boston.id}`, headers: jwt })).status).toBe(403)

    const role = await post('/api/v1/roles', {
      name: 'Chapter Lead',
      description: 'Top admin for a local chapter',
      permissions: ['HR_LOCAL', 'FINANCIAL_LOCAL', 'ADMIN_LOCAL'],
    })
    const member = (await s.call({ path: '/api/v1/me', headers: jwt })).json as { id: number }
    const grant = await post('/api/v1/user_roles', {
      user: `/api/v1/users/${member.id}`,
      role: role['@id'],
      unit: '/api/v1/units/4',
    })

    expect((await s.call({ path: `/api/v1/contacts/${boston.id}`, headers: jwt })).status).toBe(200)
    expect((await s.call({ path: `/api/v1/contacts/${chicago.id}`, headers: jwt })).status).toBe(403)
    const me = await s.call({ path: '/api/v1/me', headers: jwt })
    expect(me.json.permissions).toEqual(
      expect.arrayContaining([
        { domain: 'HR', scope: 'LOCAL', localCenter: 4 },
        { domain: 'FINANCIAL', scope: 'LOCAL', localCenter: 4 },
      ]),
    )

    // Step 4: who admins Boston, everything the member holds.
    const atBoston = await s.call({ path: '/api/v1/user_roles?unit=/api/v1/units/4', headers: admin() })
    expect(atBoston.json['hydra:member'].map((r: { id: number }) => r.id)).toContain(grant.id)
    const held = await s.call({
      path: `/api/v1/user_roles?user=/api/v1/users/${member.id}`,
      headers: admin(),
    })
    expect(held.json['hydra:totalItems']).toBe(2)

    // Step 5: revoke.
    const gone = await s.call({ method: 'DELETE', path: `/api/v1/user_roles/${grant.id}`, headers: admin() })
    expect(gone.status).toBe(204)
    expect((await s.call({ path: `/api/v1/contacts/${boston.id}`, headers: jwt })).status).toBe(403)
    const after = await s.call({ path: '/api/v1/me', headers: jwt })
    expect(after.json.permissions).toEqual([])
  })

  it('HR_PARENT_LOCAL cascades through local_centers.parent, and a re-parented center follows', async () => {
    const cambridge = await post('/api/v1/local_centers', { name: 'Cambridge', isActive: true })
    const patched = await s.call({
      method: 'PATCH',
      path: `/api/v1/local_centers/${cambridge.id}`,
      headers: { ...admin(), ...MERGE },
      body: JSON.stringify({ parent: '/api/v1/local_centers/4' }),
    })
    expect(patched.status, patched.text).toBe(200)
    const inCambridge = await contactAt(cambridge.id, 'Cantabrigian')
    const inChicago = await contactAt(2, 'Chicagoan')
    const roles = await s.call({
      path: '/api/v1/roles?itemsPerPage=50',
      headers: { ...admin(), Accept: 'application/json' },
    })
    const coordinator = (roles.json as Array<{ id: number; permissions: string[] }>).find((r) =>
      r.permissions.includes('HR_PARENT_LOCAL'),
    )!
    const jwt = await memberJwt()
    const member = (await s.call({ path: '/api/v1/me', headers: jwt })).json as { id: number }
    await post('/api/v1/user_roles', {
      user: `/api/v1/users/${member.id}`,
      role: `/api/v1/roles/${coordinator.id}`,
      unit: '/api/v1/units/4',
    })
    expect((await s.call({ path: `/api/v1/contacts/${inCambridge.id}`, headers: jwt })).status).toBe(200)
    expect((await s.call({ path: `/api/v1/contacts/${inChicago.id}`, headers: jwt })).status).toBe(403)
    // Cambridge moved under Chicago: Boston's coordinator no longer reaches it.
    await s.call({
      method: 'PATCH',
      path: `/api/v1/local_centers/${cambridge.id}`,
      headers: { ...admin(), ...MERGE },
      body: JSON.stringify({ parent: '/api/v1/units/2' }),
    })
    expect((await s.call({ path: `/api/v1/contacts/${inCambridge.id}`, headers: jwt })).status).toBe(403)
  })
})

describe('local centers and their units', () => {
  it('a center created through the API is listed, with its unit of the same id, kept in step', async () => {
    const made = await post('/api/v1/local_centers', {
      name: 'Boston',
      description: 'Boston chapter',
      country: '/api/v1/countries/1',
      town: '/api/v1/towns/1',
      email: 'boston@example.com',
      phone: '+1 617 555 0177',
      isPublic: true,
      isActive: true,
    })
    // The docs' body (step 1): its contact details under the spec's names, the rest ignored, the log told.
    const read = await s.call({
      path: `/api/v1/local_centers/${made.id}`,
      headers: { ...admin(), Accept: 'application/json' },
    })
    expect(read.json).toMatchObject({
      name: 'Boston',
      contactEmail: 'boston@example.com',
      contactPhone: '+1 617 555 0177',
    })
    const said = s.sandbox.feed
      .changes()
      .filter((c) => c.kind === 'docs.form')
      .map((c) => c.summary)
    expect(said.join('\n')).toMatch(
      /took email as contactEmail, phone as contactPhone.*ignored description, country, isPublic/,
    )
    const list = await s.call({
      path: '/api/v1/local_centers?itemsPerPage=100',
      headers: { ...admin(), Accept: 'application/json' },
    })
    expect((list.json as Array<{ id: number }>).map((c) => c.id)).toContain(made.id)
    const unit = await s.call({
      path: `/api/v1/units/${made.id}`,
      headers: { ...admin(), Accept: 'application/json' },
    })
    expect(unit.status).toBe(200)
    expect(unit.json.name).toBe('Boston')
    await s.call({
      method: 'PATCH',
      path: `/api/v1/local_centers/${made.id}`,
      headers: { ...admin(), ...MERGE },
      body: JSON.stringify({ name: 'Greater Boston' }),
    })
    const renamed = await s.call({
      path: `/api/v1/units/${made.id}`,
      headers: { ...admin(), Accept: 'application/json' },
    })
    expect(renamed.json.name).toBe('Greater Boston')
    expect(
      (await s.call({ method: 'DELETE', path: `/api/v1/local_centers/${made.id}`, headers: admin() })).status,
    ).toBe(204)
    expect((await s.call({ path: `/api/v1/units/${made.id}`, headers: admin() })).status).toBe(404)
  })

  it('a center with members cannot be deleted (409)', async () => {
    const res = await s.call({ method: 'DELETE', path: '/api/v1/local_centers/1', headers: admin() })
    expect(res.status).toBe(409)
    expect(res.json.detail).toMatch(/reassign/)
  })
})

describe('self-service join and the org chart', () => {
  it('POST /api/v1/group/join gives the caller the member role of the center, once', async () => {
    const jwt = await memberJwt()
    const joined = await s.call({
      method: 'POST',
      path: '/api/v1/group/join',
      headers: jwt,
      body: { unit: '/api/v1/units/4' },
    })
    expect(joined.status, joined.text).toBe(201)
    expect(joined.json.role.name).toBe('Member')
    expect(joined.json.unit).toBe('/api/v1/units/4')
    const again = await s.call({
      method: 'POST',
      path: '/api/v1/group/join',
      headers: jwt,
      body: { unit: '/api/v1/units/4' },
    })
    expect(again.json.id).toBe(joined.json.id)
    const chart = await s.call({ path: '/api/v1/chart-members?unit=/api/v1/units/4', headers: admin() })
    expect(chart.status).toBe(200)
    expect(chart.json['hydra:member'].map((m: { id: number }) => m.id)).toContain(joined.json.id)
  })

  it('a closed center (isActive false) or a missing unit is a 422', async () => {
    await s.call({
      method: 'PATCH',
      path: '/api/v1/local_centers/3',
      headers: { ...admin(), ...MERGE },
      body: JSON.stringify({ isActive: false }),
    })
    const jwt = await memberJwt()
    const none = await s.call({ method: 'POST', path: '/api/v1/group/join', headers: jwt, body: {} })
    expect(none.status).toBe(422)
    expect(none.json.violations[0].propertyPath).toBe('unit')
  })
})

describe('user_role webhooks', () => {
  it('an assignment and its revocation reach a real receiver', async () => {
    await post('/api/v1/webhook_subscriptions', {
      name: 'roles',
      url: hooks.url,
      eventTypes: ['user_role.created', 'user_role.deleted'],
    })
    const grant = await post('/api/v1/user_roles', {
      user: '/api/v1/users/2',
      role: '/api/v1/roles/3',
      unit: '/api/v1/units/4',
    })
    const created = await hooks.next()
    expect(created.json.event).toBe('user_role.created')
    expect((created.json.object as { id: number }).id).toBe(grant.id)
    await s.call({ method: 'DELETE', path: `/api/v1/user_roles/${grant.id}`, headers: admin() })
    expect((await hooks.next()).json.event).toBe('user_role.deleted')
  })
})

describe('who may define and hand out roles', () => {
  it('a member cannot make a role or make themselves Administrator', async () => {
    const jwt = await memberJwt()
    const me = (await s.call({ path: '/api/v1/me', headers: jwt })).json as { id: number }
    const role = await s.call({
      method: 'POST',
      path: '/api/v1/roles',
      headers: jwt,
      body: { name: 'Mine', permissions: ['ADMIN_TENANT'] },
    })
    expect(role.status).toBe(403)
    const escalate = await s.call({
      method: 'POST',
      path: '/api/v1/user_roles',
      headers: jwt,
      body: { user: `/api/v1/users/${me.id}`, role: '/api/v1/roles/1', unit: '/api/v1/units/1' },
    })
    expect(escalate.status).toBe(403)
    expect((await s.call({ path: '/api/v1/me', headers: jwt })).json.permissions).toEqual([])
  })

  it('a role takes only Orgo permission constants (422 names the bad one)', async () => {
    const res = await s.call({
      method: 'POST',
      path: '/api/v1/roles',
      headers: admin(),
      body: { name: 'Odd', permissions: ['HR_LOCAL', 'HR_EVERYWHERE'] },
    })
    expect(res.status).toBe(422)
    expect(res.json.violations.map((v: { propertyPath: string }) => v.propertyPath)).toEqual([
      'permissions[1]',
    ])
  })

  it("a chapter lead assigns within their center's reach, and nothing tenant-wide", async () => {
    const jwt = await memberJwt()
    const me = (await s.call({ path: '/api/v1/me', headers: jwt })).json as { id: number }
    await post('/api/v1/user_roles', {
      user: `/api/v1/users/${me.id}`,
      role: '/api/v1/roles/3',
      unit: '/api/v1/units/4',
    })
    const assign = (role: number, unit: number) =>
      s.call({
        method: 'POST',
        path: '/api/v1/user_roles',
        headers: jwt,
        body: { user: '/api/v1/users/3', role: `/api/v1/roles/${role}`, unit: `/api/v1/units/${unit}` },
      })
    expect((await assign(5, 4)).status).toBe(201)
    expect((await assign(5, 2)).status).toBe(403)
    expect((await assign(1, 4)).status).toBe(403)
  })
})
