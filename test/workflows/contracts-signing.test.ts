import { describe, expect, it } from 'vitest'
import { JSON_ACCEPT, SIGNATURE, useContracts } from './contracts-helpers.ts'
import { MERGE } from '../helpers.ts'

// Issue 25 item 3, the ways a contract_user leaves UNSIGNED (issue-and-track-contracts, steps 4 to 6), over real
// HTTP: the contact's sign-now magic link, the member's own signature, paper signatures marked in bulk (the docs'
// PATCH and the spec's POST), the admin's default signature and the signed PDF, ask-resign, and the illegal
// transitions (COMPLETE and CANCELED are final: 400).

const { admin, call, ok, memberJwt, createContract, assign, read, mails, markAsSigned, server } =
  useContracts()

describe('a contact signs by the magic link', () => {
  it('the mailed hash, as X-Contact-Hash, reads and signs that one instance, and fetches its signed PDF', async () => {
    const contract = await createContract()
    const contact = await ok(
      'POST',
      '/api/v1/contacts',
      { name: 'Nora Quinn', email: 'nora@example.com' },
      201,
    )
    const instance = await assign(contract.id, { contact: `/api/v1/contacts/${contact.id}` })
    expect(instance).toMatchObject({ user: null, contact: { id: contact.id, email: 'nora@example.com' } })
    const [mail] = await mails('nora@example.com')
    const hash = new URL(mail!.link).searchParams.get('hash')!
    const asContact = { 'X-Contact-Hash': hash, ...JSON_ACCEPT }
    expect(
      (await call('GET', `/api/v1/contract_users/${instance.id}`, undefined, asContact)).json.status,
    ).toBe('UNSIGNED')
    // Its PDF does not exist until it is signed.
    expect(
      (await call('GET', `/api/v1/contract_users/${instance.id}.pdf`, undefined, asContact)).status,
    ).toBe(404)
    // It opens nothing else: another instance, the list, a write of the contract.
    const other = await assign(contract.id)
    expect((await call('GET', `/api/v1/contract_users/${other.id}`, undefined, asContact)).status).toBe(403)
    expect((await call('GET', '/api/v1/contract_users', undefined, asContact)).status).toBe(403)
    expect(
      (
        await call('GET', `/api/v1/contract_users/${instance.id}`, undefined, {
          'X-Contact-Hash': 'f'.repeat(64),
        })
      ).status,
    ).toBe(401)
    const signed = await ok('PATCH', `/api/v1/contract_users/${instance.id}`, { signature: SIGNATURE }, 200, {
      ...asContact,
      ...MERGE,
    })
    expect(signed).toMatchObject({ status: 'COMPLETE', isLocked: true, signature: { contentUrl: SIGNATURE } })
    expect(signed.dateSignature).toMatch(/^\d{4}-\d\d-\d\dT/)
    const pdf = await call('GET', `/api/v1/contract_users/${instance.id}.pdf`, undefined, {
      'X-Contact-Hash': hash,
    })
    expect(pdf.status).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.text.startsWith('%PDF-')).toBe(true)
    // COMPLETE is final: signing again is refused.
    const again = await call(
      'PATCH',
      `/api/v1/contract_users/${instance.id}`,
      { signature: SIGNATURE },
      {
        ...asContact,
        ...MERGE,
      },
    )
    expect(again.status).toBe(400)
    expect(again.json.detail).toContain('is COMPLETE')
  })

  it('the assigned member signs with their JWT; another member may not sign it', async () => {
    const contract = await createContract()
    const instance = await assign(contract.id)
    const jwt = { ...(await memberJwt()), ...MERGE }
    const bad = await call('PATCH', `/api/v1/contract_users/${instance.id}`, { signature: 'my name' }, jwt)
    expect(bad.status).toBe(422)
    const someone = await assign(contract.id, { user: '/api/v1/users/3' })
    expect(
      (await call('PATCH', `/api/v1/contract_users/${someone.id}`, { signature: SIGNATURE }, jwt)).status,
    ).toBe(403)
    const signed = await ok(
      'PATCH',
      `/api/v1/contract_users/${instance.id}`,
      { signature: SIGNATURE },
      200,
      jwt,
    )
    expect(signed.status).toBe('COMPLETE')
    expect(signed.media.contentUrl).toMatch(new RegExp(`/api/v1/contract_users/${instance.id}\\.pdf$`))
  })
})

describe('editing an instance', () => {
  it("its member edits placeholders only, the admin form takes the docs' dates; a COMPLETE one is locked", async () => {
    const contract = await createContract()
    const a = await assign(contract.id)
    const jwt = { ...(await memberJwt()), ...MERGE }
    const edited = await ok('PATCH', `/api/v1/contract_users/${a.id}`, { placeholderMap: ['Max'] }, 200, jwt)
    expect(edited.placeholderMap).toEqual(['Max'])
    const moved = await call('PATCH', `/api/v1/contract_users/${a.id}`, { user: '/api/v1/users/3' }, jwt)
    expect(moved.status).toBe(403)
    const admin2 = { ...admin(), ...MERGE }
    const dated = await ok(
      'PATCH',
      `/api/v1/contract_users/admin/${a.id}`,
      { validityEndDate: '2028-01-14' },
      200,
      admin2,
    )
    expect(dated.dateValidityEnd).toBe('2028-01-14T00:00:00+00:00')
    const both = await call(
      'PATCH',
      `/api/v1/contract_users/admin/${a.id}`,
      { contact: '/api/v1/contacts/1' },
      admin2,
    )
    expect(both.status).toBe(422)
    await markAsSigned([a.id])
    const locked = await call(
      'PATCH',
      `/api/v1/contract_users/admin/${a.id}`,
      { validityEndDate: '2029-01-14' },
      admin2,
    )
    expect(locked.status).toBe(400)
    expect(locked.json.detail).toContain('is COMPLETE')
    expect((await read(a.id)).dateValidityEnd).toBe('2028-01-14T00:00:00+00:00')
  })
})

describe('step 4: bulk mark as signed', () => {
  it("the docs' PATCH sets COMPLETE, dateSignature and locks; a second time is a 400 and changes nothing", async () => {
    const contract = await createContract()
    const [a, b] = [await assign(contract.id), await assign(contract.id, { user: '/api/v1/users/3' })]
    const res = await markAsSigned([a!.id, b!.id])
    expect(res.status, res.text).toBe(201)
    expect(res.json).toMatchObject({ id: a!.id, status: 'COMPLETE' })
    for (const id of [a!.id, b!.id])
      expect(await read(id)).toMatchObject({
        status: 'COMPLETE',
        isLocked: true,
        dateSignature: '2026-01-15T10:00:00+00:00',
        contractNumber: expect.any(Number),
      })
    const fresh = await assign(contract.id, { user: '/api/v1/users/4' })
    const again = await markAsSigned([fresh.id, a!.id])
    expect(again.status).toBe(400)
    expect(again.json.detail).toContain(`contract_user #${a!.id} is COMPLETE`)
    expect((await read(fresh.id)).status).toBe('UNSIGNED')
  })

  it("the spec's POST takes the same body, and its own (contract and user) to record a paper contract", async () => {
    const contract = await createContract()
    const a = await assign(contract.id)
    expect((await markAsSigned([a.id], 'POST')).json.status).toBe('COMPLETE')
    const paper = await ok(
      'POST',
      '/api/v1/contract_users/mark_as_signed',
      {
        contract: `/api/v1/contracts/${contract.id}`,
        user: '/api/v1/users/5',
        dateValidityStart: '2025-03-01T00:00:00+00:00',
      },
      201,
    )
    expect(paper).toMatchObject({
      status: 'COMPLETE',
      user: { id: 5 },
      dateSignature: '2025-03-01T00:00:00+00:00',
    })
  })

  it('needs HR_TENANT: a member gets 403', async () => {
    const contract = await createContract()
    const a = await assign(contract.id)
    expect((await markAsSigned([a.id], 'PATCH', await memberJwt())).status).toBe(403)
    expect((await read(a.id)).status).toBe('UNSIGNED')
  })
})

describe("step 5: the admin's default signature and the signed PDF", () => {
  it('400 without a default signature; once the contract has one it co-signs, once', async () => {
    const contract = await createContract()
    const a = await assign(contract.id)
    await markAsSigned([a.id])
    const path = `/api/v1/contract_users/${a.id}/use-default-signature`
    const missing = await call('POST', path, {})
    expect(missing.status).toBe(400)
    expect(missing.json.detail).toContain('has no default signature')
    const withSignature = await ok(
      'PATCH',
      `/api/v1/contracts/${contract.id}`,
      { defaultSignature: SIGNATURE },
      200,
      {
        ...admin(),
        ...MERGE,
      },
    )
    expect(withSignature).toMatchObject({
      hasDefaultSignature: true,
      defaultSignature: { contentUrl: SIGNATURE },
    })
    const signed = await ok('POST', path, {}, 201)
    expect(signed).toMatchObject({
      status: 'COMPLETE',
      signatureAdmin: { contentUrl: SIGNATURE, entityId: a.id },
    })
    const twice = await call('POST', path, {})
    expect(twice.status).toBe(400)
    expect(twice.json.detail).toContain('already admin-signed')
    const pdf = await server().call({
      path: `/api/v1/contract_users/${a.id}.pdf`,
      headers: { 'Api-Token': server().tokens('acme').rw },
    })
    expect(pdf.status).toBe(200)
    expect(pdf.headers['content-disposition']).toContain(`contract-${a.id}-signed.pdf`)
    expect(pdf.text.slice(0, 5)).toBe('%PDF-')
    expect(pdf.text).toContain('%%EOF')
  })

  it('a co-signed contract completes once both signed, whichever signs first', async () => {
    const contract = await createContract({ hasAdminSignature: true, defaultSignature: SIGNATURE })
    const jwt = { ...(await memberJwt()), ...MERGE }
    // The member first: signed, still UNSIGNED until the admin's signature.
    const a = await assign(contract.id)
    const waiting = await ok('PATCH', `/api/v1/contract_users/${a.id}`, { signature: SIGNATURE }, 200, jwt)
    expect(waiting).toMatchObject({
      status: 'UNSIGNED',
      signature: { contentUrl: SIGNATURE },
      signatureAdmin: null,
    })
    const twice = await call('PATCH', `/api/v1/contract_users/${a.id}`, { signature: SIGNATURE }, jwt)
    expect(twice.status).toBe(400)
    const done = await ok('POST', `/api/v1/contract_users/${a.id}/use-default-signature`, {}, 201)
    expect(done).toMatchObject({
      status: 'COMPLETE',
      isLocked: true,
      signatureAdmin: { contentUrl: SIGNATURE },
    })
    // The admin first (pre-signed): the member's signature completes it.
    const b = await assign(contract.id)
    const preSigned = await ok('POST', `/api/v1/contract_users/${b.id}/use-default-signature`, {}, 201)
    expect(preSigned).toMatchObject({ status: 'UNSIGNED', signatureAdmin: { contentUrl: SIGNATURE } })
    const signed = await ok('PATCH', `/api/v1/contract_users/${b.id}`, { signature: SIGNATURE }, 200, jwt)
    expect(signed).toMatchObject({ status: 'COMPLETE', isLocked: true })
  })

  it('completes an UNSIGNED instance of a contract that asks no recipient signature; refuses a CANCELED one', async () => {
    const contract = await createContract({ requiresDigitalSignature: false, defaultSignature: SIGNATURE })
    const a = await assign(contract.id)
    const b = await assign(contract.id, { user: '/api/v1/users/3' })
    const done = await ok('POST', `/api/v1/contract_users/${a.id}/use-default-signature`, {}, 201)
    expect(done).toMatchObject({ status: 'COMPLETE', isLocked: true })
    await ok('PATCH', `/api/v1/contracts/${contract.id}/ask-resign`, {}, 200, { ...admin(), ...MERGE })
    const canceled = await call('POST', `/api/v1/contract_users/${b.id}/use-default-signature`, {})
    expect(canceled.status).toBe(400)
    expect(canceled.json.detail).toContain('is CANCELED')
  })
})

describe('step 6: ask-resign', () => {
  it('gives the contract a new hash and cancels its UNSIGNED instances; signed ones are untouched', async () => {
    const contract = await createContract()
    const signed = await assign(contract.id)
    const pending = await assign(contract.id, { user: '/api/v1/users/3' })
    await markAsSigned([signed.id])
    const resigned = await ok('PATCH', `/api/v1/contracts/${contract.id}/ask-resign`, {}, 200, {
      ...admin(),
      ...MERGE,
    })
    expect(resigned.contractHash).toMatch(/^[0-9a-f]{32}$/)
    expect(resigned.contractHash).not.toBe(contract.contractHash)
    expect(await read(pending.id)).toMatchObject({
      status: 'CANCELED',
      canceledBy: { id: 1 },
      dateCanceled: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      contractHash: contract.contractHash,
    })
    expect(await read(signed.id)).toMatchObject({ status: 'COMPLETE', canceledBy: null, dateCanceled: null })
    // CANCELED is final; the next assignment carries the new hash.
    expect((await markAsSigned([pending.id])).status).toBe(400)
    expect((await assign(contract.id)).contractHash).toBe(resigned.contractHash)
  })
})
