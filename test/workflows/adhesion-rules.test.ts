import { describe, expect, it } from 'vitest'
import { expectSpecShape, PASSWORD, SARAH, STEP_1, useFlow } from './adhesion-helpers.ts'

// onboard-a-new-member's refusals as built (mocks/workflows/adhesion-status.ts holds the transition table): every
// illegal transition a 409 with its reason, a bad status a 422, the permissions of the applicant and of HR, the
// send that finds no HR admin, the Identity's validate and reject, and the family-member flow (register-child).

const f = useFlow()

describe('the transitions the flow refuses', () => {
  it('a NEW application: no status change before send, no send without both documents', async () => {
    const id = (await f.create()).json.id as number
    const early = await f.setStatus(id, 'VALIDATED')
    expect([early.status, early.json.detail]).toEqual([
      409,
      expect.stringContaining('send it for review first'),
    ])
    expect((await f.setStatus(id, 'REJECTED')).status).toBe(409)
    const none = await f.send(id)
    expect(none.status).toBe(409)
    expect(none.json.detail).toMatch(/still needs the ID document .* and the signed form/)
    // The values PATCH /status takes: PENDING is send's alone; a wrong type is API Platform's 400.
    for (const bad of ['PENDING', 'success', 'ARCHIVED']) {
      const res = await f.setStatus(id, bad)
      expect([res.status, res.json.violations?.[0]?.propertyPath]).toEqual([422, 'status'])
    }
    expect((await f.setStatus(id, 42)).status).toBe(400)
    // An empty merge patch changes nothing.
    const same = await f.patch(`/api/v1/adhesion/${id}/status`, {})
    expect([same.status, same.json.status]).toEqual([200, 'NEW'])
  })

  it('PENDING: neither INTERVIEWED nor SUCCESS before VALIDATED; REJECTED is final and mailed', async () => {
    const id = await f.pending()
    for (const to of ['INTERVIEWED', 'SUCCESS']) {
      const res = await f.setStatus(id, to)
      expect([res.status, res.json.detail]).toEqual([409, expect.stringContaining('follows VALIDATED')])
    }
    const rejected = await f.patch(`/api/v1/adhesion/${id}/status`, {
      status: 'REJECTED',
      cancelSummary: 'The center is full this year.',
    })
    expect(rejected.status, rejected.text).toBe(200)
    expect(rejected.json).toMatchObject({ status: 'REJECTED', isRejected: true })
    const [mail] = await f.outbox(SARAH)
    expect(mail).toMatchObject({ kind: 'adhesion-rejected', text: expect.stringContaining('center is full') })
    for (const to of ['VALIDATED', 'NEW', 'SUCCESS']) {
      const res = await f.setStatus(id, to)
      expect([res.status, res.json.detail]).toEqual([409, expect.stringContaining('final status')])
    }
    expect((await f.patch(`/api/v1/adhesion/${id}/interview`, { interviewSummary: 'x' })).status).toBe(409)
    expect((await f.upload(id, 'signed')).status).toBe(409)
    expect((await f.send(id)).status).toBe(409)
    // Rejected, the applicant may apply again; one open application at a time.
    const again = await f.create()
    expect(again.status, again.text).toBe(201)
    expect((await f.create()).status).toBe(409)
  })

  it('a status set twice changes nothing and mails once; back to NEW clears the documents', async () => {
    const id = await f.pending()
    expect((await f.setStatus(id, 'VALIDATED')).status).toBe(200)
    expect((await f.setStatus(id, 'VALIDATED')).status).toBe(200)
    expect(await f.mails(SARAH)).toEqual(['adhesion-validated'])
    const reset = await f.setStatus(id, 'NEW')
    expect(reset.status, reset.text).toBe(200)
    expect(reset.json).toMatchObject({
      status: 'NEW',
      hasUploadedDocument: false,
      medias: [],
      sentDate: null,
    })
    expect(reset.json.user.identity).toMatchObject({ hasUploadedDocument: false, media: null })
    expect((await f.send(id)).status).toBe(409)
    expect((await f.upload(id, 'id')).status).toBe(201)
    expect((await f.upload(id, 'signed')).status).toBe(201)
    expect((await f.send(id)).json.status).toBe('PENDING')
  })

  it('an update of the data while NEW clears the signed form, which must be signed again', async () => {
    const id = (await f.create()).json.id as number
    await f.upload(id, 'id')
    expect((await f.upload(id, 'signed')).json.hasUploadedDocument).toBe(true)
    const changed = await f.patch(`/api/v1/adhesion/update/${id}`, { lastName: 'OConnor' })
    expect(changed.json).toMatchObject({
      hasUploadedDocument: false,
      medias: [],
      user: { lastName: 'OConnor' },
    })
    expect(changed.json.user.identity.hasUploadedDocument).toBe(true)
  })
})

describe('who may do what', () => {
  it('the applicant sees and sends their own; a member sees only theirs; status and notes need HR', async () => {
    const id = (await f.create()).json.id as number
    const sarah = await f.bearer(SARAH, PASSWORD)
    const member = await f.bearer('member@acme.test', 'password')
    expect((await f.s.call({ path: `/api/v1/adhesion/${id}`, headers: sarah })).status).toBe(200)
    expect((await f.s.call({ path: `/api/v1/adhesion/${id}`, headers: member })).status).toBe(403)
    expect((await f.s.call({ path: `/api/v1/adhesion/${id}/pdf`, headers: member })).status).toBe(403)
    expect((await f.upload(id, 'id', member)).status).toBe(403)
    expect((await f.upload(id, 'id', sarah)).status).toBe(201)
    expect((await f.upload(id, 'signed', sarah)).status).toBe(201)
    expect((await f.send(id, sarah)).json.status).toBe('PENDING')
    expect((await f.setStatus(id, 'VALIDATED', sarah)).status).toBe(403)
    expect((await f.patch(`/api/v1/adhesion/${id}/interview`, { interviewSummary: 'x' }, sarah)).status).toBe(
      403,
    )
    const mine = await f.s.call({
      path: '/api/v1/adhesions',
      headers: { ...sarah, Accept: 'application/json' },
    })
    expect(mine.json.map((a: { id: number }) => a.id)).toEqual([id])
    const all = await f.s.call({ path: '/api/v1/adhesions', headers: f.admin() })
    expect(all.json['hydra:totalItems']).toBeGreaterThan(1)
    expectSpecShape('api_adhesions_get_collection', all)
    // "Members can create their own"; for someone else, HR_LOCAL is needed.
    const forOther = await f.create(STEP_1, member)
    expect(forOther.status).toBe(403)
  })

  it('send is a 409 while no admin holds HR on the center; a chapter lead assigned there is the one mailed', async () => {
    const id = (await f.create()).json.id as number
    await f.upload(id, 'id')
    await f.upload(id, 'signed')
    // The tenant admin holds HR_TENANT, stored and through its Administrator assignment: both taken away.
    const t = f.s.sandbox.tenant('acme')!
    const adminUser = t.users.findUnique('email', 'admin@acme.test')!
    const storedHr = (on: boolean) =>
      t.users.updateNow(t.users.get(adminUser.id)!, (d) => {
        const others = d.permissions.filter((p) => p.domain !== 'HR')
        d.permissions = on ? [...others, { domain: 'HR', scope: 'TENANT', localCenter: null }] : others
      })
    const json = { ...f.admin(), Accept: 'application/json' }
    const assignments = await f.s.call({
      path: `/api/v1/user_roles?user=/api/v1/users/${adminUser.id}`,
      headers: json,
    })
    for (const a of assignments.json as Array<{ id: number }>) {
      const gone = await f.s.call({
        method: 'DELETE',
        path: `/api/v1/user_roles/${a.id}`,
        headers: f.admin(),
      })
      expect(gone.status).toBe(204)
    }
    storedHr(false)
    const sarah = await f.bearer(SARAH, PASSWORD)
    const refused = await f.send(id, sarah)
    expect(refused.status).toBe(409)
    expect(refused.json.detail).toContain('No admin holds HR_LOCAL on local center #4')
    expect(await f.mails('admin@acme.test')).toEqual([])

    // HR assigns the member Chapter Lead (HR_LOCAL) of Boston, then gives HR up again.
    storedHr(true)
    const roles = await f.s.call({ path: '/api/v1/roles', headers: json })
    const lead = (roles.json as Array<{ id: number; slug: string }>).find((r) => r.slug === 'chapter-lead')!
    const grant = await f.s.call({
      method: 'POST',
      path: '/api/v1/user_roles',
      headers: f.admin(),
      body: { user: '/api/v1/users/2', role: `/api/v1/roles/${lead.id}`, unit: '/api/v1/units/4' },
    })
    expect(grant.status, grant.text).toBe(201)
    storedHr(false)
    const sent = await f.send(id, sarah)
    expect(sent.status, sent.text).toBe(200)
    expect(await f.mails('member@acme.test')).toEqual(['adhesion-submitted'])
    expect(await f.mails('admin@acme.test')).toEqual([])
    // The chapter lead decides; the admin without HR may not.
    expect((await f.setStatus(id, 'VALIDATED')).status).toBe(403)
    const chapterLead = await f.bearer('member@acme.test', 'password')
    expect((await f.setStatus(id, 'VALIDATED', chapterLead)).json.status).toBe('VALIDATED')
  })
})

describe('the Identity record', () => {
  it('validate needs the mandatory fields and an adult with a valid ID; reject with isAdhesion reopens the draft', async () => {
    const id = await f.pending()
    const identityId = (await f.s.call({ path: `/api/v1/adhesion/${id}`, headers: f.admin() })).json.user
      .identity.id as number
    const incomplete = await f.patch(`/api/v1/identity/${identityId}/validate`, {})
    expect(incomplete.status).toBe(422)
    expect(incomplete.json.violations.map((v: { propertyPath: string }) => v.propertyPath)).toEqual(
      expect.arrayContaining(['idNumber', 'personalNumber', 'idType', 'idStartDate', 'idEndDate']),
    )
    const documented = { idNumber: 'P1234567', personalNumber: '2950908123456', idType: 'PASSPORT' }
    const expired = await f.patch(`/api/v1/identity/${identityId}/validate`, {
      ...documented,
      idStartDate: '2015-01-01T00:00:00+00:00',
      idEndDate: '2020-01-01T00:00:00+00:00',
    })
    expect(expired.json.violations).toEqual([expect.objectContaining({ propertyPath: 'idEndDate' })])
    const valid = await f.patch(`/api/v1/identity/${identityId}/validate`, {
      ...documented,
      idStartDate: '2020-01-01T00:00:00+00:00',
      idEndDate: '2040-01-01T00:00:00+00:00',
    })
    expect(valid.status, valid.text).toBe(200)
    expectSpecShape('validate', valid)
    expect(valid.json).toMatchObject({ status: 'VALIDATED', isValidated: true, validatedBy: { id: 1 } })
    // Validated, its owner may no longer change it; an admin may.
    const sarah = await f.bearer(SARAH, PASSWORD)
    expect(
      (await f.patch(`/api/v1/identity/${identityId}/update-data`, { idType: 'ID' }, sarah)).status,
    ).toBe(409)
    const member = await f.bearer('member@acme.test', 'password')
    expect((await f.s.call({ path: `/api/v1/identity/${identityId}`, headers: member })).status).toBe(403)

    const rejected = await f.patch(`/api/v1/identity/${identityId}/reject`, {
      rejectedCause: 'The scan is blurred.',
      isAdhesion: true,
    })
    expect(rejected.status, rejected.text).toBe(200)
    expect(rejected.json).toMatchObject({
      status: 'REJECTED',
      isValidated: false,
      rejectedCause: 'The scan is blurred.',
    })
    const draft = await f.s.call({ path: `/api/v1/adhesion/${id}`, headers: f.admin() })
    expect(draft.json).toMatchObject({
      status: 'NEW',
      hasUploadedDocument: false,
      user: { identity: { media: null } },
    })
    const reopened = await f.patch(`/api/v1/identity/${identityId}/reopen`, {})
    expect([reopened.status, reopened.json.status]).toEqual([200, 'PENDING'])
  })
})

describe('POST /api/v1/register-child, the family-member flow', () => {
  it("makes a child user in the parent's center and family, without documents", async () => {
    const parent = await f.bearer('member@acme.test', 'password')
    const child = await f.s.call({
      method: 'POST',
      path: '/api/v1/register-child',
      headers: parent,
      body: { firstName: 'Lily', lastName: 'Member', dateBirth: '2016-04-02T00:00:00+00:00' },
    })
    expect(child.status, child.text).toBe(201)
    expectSpecShape('user_register_child', child)
    expect(child.json).toMatchObject({ firstName: 'Lily', status: 'ACTIVE', email: null })
    expect(child.json.localCenter).toMatchObject({ id: 1 })
    const second = await f.s.call({
      method: 'POST',
      path: '/api/v1/register-child',
      headers: parent,
      body: { firstName: 'Tom', lastName: 'Member', localCenter: '/api/v1/local_centers/3' },
    })
    expect(second.json.localCenter).toMatchObject({ id: 3 })
    const json = { ...f.admin(), Accept: 'application/json' }
    const members = (await f.s.call({ path: '/api/v1/family_members?itemsPerPage=100', headers: json }))
      .json as Array<{
      family?: number
      user?: number
      level?: string
    }>
    const familyId = members.find((m) => m.user === child.json.id)!.family!
    const family = await f.s.call({ path: `/api/v1/family_entities/${familyId}`, headers: json })
    expect(family.json.familyOwner).toMatchObject({ id: 2 })
    const inFamily = members.filter((m) => m.family === familyId).map((m) => [m.user, m.level])
    expect(inFamily).toEqual([
      [2, 'parent'],
      [child.json.id, 'child'],
      [second.json.id, 'child'],
    ])
    const nameless = await f.s.call({
      method: 'POST',
      path: '/api/v1/register-child',
      headers: parent,
      body: {},
    })
    expect(nameless.status).toBe(422)
  })
})
