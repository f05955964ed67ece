import { usersHolding } from '../auth/grants.ts'
import type { User } from '../db/schema.ts'
import type { OperationOverlay } from '../handlers/overlay-types.ts'
import type { RouteContext } from '../handlers/route.ts'
import { badRequest, conflict, unprocessable } from '../http/errors.ts'
import { CONSTRAINT } from '../http/validate.ts'
import type { StoredRecord } from '../schema/types.ts'
import { validateWrite } from '../schema/validate.ts'
import { clearMedia } from './adhesion-apply.ts'
import {
  applicantOf,
  assertApplicantOrHr,
  assertHr,
  assertStatus,
  byData,
  centerOf,
  fullName,
  identityOf,
  identityTable,
  isApplicant,
  mail,
  nowIso,
  statusOf,
  TERMINAL,
  writeAdhesion,
  writeUser,
} from './adhesion-model.ts'
import { assignRole } from './roles.ts'

// Steps 4 and 5 of onboard-a-new-member. `adhesion_send` (spec ~140,800): "Transitions status from NEW to PENDING.
// Requires both a signed document and an ID document"; the docs: "A 409 Conflict here means one of the documents
// is missing", and if no admin holds HR_LOCAL on the applicant's center "no email is sent (and 409 is returned by
// send)". `adhesion_status_update` (~167,900): "Valid statuses: NEW, VALIDATED, INTERVIEWED, REJECTED, SUCCESS ...
// Resetting to NEW clears all uploaded documents". `adhesion_interview_update` (~86,400): "Cannot be edited once
// the adhesion reaches a final status (REJECTED, SUCCESS)".
//
// The transitions of PATCH /status, as the docs order them ("Admin transitions (VALIDATED -> SUCCESS)";
// INTERVIEWED "between VALIDATED and SUCCESS"; REJECTED "terminal state"); NEW -> PENDING is `send`'s alone.
// A PATCH to the status the application already has changes nothing (200, no side effect, no second mail).
const TRANSITIONS: Readonly<Record<string, readonly string[]>> = {
  NEW: [],
  PENDING: ['VALIDATED', 'REJECTED', 'NEW'],
  VALIDATED: ['INTERVIEWED', 'SUCCESS', 'REJECTED', 'NEW'],
  INTERVIEWED: ['SUCCESS', 'REJECTED', 'NEW'],
  REJECTED: [],
  SUCCESS: [],
}

/** What PATCH /status accepts (the description's list; PENDING is reached by `send` only). */
const TARGETS = ['NEW', 'VALIDATED', 'INTERVIEWED', 'REJECTED', 'SUCCESS']

/** Why a transition is refused, in the words a developer acts on. */
function refusal(a: StoredRecord, from: string, to: string): string {
  if (TERMINAL.has(from)) return `Adhesion #${a.id} is ${from}, a final status: it changes no more.`
  if (from === 'NEW')
    return `Adhesion #${a.id} is NEW: send it for review first (PATCH /api/v1/adhesion/${a.id}/send).`
  if (to === 'SUCCESS' || to === 'INTERVIEWED')
    return `Adhesion #${a.id} is ${from}: ${to} follows VALIDATED (PATCH {"status": "VALIDATED"} first).`
  return `Adhesion #${a.id} cannot go from ${from} to ${to}; from ${from}: ${TRANSITIONS[from]!.join(', ')}.`
}

/** HR admins who hold HR for the application's center: who reviews it, and who is mailed. */
const reviewersOf = (ctx: RouteContext, center: number | null): User[] =>
  usersHolding(ctx.core, ctx.tenant, 'HR', center).filter((u) => u.status === 'ACTIVE')

export const sendAdhesion: OperationOverlay = async (call) => {
  const { ctx, principal } = call
  const adhesion = call.record()
  call.admit('update', adhesion)
  assertApplicantOrHr(ctx, principal, adhesion)
  await call.body()
  assertStatus(adhesion, ['NEW'], 'it can be sent for review')
  const user = applicantOf(ctx, adhesion)
  const missing = [
    ...(identityOf(ctx, user)?.hasUploadedDocument === true ? [] : ['the ID document (POST .../upload-id)']),
    ...(adhesion.hasUploadedDocument === true ? [] : ['the signed form (POST .../upload-signed)']),
  ]
  if (missing.length)
    conflict(`Adhesion #${adhesion.id} cannot be sent: it still needs ${missing.join(' and ')}.`)
  const center = centerOf(ctx, adhesion)
  const reviewers = reviewersOf(ctx, center)
  if (!reviewers.length)
    conflict(
      `No admin holds HR_LOCAL on local center #${center ?? '(none)'} (nor HR_TENANT): nobody would review ` +
        `adhesion #${adhesion.id}. Assign one (POST /api/v1/user_roles) and send again.`,
    )
  const next = writeAdhesion(ctx, principal, adhesion, (draft) => {
    draft.status = 'PENDING'
    draft.sentDate = nowIso(ctx)
    draft.sentByOtherData = isApplicant(principal, adhesion) ? null : byData(principal?.user)
  })
  const centerName =
    center === null ? 'no local center' : (ctx.tenant.localCenters.get(center)?.name ?? `#${center}`)
  for (const admin of reviewers)
    mail(
      ctx,
      'adhesion-submitted',
      admin.email,
      `New membership application: ${fullName(user)}`,
      `Hello ${fullName(admin)},\n\n${fullName(user)} (${user?.email ?? 'no email'}) applied to join ` +
        `${centerName}. Adhesion #${adhesion.id} is waiting for your review: GET /api/v1/adhesion/${adhesion.id}.\n`,
    )
  return call.answer(next)
}

/** The `status` of the body: 400 for another JSON type (API Platform's), 422 for a value not in the list. */
function targetOf(body: Record<string, unknown>): string | undefined {
  const status = body.status
  if (status === undefined) return undefined
  if (typeof status !== 'string')
    badRequest(`The type of the "status" attribute must be "string", "${typeof status}" given.`)
  if (!TARGETS.includes(status))
    unprocessable([
      {
        propertyPath: 'status',
        ...CONSTRAINT.choice,
        message: `${CONSTRAINT.choice.message} (${TARGETS.join(', ')})`,
      },
    ])
  return status
}

export const updateStatus: OperationOverlay = async (call) => {
  const { ctx, principal } = call
  const adhesion = call.record()
  call.admit('update', adhesion)
  assertHr(ctx, principal, adhesion, `Changing adhesion #${adhesion.id}'s status`)
  const body = (await call.body()) ?? {}
  const to = targetOf(body)
  const from = statusOf(adhesion)
  // A merge patch without `status` (RFC 7396), or to the status it has: nothing changes.
  if (to === undefined || to === from) return call.answer(adhesion)
  if (!TRANSITIONS[from]?.includes(to)) conflict(refusal(adhesion, from, to))
  const now = nowIso(ctx)
  const by = byData(principal?.user)
  const next = writeAdhesion(ctx, principal, adhesion, (draft) => {
    draft.status = to
    if (to === 'VALIDATED')
      Object.assign(draft, { isValidated: true, validatedDate: now, validatedByData: by })
    if (to === 'INTERVIEWED') draft.interviewDate ??= now
    if (to === 'REJECTED' || to === 'SUCCESS')
      Object.assign(draft, {
        decisionDate: now,
        decisionByData: by,
        [to === 'SUCCESS' ? 'isSuccess' : 'isRejected']: true,
      })
    if (to === 'REJECTED' && typeof body.cancelSummary === 'string') draft.cancelSummary = body.cancelSummary
    if (to === 'NEW') {
      clearMedia(draft)
      Object.assign(draft, { isValidated: false, validatedDate: null, validatedByData: null, sentDate: null })
    }
  })
  effectsOf(ctx, next, to)
  return call.answer(next)
}

/** The side effects of step 5's table: the mails, and SUCCESS's activation and MEMBER role. */
function effectsOf(ctx: RouteContext, adhesion: StoredRecord, to: string): void {
  const user = applicantOf(ctx, adhesion)
  if (!user) return
  const org = ctx.tenant.tenant.name
  const hello = `Hello ${fullName(user)},\n\n`
  if (to === 'VALIDATED')
    mail(
      ctx,
      'adhesion-validated',
      user.email,
      `Your application to ${org} is validated`,
      `${hello}your documents and data for adhesion #${adhesion.id} check out. HR will be in touch for the next step.\n`,
    )
  if (to === 'REJECTED')
    mail(
      ctx,
      'adhesion-rejected',
      user.email,
      `Your application to ${org}`,
      `${hello}we are sorry: adhesion #${adhesion.id} was not accepted.` +
        (typeof adhesion.cancelSummary === 'string' && adhesion.cancelSummary
          ? `\n\n${adhesion.cancelSummary}`
          : '') +
        '\n',
    )
  if (to === 'NEW') {
    // "Resetting to NEW clears all uploaded documents": the ID document on the Identity record too.
    const identity = identityOf(ctx, user)
    if (identity)
      identityTable(ctx).updateNow(identity, (d) =>
        Object.assign(d, { media: null, mediaBack: null, hasUploadedDocument: false }),
      )
  }
  if (to !== 'SUCCESS') return
  const now = nowIso(ctx)
  const member = writeUser(ctx, user, (draft) => {
    draft.status = 'ACTIVE'
    draft.roles = [...new Set([...(draft.roles as string[]), 'ROLE_MEMBER'])]
    draft.isFullMember = true
    draft.dateJoinedFullMember = now
    draft.statusChangeDate = now
  })
  assignRole(ctx, { user: member.id, role: 'member', unit: centerOf(ctx, adhesion) })
  const login = member.password
    ? 'with your email and the password you chose (POST /api/v1/login-check)'
    : 'with a one-time code sent to this address (POST /api/v1/request-login-otp)'
  mail(
    ctx,
    'adhesion-welcome',
    member.email,
    `Welcome to ${org}!`,
    `${hello}your application is approved: you are now a member of ${org}. Log in ${login}.\n`,
  )
}

/** PATCH /interview: HR's notes (`Adhesion-hr_support_patch_Adhesion.jsonMergePatch`), until a final status. */
export const updateInterview: OperationOverlay = async (call) => {
  const { ctx, principal } = call
  const adhesion = call.record()
  call.admit('update', adhesion)
  assertHr(ctx, principal, adhesion, `Recording interview notes on adhesion #${adhesion.id}`)
  const body = (await call.body()) ?? {}
  const values = validateWrite(call.specOp, body, 'update', call.records, adhesion)
  if (TERMINAL.has(statusOf(adhesion)))
    conflict(
      `Adhesion #${adhesion.id} is ${statusOf(adhesion)}, a final status: its interview notes are closed.`,
    )
  return call.answer(writeAdhesion(ctx, principal, adhesion, (draft) => Object.assign(draft, values)))
}
