import type { RouteContext } from '../handlers/route.ts'
import { assertRecordFits, assertRoom } from '../handlers/record-budget.ts'
import type { OperationOverlay, Workflow, WriteOverlay } from '../handlers/overlay-types.ts'
import { conflict } from '../http/errors.ts'
import { queryRecords } from '../schema/query.ts'
import type { StoredRecord } from '../schema/types.ts'
import { validateWrite } from '../schema/validate.ts'
import { INSTANCE_OPERATIONS, INSTANCE_WRITES, patchOverlay } from './contracts-instances.ts'
import { signByRecipient, SIGNING_OPERATIONS } from './contracts-signing.ts'
import { callerId, CANCELED, COMPLETE, signatureMedia, stateOf, UNSIGNED } from './contracts-state.ts'
import { nowIso, tableOf } from './tables.ts'

// Orgo's contract workflow (issue 25 item 3), as the docs page issue-and-track-contracts walks it, in the spec's
// shapes (Contract-contract_read ~7,713,630, ContractUser-contract_user_read ~7,747,700). This module: the
// contract template (its content hash, its default signature, ask-resign, clone, delete) and `my_contracts`;
// contracts-instances.ts and contracts-signing.ts: its contract_users and their transitions.

/** A contract's content fingerprint, 32 hex characters like the docs' `a3f8b2c4...` (the spec's `contractHash`). */
const newHash = (ctx: RouteContext) => ctx.core.random.hex(32)

/** Default signatures given as images, between a write's body hook and its values hook. */
const givenSignatures = new WeakMap<RouteContext, string>()

/**
 * A contract body in the spec's spelling: the docs' `requiresDigitalSignature` (step 1) is the spec's
 * `hasSignature`. `defaultSignature` is an IRI of a Media in the spec, a resource it does not publish: the sandbox
 * takes the image itself, a `data:image/...` or http(s) URL, in its place (the docs' "Settings → Branding → Default
 * Signature" is not in the spec either), and stores it as the Media the read shape embeds.
 */
function contractBody(body: Record<string, unknown>, ctx: RouteContext): Record<string, unknown> {
  const out = { ...body }
  if ('requiresDigitalSignature' in out) {
    if (!('hasSignature' in out)) out.hasSignature = out.requiresDigitalSignature
    delete out.requiresDigitalSignature
  }
  const image = out.defaultSignature
  if (typeof image === 'string' && /^(data:image\/|https?:\/\/)/.test(image)) {
    givenSignatures.set(ctx, image)
    delete out.defaultSignature
  }
  return out
}

/** The validated values with the default signature given as an image, and `hasDefaultSignature` following it. */
function contractValues(
  values: Record<string, unknown>,
  ctx: RouteContext,
  current?: StoredRecord,
): Record<string, unknown> {
  const out = { ...values }
  const image = givenSignatures.get(ctx)
  if (image !== undefined) {
    out.defaultSignature = signatureMedia(ctx, image, 'defaultSignature', current?.id ?? null)
    if (!('hasDefaultSignature' in values)) out.hasDefaultSignature = true
  } else if (out.defaultSignature === null && !('hasDefaultSignature' in values))
    out.hasDefaultSignature = false
  return out
}

const contractWrites: Record<string, WriteOverlay> = {
  // Step 1: "The response includes a hash field — a unique fingerprint of the contract's content" (set here).
  api_contracts_post: {
    body: contractBody,
    values: (values, { ctx }) => ({ ...contractValues(values, ctx), contractHash: newHash(ctx) }),
  },
  // An edit keeps the hash: "If you later edit the content materially, you'll need to regenerate the hash via
  // PATCH /api/v1/contracts/{id}/ask-resign".
  api_contracts_id_patch: {
    body: contractBody,
    values: (values, { ctx, current }) => contractValues(values, ctx, current),
  },
}

/** The instances of a contract. */
function instancesOf(ctx: RouteContext, contractId: number): StoredRecord[] {
  const table = tableOf(ctx, 'contract_users')
  if (!table.isIndexed('contract')) return table.all().filter((row) => row.contract === contractId)
  return [...(table.idsWhere('contract', contractId) ?? [])].map((id) => table.get(id)!)
}

/**
 * Step 6, `PATCH /api/v1/contracts/{id}/ask-resign` (ADMIN_TENANT, stated): the body's edits, a new hash, and every
 * UNSIGNED instance CANCELED with `canceledBy` (the caller) and `dateCanceled`; signed ones untouched.
 */
const askToResign: OperationOverlay = async (call) => {
  const { ctx } = call
  const contract = call.record()
  call.admit('update', contract)
  const body = contractBody((await call.body()) ?? {}, ctx)
  const values = contractValues(
    validateWrite(call.specOp, body, 'update', call.records, contract),
    ctx,
    contract,
  )
  const updated = tableOf(ctx, 'contracts').updateNow(contract, (draft) => {
    Object.assign(draft, values)
    draft.contractHash = newHash(ctx)
  })
  const table = tableOf(ctx, 'contract_users')
  const now = nowIso(ctx)
  const by = callerId(call.principal)
  for (const row of instancesOf(ctx, contract.id))
    if (stateOf(row) === UNSIGNED)
      table.updateNow(row, (draft) => {
        draft.status = CANCELED
        draft.canceledBy = by
        draft.dateCanceled = now
      })
  return call.answer(updated)
}

/**
 * `PATCH /api/v1/contracts/clone/{id}` (HR_TENANT, stated): "a duplicate of an existing contract template with a
 * new hash and 'Copy ' prefix on the name", the body's edits applied to the copy; no instance is copied.
 */
const cloneContract: OperationOverlay = async (call) => {
  const { ctx } = call
  const source = call.record()
  call.admit('read', source)
  const body = contractBody((await call.body()) ?? {}, ctx)
  const values = contractValues(validateWrite(call.specOp, body, 'update', call.records, source), ctx)
  const table = tableOf(ctx, 'contracts')
  assertRoom('contracts', table.count())
  const copy: StoredRecord = {
    ...source,
    ...values,
    id: ctx.core.db.ids.next('contracts'),
    tenant: ctx.tenant.tenant.slug,
    name: typeof values.name === 'string' ? values.name : `Copy ${String(source.name ?? '')}`,
    contractHash: newHash(ctx),
  }
  return call.answer(table.insertNow(assertRecordFits(copy)))
}

/**
 * `GET /api/v1/my_contracts` ("contracts marked as displayInProfile that belong to the user groups, plus contracts
 * the user has already signed. Duplicates are removed"): the contracts of the caller's instances (but CANCELED
 * ones: the next assignment replaces them), and those with `displayInProfile` whose unit is one the caller belongs
 * to: their local center's (a center's unit has its id) and those of their user_roles.
 */
const myContracts: OperationOverlay = (call) => {
  const { ctx } = call
  call.admit('list')
  const user = call.principal?.user
  const units = new Set<number>()
  const mine = new Set<number>()
  if (user) {
    if (user.localCenter != null) units.add(user.localCenter)
    const now = ctx.core.clock.now()
    for (const role of tableOf(ctx, 'user_roles').all())
      if (role.user === user.id && role.unit != null) {
        const ended = typeof role.dateEnded === 'string' && Date.parse(role.dateEnded) <= now
        if (!ended) units.add(Number(role.unit))
      }
    for (const row of tableOf(ctx, 'contract_users').all())
      if (row.user === user.id && stateOf(row) !== CANCELED) mine.add(Number(row.contract))
  }
  const shows = (contract: StoredRecord) =>
    mine.has(contract.id) ||
    (contract.displayInProfile === true && contract.unit != null && units.has(Number(contract.unit)))
  const table = tableOf(ctx, 'contracts')
  return call.answer(queryRecords(call.spec, table, ctx.req.query, call.records, shows))
}

export const CONTRACTS_WORKFLOW: Workflow = {
  writes: { ...contractWrites, ...INSTANCE_WRITES },
  operations: {
    ask_to_resign: askToResign,
    document_clone: cloneContract,
    my_contracts: myContracts,
    api_contract_users_id_patch: patchOverlay(signByRecipient),
    ...INSTANCE_OPERATIONS,
    ...SIGNING_OPERATIONS,
  },
  removeChecks: {
    // "Delete contract returns 409 — contract has signed instances" (the docs' gotcha; "Blocked if any contract
    // users have signed (locked) instances", api_contracts_id_delete).
    contracts: (ctx, contract) => {
      const signed = instancesOf(ctx, contract.id).filter(
        (row) => stateOf(row) === COMPLETE || row.isLocked === true,
      )
      if (signed.length)
        conflict(
          `contract has signed instances: contract #${contract.id} has ${signed.length} signed contract_user(s) (${signed.map((r) => `#${r.id}`).join(', ')}), kept for the audit trail. Set displayInProfile: false to retire it.`,
        )
    },
  },
  removes: {
    // Its unsigned and canceled instances go with it (each a contract_user.deleted).
    contracts: (ctx, contract) => {
      const table = tableOf(ctx, 'contract_users')
      for (const row of instancesOf(ctx, contract.id)) table.delete(row)
    },
  },
}
