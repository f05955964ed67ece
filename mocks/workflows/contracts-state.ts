import type { Principal } from '../auth/principal.ts'
import { appUrlFor } from '../app-url.ts'
import { assertRecordFits, assertRoom } from '../handlers/record-budget.ts'
import { tenantOrigin } from '../handlers/event-attends.ts'
import type { RouteContext } from '../handlers/route.ts'
import { badRequest, unprocessable, type Violation } from '../http/errors.ts'
import { respelled } from '../http/spellings.ts'
import { CONSTRAINT } from '../http/validate.ts'
import { sendMail } from '../outbox.ts'
import { recordsOf } from '../schema/store.ts'
import type { StoredRecord } from '../schema/types.ts'
import { SIGN_HASH, signLink } from './contracts-sign-link.ts'
import { nowIso, tableOf } from './tables.ts'

// The state of a contract_user (issue-and-track-contracts; spec ContractUser-contract_user_read ~7,747,700): the
// server sets `status`, UNSIGNED on creation, then COMPLETE (the recipient signs, an admin marks a paper signature,
// or the admin's default signature completes it) or CANCELED (the contract's ask-resign). COMPLETE and CANCELED
// are final. The spec's curated example (~862,800) and its descriptions spell the states in capitals; its entity
// default is "unsigned", which the seed uses, so a lowercase state reads as the same one. Every change is a write
// of the table, so its contract_user.* webhook follows (mocks/webhooks/service.ts).

export const UNSIGNED = 'UNSIGNED'
export const COMPLETE = 'COMPLETE'
export const CANCELED = 'CANCELED'

/** The instance's state, capitals whatever the seed wrote. */
export const stateOf = (record: StoredRecord) => String(record.status ?? UNSIGNED).toUpperCase()

/**
 * An illegal transition: 400, the refusal the spec lists for every contract_user action (mark_as_signed,
 * use-default-signature, the PATCH: errors 400/422; no 409), with the state named.
 */
export function assertUnsigned(record: StoredRecord, action: string): void {
  const state = stateOf(record)
  if (state !== UNSIGNED)
    badRequest(
      `contract_user #${record.id} is ${state}: ${action} needs an UNSIGNED instance (COMPLETE and CANCELED are final).`,
    )
}

/** The docs' spellings of a contract_user body (step 2: `validityStartDate`) as the spec's (`dateValidityStart`). */
export function instanceSpellings(body: Record<string, unknown>): Record<string, unknown> {
  return respelled(body, { validityStartDate: 'dateValidityStart', validityEndDate: 'dateValidityEnd' }).body
}

const violation = (
  propertyPath: string,
  message: string,
  code: string = CONSTRAINT.notBlank.code,
): Violation => ({
  propertyPath,
  message,
  code,
})

/**
 * The checks of a contract_user's values (the create's, or an update merged over the record): exactly one of
 * `user` or `contact` (step 2: "Either user or contact is required (not both)"), the validity dates as the API
 * writes dates, the end after the start (mark_as_signed's description: "Validates that end date is after start
 * date"). 422 with every violation found.
 */
export function checkedInstance(values: Record<string, unknown>): Record<string, unknown> {
  const out = { ...values }
  const violations: Violation[] = []
  const hasUser = out.user != null
  const hasContact = out.contact != null
  if (hasUser === hasContact)
    violations.push(
      violation(
        hasUser ? 'contact' : 'user',
        hasUser ? 'Either user or contact is required, not both.' : 'Either user or contact is required.',
      ),
    )
  if (out.contract == null) violations.push(violation('contract', CONSTRAINT.notBlank.message))
  for (const name of ['dateValidityStart', 'dateValidityEnd'])
    if (typeof out[name] === 'string') out[name] = isoDateOf(out[name])
  const start = Date.parse(String(out.dateValidityStart ?? ''))
  const end = Date.parse(String(out.dateValidityEnd ?? ''))
  if (!Number.isNaN(start) && !Number.isNaN(end) && end <= start)
    violations.push(violation('dateValidityEnd', 'The end date must be after the start date.'))
  if (violations.length) unprocessable(violations)
  return out
}

/** A date as the API writes them (`2026-01-15T00:00:00+00:00`): a date alone is midnight UTC. */
export function isoDateOf(value: string): string {
  const time = Date.parse(/T[\d:.]+$/.test(value) ? `${value}Z` : value)
  return Number.isNaN(time) ? value : new Date(time).toISOString().replace(/\.\d{3}Z$/, '+00:00')
}

/** Who a contract_user is for: its user's or contact's id, name and email. */
export function recipientOf(
  ctx: RouteContext,
  record: StoredRecord,
): { kind: 'user' | 'contact'; name: string; email: string | null; firstName: string; lastName: string } {
  const records = recordsOf(ctx.core, ctx.tenant)
  const kind = record.user != null ? 'user' : 'contact'
  const found = records.get(kind === 'user' ? 'users' : 'contacts', Number(record[kind]))
  const text = (v: unknown) => (typeof v === 'string' ? v : '')
  const name = text(found?.fullName) || text(found?.name) || `${kind} #${String(record[kind])}`
  const [first = '', ...rest] = name.split(' ')
  return {
    kind,
    name,
    email: text(found?.email) || null,
    firstName: text(found?.firstName) || first,
    lastName: text(found?.lastName) || rest.join(' '),
  }
}

/**
 * A new instance of a contract: UNSIGNED, the contract's current hash copied (what the recipient is asked to
 * sign), a sign-now link secret; then the recipient's mail with the link (step 2: "Member receives an email with
 * a sign-now link"), unless `mail` is off (a paper signature being recorded).
 */
export function insertInstance(
  ctx: RouteContext,
  values: Record<string, unknown>,
  options: { mail: boolean } = { mail: true },
): StoredRecord {
  const table = tableOf(ctx, 'contract_users')
  assertRoom('contract_users', table.count())
  const contract = recordsOf(ctx.core, ctx.tenant).get('contracts', Number(values.contract))
  const record: StoredRecord = {
    placeholderMap: null,
    dateValidityStart: null,
    dateValidityEnd: null,
    user: null,
    contact: null,
    ...values,
    id: ctx.core.db.ids.next('contract_users'),
    tenant: ctx.tenant.tenant.slug,
    status: UNSIGNED,
    contractHash: typeof contract?.contractHash === 'string' ? contract.contractHash : '',
    isLocked: false,
    isApproved: false,
    media: null,
    signature: null,
    signatureAdmin: null,
    dateSignature: null,
    canceledBy: null,
    dateCanceled: null,
    contractNumber: null,
    [SIGN_HASH]: ctx.core.random.hex(64),
  }
  const stored = table.insertNow(assertRecordFits(record))
  if (options.mail) mailSignLink(ctx, stored, contract)
  return stored
}

function mailSignLink(ctx: RouteContext, record: StoredRecord, contract: StoredRecord | undefined): void {
  const to = recipientOf(ctx, record)
  if (!to.email) return
  const slug = ctx.tenant.tenant.slug
  const base = appUrlFor(ctx.core.options.appUrl, slug) ?? tenantOrigin(ctx)
  const link = signLink(base, record.id, String(record[SIGN_HASH]))
  const title = typeof contract?.name === 'string' ? contract.name : `contract #${String(record.contract)}`
  sendMail(
    ctx.core,
    {
      kind: 'contract-sign',
      tenant: slug,
      to: to.email,
      subject: `Please sign: ${title}`,
      text: `Hello ${to.name},\n\n${ctx.tenant.tenant.name} asks you to sign "${title}". Sign it now: ${link}\n`,
      code: null,
      link,
      expiresAt: null,
    },
    `Contract "${title}" to sign for ${to.email}: ${link}`,
  )
}

/**
 * UNSIGNED -> COMPLETE: the signature fields given, locked (step 4: "locks the record"), dated, numbered ("generates
 * a contract number if needed": use-default-signature's description), its signed PDF as its `media`.
 */
export function complete(
  ctx: RouteContext,
  record: StoredRecord,
  fields: Record<string, unknown>,
): StoredRecord {
  const table = tableOf(ctx, 'contract_users')
  const number = record.contractNumber ?? nextContractNumber(table.all())
  return table.updateNow(record, (draft) => {
    Object.assign(draft, fields)
    draft.status = COMPLETE
    draft.isLocked = true
    draft.dateSignature ??= nowIso(ctx)
    draft.contractNumber = number
    draft.media = signedMedia(ctx, record)
  })
}

const nextContractNumber = (rows: StoredRecord[]) =>
  rows.reduce(
    (max, row) => (typeof row.contractNumber === 'number' ? Math.max(max, row.contractNumber) : max),
    1000,
  ) + 1

/**
 * The signed PDF as the instance's `media` (Media-contract_user_read: id, entityId, contentUrl, originalName). In
 * production the PDF is uploaded to S3; here `contentUrl` is the sandbox's `GET /api/v1/contract_users/{id}.pdf`
 * (API Platform's format suffix), rendered from the instance's state when asked (contracts-pdf.ts).
 */
export const signedMedia = (ctx: RouteContext, record: StoredRecord) => ({
  id: ctx.core.db.ids.next('medias'),
  entityId: record.id,
  contentUrl: `${tenantOrigin(ctx)}/api/v1/contract_users/${record.id}.pdf`,
  originalName: `contract-${record.id}-signed.pdf`,
})

/** The calling user's id, for `canceledBy` and `signedBy` (an Api-Token acts as its owner). */
export const callerId = (principal: Principal | undefined) => principal?.user?.id ?? null

/** A signature image as the Media the read shape embeds: a `data:image/...` URL or an http(s) URL, else a 422. */
export function signatureMedia(
  ctx: RouteContext,
  value: unknown,
  field: string,
  entityId: number | null,
): Record<string, unknown> {
  if (typeof value !== 'string' || !/^(data:image\/[\w.+-]+[;,]|https?:\/\/)/.test(value))
    unprocessable([
      violation(
        field,
        'A signature is an image: a data:image/... URL or an http(s) URL of one.',
        CONSTRAINT.choice.code,
      ),
    ])
  return {
    id: ctx.core.db.ids.next('medias'),
    entityId,
    contentUrl: value,
    originalName: `${field}.png`,
    type: 'signature',
  }
}
