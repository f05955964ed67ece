import type { User } from '../db/schema.ts'
import type { OperationCall, OperationOverlay } from '../handlers/overlay-types.ts'
import type { RouteContext } from '../handlers/route.ts'
import { conflict, unprocessable } from '../http/errors.ts'
import { isMultipart, readMultipart, type FormFile } from '../http/multipart.ts'
import { CONSTRAINT } from '../http/validate.ts'
import type { StoredRecord } from '../schema/types.ts'
import {
  applicantOf,
  assertApplicantOrHr,
  assertStatus,
  centerOf,
  fullName,
  identityOf,
  identityTable,
  MEDIA,
  mediaRecord,
  nowIso,
  statusOf,
  writeAdhesion,
  writeUser,
} from './adhesion-model.ts'
import { pdfResponse, renderPdf } from './pdf.ts'

// Steps 2 and 3 of onboard-a-new-member: the ID document (`adhesion_upload_id_copy`, spec ~189,100: "Creates or
// updates the user identity record and triggers OCR extraction of personal data"), the signed form
// (`adhesion_upload_signed_document`, ~216,300: "Replaces any previously uploaded signed document"), the video
// (`adhesion_upload_video`, ~243,500), and the form to sign (`adhesion_pdf`, ~114,500). The docs send the files as
// multipart/form-data (`-F "idMedia=@passport.pdf"`, `-F "signedMedia=@signed-adhesion.pdf"`); the spec's body
// schema (`Adhesion-adhesion_write`) lists no field, so a JSON body names the file in the same field (below).

/** The docs' form of an upload, said in the request log as every docs' form is (doc-forms.ts). */
function logDocsForm(ctx: RouteContext, call: OperationCall, field: string, step: string): void {
  ctx.core.change(
    'docs.form',
    ctx.tenant.tenant.slug,
    `${ctx.req.method} ${ctx.req.path}: the docs' form (onboard-a-new-member, ${step}: multipart/form-data with ` +
      `the file in "${field}"); Orgo's spec gives ${call.specOp.operationId} the body Adhesion-adhesion_write, ` +
      'which names no field',
  )
}

/**
 * The uploaded file: a multipart part named `field` (the docs), or in JSON (the spec's media types) `field` as a
 * `data:` URL or as `{originalName, mimeType, size}`. 422 when it is missing.
 */
async function readUpload(call: OperationCall, field: string, step: string): Promise<FormFile> {
  const { ctx } = call
  if (isMultipart(ctx.req)) {
    const form = await readMultipart(ctx.req)
    logDocsForm(ctx, call, field, step)
    const file = form.files.find((f) => f.field === field)
    if (file) return file
    return missing(field)
  }
  const given = ((await call.body()) ?? {})[field]
  if (typeof given === 'string') {
    const data = /^data:([\w.+-]+\/[\w.+-]+)?(;base64)?,(.*)$/s.exec(given)
    if (!data) return missing(field, 'a data: URL, or {originalName, mimeType, size}')
    const bytes = data[2] ? Math.floor((data[3]!.replace(/=+$/, '').length * 3) / 4) : data[3]!.length
    return { field, filename: field, type: data[1] ?? 'text/plain', size: bytes }
  }
  if (given && typeof given === 'object' && !Array.isArray(given)) {
    const o = given as Record<string, unknown>
    const name = o.originalName ?? o.filename ?? o.name
    if (typeof name === 'string' && name !== '') {
      const type = typeof o.mimeType === 'string' ? o.mimeType : typeof o.type === 'string' ? o.type : ''
      const size = typeof o.size === 'number' && Number.isInteger(o.size) && o.size >= 0 ? o.size : 0
      return { field, filename: name, type: type || 'application/octet-stream', size }
    }
  }
  return missing(field, given === undefined ? undefined : 'a data: URL, or {originalName, mimeType, size}')
}

function missing(field: string, expected?: string): never {
  return unprocessable([
    expected
      ? { propertyPath: field, code: 'upload', message: `The file is given as ${expected}.` }
      : { propertyPath: field, ...CONSTRAINT.notBlank },
  ])
}

/** The application in NEW, as its applicant or HR may change it: the record and its applicant. */
function draftOf(call: OperationCall, action: string): { adhesion: StoredRecord; user: User } {
  const adhesion = call.record()
  call.admit('update', adhesion)
  assertApplicantOrHr(call.ctx, call.principal, adhesion)
  assertStatus(adhesion, ['NEW'], action)
  const user = applicantOf(call.ctx, adhesion)
  if (!user) conflict(`Adhesion #${adhesion.id} has no applicant.`)
  return { adhesion, user }
}

/**
 * What the "OCR" reads: the sandbox runs none, so the Identity holds the applicant's own form data (what an OCR of
 * a matching document would read), at once rather than "a few seconds later"; `update-data` corrects it.
 */
const ocr = (user: User) => ({
  firstName: user.firstName || null,
  lastName: user.lastName || null,
  dateBirth: user.dateBirth,
  addressStreet: (user as User & { address?: string | null }).address ?? null,
})

export const uploadId: OperationOverlay = async (call) => {
  const { ctx, principal } = call
  const { adhesion, user } = draftOf(call, 'documents can be uploaded')
  const file = await readUpload(call, 'idMedia', 'step 2')
  const now = nowIso(ctx)
  const table = identityTable(ctx)
  const current = identityOf(ctx, user)
  const id = current?.id ?? ctx.core.db.ids.next('identity')
  // "Re-upload the same endpoint and the previous file plus its OCR data is discarded."
  const fresh = {
    ...ocr(user),
    type: 'MEMBER',
    status: 'PENDING',
    isValidated: false,
    hasUploadedDocument: true,
    member: user.id,
    media: mediaRecord(ctx, file, MEDIA.id, id),
    mediaBack: null,
    uploadedBy: principal?.user?.id ?? null,
    uploadedDate: now,
    updatedBy: principal?.user?.id ?? null,
    updatedDate: now,
    validatedBy: null,
    validatedDate: null,
    rejectedCause: null,
    idNumber: null,
    idSerial: null,
    idType: null,
    personalNumber: null,
    idStartDate: null,
    idEndDate: null,
  }
  if (current) table.updateNow(current, (draft) => Object.assign(draft, fresh))
  else {
    table.insertNow({ id, tenant: ctx.tenant.tenant.slug, ...fresh })
    writeUser(ctx, user, (draft) => (draft.identity = id))
  }
  const next = writeAdhesion(ctx, principal, adhesion, (draft) => (draft.uploadDate = now))
  return call.answer(next)
}

export const uploadSigned: OperationOverlay = async (call) => {
  const { ctx, principal } = call
  const { adhesion } = draftOf(call, 'documents can be uploaded')
  const file = await readUpload(call, 'signedMedia', 'step 3')
  const media = mediaRecord(ctx, file, MEDIA.signed, adhesion.id)
  const next = writeAdhesion(ctx, principal, adhesion, (draft) => {
    const kept = (Array.isArray(draft.medias) ? draft.medias : []).filter(
      (m) => (m as { type?: unknown }).type !== MEDIA.signed,
    )
    draft.medias = [...kept, media]
    draft.hasUploadedDocument = true
    draft.uploadDate = nowIso(ctx)
  })
  return call.answer(next)
}

export const uploadVideo: OperationOverlay = async (call) => {
  const { ctx, principal } = call
  const { adhesion } = draftOf(call, 'a video can be uploaded')
  const file = await readUpload(call, 'videoMedia', 'the video of adhesion_upload_video')
  const media = mediaRecord(ctx, file, MEDIA.video, adhesion.id)
  const next = writeAdhesion(ctx, principal, adhesion, (draft) => {
    draft.videoMedia = media
    draft.hasVideo = true
  })
  return call.answer(next)
}

/**
 * The form to sign, pre-filled, as a PDF (the docs, step 3; the description: "returns a PDF document"). The spec
 * types the 200 as the Adhesion's JSON: a client asking for JSON alone (`Accept: application/ld+json`) gets that.
 */
export const adhesionPdf: OperationOverlay = async (call) => {
  const { ctx } = call
  const adhesion = call.record()
  call.admit('read', adhesion)
  assertApplicantOrHr(ctx, call.principal, adhesion)
  const accept = (ctx.req.header('accept') ?? '').toLowerCase()
  if (/application\/(ld\+)?json/.test(accept) && !/application\/pdf|\*\/\*/.test(accept))
    return call.answer(adhesion)
  const user = applicantOf(ctx, adhesion)
  const center = centerOf(ctx, adhesion)
  const centerName = center === null ? undefined : ctx.tenant.localCenters.get(center)?.name
  const org = ctx.tenant.tenant.name
  const u = (user ?? {}) as Partial<User> & { address?: string | null }
  const bytes = await renderPdf(
    {
      title: `${org}: membership application #${adhesion.id}`,
      subject: `Adhesion form of ${fullName(user)}`,
      fields: [
        ['Applicant', fullName(user)],
        ['Email', u.email ?? ''],
        ['Date of birth', u.dateBirth?.slice(0, 10) ?? ''],
        ['Phone', u.phoneNumber ?? ''],
        ['Address', u.address ?? ''],
        ['Local center', centerName ?? ''],
        ['Status', statusOf(adhesion)],
      ],
      paragraphs: [
        ...(typeof adhesion.motivation === 'string' && adhesion.motivation
          ? [`Motivation: ${adhesion.motivation}`]
          : []),
        `I, ${fullName(user)}, apply to become a member of ${org} and confirm that the data above is correct.`,
        'Date: ____________________        Signature: ______________________________',
      ],
    },
    ctx.core.clock.now(),
  )
  return pdfResponse(bytes, `adhesion-${adhesion.id}.pdf`)
}
