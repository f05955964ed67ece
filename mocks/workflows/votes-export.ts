import type { OperationCall, OperationOverlay } from '../handlers/overlay-types.ts'
import { assertRecordFits, assertRoom } from '../handlers/record-budget.ts'
import type { RouteContext } from '../handlers/route.ts'
import { JSON_TYPES, readJsonObject } from '../http/body.ts'
import { conflict, notFound } from '../http/errors.ts'
import { isoDate } from '../resources/fields.ts'
import { renderCsv } from '../schema/render-csv.ts'
import type { StoredRecord } from '../schema/types.ts'
import { validateWrite } from '../schema/validate.ts'
import { assertDates, collectionBody } from './votes-collections.ts'
import { assertManages, voterRows } from './votes-eligibility.ts'
import { prepare } from './votes-seed.ts'
import {
  ARCHIVED,
  ballotsOf,
  CLOSED,
  collectionBallots,
  DRAFT,
  optionsOf,
  percent,
  questionsOf,
  stateFields,
  stateOf,
} from './votes-state.ts'
import { viewOf, visibleTo } from './votes-view.ts'
import { nowIso, tableOf } from './tables.ts'

// Step 6 (export), "Cloning for the next cycle", and what goes with a deleted collection.

/** The call's collection, read by one who manages it: a 404 to whom cannot see it, else the manage check. */
function managedCollection(call: OperationCall, doing: string): StoredRecord {
  prepare(call.ctx)
  const record = call.record()
  if (!visibleTo(call.ctx, call.principal, record)) notFound()
  call.admit('read', record)
  assertManages(call.ctx, call.principal, record, doing)
  return record
}

/**
 * `GET /api/v1/vote_collections/{id}/export` (step 6; spec `export` ~7,005,548: "The vote collection must be closed
 * before export is allowed. Returns a file attachment response", though its answer is typed 204): a CSV. "For
 * non-secret votes, the CSV includes each voter and their choice. For secret votes, only the aggregated counts."
 * Before the close: 409 (the spec lists 403 and 404 only). For whom manages the collection.
 */
const exportResults: OperationOverlay = (call) => {
  const { ctx } = call
  const record = managedCollection(call, 'exporting the results')
  const state = stateOf(record)
  if (state !== CLOSED && state !== ARCHIVED)
    conflict(`vote collection #${record.id} is ${state}: its results are exported once it is CLOSED.`)
  const rows: Record<string, unknown>[] = []
  for (const vote of questionsOf(ctx, record)) {
    const options = optionsOf(ctx, vote)
    const boxes = ballotsOf(ctx, vote.id)
    if (record.hideVotersList === true)
      for (const option of options) {
        const count = boxes.filter((b) => (b.values as number[]).includes(option.id)).length
        rows.push({
          question: vote.title,
          choice: option.title,
          count,
          percentage: percent(count, boxes.length),
          ballots: boxes.length,
        })
      }
    else
      for (const box of boxes) {
        const user = typeof box.user === 'number' ? ctx.tenant.users.get(box.user) : undefined
        for (const id of box.values as number[])
          rows.push({
            question: vote.title,
            voter: user ? `${user.firstName} ${user.lastName}`.trim() : `user #${String(box.user)}`,
            email: user?.email ?? '',
            choice: options.find((o) => o.id === id)?.title ?? `vote_option #${id}`,
            castAt: box.dateModified ?? box.dateCreated,
            seal: box.seal,
          })
      }
  }
  const csv = renderCsv(rows)
  return {
    ...csv,
    headers: {
      ...csv.headers,
      'Content-Disposition': `attachment; filename="vote-collection-${record.id}-results.csv"`,
    },
  }
}

/**
 * `PATCH /api/v1/vote_collections/{id}/clone` (spec `vote_clone` ~6,984,714: "a complete copy [...] including all
 * questions, options, and eligible voters. The clone starts as a draft with new dates (now to +1 hour). Vote
 * results are not copied"), also as the docs' `POST` with `{name, dateOpen, dateClose}`. The copy is named
 * "Copy <name>" unless the body names it (as Orgo's contract clone does), and its owner is the caller.
 */
const cloneCollection: OperationOverlay = async (call) => {
  const { ctx } = call
  const source = managedCollection(call, 'cloning a vote collection')
  const given =
    ctx.req.method === 'POST' ? await readJsonObject(ctx.req, JSON_TYPES) : ((await call.body()) ?? {})
  const body = collectionBody(given, ctx)
  delete body.status
  const values = validateWrite(call.specOp, body, 'update', call.records, source)
  const now = ctx.core.clock.now()
  const start = typeof values.dateStart === 'string' ? values.dateStart : isoDate(now)
  const end = typeof values.dateEnd === 'string' ? values.dateEnd : isoDate(Date.parse(start) + 3_600_000)
  assertDates({ dateStart: start, dateEnd: end })
  const table = tableOf(ctx, 'vote_collections')
  assertRoom('vote_collections', table.count())
  const copy = table.insertNow(
    assertRecordFits({
      ...source,
      ...values,
      ...stateFields(DRAFT),
      id: ctx.core.db.ids.next('vote_collections'),
      tenant: ctx.tenant.tenant.slug,
      name: typeof values.name === 'string' ? values.name : `Copy ${String(source.name ?? '')}`,
      owner: call.principal?.user?.id ?? source.owner ?? null,
      dateStart: start,
      dateEnd: end,
      dateCreated: nowIso(ctx),
      dateModified: nowIso(ctx),
      votes: [],
      totalVoted: '0',
      totalEligible: '0',
      participationPercentage: '0',
    }),
  )
  copyQuestions(ctx, source, copy)
  if (source.isGeneral === false)
    for (const row of voterRows(ctx, source.id))
      tableOf(ctx, 'vote_users').insertNow({
        ...row,
        id: ctx.core.db.ids.next('vote_users'),
        voteCollection: copy.id,
        hasVoted: false,
      })
  ctx.core.change(
    'vote.draft',
    ctx.tenant.tenant.slug,
    `Vote "${String(copy.name)}" cloned from #${source.id}`,
    {
      voteCollection: copy.id,
      status: DRAFT,
      clonedFrom: source.id,
    },
  )
  return call.answer(viewOf(ctx, table.get(copy.id)!, call.principal))
}

/** The source's questions and choices, in order, into the copy (no results, no ballots). */
function copyQuestions(ctx: RouteContext, source: StoredRecord, copy: StoredRecord): void {
  const votes = tableOf(ctx, 'votes')
  const options = tableOf(ctx, 'vote_options')
  const slug = ctx.tenant.tenant.slug
  const ids = questionsOf(ctx, source).map((vote) => {
    const id = ctx.core.db.ids.next('votes')
    const optionIds = optionsOf(ctx, vote).map(
      (option) =>
        options.insertNow({
          ...option,
          id: ctx.core.db.ids.next('vote_options'),
          tenant: slug,
          vote: id,
          total: 0,
        }).id,
    )
    return votes.insertNow({
      ...vote,
      id,
      tenant: slug,
      voteCollection: copy.id,
      voteOptions: optionIds,
      results: null,
    }).id
  })
  tableOf(ctx, 'vote_collections').updateNow(copy, (draft) => void (draft.votes = ids))
}

/**
 * A deleted collection takes "all associated votes, options, and ballot records" with it (api_vote_collections_id_
 * delete), and its voters list.
 */
function removeCollection(ctx: RouteContext, record: StoredRecord): void {
  const votes = tableOf(ctx, 'votes')
  const options = tableOf(ctx, 'vote_options')
  for (const vote of questionsOf(ctx, record)) {
    for (const option of optionsOf(ctx, vote)) options.delete(option)
    votes.delete(vote)
  }
  const boxes = tableOf(ctx, 'vote_boxes')
  for (const box of collectionBallots(ctx, record.id)) boxes.delete(box)
  const users = tableOf(ctx, 'vote_users')
  for (const row of voterRows(ctx, record.id)) users.delete(row)
}

export const EXPORT_OPERATIONS: Record<string, OperationOverlay> = {
  export: exportResults,
  vote_clone: cloneCollection,
}

export const COLLECTION_REMOVES = { vote_collections: removeCollection }
