import { bytesToBase64 } from '../bytes.ts'
import { badRequest, unprocessable } from '../http/errors.ts'
import { CONSTRAINT } from '../http/validate.ts'
import type { StoredRecord } from '../schema/types.ts'
import { nowIso, tableOf, type Place } from './tables.ts'

// The states of an election (run-a-board-election; spec VoteCollection-vote_collection_read ~10,833,450, whose
// `status` is a free read-only string): DRAFT -> PUBLISHED -> OPEN -> CLOSED -> ARCHIVED, one step at a time. The
// state is stored in `status` with the flags the spec derives from it (`isDraft`, `isEditable`, `isLocked`,
// `isArchived`), so the spec's filters (`exists[isArchived]`) and a `--db` file see the same state.

export const DRAFT = 'DRAFT'
export const PUBLISHED = 'PUBLISHED'
export const OPEN = 'OPEN'
export const CLOSED = 'CLOSED'
export const ARCHIVED = 'ARCHIVED'

export const STATES = [DRAFT, PUBLISHED, OPEN, CLOSED, ARCHIVED] as const
export type VoteState = (typeof STATES)[number]

/** The one state each state may move to. */
const NEXT: Readonly<Record<VoteState, VoteState | undefined>> = {
  DRAFT: PUBLISHED,
  PUBLISHED: OPEN,
  OPEN: CLOSED,
  CLOSED: ARCHIVED,
  ARCHIVED: undefined,
}

const isState = (value: string): value is VoteState => (STATES as readonly string[]).includes(value)

/** A collection's state; a record of a `--db` file in no state of the flow reads as DRAFT (or ARCHIVED). */
export function stateOf(record: StoredRecord): VoteState {
  const status = String(record.status ?? '').toUpperCase()
  if (isState(status)) return status
  return record.isArchived === true ? ARCHIVED : DRAFT
}

/** A state asked for by name (the docs' `PATCH {"status": "PUBLISHED"}`), or a 422 naming the states. */
export function stateNamed(value: unknown): VoteState {
  const name = typeof value === 'string' ? value.toUpperCase() : ''
  if (isState(name)) return name
  return unprocessable([
    {
      propertyPath: 'status',
      message: `The status is one of ${STATES.join(', ')} (run-a-board-election).`,
      code: CONSTRAINT.choice.code,
    },
  ])
}

/** The stored fields a state sets: questions and eligibility are editable in DRAFT only ("the question set is locked"). */
export const stateFields = (state: VoteState) => ({
  status: state,
  isDraft: state === DRAFT,
  isEditable: state === DRAFT,
  isLocked: state !== DRAFT,
  isArchived: state === ARCHIVED,
})

/**
 * An illegal transition: 400, the refusal the spec lists for publish, close, archive and the PATCH (errors 400,
 * 403, 404, 422; no 409), with the state named and the way forward.
 */
export function assertMove(record: StoredRecord, to: VoteState, action: string): void {
  const from = stateOf(record)
  if (NEXT[from] === to) return
  const needs = STATES.find((s) => NEXT[s] === to)
  const wanted = needs ? `${/^[AEIOU]/.test(needs) ? 'an' : 'a'} ${needs}` : 'no'
  badRequest(
    `vote collection #${record.id} is ${from}: ${action} needs ${wanted} collection (${STATES.join(' -> ')}, one step at a time).`,
  )
}

/** A collection's questions, in their order (the collection's `votes`). */
export function questionsOf(place: Place, collection: StoredRecord): StoredRecord[] {
  const table = tableOf(place, 'votes')
  return idList(collection.votes)
    .map((id) => table.get(id))
    .filter((vote): vote is StoredRecord => vote !== undefined)
}

/** A question's choices, in their order (the vote's `voteOptions`). */
export function optionsOf(place: Place, vote: StoredRecord): StoredRecord[] {
  const table = tableOf(place, 'vote_options')
  return idList(vote.voteOptions)
    .map((id) => table.get(id))
    .filter((option): option is StoredRecord => option !== undefined)
}

/** The ids of a stored to-many relation (an array of ids; a seeded or loaded one may hold anything). */
export const idList = (value: unknown): number[] =>
  Array.isArray(value) ? value.filter((id): id is number => typeof id === 'number') : []

/** The collection a question belongs to (its `voteCollection`), if any. */
export function collectionOfVote(place: Place, vote: StoredRecord): StoredRecord | undefined {
  return typeof vote.voteCollection === 'number'
    ? tableOf(place, 'vote_collections').get(vote.voteCollection)
    : undefined
}

/** The ballots of a question (vote_boxes: `{vote, voteCollection, user, values, seal}`), oldest first. */
export function ballotsOf(place: Place, voteId: number): StoredRecord[] {
  return tableOf(place, 'vote_boxes')
    .all()
    .filter((box) => box.vote === voteId)
}

/** The ballots of every question of a collection. */
export function collectionBallots(place: Place, collectionId: number): StoredRecord[] {
  return tableOf(place, 'vote_boxes')
    .all()
    .filter((box) => box.voteCollection === collectionId)
}

/** `part` of `whole` as the spec's percentage strings (`"45.51"`, two decimals at most; `"0"` of nothing). */
export const percent = (part: number, whole: number) =>
  whole === 0 ? '0' : String(Math.round((part / whole) * 10_000) / 100)

/** A collection written with a state's fields and `dateModified`; the feed told (`vote.<state>`). */
export function writeState(
  place: Place,
  record: StoredRecord,
  state: VoteState,
  summary: string,
  extra: Record<string, unknown> = {},
): StoredRecord {
  const updated = tableOf(place, 'vote_collections').updateNow(record, (draft) => {
    Object.assign(draft, stateFields(state), extra)
    draft.dateModified = nowIso(place)
  })
  place.core.change(`vote.${state.toLowerCase()}`, place.tenant.tenant.slug, summary, {
    voteCollection: record.id,
    status: state,
  })
  return updated
}

/** The time a collection's date field names, or undefined when it has none. */
export function timeOf(record: StoredRecord, field: 'dateStart' | 'dateEnd'): number | undefined {
  const value = record[field]
  const time = typeof value === 'string' ? Date.parse(value) : NaN
  return Number.isNaN(time) ? undefined : time
}

/** A ballot's `seal` (VoteBox-vote_box_read): 32 random bytes in base64, the integrity token the spec describes. */
function newSeal(place: Place): string {
  const bytes = (place.core.random.hex(64).match(/../g) ?? []).map((h) => parseInt(h, 16))
  return bytesToBase64(Uint8Array.from(bytes))
}

/**
 * A user's ballot on a question (`values`: the chosen VoteOption ids, in the order given). "Re-cast via POST
 * /api/v1/votes/{id}/cast; the latest choice wins": a user's earlier ballot on the question is replaced, newly
 * sealed, keeping its id.
 */
export function putBallot(place: Place, vote: StoredRecord, user: number, values: number[]): StoredRecord {
  const table = tableOf(place, 'vote_boxes')
  const now = nowIso(place)
  const last = ballotsOf(place, vote.id).find((box) => box.user === user)
  if (last)
    return table.updateNow(last, (draft) => {
      draft.values = values
      draft.seal = newSeal(place)
      draft.dateModified = now
    })
  return table.insertNow({
    id: place.core.db.ids.next('vote_boxes'),
    tenant: place.tenant.tenant.slug,
    vote: vote.id,
    voteCollection: vote.voteCollection ?? null,
    user,
    values,
    seal: newSeal(place),
    dateCreated: now,
    dateModified: now,
  })
}
