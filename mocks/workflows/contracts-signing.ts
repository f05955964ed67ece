import { holdsNamed } from '../auth/permissions.ts'
import type { OperationCall, OperationOverlay } from '../handlers/overlay-types.ts'
import { JSON_TYPES, MERGE_PATCH_TYPES, readJsonObject } from '../http/body.ts'
import { badRequest, forbidden, unprocessable } from '../http/errors.ts'
import { CONSTRAINT } from '../http/validate.ts'
import { relatedId } from '../schema/query-path.ts'
import type { StoredRecord } from '../schema/types.ts'
import { validateWrite } from '../schema/validate.ts'
import {
  assertUnsigned,
  callerId,
  CANCELED,
  checkedInstance,
  complete,
  COMPLETE,
  insertInstance,
  instanceSpellings,
  isoDateOf,
  signatureMedia,
  signedMedia,
  stateOf,
  UNSIGNED,
} from './contracts-state.ts'
import { nowIso, tableOf } from './tables.ts'

// The ways a contract_user becomes COMPLETE (issue-and-track-contracts, steps 4 and 5): its recipient signs, an
// admin records paper signatures (mark_as_signed), the admin's default signature is applied. Each refuses an
// instance that is not UNSIGNED with a 400 naming its state (contracts-state.ts `assertUnsigned`).

/**
 * The recipient signs: `PATCH /api/v1/contract_users/{id}` with `{"signature": "data:image/png;base64,..."}`, by
 * its user (their JWT or Api-Token) or its sign-now link (`X-Contact-Hash`, contracts-sign-link.ts). Orgo takes
 * the signature through a media upload its spec does not publish; the field is the read shape's `signature`. A
 * contract that needs an admin co-signature (`hasAdminSignature`) stays UNSIGNED until use-default-signature.
 */
export function signByRecipient(call: OperationCall, record: StoredRecord, value: unknown): StoredRecord {
  const { ctx, principal } = call
  const own =
    principal?.contractUserId === record.id || (principal?.user != null && principal.user.id === record.user)
  if (!own)
    forbidden(
      `contract_user #${record.id} is signed by its recipient; an admin records a paper signature with mark_as_signed`,
    )
  assertUnsigned(record, 'signing')
  if (record.signature != null)
    badRequest(`contract_user #${record.id} is signed by its recipient and awaits the admin's signature.`)
  const signature = signatureMedia(ctx, value, 'signature', record.id)
  const contract = call.records.get('contracts', Number(record.contract))
  if (contract?.hasAdminSignature === true && record.signatureAdmin == null)
    return tableOf(ctx, 'contract_users').updateNow(record, (draft) => {
      draft.signature = signature
      draft.dateSignature = nowIso(ctx)
    })
  return complete(ctx, record, { signature, dateSignature: nowIso(ctx) })
}

/** mark_as_signed's body: the spec's POST takes JSON; the docs' PATCH sends JSON too (merge-patch accepted). */
const markBody = (call: OperationCall) =>
  call.ctx.req.method === 'PATCH'
    ? readJsonObject(call.ctx.req, [...JSON_TYPES, ...MERGE_PATCH_TYPES])
    : call.body().then((body) => body ?? {})

/** `dateSigned` as the API writes dates, or a 422 for one that is no date. */
function signedDate(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
    unprocessable([{ propertyPath: 'dateSigned', ...CONSTRAINT.dateTime }])
  return isoDateOf(value)
}

/**
 * Step 4, `PATCH /api/v1/contract_users/mark_as_signed` `{contractUsers: [IRIs], dateSigned}` (the docs' form, also
 * taken by the spec's POST): every instance listed UNSIGNED -> COMPLETE, `dateSignature` the date given (else its
 * validity start, else now), `signedBy` the calling admin (kept on the record and printed on the PDF: the spec's
 * shapes have no such field). All or none: one instance not UNSIGNED refuses the whole list (400). The answer is
 * the spec's, one ContractUser (201): the first listed.
 */
function markListed(call: OperationCall, body: Record<string, unknown>): StoredRecord {
  const list = body.contractUsers
  if (!Array.isArray(list) || list.length === 0)
    unprocessable([{ propertyPath: 'contractUsers', ...CONSTRAINT.notBlank }])
  const ids = [
    ...new Set(
      list.map((iri) => {
        const id = typeof iri === 'string' ? relatedId(call.records, 'contract_users', iri) : undefined
        return id ?? badRequest(`Item not found for "${String(iri)}".`)
      }),
    ),
  ]
  const table = tableOf(call.ctx, 'contract_users')
  const rows = ids.map((id) => table.get(id)!)
  for (const row of rows) assertUnsigned(row, 'mark_as_signed')
  const date = signedDate(body.dateSigned)
  const by = callerId(call.principal)
  const done = rows.map((row) =>
    complete(call.ctx, row, {
      dateSignature: date ?? row.dateValidityStart ?? nowIso(call.ctx),
      signedBy: by,
    }),
  )
  return done[0]!
}

/**
 * The spec's form of mark_as_signed (body `ContractUser-contract_user_admin_write`; "uses the validity start date
 * as the signature date"): the recipient's UNSIGNED instance of the contract, or a new one (a paper contract
 * recorded after the fact, no sign-now mail), made COMPLETE.
 */
function markOne(call: OperationCall, body: Record<string, unknown>): StoredRecord {
  const values = checkedInstance(validateWrite(call.specOp, instanceSpellings(body), 'create', call.records))
  const recipient = values.user != null ? 'user' : 'contact'
  const open = tableOf(call.ctx, 'contract_users')
    .all()
    .find(
      (row) =>
        row.contract === values.contract && row[recipient] === values[recipient] && stateOf(row) === UNSIGNED,
    )
  const record = open ?? insertInstance(call.ctx, values, { mail: false })
  const dates = Object.fromEntries(
    ['dateValidityStart', 'dateValidityEnd'].filter((n) => values[n] != null).map((n) => [n, values[n]]),
  )
  return complete(call.ctx, record, {
    ...dates,
    dateSignature: values.dateValidityStart ?? nowIso(call.ctx),
    signedBy: callerId(call.principal),
  })
}

const markAsSigned: OperationOverlay = async (call) => {
  call.admit('create')
  const body = await markBody(call)
  return call.answer('contractUsers' in body ? markListed(call, body) : markOne(call, body))
}

/**
 * Step 5, `POST /api/v1/contract_users/{id}/use-default-signature`: the contract's default signature (the spec
 * keeps it on the Contract, `defaultSignature`; the docs' "tenant settings" are not in the spec: contracts.ts
 * takes it as a data: URL) as `signatureAdmin`. 400 when the contract has none, when the instance is already
 * admin-signed or CANCELED. A COMPLETE (paper-signed) instance keeps its state and gets the co-signature; an
 * UNSIGNED one becomes COMPLETE once its recipient has signed (or the contract asks no recipient signature),
 * else it is pre-signed and waits for the recipient.
 */
const useDefaultSignature: OperationOverlay = async (call) => {
  const { ctx, principal } = call
  const record = call.record()
  call.admit('read', record)
  if (!principal?.user || !holdsNamed(principal.user, ['HR_TENANT']))
    forbidden("use-default-signature applies the tenant admin's signature: it needs HR_TENANT")
  await call.body()
  const state = stateOf(record)
  if (state === CANCELED) assertUnsigned(record, 'use-default-signature')
  if (record.signatureAdmin != null) badRequest(`contract_user #${record.id} is already admin-signed.`)
  const contract = call.records.get('contracts', Number(record.contract))
  const media = contract?.defaultSignature
  if (!contract || media === null || typeof media !== 'object')
    badRequest(
      `contract #${String(record.contract)} has no default signature: give it one with PATCH /api/v1/contracts/${String(record.contract)} {"defaultSignature": "data:image/png;base64,..."}.`,
    )
  const signatureAdmin = { ...(media as Record<string, unknown>), entityId: record.id }
  const table = tableOf(ctx, 'contract_users')
  if (state === COMPLETE)
    return call.answer(
      table.updateNow(record, (draft) => {
        draft.signatureAdmin = signatureAdmin
        draft.media = signedMedia(ctx, record)
      }),
    )
  if (record.signature != null || contract.hasSignature !== true)
    return call.answer(complete(ctx, record, { signatureAdmin }))
  return call.answer(table.updateNow(record, (draft) => (draft.signatureAdmin = signatureAdmin)))
}

export const SIGNING_OPERATIONS = {
  contract_user_mark_as_signed: markAsSigned,
  use_default_signature: useDefaultSignature,
} satisfies Record<string, OperationOverlay>
