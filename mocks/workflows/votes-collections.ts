import type { OperationCall, OperationOverlay, WriteOverlay } from '../handlers/overlay-types.ts'
import type { RouteContext } from '../handlers/route.ts'
import { badRequest, HttpError, notFound, unprocessable } from '../http/errors.ts'
import { CONSTRAINT } from '../http/validate.ts'
import { queryRecords } from '../schema/query.ts'
import type { StoredRecord } from '../schema/types.ts'
import { docsBody } from './doc-bodies.ts'
import { assertManages, manages, voterRow } from './votes-eligibility.ts'
import { prepare } from './votes-seed.ts'
import {
  ARCHIVED,
  assertMove,
  CLOSED,
  DRAFT,
  idList,
  PUBLISHED,
  stateFields,
  stateNamed,
  stateOf,
  type VoteState,
} from './votes-state.ts'
import { moveTo, settle } from './votes-transitions.ts'
import { viewOf, visibleTo } from './votes-view.ts'
import { nowIso, tableOf } from './tables.ts'

// The vote collection (run-a-board-election steps 1, 3 to 5 and 7; spec VoteCollection-vote_collection_write
// ~10,837,800): created in DRAFT, moved one step at a time by the spec's publish, close and archive or by the
// docs' `PATCH {"status": ...}` (OPEN has no spec operation: the docs' PATCH or the clock opens it), and edited
// as its state allows: "once published, the question set is locked. You can still postpone the open/close dates."

/** The docs' names of the collection's fields (step 1) as the spec's; `isSecret` is its `hideVotersList`. */
const SPELLINGS = { dateOpen: 'dateStart', dateClose: 'dateEnd', isSecret: 'hideVotersList' } as const

/** The state a PATCH asks for (the docs' `status`, read-only in the spec), between its body and its answer. */
const wanted = new WeakMap<RouteContext, VoteState>()

export function collectionBody(body: Record<string, unknown>, ctx: RouteContext): Record<string, unknown> {
  return docsBody(ctx, body, `${ctx.req.method} ${ctx.req.path}`, SPELLINGS)
}

/** What may change in each state besides the state itself: after publishing, the wording and the dates only. */
const EDITABLE: Readonly<Record<VoteState, readonly string[] | undefined>> = {
  DRAFT: undefined,
  PUBLISHED: ['name', 'description', 'timezone', 'dateStart', 'dateEnd', 'dateModified', 'isActive'],
  OPEN: ['name', 'description', 'timezone', 'dateEnd', 'dateModified', 'isActive', 'hasPreliminaryResults'],
  CLOSED: ['name', 'description', 'dateModified', 'isActive'],
  ARCHIVED: ['name', 'description', 'dateModified', 'isActive'],
}

/** A change to a field the state locks: 400, naming what may still change. */
function assertEditable(current: StoredRecord, values: Record<string, unknown>): void {
  const state = stateOf(current)
  const allowed = EDITABLE[state]
  if (!allowed) return
  const locked = Object.keys(values).filter(
    (name) => !allowed.includes(name) && JSON.stringify(values[name]) !== JSON.stringify(current[name]),
  )
  if (locked.length)
    badRequest(
      `vote collection #${current.id} is ${state}: ${locked.join(', ')} ${locked.length === 1 ? 'is' : 'are'} locked; ${allowed.filter((n) => n !== 'dateModified').join(', ')} may still change.`,
    )
}

/** The closing date after the opening date (a 422 on `dateEnd`, as the spec's "date constraints"). */
export function assertDates(values: Record<string, unknown>, current?: StoredRecord): void {
  const start = Date.parse(String(values.dateStart ?? current?.dateStart ?? ''))
  const end = Date.parse(String(values.dateEnd ?? current?.dateEnd ?? ''))
  if (!Number.isNaN(start) && !Number.isNaN(end) && end <= start)
    unprocessable([
      {
        propertyPath: 'dateEnd',
        message: 'The closing date must be after the opening date.',
        code: CONSTRAINT.dateTime.code,
      },
    ])
}

/** `votes` in a write reorders the collection's own questions; it never takes another collection's. */
function assertOwnQuestions(values: Record<string, unknown>, current: StoredRecord | undefined): void {
  if (!('votes' in values)) return
  const own = idList(current?.votes)
  const given = idList(values.votes)
  if (given.length !== own.length || !given.every((id) => own.includes(id)))
    unprocessable([
      {
        propertyPath: 'votes',
        message: `votes lists this collection's own questions in a new order (${own.map((id) => `/api/v1/votes/${id}`).join(', ') || 'none yet'}); add a question with POST /api/v1/votes.`,
        code: CONSTRAINT.choice.code,
      },
    ])
}

/** A write of the collection's fields (PATCH, and the bodies of publish, close and archive). */
const editWrite = (takesStatus: boolean): WriteOverlay => ({
  body(body, ctx) {
    const out = collectionBody(body, ctx)
    if ('status' in out && takesStatus) wanted.set(ctx, stateNamed(out.status))
    delete out.status
    return out
  },
  values(values, { ctx, principal, current }) {
    if (!current) return values
    assertManages(ctx, principal, current, 'editing a vote collection')
    const to = wanted.get(ctx)
    if (to !== undefined && to !== stateOf(current)) assertMove(current, to, `PATCH {"status": "${to}"}`)
    assertEditable(current, values)
    assertOwnQuestions(values, current)
    assertDates(values, current)
    return { ...values, dateModified: nowIso(ctx) }
  },
})

/**
 * Step 1's create: DRAFT ("The collection is created in DRAFT"), its owner the caller unless given, no questions
 * yet (the docs add them in step 2; the spec's "default question" is left out so the docs' walk lists its own
 * only). A private collection (`isGeneral: false`) lists its creator as a voter (api_vote_collections_post).
 */
const createWrite: WriteOverlay = {
  body: (body, ctx) => {
    const out = collectionBody(body, ctx)
    delete out.status
    return out
  },
  values(values, { ctx, principal }) {
    const draft: Record<string, unknown> = { ...values, owner: values.owner ?? principal?.user?.id ?? null }
    if (!manages(ctx, principal?.user, { unit: draft.unit }))
      throw new HttpError(
        403,
        `Creating a vote collection for ${typeof draft.unit === 'number' ? `unit #${draft.unit}` : 'the whole organisation'} needs HR for it (HR_LOCAL and above; HR_TENANT for the whole organisation).`,
      )
    assertDates(draft)
    return {
      ...draft,
      // The docs' collection has no `isGeneral`: its voters are its unit's members, a general one's.
      isGeneral: draft.isGeneral ?? true,
      ...stateFields(DRAFT),
      votes: [],
      totalVoted: '0',
      totalEligible: '0',
      participationPercentage: '0',
      hasVoted: false,
      isVoteEligible: false,
      dateModified: nowIso(ctx),
    }
  },
  after(record, { ctx, principal }) {
    if (record.isGeneral === false && principal?.user) voterRow(ctx, record.id, principal.user.id)
    ctx.core.change('vote.draft', ctx.tenant.tenant.slug, `Vote "${String(record.name)}" created in DRAFT`, {
      voteCollection: record.id,
      status: DRAFT,
    })
  },
}

/** The collection the path names, as its caller may see it (a DRAFT of someone else's: 404). */
function visibleRecord(call: OperationCall): StoredRecord {
  const record = call.record()
  if (!visibleTo(call.ctx, call.principal, record)) notFound()
  return record
}

/** The collection as the caller sees it, in the state the clock says once the write is done (settled again). */
function answerView(call: OperationCall, record: StoredRecord): ReturnType<OperationCall['answer']> {
  settle(call.ctx)
  const current = tableOf(call.ctx, 'vote_collections').get(record.id) ?? record
  return call.answer(viewOf(call.ctx, current, call.principal))
}

/**
 * `GET /api/v1/vote_collections`: "Archived collections are hidden from the default listing [...] but accessible
 * via ?status=ARCHIVED" (step 7). `status` (the docs' filter, none in the spec) keeps one state;
 * `exists[isArchived]` (the spec's) shows the archived too.
 */
const listCollections: OperationOverlay = (call) => {
  const { ctx, principal } = call
  prepare(ctx)
  call.admit('list')
  const query = ctx.req.query
  const status = query.get('status')?.toUpperCase()
  const archivedToo = query.has('exists[isArchived]')
  const shows = (record: StoredRecord) =>
    visibleTo(ctx, principal, record) &&
    (status ? stateOf(record) === status : archivedToo || stateOf(record) !== ARCHIVED)
  const page = queryRecords(call.spec, tableOf(ctx, 'vote_collections'), query, call.records, shows)
  return call.answer({ ...page, rows: page.rows.map((row) => viewOf(ctx, row, principal)) })
}

const readCollection: OperationOverlay = (call) => {
  prepare(call.ctx)
  const record = visibleRecord(call)
  call.admit('read', record)
  return answerView(call, record)
}

const createCollection: OperationOverlay = async (call) => {
  prepare(call.ctx)
  call.admit('create')
  const made = await call.create()
  return answerView(call, made)
}

/** The docs' `PATCH /api/v1/vote_collections/{id}` `{"status": "PUBLISHED"}` (steps 3 and 4), or any edit. */
const patchCollection: OperationOverlay = async (call) => {
  const { ctx } = call
  prepare(ctx)
  const record = visibleRecord(call)
  call.admit('update', record)
  const updated = await call.update(record)
  const to = wanted.get(ctx)
  if (to === undefined || to === stateOf(updated)) return answerView(call, updated)
  ctx.core.change(
    'docs.form',
    ctx.tenant.tenant.slug,
    `PATCH ${ctx.req.path} {"status": "${to}"}: the docs' transition (run-a-board-election); Orgo's spec has PATCH .../publish, .../close and .../archive, and no operation to open`,
  )
  return answerView(call, moveTo(ctx, updated, to, `PATCH {"status": "${to}"}`))
}

/** publish, close, archive: the move (400 from another state), after the body's edits the state allows. */
const transition =
  (to: VoteState, action: string): OperationOverlay =>
  async (call) => {
    const { ctx } = call
    prepare(ctx)
    const record = visibleRecord(call)
    call.admit('update', record)
    assertManages(ctx, call.principal, record, action)
    assertMove(record, to, action)
    const body = (await call.body()) ?? {}
    const edited = Object.keys(body).length ? await call.update(record) : record
    return answerView(call, moveTo(ctx, edited, to, action))
  }

export const COLLECTION_WRITES: Record<string, WriteOverlay> = {
  api_vote_collections_post: createWrite,
  api_vote_collections_id_patch: editWrite(true),
  publish: editWrite(false),
  close: editWrite(false),
  archive: editWrite(false),
}

export const COLLECTION_OPERATIONS: Record<string, OperationOverlay> = {
  api_vote_collections_get_collection: listCollections,
  api_vote_collections_id_get: readCollection,
  api_vote_collections_post: createCollection,
  api_vote_collections_id_patch: patchCollection,
  publish: transition(PUBLISHED, 'publish'),
  close: transition(CLOSED, 'close'),
  archive: transition(ARCHIVED, 'archive'),
}
