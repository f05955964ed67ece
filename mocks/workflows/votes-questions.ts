import { holdsNamed } from '../auth/permissions.ts'
import { assertRoom } from '../handlers/record-budget.ts'
import type { RouteContext } from '../handlers/route.ts'
import type { OperationOverlay, WriteOverlay } from '../handlers/overlay-types.ts'
import { badRequest, conflict, HttpError, unprocessable } from '../http/errors.ts'
import { respelled } from '../http/spellings.ts'
import { CONSTRAINT } from '../http/validate.ts'
import type { StoredRecord } from '../schema/types.ts'
import { assertManages, voterRow } from './votes-eligibility.ts'
import { prepare } from './votes-seed.ts'
import { collectionOfVote, DRAFT, idList, optionsOf, stateOf } from './votes-state.ts'
import { nowIso, tableOf, type Place } from './tables.ts'

// The questions of an election (run-a-board-election step 2: "Add questions (Votes)"; spec Vote-vote_write
// ~10,825,330, VoteOption-vote_option_write ~10,854,020): a Vote is one question of a collection, its choices are
// VoteOptions in the order given. "After this point [publish], you cannot add or edit questions": every write of
// a question or a choice needs its collection in DRAFT (api_votes_post: "The vote collection must be in editable
// state (draft)"), 400 otherwise (the spec lists 400 for those writes), 409 for a delete (it lists no 400 there).

/** The docs' `questionType` as the spec's `type` (single|multiple); the other two have no spec equivalent. */
const TYPES: Readonly<Record<string, string | undefined>> = {
  SINGLE_CHOICE: 'single',
  MULTIPLE_CHOICE: 'multiple',
  RANKED_CHOICE: undefined,
  OPEN_TEXT: undefined,
}

/** What a question body gives besides the spec's fields: its choices and how many a ballot holds. */
interface Extras {
  choices?: string[]
  maxChoices?: number
  minChoices?: number
}

const extras = new WeakMap<RouteContext, Extras>()

const refuse = (propertyPath: string, message: string, code: string = CONSTRAINT.notBlank.code): never =>
  unprocessable([{ propertyPath, message, code }])

/** A choice of the docs' `choices`: `{"label": "James Patterson"}` (or a plain string, or the spec's `title`). */
function labelOf(choice: unknown): string {
  const label =
    typeof choice === 'string'
      ? choice
      : typeof choice === 'object' && choice !== null
        ? ((choice as { label?: unknown }).label ?? (choice as { title?: unknown }).title)
        : undefined
  if (typeof label !== 'string' || label.trim() === '')
    return refuse('choices', 'Each choice has a label: {"label": "James Patterson"}.')
  return label
}

const count = (name: string, value: unknown): number =>
  Number.isInteger(value) && (value as number) >= 1
    ? (value as number)
    : refuse(name, `${name} is a whole number of choices, 1 or more.`)

/**
 * A question body in the spec's spelling: the docs' `question` is the spec's `title`, `questionType` its `type`
 * (RANKED_CHOICE and OPEN_TEXT: 422, the spec's Vote has no type for them); `choices`, `maxChoices` and
 * `minChoices` (not in the spec) are taken aside: the choices become VoteOptions, the bounds hold at casting.
 */
function questionBody(body: Record<string, unknown>, ctx: RouteContext): Record<string, unknown> {
  // The docs' type names as the spec's (a 422 for one it has none for), then both docs' names as the spec's.
  const docsType = 'questionType' in body ? String(body.questionType) : undefined
  const type =
    docsType === undefined
      ? undefined
      : (TYPES[docsType] ??
        refuse(
          'questionType',
          `Orgo's spec (Vote-vote_write) has the types single and multiple: questionType is SINGLE_CHOICE or MULTIPLE_CHOICE here (${docsType} has no equivalent).`,
          CONSTRAINT.choice.code,
        ))
  const { body: out, moved } = respelled(type === undefined ? body : { ...body, questionType: type }, {
    question: 'title',
    questionType: 'type',
  })
  const taken = moved.map(([docs, spec]) => `${docs} as ${spec}`)
  const given: Extras = {}
  if ('choices' in out) {
    if (!Array.isArray(out.choices)) refuse('choices', 'choices is a list: [{"label": "..."}, ...].')
    given.choices = (out.choices as unknown[]).map(labelOf)
    taken.push('choices as its vote_options')
  }
  for (const name of ['maxChoices', 'minChoices'] as const)
    if (name in out) {
      given[name] = count(name, out[name])
      taken.push(`${name} (kept for casting)`)
    }
  for (const name of ['choices', 'maxChoices', 'minChoices']) delete out[name]
  if (taken.length)
    ctx.core.change(
      'docs.form',
      ctx.tenant.tenant.slug,
      `a vote question: the docs' body; took ${taken.join(', ')}`,
    )
  extras.set(ctx, given)
  return out
}

/** The collection a question's write puts it in: DRAFT and managed by the caller, or a refusal. */
function draftCollection(
  ctx: RouteContext,
  principal: Parameters<typeof assertManages>[1],
  id: unknown,
  what: string,
): StoredRecord | undefined {
  const collection = typeof id === 'number' ? tableOf(ctx, 'vote_collections').get(id) : undefined
  // A question of no collection (the spec's `voteCollection` is nullable) is HR's to write ("HR_LOCAL permission").
  if (!collection) {
    if (!principal?.user || !holdsNamed(principal.user, ['HR_LOCAL']))
      throw new HttpError(403, `${what} outside a vote collection needs HR_LOCAL or above.`)
    return undefined
  }
  const state = stateOf(collection)
  if (state !== DRAFT)
    badRequest(
      `vote collection #${id} is ${state}: ${what} only while it is DRAFT ("once published, the question set is locked").`,
    )
  assertManages(ctx, principal, collection, what)
  return collection
}

/** The bounds of a ballot, checked against each other and the choices there will be. */
function bounds(current: StoredRecord | undefined, given: Extras, choices: number): Record<string, unknown> {
  const max = given.maxChoices ?? (current?.maxChoices as number | undefined)
  const min = given.minChoices ?? (current?.minChoices as number | undefined)
  if (max !== undefined && min !== undefined && min > max)
    refuse('minChoices', `minChoices (${min}) is more than maxChoices (${max}).`)
  if (max !== undefined && given.choices && max > choices)
    refuse('maxChoices', `maxChoices (${max}) is more than the ${choices} choices.`)
  return {
    ...(given.maxChoices !== undefined ? { maxChoices: given.maxChoices } : {}),
    ...(given.minChoices !== undefined ? { minChoices: given.minChoices } : {}),
  }
}

/** A question's choices replaced by these labels, in this order. */
function setChoices(place: Place, vote: StoredRecord, labels: readonly string[]): void {
  const options = tableOf(place, 'vote_options')
  for (const option of optionsOf(place, vote)) options.delete(option)
  assertRoom('vote_options', options.count())
  const ids = labels.map(
    (title) =>
      options.insertNow({
        id: place.core.db.ids.next('vote_options'),
        tenant: place.tenant.tenant.slug,
        vote: vote.id,
        title,
        total: 0,
      }).id,
  )
  tableOf(place, 'votes').updateNow(vote, (draft) => void (draft.voteOptions = ids))
}

/** A question into (or out of) a collection's ordered `votes`. */
function relist(place: Place, collectionId: unknown, voteId: number, add: boolean): void {
  const table = tableOf(place, 'vote_collections')
  const collection = typeof collectionId === 'number' ? table.get(collectionId) : undefined
  if (!collection) return
  const ids = idList(collection.votes).filter((id) => id !== voteId)
  table.updateNow(collection, (draft) => {
    draft.votes = add ? [...ids, voteId] : ids
    draft.dateModified = nowIso(place)
  })
}

const questionWrite: WriteOverlay = {
  body: questionBody,
  values(values, { ctx, principal, current }) {
    prepare(ctx)
    if (current) draftCollection(ctx, principal, collectionOfVote(ctx, current)?.id, 'editing a question')
    const target = 'voteCollection' in values ? values.voteCollection : current?.voteCollection
    if (target !== current?.voteCollection || !current)
      draftCollection(ctx, principal, target, 'adding a question')
    const given = extras.get(ctx) ?? {}
    const choices = given.choices?.length ?? idList(current?.voteOptions).length
    const out = { ...values, ...bounds(current, given, choices) }
    if (!current) Object.assign(out, { voteOptions: [], results: null })
    return out
  },
  after(record, { ctx, principal, previous }) {
    const given = extras.get(ctx) ?? {}
    // "Automatically generates two default options" (api_votes_post), unless the docs' choices are given.
    if (!previous || given.choices) setChoices(ctx, record, given.choices ?? ['Yes', 'No'])
    if (previous?.voteCollection !== record.voteCollection || !previous) {
      if (previous) relist(ctx, previous.voteCollection, record.id, false)
      relist(ctx, record.voteCollection, record.id, true)
    }
    // api_votes_id_patch: "For non-general votes, the current user is automatically added as an eligible voter".
    const holder = collectionOfVote(ctx, record)
    const user = principal?.user
    if (previous && holder?.isGeneral === false && user) voterRow(ctx, holder.id, user.id)
  },
}

/** `POST /api/v1/votes` and `PATCH /api/v1/votes/{id}`, answered with the question as its choices made it. */
const createQuestion: OperationOverlay = async (call) => {
  prepare(call.ctx)
  call.admit('create')
  const made = await call.create()
  return call.answer(tableOf(call.ctx, 'votes').get(made.id))
}

const editQuestion: OperationOverlay = async (call) => {
  prepare(call.ctx)
  const record = call.record()
  call.admit('update', record)
  const updated = await call.update(record)
  return call.answer(tableOf(call.ctx, 'votes').get(updated.id))
}

/** A choice's writes: of a question (`vote`) whose collection is DRAFT, managed by the caller; it stays with it. */
const optionWrite: WriteOverlay = {
  values(values, { ctx, principal, current }) {
    prepare(ctx)
    const voteId = current ? current.vote : values.vote
    if (current && 'vote' in values && values.vote !== current.vote)
      badRequest(
        `vote_option #${current.id} belongs to question #${String(current.vote)}: a choice stays with its question.`,
      )
    const vote = typeof voteId === 'number' ? tableOf(ctx, 'votes').get(voteId) : undefined
    if (!vote)
      return refuse('vote', 'A choice belongs to a question: vote is the IRI of one (/api/v1/votes/{id}).')
    const holder = collectionOfVote(ctx, vote)
    draftCollection(ctx, principal, holder?.id, current ? 'editing a choice' : 'adding a choice')
    return current ? values : { ...values, total: 0 }
  },
  after(record, { ctx, previous }) {
    if (previous) return
    const vote = tableOf(ctx, 'votes').get(Number(record.vote))
    if (vote)
      tableOf(ctx, 'votes').updateNow(
        vote,
        (d) => void (d.voteOptions = [...idList(d.voteOptions), record.id]),
      )
  },
}

export const QUESTION_OPERATIONS: Record<string, OperationOverlay> = {
  api_votes_post: createQuestion,
  api_votes_id_patch: editQuestion,
}

export const QUESTION_WRITES: Record<string, WriteOverlay> = {
  api_votes_post: questionWrite,
  api_votes_id_patch: questionWrite,
  api_vote_options_post: optionWrite,
  api_vote_options_id_patch: optionWrite,
}

/** A question or a choice is deleted while its collection is a DRAFT only (409: the spec lists no 400 there). */
function assertDraftHolder(ctx: RouteContext, vote: StoredRecord | undefined, what: string): void {
  const holder = vote && collectionOfVote(ctx, vote)
  if (!holder || stateOf(holder) === DRAFT) return
  conflict(
    `vote collection #${holder.id} is ${stateOf(holder)}: ${what} only while it is DRAFT ("once published, the question set is locked").`,
  )
}

export const QUESTION_REMOVE_CHECKS: Record<string, (ctx: RouteContext, record: StoredRecord) => void> = {
  votes: (ctx, vote) => {
    prepare(ctx)
    assertDraftHolder(ctx, vote, `deleting question #${vote.id}`)
  },
  vote_options: (ctx, option) => {
    prepare(ctx)
    const vote = tableOf(ctx, 'votes').get(Number(option.vote))
    assertDraftHolder(ctx, vote, `deleting choice #${option.id}`)
  },
}

export const QUESTION_REMOVES: Record<string, (ctx: RouteContext, record: StoredRecord) => void> = {
  // Its choices and ballots go with it, and it leaves its collection's list.
  votes: (ctx, vote) => {
    const options = tableOf(ctx, 'vote_options')
    for (const option of optionsOf(ctx, vote)) options.delete(option)
    const boxes = tableOf(ctx, 'vote_boxes')
    for (const box of boxes.all()) if (box.vote === vote.id) boxes.delete(box)
    relist(ctx, vote.voteCollection, vote.id, false)
  },
  vote_options: (ctx, option) => {
    const votes = tableOf(ctx, 'votes')
    const vote = votes.get(Number(option.vote))
    if (vote)
      votes.updateNow(
        vote,
        (d) => void (d.voteOptions = idList(d.voteOptions).filter((id) => id !== option.id)),
      )
  },
}
