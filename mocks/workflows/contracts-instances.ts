import { holdsNamed } from '../auth/permissions.ts'
import type { OperationCall, OperationOverlay, WriteOverlay } from '../handlers/overlay-types.ts'
import { badRequest, forbidden, notFound } from '../http/errors.ts'
import type { SandboxResponse } from '../http/types.ts'
import type { StoredRecord } from '../schema/types.ts'
import { validateWrite } from '../schema/validate.ts'
import { operation as specOperation } from '../spec/index.ts'
import { signedPdf } from './contracts-pdf.ts'
import {
  assertUnsigned,
  checkedInstance,
  insertInstance,
  instanceSpellings,
  stateOf,
  UNSIGNED,
} from './contracts-state.ts'
import { tableOf } from './tables.ts'

// The contract_users of issue-and-track-contracts as the spec's operations make and read them: the assignment
// (step 2, `POST /api/v1/contract_users` and the admin form `POST /api/v1/contract_users/admin`), the read (and
// its signed PDF), the edits, and the membership contract signed in advance (step 3). The transitions to COMPLETE
// are in contracts-signing.ts, the contract's own in contracts.ts.

/**
 * The body an assignment is read with: `ContractUser-contract_user_admin_write` (~7,743,150) for both creates. The
 * spec's `contract_user_write` group of `POST /api/v1/contract_users` has neither `contact` nor the validity
 * dates, which its description ("Requires either a user or contact reference") and the docs' step 2 send.
 */
const ADMIN_WRITE = () => specOperation('create_contact_user_admin')!

/** Step 2: a new UNSIGNED instance, its recipient mailed the sign-now link. */
const assign: OperationOverlay = async (call) => {
  const { ctx, principal } = call
  call.admit('create')
  const body = instanceSpellings((await call.body()) ?? {})
  const values = checkedInstance(validateWrite(ADMIN_WRITE(), body, 'create', call.records))
  // api_contract_users_post: "HR_LOCAL or HR_TENANT permission is required when assigning to another user".
  const user = principal?.user
  if (values.user !== user?.id && !(user && holdsNamed(user, ['HR_LOCAL'])))
    forbidden(`assigning a contract to another user or a contact needs HR_LOCAL or HR_TENANT`)
  return call.answer(insertInstance(ctx, values))
}

/** The read access to an instance: its sign-now link's hash opens it alone; anyone else as the engine admits. */
function admitInstance(call: OperationCall, record: StoredRecord): void {
  const held = call.principal?.contractUserId
  if (held === undefined) return call.admit('read', record)
  if (held !== record.id) forbidden(`the sign-now hash of contract_user #${held} opens no other`)
}

/** `GET /api/v1/contract_users/{id}`, and `{id}.pdf`: the signed PDF its `media.contentUrl` names. */
const read: OperationOverlay = async (call) => {
  const pdf = /^(\d+)\.pdf$/.exec(call.ctx.params.id ?? '')
  const record = pdf ? (call.records.get('contract_users', Number(pdf[1])) ?? notFound()) : call.record()
  admitInstance(call, record)
  return pdf ? signedPdf(call.ctx, record) : call.answer(record)
}

/**
 * `PATCH /api/v1/contract_users/{id}` ("Only the assigned user or an HR_TENANT admin can perform this action"):
 * with `signature` the recipient signs (contracts-signing.ts); otherwise an edit of an UNSIGNED instance, the
 * recipient's of its placeholders only (moving an instance to another contract or user is the admin's).
 */
export function patchOverlay(
  sign: (call: OperationCall, record: StoredRecord, signature: unknown) => StoredRecord,
): OperationOverlay {
  return async (call) => {
    const { principal } = call
    const record = call.record()
    const body = (await call.body()) ?? {}
    if ('signature' in body) return call.answer(sign(call, record, body.signature))
    if (principal?.contractUserId !== undefined)
      forbidden('a sign-now hash signs its contract_user; it edits nothing else')
    const user = principal?.user
    const admin = !!user && holdsNamed(user, ['HR_TENANT'])
    if (!admin && (!user || record.user !== user.id))
      forbidden(`contract_user #${record.id} is edited by its user or an HR_TENANT admin`)
    if (!admin && ('contract' in body || 'user' in body))
      forbidden('moving a contract_user to another contract or user needs HR_TENANT')
    assertUnsigned(record, 'an edit')
    return call.answer(await call.update(record))
  }
}

/** `PATCH /api/v1/contract_users/admin/{id}` (HR_TENANT, stated): an UNSIGNED instance's admin edit. */
const editAdmin: OperationOverlay = async (call) => {
  const record = call.record()
  call.admit('update', record)
  assertUnsigned(record, 'an edit')
  return call.answer(await call.update(record))
}

/** An edit's values, checked as the instance they make: still one recipient, dates in order. */
const checkedEdit: WriteOverlay = {
  body: (body) => instanceSpellings(body),
  values: (values, { current }) => {
    const merged = checkedInstance({ ...current, ...values })
    for (const name of ['dateValidityStart', 'dateValidityEnd'])
      if (typeof values[name] === 'string') values[name] = merged[name]
    return values
  },
}

/**
 * The tenant's membership contract. Orgo reads its id "from the tenant fee settings" (the operation's
 * description), which the spec does not publish: here it is the newest contract flagged `required: true`
 * (Contract-contract_write's own flag for a contract every member must sign).
 */
function membershipContract(call: OperationCall): StoredRecord | undefined {
  let found: StoredRecord | undefined
  for (const contract of tableOf(call.ctx, 'contracts').all())
    if (contract.required === true && (!found || contract.id > found.id)) found = contract
  return found
}

/**
 * Step 3, `POST /api/v1/sign-membership-contract-in_advance`: the caller's UNSIGNED instance of the membership
 * contract, made (and mailed) once; a second call returns the same one ("no duplicates"). 201 either way: the
 * only status the spec gives it. 400 while no contract is the membership contract.
 */
const signInAdvance: OperationOverlay = async (call): Promise<SandboxResponse> => {
  call.admit('create')
  await call.body()
  const user = call.principal?.user ?? forbidden('signing a contract in advance needs a user')
  const contract =
    membershipContract(call) ??
    badRequest(
      'This tenant has no membership contract: flag one with PATCH /api/v1/contracts/{id} {"required": true}.',
    )
  const open = tableOf(call.ctx, 'contract_users')
    .all()
    .find((row) => row.contract === contract.id && row.user === user.id && stateOf(row) === UNSIGNED)
  return call.answer(open ?? insertInstance(call.ctx, { contract: contract.id, user: user.id }))
}

export const INSTANCE_OPERATIONS = {
  api_contract_users_post: assign,
  create_contact_user_admin: assign,
  api_contract_users_id_get: read,
  edit_contact_user_admin: editAdmin,
  sign_membership_contract_in_advance: signInAdvance,
} satisfies Record<string, OperationOverlay>

export const INSTANCE_WRITES = {
  api_contract_users_id_patch: checkedEdit,
  edit_contact_user_admin: checkedEdit,
} satisfies Record<string, WriteOverlay>
