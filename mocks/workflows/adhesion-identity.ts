import type { Principal } from '../auth/principal.ts'
import type { User } from '../db/schema.ts'
import type { OperationCall, OperationOverlay } from '../handlers/overlay-types.ts'
import type { RouteContext } from '../handlers/route.ts'
import { conflict, forbidden, unprocessable, type Violation } from '../http/errors.ts'
import { CONSTRAINT } from '../http/validate.ts'
import type { StoredRecord } from '../schema/types.ts'
import { validateWrite } from '../schema/validate.ts'
import { clearMedia } from './adhesion-apply.ts'
import {
  adhesionTable,
  holds,
  identityTable,
  nowIso,
  statusOf,
  TERMINAL,
  writeAdhesion,
  writeUser,
} from './adhesion-model.ts'

// The Identity record the ID upload makes (onboard-a-new-member, step 2 and "OCR extracted the wrong birth date":
// "You can correct via PATCH /api/v1/identity/{id}/update-data"). Orgo's descriptions: api_identity_id_get
// (spec ~2,919,800) "restricted to the identity owner and financial/HR admins"; update_data (~3,012,900) "If the
// identity is linked to a contact, also updates the contact's name ... removes the back media if mediaBack=false";
// validate (~3,076,600) "Requires all mandatory fields (name, ID number, personal number, dates, ID type). Validates
// that the ID is not expired, the issue date is in the past, and the person is at least 18 years old"; reject
// (~2,949,700) "If isAdhesion is true in the payload, also resets the user's adhesion status to NEW and removes
// the uploaded document media"; reopen (~2,981,300). Identity statuses (sandbox's): PENDING, VALIDATED, REJECTED.
// The mails the descriptions mention for validate and reject have no mail kind in the sandbox's outbox yet.

const memberOf = (ctx: RouteContext, identity: StoredRecord): User | undefined =>
  typeof identity.member === 'number' ? ctx.tenant.users.get(identity.member) : undefined

const isOwner = (principal: Principal | undefined, identity: StoredRecord) =>
  principal?.user !== undefined && principal.user.id === identity.member

/** HR or FINANCIAL for the member's center ("financial/HR admins"). */
const isAdmin = (ctx: RouteContext, principal: Principal | undefined, identity: StoredRecord) =>
  holds(principal, ['HR', 'FINANCIAL'], memberOf(ctx, identity)?.localCenter ?? null)

function assertAdmin(call: OperationCall, identity: StoredRecord, what: string): void {
  if (!isAdmin(call.ctx, call.principal, identity))
    forbidden(`${what} identity #${identity.id} needs HR or FINANCIAL on its member's local center.`)
}

/** The record, after the engine's rules, shown to its owner and the admins only. */
function identityFor(call: OperationCall, access: 'read' | 'update'): StoredRecord {
  const identity = call.record()
  call.admit(access, identity)
  if (!isOwner(call.principal, identity) && !isAdmin(call.ctx, call.principal, identity))
    forbidden(`Identity #${identity.id} is its owner's and the HR and financial admins' only.`)
  return identity
}

function write(call: OperationCall, identity: StoredRecord, change: (d: StoredRecord) => void): StoredRecord {
  return identityTable(call.ctx).updateNow(identity, (draft) => {
    change(draft)
    draft.updatedBy = call.principal?.user?.id ?? null
    draft.updatedDate = nowIso(call.ctx)
  })
}

export const readIdentity: OperationOverlay = (call) => call.answer(identityFor(call, 'read'))

export const updateIdentity: OperationOverlay = async (call) => {
  const identity = identityFor(call, 'update')
  const body = (await call.body()) ?? {}
  // Sandbox choice: the owner corrects their data until an admin validated it; the admins, at any time.
  if (!isAdmin(call.ctx, call.principal, identity) && identity.status === 'VALIDATED')
    conflict(`Identity #${identity.id} is VALIDATED: only an HR or financial admin changes it now.`)
  const values = validateWrite(call.specOp, body, 'update', call.records, identity)
  const next = write(call, identity, (draft) => {
    Object.assign(draft, values)
    if (body.mediaBack === false) draft.mediaBack = null
  })
  const contact = typeof next.contact === 'number' ? call.ctx.tenant.contacts.get(next.contact) : undefined
  const name = [next.firstName, next.lastName].filter((p) => typeof p === 'string' && p).join(' ')
  if (contact && name && ('firstName' in values || 'lastName' in values))
    call.ctx.tenant.contacts.updateNow(contact, (draft) => (draft.name = name))
  return call.answer(next)
}

/** Symfony's GreaterThan and LessThanOrEqual codes, for the date rules validate states. */
const GREATER_THAN = '778b7ae0-84d3-481a-9dec-35fdb64b1d78'
const LESS_THAN_OR_EQUAL = '30fbb013-d015-4232-8b3b-8f3be97a7e14'
const MANDATORY = [
  'firstName',
  'lastName',
  'idNumber',
  'personalNumber',
  'idType',
  'idStartDate',
  'idEndDate',
  'dateBirth',
]

function validationProblems(identity: StoredRecord, now: number): Violation[] {
  const out: Violation[] = []
  for (const name of MANDATORY)
    if (identity[name] === null || identity[name] === undefined || identity[name] === '')
      out.push({ propertyPath: name, ...CONSTRAINT.notBlank })
  const date = (name: string) => (typeof identity[name] === 'string' ? Date.parse(identity[name]) : NaN)
  if (date('idEndDate') <= now)
    out.push({ propertyPath: 'idEndDate', code: GREATER_THAN, message: 'The ID document has expired.' })
  if (date('idStartDate') > now)
    out.push({
      propertyPath: 'idStartDate',
      code: LESS_THAN_OR_EQUAL,
      message: 'The issue date is in the future.',
    })
  const born = new Date(date('dateBirth'))
  const adult = new Date(now)
  adult.setUTCFullYear(adult.getUTCFullYear() - 18)
  if (born.getTime() > adult.getTime())
    out.push({
      propertyPath: 'dateBirth',
      code: LESS_THAN_OR_EQUAL,
      message: 'The member must be at least 18 years old.',
    })
  return out
}

export const validateIdentity: OperationOverlay = async (call) => {
  const identity = identityFor(call, 'update')
  assertAdmin(call, identity, 'Validating')
  const values = validateWrite(call.specOp, (await call.body()) ?? {}, 'update', call.records, identity)
  const problems = validationProblems({ ...identity, ...values }, call.ctx.core.clock.now())
  if (problems.length) unprocessable(problems)
  const next = write(call, identity, (draft) =>
    Object.assign(draft, values, {
      status: 'VALIDATED',
      isValidated: true,
      rejectedCause: null,
      validatedBy: call.principal?.user?.id ?? null,
      validatedDate: nowIso(call.ctx),
    }),
  )
  const member = memberOf(call.ctx, next)
  if (member) writeUser(call.ctx, member, (draft) => (draft.isValidatedIdentity = true))
  return call.answer(next)
}

export const rejectIdentity: OperationOverlay = async (call) => {
  const identity = identityFor(call, 'update')
  assertAdmin(call, identity, 'Rejecting')
  const body = (await call.body()) ?? {}
  const values = validateWrite(call.specOp, body, 'update', call.records, identity)
  const member = memberOf(call.ctx, identity)
  const adhesionId = (member as (User & { adhesion?: unknown }) | undefined)?.adhesion
  const adhesion =
    body.isAdhesion === true && typeof adhesionId === 'number'
      ? adhesionTable(call.ctx).get(adhesionId)
      : undefined
  if (adhesion && TERMINAL.has(statusOf(adhesion)))
    conflict(`Adhesion #${adhesion.id} is ${statusOf(adhesion)}, a final status: it cannot go back to NEW.`)
  const next = write(call, identity, (draft) => {
    Object.assign(draft, values, {
      status: 'REJECTED',
      isValidated: false,
      validatedBy: null,
      validatedDate: null,
    })
    if (adhesion) Object.assign(draft, { media: null, mediaBack: null, hasUploadedDocument: false })
  })
  if (adhesion)
    writeAdhesion(call.ctx, call.principal, adhesion, (draft) => {
      draft.status = 'NEW'
      clearMedia(draft)
      Object.assign(draft, { isValidated: false, sentDate: null })
    })
  if (member) writeUser(call.ctx, member, (draft) => (draft.isValidatedIdentity = false))
  return call.answer(next)
}

export const reopenIdentity: OperationOverlay = async (call) => {
  const identity = identityFor(call, 'update')
  assertAdmin(call, identity, 'Reopening')
  const values = validateWrite(call.specOp, (await call.body()) ?? {}, 'update', call.records, identity)
  return call.answer(
    write(call, identity, (draft) =>
      Object.assign(draft, values, {
        status: 'PENDING',
        isValidated: false,
        validatedBy: null,
        validatedDate: null,
      }),
    ),
  )
}
