import { describe, expect, it } from 'vitest'
import { expectSpecShape, fileForm, PASSWORD, SARAH, STEP_1, useFlow } from './adhesion-helpers.ts'

// Orgo's docs page onboard-a-new-member, walked over real HTTP (issue 25 item 2): create (NEW), upload the ID
// (Identity record) and the signed form as the docs send them (multipart/form-data), the PDF, send (PENDING, the
// HR mail), VALIDATED -> INTERVIEWED -> SUCCESS with their mails, the member's login, the `user.*` webhooks.
// The refusals, permissions, identity and register-child: adhesion-rules.test.ts.

const f = useFlow()

/** A string of a PDF's Info dictionary: pdf-lib writes it as UTF-16BE hex (`/Title <FEFF0041...>`). */
function pdfInfo(pdf: string, key: string): string | undefined {
  const hex = new RegExp(`/${key} <FEFF([0-9A-F]*)>`).exec(pdf)?.[1]
  if (hex === undefined) return undefined
  return String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((unit) => parseInt(unit, 16)))
}

describe('onboard-a-new-member, step by step', () => {
  it('walks NEW -> PENDING -> VALIDATED -> INTERVIEWED -> SUCCESS; the member logs in', async () => {
    const { s } = f
    await f.subscribe(['user.created', 'user.updated'])

    // Step 1: the draft, in the spec's shape (Adhesion.jsonld-adhesion_read), its applicant a user not yet active.
    const made = await f.create()
    expect(made.status, made.text).toBe(201)
    expectSpecShape('adhesion_create', made)
    const id = made.json.id as number
    expect(made.headers['location']).toBe(`/api/v1/adhesion/${id}`)
    expect(made.json).toMatchObject({
      '@type': 'Adhesion',
      status: 'NEW',
      hasUploadedDocument: false,
      isSuccess: false,
      medias: [],
      user: { firstName: 'Sarah', lastName: "O'Connor", email: SARAH, status: 'UNAPPROVED', identity: null },
    })
    expect(made.json.user.localCenter).toMatchObject({ id: 4, name: 'Boston' })
    const userId = made.json.user.id as number
    const created = await f.deliveryWhere((r) => r.json.event === 'user.created')
    expect(created.json.object).toMatchObject({ id: userId, email: SARAH, status: 'UNAPPROVED' })

    // "You can PATCH /api/v1/adhesion/update/{id} repeatedly ... while the adhesion is in NEW."
    const updated = await f.patch(`/api/v1/adhesion/update/${id}`, { phoneNumber: '+1 617 555 0100' })
    expect(updated.status, updated.text).toBe(200)
    expectSpecShape('adhesion_update_data', updated)
    expect(updated.json.user.phoneNumber).toBe('+1 617 555 0100')

    // Step 2: the ID, as `curl -F "idMedia=@passport.pdf"`; the Identity record is attached.
    const withId = await f.upload(id, 'id')
    expect(withId.status, withId.text).toBe(201)
    expectSpecShape('adhesion_upload_id_copy', withId)
    expect(withId.json.hasUploadedDocument).toBe(false)
    expect(withId.json.user.identity).toMatchObject({ hasUploadedDocument: true, firstName: 'Sarah' })
    expect(withId.json.user.identity.media).toMatchObject({
      originalName: 'passport.pdf',
      mimeType: 'application/pdf',
      size: '%PDF-1.4 passport scan'.length,
    })
    const logged = s.sandbox.feed.changes().filter((c) => c.kind === 'docs.form')
    expect(logged.at(-1)!.summary).toContain(`POST /api/v1/adhesion/${id}/upload-id: the docs' form`)
    const identityId = withId.json.user.identity.id as number
    const identity = await s.call({ path: `/api/v1/identity/${identityId}`, headers: f.admin() })
    expect(identity.status).toBe(200)
    expectSpecShape('api_identity_id_get', identity)
    expect(identity.json).toMatchObject({ '@type': 'Identity', status: 'PENDING', lastName: "O'Connor" })
    // "OCR extracted the wrong birth date": corrected on the Identity, the application's data stays.
    const fixed = await f.patch(`/api/v1/identity/${identityId}/update-data`, {
      dateBirth: '1995-09-18T00:00:00+00:00',
    })
    expect([fixed.status, fixed.json.dateBirth]).toEqual([200, '1995-09-18T00:00:00+00:00'])
    expectSpecShape('update_data', fixed)

    // Step 4 before step 3: 409, the signed form is missing.
    const early = await f.send(id)
    expect(early.status).toBe(409)
    expect(early.json.detail).toContain('signed form')

    // Step 3, then step 4: PENDING, and the center's HR admin is mailed.
    const signed = await f.upload(id, 'signed')
    expect([signed.status, signed.json.hasUploadedDocument]).toEqual([201, true])
    expect(signed.json.medias).toEqual([expect.objectContaining({ originalName: 'signed-adhesion.pdf' })])
    const sent = await f.send(id)
    expect(sent.status, sent.text).toBe(200)
    expectSpecShape('adhesion_send', sent)
    expect(sent.json.status).toBe('PENDING')
    expect(sent.json.sentDate).not.toBeNull()
    expect(await f.mails('admin@acme.test')).toEqual(['adhesion-submitted'])
    // "After this point, the applicant cannot edit the application themselves."
    expect((await f.patch(`/api/v1/adhesion/update/${id}`, { phoneNumber: '+1' })).status).toBe(409)

    // HR's interview notes, then step 5.
    const notes = await f.patch(`/api/v1/adhesion/${id}/interview`, { interviewSummary: 'Met on Tuesday.' })
    expect([notes.status, notes.json.interviewSummary]).toEqual([200, 'Met on Tuesday.'])
    expectSpecShape('adhesion_interview_update', notes)
    const skipped = await f.setStatus(id, 'SUCCESS')
    expect(skipped.status).toBe(409)
    expect(skipped.json.detail).toContain('VALIDATED')
    const validated = await f.setStatus(id, 'VALIDATED')
    expect([validated.status, validated.json.status, validated.json.isValidated]).toEqual([
      200,
      'VALIDATED',
      true,
    ])
    expectSpecShape('adhesion_status_update', validated)
    expect(await f.mails(SARAH)).toEqual(['adhesion-validated'])
    expect((await f.setStatus(id, 'INTERVIEWED')).json.status).toBe('INTERVIEWED')
    const success = await f.setStatus(id, 'SUCCESS')
    expect(success.status, success.text).toBe(200)
    expect(success.json).toMatchObject({ status: 'SUCCESS', isSuccess: true, user: { status: 'ACTIVE' } })
    expect(await f.mails(SARAH)).toEqual(['adhesion-validated', 'adhesion-welcome'])
    const activated = await f.deliveryWhere(
      (r) =>
        r.json.event === 'user.updated' &&
        (r.json.previous_attributes as { status?: string } | null)?.status !== undefined,
    )
    expect(activated.json.previous_attributes).toMatchObject({ status: 'UNAPPROVED' })
    expect(activated.json.object).toMatchObject({ id: userId, status: 'ACTIVE' })

    // "They can log in": the member, with the member role on their center.
    const member = await f.bearer(SARAH, PASSWORD)
    const me = await s.call({ path: '/api/v1/me', headers: member })
    expect(me.status).toBe(200)
    expect(me.json).toMatchObject({ id: userId, status: 'ACTIVE' })
    expect(me.json.roles).toContain('ROLE_MEMBER')
    const held = await s.call({
      path: `/api/v1/user_roles?user=/api/v1/users/${userId}`,
      headers: { ...f.admin(), Accept: 'application/json' },
    })
    expect(held.json).toEqual([expect.objectContaining({ unit: expect.objectContaining({ id: 4 }) })])
    const role = await s.call({ path: `/api/v1/roles/${held.json[0].role.id as number}`, headers: f.admin() })
    expect(role.json.slug).toBe('member')

    // SUCCESS is final.
    const after = await f.setStatus(id, 'REJECTED')
    expect(after.status).toBe(409)
    expect(after.json.detail).toContain('final')
  })

  it('GET /adhesion/{id}/pdf is the pre-filled form as a PDF; JSON for a client that asks only for JSON', async () => {
    const id = (await f.create()).json.id as number
    const pdf = await f.s.call({ path: `/api/v1/adhesion/${id}/pdf`, headers: f.admin() })
    expect(pdf.status).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="adhesion-${id}.pdf"`)
    expect(pdf.text.startsWith('%PDF-')).toBe(true)
    expect(pdfInfo(pdf.text, 'Title')).toMatch(new RegExp(`membership application #${id}$`))
    expect(pdfInfo(pdf.text, 'Subject')).toBe("Adhesion form of Sarah O'Connor")
    const json = await f.s.call({
      path: `/api/v1/adhesion/${id}/pdf`,
      headers: { ...f.admin(), Accept: 'application/ld+json' },
    })
    expect(json.status).toBe(200)
    expectSpecShape('adhesion_pdf', json)
  })

  it("uploads in the spec's JSON too: a data: URL or the file's metadata; 422 without the file", async () => {
    const id = (await f.create()).json.id as number
    const post = (path: string, body: unknown) =>
      f.s.call({ method: 'POST', path: `/api/v1/adhesion/${id}/${path}`, headers: f.admin(), body })
    const byUrl = await post('upload-id', { idMedia: 'data:application/pdf;base64,JVBERi0xLjQ=' })
    expect(byUrl.status, byUrl.text).toBe(201)
    expect(byUrl.json.user.identity.media).toMatchObject({ mimeType: 'application/pdf', size: 8 })
    const video = await post('upload-video', {
      videoMedia: { originalName: 'answers.mp4', mimeType: 'video/mp4', size: 1048576 },
    })
    expect(video.status, video.text).toBe(201)
    expectSpecShape('adhesion_upload_video', video)
    expect(video.json).toMatchObject({
      hasVideo: true,
      videoMedia: { originalName: 'answers.mp4', size: 1048576 },
    })
    const none = await post('upload-signed', {})
    expect(none.status).toBe(422)
    expect(none.json.violations[0].propertyPath).toBe('signedMedia')
    const wrongField = fileForm('file', 'signed.pdf', 'application/pdf', 'x')
    const misnamed = await f.s.call({
      method: 'POST',
      path: `/api/v1/adhesion/${id}/upload-signed`,
      headers: { ...f.admin(), ...wrongField.headers },
      body: wrongField.body,
    })
    expect([misnamed.status, misnamed.json.violations?.[0]?.propertyPath]).toEqual([422, 'signedMedia'])
    const broken = await f.s.call({
      method: 'POST',
      path: `/api/v1/adhesion/${id}/upload-signed`,
      headers: { ...f.admin(), 'Content-Type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="signedMedia"; filename="a.pdf"\r\n\r\nno end',
    })
    expect(broken.status).toBe(400)
  })

  it('creates from multipart/form-data fields too, which the spec lists for adhesion_create', async () => {
    const boundary = 'AaB03x'
    const part = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
    const made = await f.s.call({
      method: 'POST',
      path: '/api/v1/adhesion/create',
      headers: { ...f.admin(), 'Content-Type': `multipart/form-data; boundary="${boundary}"` },
      body:
        part('firstName', 'Sarah') +
        part('lastName', "O'Connor") +
        part('email', SARAH) +
        part('localCenter', '/api/v1/local_centers/3') +
        `--${boundary}--\r\n`,
    })
    expect(made.status, made.text).toBe(201)
    expect(made.json.user).toMatchObject({ email: SARAH, status: 'UNAPPROVED', localCenter: { id: 3 } })
  })

  it('re-uploading the ID replaces the file and discards the corrected data ("OCR" runs again)', async () => {
    const made = await f.create({ ...STEP_1, plainPassword: undefined })
    const id = made.json.id as number
    const first = await f.upload(id, 'id')
    const identityId = first.json.user.identity.id as number
    await f.patch(`/api/v1/identity/${identityId}/update-data`, { idNumber: 'X1234567', firstName: 'Sara' })
    const again = await f.upload(id, 'id')
    expect(again.json.user.identity).toMatchObject({
      id: identityId,
      firstName: 'Sarah',
      hasUploadedDocument: true,
    })
    const read = await f.s.call({ path: `/api/v1/identity/${identityId}`, headers: f.admin() })
    expect(read.json.idNumber).toBeNull()
    expect(read.json.media.id).not.toBe(first.json.user.identity.media.id)
  })
})
