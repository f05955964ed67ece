import { describe, expect, it } from 'vitest'
import { MEMBER, useContracts } from './contracts-helpers.ts'
import { type Json, MERGE } from '../helpers.ts'

// Issue 25 item 3, as Orgo's docs page issue-and-track-contracts walks it, over real HTTP: the contract template
// and its hash (step 1), assignments that mail a sign-now link (step 2), the membership contract signed in advance
// (step 3), the listing filters, my_contracts, the 409 on deleting a signed contract, and the contract_user.*
// webhooks a real receiver gets. The signing steps (4 to 6) and the magic link: contracts-signing.test.ts.

const { admin, call, ok, memberJwt, createContract, assign, read, mails, markAsSigned, hooks } =
  useContracts()

describe('step 1: a contract template', () => {
  it('gets a content hash from the server and embeds its unit; an edit keeps the hash', async () => {
    const contract = await createContract({ contractHash: 'mine' })
    expect(contract).toMatchObject({
      name: 'Member Agreement 2026',
      hasSignature: true,
      displayInProfile: true,
      unit: { id: 4, name: expect.any(String) },
    })
    expect(contract.contractHash).toMatch(/^[0-9a-f]{32}$/)
    const again = await ok('GET', `/api/v1/contracts/${contract.id}`, undefined, 200)
    expect(again.contractHash).toBe(contract.contractHash)
    const edited = await ok('PATCH', `/api/v1/contracts/${contract.id}`, { name: 'Renamed' }, 200, {
      ...admin(),
      ...MERGE,
    })
    expect(edited).toMatchObject({ name: 'Renamed', contractHash: contract.contractHash })
    const other = await createContract()
    expect(other.contractHash).not.toBe(contract.contractHash)
  })

  it('document_clone copies it with a new hash and the "Copy " prefix', async () => {
    const contract = await createContract()
    const copy = await ok('PATCH', `/api/v1/contracts/clone/${contract.id}`, {}, 200, {
      ...admin(),
      ...MERGE,
    })
    expect(copy.id).not.toBe(contract.id)
    expect(copy).toMatchObject({
      name: 'Copy Member Agreement 2026',
      unit: { id: 4 },
      content: contract.content,
    })
    expect(copy.contractHash).toMatch(/^[0-9a-f]{32}$/)
    expect(copy.contractHash).not.toBe(contract.contractHash)
  })
})

describe('step 2: assigning a contract', () => {
  it('makes an UNSIGNED instance embedding its contract and user, and mails the member a sign-now link', async () => {
    const contract = await createContract()
    const instance = await assign(contract.id)
    expect(instance).toMatchObject({
      status: 'UNSIGNED',
      contract: { id: contract.id, name: 'Member Agreement 2026', contractHash: contract.contractHash },
      user: { id: 2, fullName: 'Max Member' },
      contact: null,
      dateValidityStart: '2026-01-15T00:00:00+00:00',
      dateValidityEnd: '2027-01-14T00:00:00+00:00',
      dateSignature: null,
      isLocked: false,
    })
    const [mail, ...more] = await mails(MEMBER)
    expect(more).toEqual([])
    expect(mail).toMatchObject({ kind: 'contract-sign', subject: 'Please sign: Member Agreement 2026' })
    expect(mail!.link).toMatch(new RegExp(`/contracts/${instance.id}/sign\\?hash=[0-9a-f]{64}$`))
    expect(mail!.text).toContain(mail!.link)
    // The link's hash is a secret of the mail: no answer shows it.
    expect(JSON.stringify(await read(instance.id))).not.toContain(mail!.link.split('hash=')[1])
  })

  it('takes exactly one of user or contact (422 otherwise)', async () => {
    const contract = await createContract()
    const both = await call('POST', '/api/v1/contract_users', {
      contract: `/api/v1/contracts/${contract.id}`,
      user: '/api/v1/users/2',
      contact: '/api/v1/contacts/1',
    })
    expect(both.status).toBe(422)
    expect(both.json.violations).toEqual([expect.objectContaining({ propertyPath: 'contact' })])
    const neither = await call('POST', '/api/v1/contract_users', {
      contract: `/api/v1/contracts/${contract.id}`,
    })
    expect(neither.status).toBe(422)
    expect(neither.json.violations).toEqual([expect.objectContaining({ propertyPath: 'user' })])
    const backwards = await call('POST', '/api/v1/contract_users/admin', {
      contract: `/api/v1/contracts/${contract.id}`,
      user: '/api/v1/users/2',
      dateValidityStart: '2027-01-14',
      dateValidityEnd: '2026-01-15',
    })
    expect(backwards.status).toBe(422)
    expect(backwards.json.violations[0].propertyPath).toBe('dateValidityEnd')
  })

  it('assigning to another user needs HR; a member may not', async () => {
    const contract = await createContract()
    const res = await call(
      'POST',
      '/api/v1/contract_users',
      { contract: `/api/v1/contracts/${contract.id}`, user: '/api/v1/users/3' },
      await memberJwt(),
    )
    expect(res.status).toBe(403)
  })
})

describe('step 3: the membership contract signed in advance', () => {
  it("creates the caller's UNSIGNED instance of the newest required contract once, then returns it", async () => {
    const contract = await createContract({ required: true })
    const jwt = await memberJwt()
    const first = await ok('POST', '/api/v1/sign-membership-contract-in_advance', {}, 201, jwt)
    expect(first).toMatchObject({ status: 'UNSIGNED', contract: { id: contract.id }, user: { id: 2 } })
    const second = await ok('POST', '/api/v1/sign-membership-contract-in_advance', {}, 201, jwt)
    expect(second.id).toBe(first.id)
    const listed = await ok(
      'GET',
      `/api/v1/contract_users?contract=/api/v1/contracts/${contract.id}`,
      undefined,
      200,
    )
    expect(listed.map((r: Json) => r.id)).toEqual([first.id])
  })

  it('answers 400 while no contract is required', async () => {
    const all = await ok('GET', '/api/v1/contracts', undefined, 200)
    for (const c of all as Json[])
      if (c.required)
        await ok('PATCH', `/api/v1/contracts/${c.id}`, { required: false }, 200, { ...admin(), ...MERGE })
    const res = await call('POST', '/api/v1/sign-membership-contract-in_advance', {}, await memberJwt())
    expect(res.status).toBe(400)
    expect(res.json.detail).toContain('no membership contract')
  })
})

describe('listing and reporting', () => {
  it('filters contract_users by status and contract', async () => {
    const contract = await createContract()
    const other = await createContract({ name: 'NDA' })
    const [a, b] = [await assign(contract.id), await assign(contract.id, { user: '/api/v1/users/3' })]
    await assign(other.id)
    await markAsSigned([b!.id])
    const unsigned = await ok(
      'GET',
      `/api/v1/contract_users?status=UNSIGNED&contract=/api/v1/contracts/${contract.id}`,
      undefined,
      200,
    )
    expect(unsigned.map((r: Json) => r.id)).toEqual([a!.id])
    const complete = await ok(
      'GET',
      `/api/v1/contract_users?status=COMPLETE&contract=${contract.id}`,
      undefined,
      200,
    )
    expect(complete.map((r: Json) => r.id)).toEqual([b!.id])
  })

  it("my_contracts: the member's instances and the profile contracts of their units", async () => {
    const roles = (await ok('GET', '/api/v1/user_roles?itemsPerPage=1000', undefined, 200)) as Json[]
    const memberUnits = new Set(roles.filter((r) => r.user?.id === 2).map((r) => r.unit?.id))
    const me = await ok('GET', '/api/v1/users/2', undefined, 200)
    const center = Number(
      String(me.localCenter?.id ?? me.localCenter)
        .split('/')
        .pop(),
    )
    memberUnits.add(center)
    const outside = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].find((u) => !memberUnits.has(u))!
    const ofCenter = await createContract({ name: 'Center code', unit: `/api/v1/units/${center}` })
    const hidden = await createContract({
      name: 'Center memo',
      unit: `/api/v1/units/${center}`,
      displayInProfile: false,
    })
    const elsewhere = await createContract({ name: 'Elsewhere', unit: `/api/v1/units/${outside}` })
    const assigned = await createContract({
      name: 'Assigned',
      unit: `/api/v1/units/${outside}`,
      displayInProfile: false,
    })
    await assign(assigned.id)
    const ids = async () =>
      ((await ok('GET', '/api/v1/my_contracts', undefined, 200, await memberJwt())) as Json[]).map(
        (c) => c.id,
      )
    let mine = await ids()
    expect(mine).toEqual(expect.arrayContaining([ofCenter.id, assigned.id]))
    expect(mine).not.toContain(hidden.id)
    expect(mine).not.toContain(elsewhere.id)
    expect(new Set(mine).size).toBe(mine.length)
    // A user_role in the other unit brings its profile contracts.
    const role = (await ok('GET', '/api/v1/roles', undefined, 200))[0] as Json
    await ok(
      'POST',
      '/api/v1/user_roles',
      { user: '/api/v1/users/2', role: `/api/v1/roles/${role.id}`, unit: `/api/v1/units/${outside}` },
      201,
    )
    mine = await ids()
    expect(mine).toContain(elsewhere.id)
  })
})

describe('deleting a contract', () => {
  it('is a 409 while it has signed instances; without, its instances go with it', async () => {
    const contract = await createContract()
    const a = await assign(contract.id)
    await markAsSigned([a.id])
    const refused = await call('DELETE', `/api/v1/contracts/${contract.id}`)
    expect(refused.status).toBe(409)
    expect(refused.json.detail).toContain('contract has signed instances')
    expect((await read(a.id)).status).toBe('COMPLETE')
    const other = await createContract()
    const b = await assign(other.id)
    expect((await call('DELETE', `/api/v1/contracts/${other.id}`)).status).toBe(204)
    expect((await call('GET', `/api/v1/contract_users/${b.id}`)).status).toBe(404)
  })
})

describe('contract_user webhooks', () => {
  it('a real receiver gets contract_user.created, then .updated with previous_attributes.status on signing', async () => {
    await ok(
      'POST',
      '/api/v1/webhook_subscriptions',
      { name: 'Contracts', url: hooks().url, eventTypes: ['contract_user.created', 'contract_user.updated'] },
      201,
    )
    const contract = await createContract()
    const a = await assign(contract.id)
    const created = await hooks().next()
    expect(created.json).toMatchObject({
      event: 'contract_user.created',
      object: { id: a.id, status: 'UNSIGNED' },
    })
    await markAsSigned([a.id])
    const updated = await hooks().next()
    expect(updated.json).toMatchObject({
      event: 'contract_user.updated',
      object: { id: a.id, status: 'COMPLETE', isLocked: true },
      previous_attributes: { status: 'UNSIGNED', isLocked: false },
    })
  })
})
