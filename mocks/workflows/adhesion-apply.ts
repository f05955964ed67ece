import type { User } from '../db/schema.ts'
import type { OperationCall, OperationOverlay } from '../handlers/overlay-types.ts'
import type { RouteContext } from '../handlers/route.ts'
import { badRequest, conflict, forbidden, unprocessable } from '../http/errors.ts'
import { isMultipart, readMultipart } from '../http/multipart.ts'
import { CONSTRAINT } from '../http/validate.ts'
import { sequenceOf } from '../resources/index.ts'
import { blankUser } from '../resources/users.ts'
import { queryRecords } from '../schema/query.ts'
import { recordsOf } from '../schema/store.ts'
import type { StoredRecord } from '../schema/types.ts'
import { validateWrite } from '../schema/validate.ts'
import { operation as specOperation } from '../spec/index.ts'
import {
  adhesionTable,
  applicantOf,
  assertApplicantOrHr,
  assertStatus,
  byData,
  centerOf,
  holds,
  isApplicant,
  MEDIA,
  nowIso,
  statusOf,
  writeAdhesion,
  writeUser,
} from './adhesion-model.ts'

// Steps 1 of onboard-a-new-member: the application and its applicant. `adhesion_create` (spec ~9,950): "Creates a
// new adhesion application in draft (NEW) status. Members can create their own; HR staff with HR_LOCAL permission
// can create on behalf of another user by passing a userId." The docs' integration sends the applicant's own data
// (firstName, email, localCenter...) with its Api-Token: the applicant is the user with that email, made for the
// application when there is none. `adhesion_update_data` (~33,000): "Only available while the adhesion is in NEW
// status. Clears any previously uploaded media."

/** The applicant's fields a form may set, read as the spec's registration body (`User-user_write_user_register_write`). */
const APPLICANT_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'dateBirth',
  'gender',
  'phoneNumber',
  'address',
  'postalCode',
  'localCenter',
  'townCurrent',
  'language',
  'timezone',
] as const

/** The registration body's schema validates the form's user fields: types, IRIs to ids, email, dates (422/400). */
export function applicantValues(
  ctx: RouteContext,
  body: Record<string, unknown>,
  mode: 'create' | 'update',
  current?: User,
): Record<string, unknown> {
  const op = specOperation('user_register_child')!
  const records = recordsOf(ctx.core, ctx.tenant)
  const valid = validateWrite(op, body, mode, records, current as StoredRecord | undefined)
  const out: Record<string, unknown> = {}
  for (const name of APPLICANT_FIELDS) if (Object.hasOwn(valid, name)) out[name] = valid[name]
  if (typeof out.email === 'string') out.email = out.email.trim()
  return out
}

/** A body of JSON or, as the spec also lists for these operations, multipart/form-data fields. */
export async function formBody(call: OperationCall): Promise<Record<string, unknown>> {
  if (isMultipart(call.ctx.req)) return (await readMultipart(call.ctx.req)).fields
  return (await call.body()) ?? {}
}

/** `userId` as the spec's description names it: a number, a numeric string or a user IRI. */
function userIdOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  const match = /^(?:\/api\/v1\/users\/)?(\d+)$/.exec(String(value))
  if (!match)
    badRequest(`userId must be a user's id or IRI (/api/v1/users/{id}); got ${JSON.stringify(value)}.`)
  return Number(match[1])
}

/** Who applies: a user named by userId (HR only), the user with the form's email, or the caller. */
function applicantFor(call: OperationCall, body: Record<string, unknown>, form: Record<string, unknown>) {
  const { ctx, principal } = call
  const caller = principal?.user
  if (!caller) return forbidden('An adhesion is created for a user: this credential has none.')
  const center = typeof form.localCenter === 'number' ? form.localCenter : null
  const named = userIdOf(body.userId)
  if (named !== undefined) {
    const user = ctx.tenant.users.get(named)
    if (!user)
      unprocessable([{ propertyPath: 'userId', message: `No user #${named} in this tenant.`, code: 'user' }])
    if (user.id !== caller.id && !holds(principal, ['HR'], user.localCenter ?? center))
      forbidden(`Creating an adhesion for user #${user.id} needs HR_LOCAL on their local center.`)
    return { user, center: center ?? user.localCenter }
  }
  const email = typeof form.email === 'string' ? form.email : undefined
  if (email === undefined || email.toLowerCase() === caller.email.toLowerCase())
    return { user: caller, center: center ?? caller.localCenter }
  if (!holds(principal, ['HR'], center))
    forbidden(`Creating an adhesion for ${email} needs HR_LOCAL on local center #${center ?? '(none)'}.`)
  return { user: ctx.tenant.users.findUnique('email', email), email, center }
}

export const createAdhesion: OperationOverlay = async (call) => {
  const { ctx, principal } = call
  call.admit('create')
  const body = await formBody(call)
  const form = applicantValues(ctx, body, 'create')
  const found = applicantFor(call, body, form)
  const table = adhesionTable(ctx)
  const open = found.user && openAdhesionOf(table, found.user.id)
  if (open) conflict(`User #${open.user as number} already has adhesion #${open.id} (${statusOf(open)}).`)
  const id = ctx.core.db.ids.next('adhesion')
  const now = nowIso(ctx)
  const user = found.user
    ? linkApplicant(ctx, found.user, form, id)
    : newApplicant(ctx, form, body.plainPassword, found.center, id)
  const record = table.insertNow({
    id,
    tenant: ctx.tenant.tenant.slug,
    user: user.id,
    localCenter: found.center ?? user.localCenter,
    motivation: typeof body.motivation === 'string' ? body.motivation : null,
    status: 'NEW',
    isValidated: false,
    isSuccess: false,
    isRejected: false,
    hasUploadedDocument: false,
    hasVideo: false,
    medias: [],
    videoMedia: null,
    uploadDate: null,
    updatedDate: now,
    updatedByData: byData(principal?.user),
    validatedDate: null,
    interviewDate: null,
    decisionDate: null,
    sentDate: null,
    interviewSummary: null,
    cancelSummary: null,
    backgroundSummary: null,
  })
  return call.answer(record)
}

/** The user's application still in the funnel or done (a REJECTED one leaves room for a new one). */
const openAdhesionOf = (table: ReturnType<typeof adhesionTable>, userId: number) =>
  table.all().find((a) => a.user === userId && statusOf(a) !== 'REJECTED')

/** An existing user applies: the form fills what their profile lacks, never overwrites it (sandbox choice). */
function linkApplicant(ctx: RouteContext, user: User, form: Record<string, unknown>, adhesion: number): User {
  return writeUser(ctx, user, (draft) => {
    for (const [name, value] of Object.entries(form))
      if (name !== 'email' && (draft[name] === null || draft[name] === undefined || draft[name] === ''))
        draft[name] = value
    draft.adhesion = adhesion
  })
}

/** A new person applies: a user not yet active (the spec's `UNAPPROVED`, of User `statuses`) until SUCCESS. */
function newApplicant(
  ctx: RouteContext,
  form: Record<string, unknown>,
  password: unknown,
  center: number | null,
  adhesion: number,
): User {
  const email = form.email
  if (typeof email !== 'string' || email === '')
    unprocessable([{ propertyPath: 'email', ...CONSTRAINT.notBlank }])
  // The registration's own rule (users.ts: Symfony Length(min: 8)); without one, the member logs in by OTP.
  if (password !== undefined && (typeof password !== 'string' || password.length < 8))
    unprocessable([
      {
        propertyPath: 'plainPassword',
        code: '9ff3fdc4-b214-49db-8718-39c315e33d45',
        message: 'This value is too short. It should have 8 characters or more.',
      },
    ])
  const now = nowIso(ctx)
  const user = {
    ...blankUser(now),
    ...form,
    id: ctx.core.db.ids.next(sequenceOf('users')),
    tenant: ctx.tenant.tenant.slug,
    email,
    firstName: typeof form.firstName === 'string' ? form.firstName : '',
    lastName: typeof form.lastName === 'string' ? form.lastName : '',
    localCenter: center,
    roles: ['ROLE_USER'],
    permissions: [],
    password: typeof password === 'string' ? password : '',
    status: 'UNAPPROVED',
    adhesion,
  } as User
  return ctx.tenant.users.insertNow(user)
}

/** PATCH /adhesion/update/{id}: the applicant's data while NEW; the signed form and video must then be redone. */
export const updateAdhesion: OperationOverlay = async (call) => {
  const { ctx, principal } = call
  const adhesion = call.record()
  call.admit('update', adhesion)
  assertApplicantOrHr(ctx, principal, adhesion)
  const body = (await call.body()) ?? {}
  // Sandbox choice: 409, as every other refusal of a state (the docs give `send`'s 409; the spec lists 400).
  assertStatus(adhesion, ['NEW'], 'its data can be updated')
  const user = applicantOf(ctx, adhesion)
  if (!user) return conflict(`Adhesion #${adhesion.id} has no applicant to update.`)
  const form = applicantValues(ctx, body, 'update', user)
  if (typeof form.email === 'string' && form.email.toLowerCase() !== user.email?.toLowerCase()) {
    const other = ctx.tenant.users.findUnique('email', form.email)
    if (other && other.id !== user.id) conflict(`Another user already has the email ${form.email}.`)
  }
  const changed = Object.entries(form).some(([name, value]) => (user as never)[name] !== value)
  if (changed) writeUser(ctx, user, (draft) => Object.assign(draft, form))
  const motivation =
    typeof body.motivation === 'string' && body.motivation !== adhesion.motivation
      ? body.motivation
      : undefined
  const next = writeAdhesion(ctx, principal, adhesion, (draft) => {
    if (typeof form.localCenter === 'number') draft.localCenter = form.localCenter
    if (motivation !== undefined) draft.motivation = motivation
    // "Clears any previously uploaded media": a form signed before the change no longer matches it.
    if (changed || motivation !== undefined) clearMedia(draft)
  })
  return call.answer(next)
}

/** The adhesion's own uploads gone (the signed form, the video); the ID stays on the Identity record. */
export function clearMedia(draft: StoredRecord): void {
  draft.medias = (Array.isArray(draft.medias) ? draft.medias : []).filter(
    (m) => (m as { type?: unknown }).type !== MEDIA.signed,
  )
  draft.hasUploadedDocument = false
  draft.videoMedia = null
  draft.hasVideo = false
}

/** GET /adhesion/{id}: the applicant, HR of the application's center (api_adhesion_id_get's description). */
export const readAdhesion: OperationOverlay = (call) => {
  const adhesion = call.record()
  call.admit('read', adhesion)
  assertApplicantOrHr(call.ctx, call.principal, adhesion)
  return call.answer(adhesion)
}

/** GET /adhesions: "Results are automatically scoped to the current user permissions." */
export const listAdhesions: OperationOverlay = (call) => {
  const { ctx, principal } = call
  call.admit('list')
  const shows = (a: StoredRecord) => isApplicant(principal, a) || holds(principal, ['HR'], centerOf(ctx, a))
  return call.answer(queryRecords(call.spec, adhesionTable(ctx), ctx.req.query, call.records, shows))
}
