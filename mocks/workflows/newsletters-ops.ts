import { centerOfUnit } from '../auth/grants.ts'
import { hasPermission } from '../auth/permissions.ts'
import type { OperationCall, OperationOverlay } from '../handlers/overlay-types.ts'
import type { RouteContext } from '../handlers/route.ts'
import { assertRecordFits, assertRoom } from '../handlers/record-budget.ts'
import { JSON_TYPES, MERGE_PATCH_TYPES, readJsonObject } from '../http/body.ts'
import { conflict, forbidden, notFound, unprocessable } from '../http/errors.ts'
import { CONSTRAINT } from '../http/validate.ts'
import { isoDate } from '../resources/fields.ts'
import { queryRecords } from '../schema/query.ts'
import type { StoredRecord } from '../schema/types.ts'
import { validateWrite } from '../schema/validate.ts'
import { docsBody, type DocSpellings } from './doc-bodies.ts'
import {
  AUDIENCE,
  audienceOf,
  DRAFT,
  NON_OPENERS,
  nonOpeners,
  peopleOf,
  SCHEDULED,
  SENT,
  statusOf,
  withCount,
} from './newsletters-audience.ts'
import { rearmSchedules, sendNewsletter, watchSchedules } from './newsletters-send.ts'
import { nowIso, tableOf } from './tables.ts'

// The newsletter operations of send-a-newsletter-campaign on the spec's (Newsletter-newsletter_read, ~8,894,320;
// the operations at ~3,699,400-3,795,400): the reads with their count worked out (step 1), send and schedule
// (step 3), the non-openers' count and their clone (step 4), and the plain clone. A sent newsletter is locked; a
// state conflict (sending or scheduling a sent one, cloning the non-openers of an unsent one) is a 409.

/**
 * The docs' body (step 1's create, step 3's schedule) as the spec's: `content` is `html` (the spec's own gallery
 * example holds `<p>Hello {{firstName}},</p>` there), `fromName` is `senderName`, `replyToEmail` is `replyTo`,
 * `sendDate` is `scheduledAt`; `fromEmail` has no field in the spec (the tenant's sender is used).
 */
export const NEWSLETTER_SPELLINGS: DocSpellings = {
  content: 'html',
  fromName: 'senderName',
  replyToEmail: 'replyTo',
  sendDate: 'scheduledAt',
  fromEmail: null,
}

/** Fields the server keeps (the state, when it was sent, the count): never a body's. */
export function withoutServerFields(values: Record<string, unknown>): Record<string, unknown> {
  const { status: _s, dateSent: _d, recipients: _r, dateCreated: _c, ...rest } = values
  return rest
}

const violation = (propertyPath: string, message: string, code: string) => ({ propertyPath, message, code })

/** A date as the API writes it, or the 422 of a value that is none (`scheduledAt` / the docs' `sendDate`). */
export function dateOf(value: unknown, field = 'scheduledAt'): string {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN
  if (Number.isNaN(time))
    unprocessable([violation(field, CONSTRAINT.dateTime.message, CONSTRAINT.dateTime.code)])
  return isoDate(time)
}

/** The local center a newsletter's unit stands for (null: the whole tenant). */
export function centerOfNewsletter(ctx: RouteContext, newsletter: StoredRecord): number | null {
  if (typeof newsletter.unit === 'number') return centerOfUnit(ctx.tenant, newsletter.unit)
  return typeof newsletter.localCenter === 'number' ? newsletter.localCenter : null
}

/**
 * Who may mail a unit: the spec states no permission for sending (left open, any member could mail the whole
 * tenant), so the sandbox asks for ADMIN or COMMUNICATION reaching the newsletter's center (TENANT scope for a
 * tenant-wide one), the domains of Orgo's newsletter widgets (`COMMUNICATION_TENANT`) and of its admins.
 */
function assertMayMail(call: OperationCall, newsletter: StoredRecord): void {
  const user = call.principal?.user
  const center = centerOfNewsletter(call.ctx, newsletter)
  if (!user || !hasPermission(user, ['ADMIN', 'COMMUNICATION'], center))
    forbidden(
      `sending newsletter #${newsletter.id} needs ADMIN or COMMUNICATION ${center === null ? 'of the tenant' : `reaching local center ${center}`}`,
    )
}

/** A sent newsletter is final: an edit, a send or a schedule of it is a 409. */
export function assertNotSent(newsletter: StoredRecord, action: string): void {
  if (statusOf(newsletter) === SENT)
    conflict(
      `Newsletter ${String(newsletter.uuid)} was sent on ${String(newsletter.dateSent)}: a sent newsletter cannot be ${action}. Clone it (PATCH /api/v1/newsletters/{uuid}/clone) to send it again.`,
    )
}

/** A body's edits of the newsletter as the spec's merge patch reads them, the server's fields left out. */
async function editsOf(call: OperationCall, newsletter: StoredRecord, what: string) {
  const body = docsBody(call.ctx, (await call.body()) ?? {}, what, NEWSLETTER_SPELLINGS)
  return withoutServerFields(validateWrite(call.specOp, body, 'update', call.records, newsletter))
}

/**
 * What send and schedule start from: the call's newsletter, which the caller may mail and which is not sent yet
 * (`action`: "sent again", "scheduled"), and the body's edits of it (`what` names the body in the log).
 */
async function toMail(call: OperationCall, action: string, what: string) {
  watchSchedules(call.ctx.core)
  const newsletter = call.record()
  call.admit('update', newsletter)
  assertMayMail(call, newsletter)
  assertNotSent(newsletter, action)
  return { newsletter, edits: await editsOf(call, newsletter, what) }
}

/** The newsletter with the edits and the state given, stored in one write. */
function stored(call: OperationCall, newsletter: StoredRecord, values: Record<string, unknown>) {
  const next = assertRecordFits({ ...newsletter, ...values, id: newsletter.id, tenant: newsletter.tenant })
  return tableOf(call.ctx, 'newsletters').updateNow(newsletter, (draft) => Object.assign(draft, next))
}

/** `GET /api/v1/newsletters/{uuid}`: the count as it is now (step 1: "recalculated each time you fetch"). */
const read: OperationOverlay = (call) => {
  watchSchedules(call.ctx.core)
  const newsletter = call.record()
  call.admit('read', newsletter)
  return call.answer(withCount(peopleOf(call.ctx), newsletter))
}

/**
 * `GET /api/v1/newsletters_public/{uuid}` (newsletter_get_public, ~3,817,700, no credential): the web version of a
 * newsletter its recipients were sent. A draft or a scheduled one is not published yet: anyone holding its uuid
 * would read unsent content, so it is not found (404), as a record outside a public scope is.
 */
const readPublic: OperationOverlay = (call) => {
  const newsletter = call.record()
  if (statusOf(newsletter) !== SENT) notFound()
  call.admit('read', newsletter)
  return call.answer(withCount(peopleOf(call.ctx), newsletter))
}

/** `GET /api/v1/newsletters`: the spec's filters, order and page, each count worked out now. */
const list: OperationOverlay = (call) => {
  watchSchedules(call.ctx.core)
  call.admit('list')
  const page = queryRecords(call.spec, tableOf(call.ctx, 'newsletters'), call.ctx.req.query, call.records)
  if (!page.rows.length) return call.answer(page)
  const people = peopleOf(call.ctx)
  return call.answer({ ...page, rows: page.rows.map((row) => withCount(people, row)) })
}

/** `PATCH /api/v1/newsletters/{uuid}/send` (newsletter_send, ~3,795,400): DRAFT or SCHEDULED -> SENT. */
const send: OperationOverlay = async (call) => {
  const { newsletter, edits } = await toMail(call, 'sent again', 'Newsletter send')
  const people = peopleOf(call.ctx)
  const sent = sendNewsletter(
    call.ctx,
    Object.keys(edits).length ? stored(call, newsletter, edits) : newsletter,
    { scheduled: false, people },
  )
  rearmSchedules(call.ctx.core)
  return call.answer(withCount(people, sent))
}

/**
 * `PATCH /api/v1/newsletters/{uuid}/schedule` (newsletter_schedule, ~3,784,800) with `{"scheduledAt"}` (the docs'
 * `{"sendDate"}`): SCHEDULED at that time, which must be ahead of the sandbox clock; without one, the `scheduledAt`
 * the draft holds. A scheduled newsletter is scheduled again by the same call.
 */
const schedule: OperationOverlay = async (call) => {
  const { newsletter, edits } = await toMail(call, 'scheduled', 'Newsletter schedule')
  const given = edits.scheduledAt ?? newsletter.scheduledAt
  if (given == null)
    unprocessable([
      violation(
        'scheduledAt',
        'A schedule needs its date: "scheduledAt" (the docs\' "sendDate").',
        CONSTRAINT.notBlank.code,
      ),
    ])
  const at = dateOf(given)
  if (Date.parse(at) <= call.ctx.core.clock.now())
    unprocessable([
      violation(
        'scheduledAt',
        `The date must be after now on the sandbox clock (${nowIso(call.ctx)}); send it now with PATCH /api/v1/newsletters/{uuid}/send.`,
        CONSTRAINT.dateTime.code,
      ),
    ])
  const people = peopleOf(call.ctx)
  const next = { ...newsletter, ...edits }
  const scheduled = stored(call, newsletter, {
    ...edits,
    status: SCHEDULED,
    scheduledAt: at,
    recipients: audienceOf(people, next).length,
  })
  call.ctx.core.change(
    'newsletter.scheduled',
    call.ctx.tenant.tenant.slug,
    `Newsletter "${String(scheduled.name ?? scheduled.id)}" scheduled for ${at}`,
    { id: scheduled.id, uuid: scheduled.uuid, scheduledAt: at, recipients: scheduled.recipients },
  )
  rearmSchedules(call.ctx.core)
  return call.answer(withCount(people, scheduled))
}

/** What a clone copies of its source: the content, the sender, the audience's settings. */
const COPIED = [
  ...['subject', 'owner', 'design', 'html', 'htmlRaw', 'cssRaw', 'htmlInline', 'unit', 'localCenter'],
  ...['isGeneral', 'isContacts', 'event', 'sendToEverybody', 'isPublic', 'publicPreviewLogo', 'userList'],
  ...['timezone', 'senderName', 'replyTo'],
]

/**
 * A new DRAFT from a newsletter ("The clone keeps the body content but you can edit before sending"): its
 * content and settings, the body's edits over them (step 4: a new `subject`), `parentNewsletter` the source.
 * The spec's PATCH takes a merge patch; the docs' POST (doc-forms.ts) a JSON body: both are read.
 */
async function cloneOf(call: OperationCall, source: StoredRecord, nonOpenersOnly: boolean) {
  const { ctx } = call
  call.admit('create')
  const given = await readJsonObject(ctx.req, [...MERGE_PATCH_TYPES, ...JSON_TYPES])
  const body = docsBody(ctx, given, 'Newsletter clone', NEWSLETTER_SPELLINGS)
  const edits = withoutServerFields(validateWrite(call.specOp, body, 'update', call.records, source))
  const table = tableOf(ctx, 'newsletters')
  assertRoom('newsletters', table.count())
  const copy = Object.fromEntries(
    COPIED.filter((k) => k in source).map((k) => [k, structuredClone(source[k])]),
  )
  const record: StoredRecord = {
    ...copy,
    name: `${String(source.name ?? 'Newsletter')} (${nonOpenersOnly ? 'non-openers' : 'copy'})`,
    owner: call.principal?.user?.id ?? source.owner ?? null,
    scheduledAt: null,
    ...edits,
    id: ctx.core.db.ids.next('newsletters'),
    tenant: ctx.tenant.tenant.slug,
    uuid: ctx.core.random.uuid(),
    status: DRAFT,
    dateCreated: nowIso(ctx),
    dateSent: null,
    clicks: [],
    slugGo: null,
    parentNewsletter: source.id,
    ...(nonOpenersOnly ? { [AUDIENCE]: NON_OPENERS } : {}),
  }
  record.recipients = audienceOf(peopleOf(ctx), record).length
  return table.insertNow(assertRecordFits(record))
}

/** `PATCH /api/v1/newsletters/{uuid}/clone` (newsletter_clone, ~3,744,800): a new draft, answered 200. */
const clone: OperationOverlay = async (call) => {
  watchSchedules(call.ctx.core)
  const source = call.record()
  call.admit('read', source)
  return call.answer(await cloneOf(call, source, false))
}

/**
 * `PATCH /api/v1/newsletters/{uuid}/clone-non-openers` (~3,755,200; the docs POST it): a new draft whose audience is
 * the source's non-openers (its recipients who have not opened it and are still subscribed), worked out again at
 * its own send. 409 for a source not sent: it has no openers or non-openers.
 */
const cloneNonOpeners: OperationOverlay = async (call) => {
  watchSchedules(call.ctx.core)
  const source = call.record()
  call.admit('read', source)
  if (statusOf(source) !== SENT)
    conflict(
      `Newsletter ${String(source.uuid)} is ${statusOf(source)}: only a sent newsletter has non-openers to clone it for.`,
    )
  return call.answer(await cloneOf(call, source, true))
}

/**
 * `GET /api/v1/newsletters/{uuid}/non-openers-count` (~3,765,600): the spec answers the Newsletter itself; its count
 * field, `recipients`, holds how many would be re-targeted (step 4: "First check how many would be re-targeted").
 * A newsletter not sent has none.
 */
const nonOpenersCount: OperationOverlay = (call) => {
  watchSchedules(call.ctx.core)
  const newsletter = call.record()
  call.admit('read', newsletter)
  const count = statusOf(newsletter) === SENT ? nonOpeners(peopleOf(call.ctx), newsletter).length : 0
  return call.answer({ ...newsletter, recipients: count })
}

export const NEWSLETTER_OPERATIONS: Readonly<Record<string, OperationOverlay>> = {
  api_newsletters_uuid_get: read,
  newsletter_get_public: readPublic,
  api_newsletters_get_collection: list,
  newsletter_send: send,
  newsletter_schedule: schedule,
  newsletter_clone: clone,
  newsletter_clone_non_openers: cloneNonOpeners,
  newsletter_non_openers_count: nonOpenersCount,
}
