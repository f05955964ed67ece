import type { Principal } from '../auth/principal.ts'
import type { OperationCall, OperationOverlay } from '../handlers/overlay-types.ts'
import { notFound } from '../http/errors.ts'
import type { StoredRecord } from '../schema/types.ts'
import { eligibleIds, manages, voterIds } from './votes-eligibility.ts'
import { prepare } from './votes-seed.ts'
import {
  ARCHIVED,
  ballotsOf,
  CLOSED,
  collectionOfVote,
  DRAFT,
  OPEN,
  percent,
  PUBLISHED,
  questionsOf,
  stateFields,
  stateOf,
  timeOf,
} from './votes-state.ts'
import { tableOf, type Place } from './tables.ts'

// A vote collection as its answers show it to a caller (VoteCollection-vote_collection_read ~10,833,450): the
// stored record with what is counted when read (`totalVoted`, `totalEligible`, `participationPercentage`: the
// docs' `voteCount`, `eligibleVoterCount`, `turnout`; kept as counted at the close once CLOSED), what its state
// says (`isOpen`, `isFuture`, `hasAvailableResults`), and the caller's own `hasVoted` and `isVoteEligible`.

/** The spec types `isOpen`, `isFuture` and `hasAvailableResults` as strings: PHP's cast of a boolean, "1" or "". */
const flag = (value: boolean) => (value ? '1' : '')

/** Whether a caller sees a collection: a DRAFT only by whom manages it (its questions are not final). */
export const visibleTo = (place: Place, principal: Principal | undefined, record: StoredRecord) =>
  stateOf(record) !== DRAFT || manages(place, principal?.user, record)

/** Whether a user has a ballot on every question of a collection (a collection without questions: no). */
export function answeredAll(place: Place, record: StoredRecord, user: number): boolean {
  const questions = questionsOf(place, record)
  return questions.length > 0 && questions.every((q) => ballotsOf(place, q.id).some((b) => b.user === user))
}

export function viewOf(place: Place, record: StoredRecord, principal: Principal | undefined): StoredRecord {
  const state = stateOf(record)
  const user = principal?.user
  const eligible = eligibleIds(place, record)
  const voters = voterIds(place, record.id)
  const frozen = state === CLOSED || state === ARCHIVED
  const counted = String(new Set([...eligible, ...voters]).size)
  const totalVoted = frozen && typeof record.totalVoted === 'string' ? record.totalVoted : String(voters.size)
  const totalEligible = frozen && typeof record.totalEligible === 'string' ? record.totalEligible : counted
  const start = timeOf(record, 'dateStart')
  return {
    ...record,
    ...stateFields(state),
    totalVoted,
    totalEligible,
    participationPercentage: percent(Number(totalVoted), Number(totalEligible)),
    isOpen: flag(state === OPEN),
    isFuture: flag(state === PUBLISHED && (start === undefined || start > place.core.clock.now())),
    hasAvailableResults: flag(frozen || (state === OPEN && record.hasPreliminaryResults === true)),
    hasVoted: !!user && answeredAll(place, record, user.id),
    isVoteEligible: !!user && eligible.has(user.id),
  }
}

/** A question's record, shown as its collection is: a DRAFT's to whom manages it only (404 otherwise). */
function shownQuestion(call: OperationCall, vote: StoredRecord): StoredRecord {
  const holder = collectionOfVote(call.ctx, vote)
  if (holder && !visibleTo(call.ctx, call.principal, holder)) notFound()
  return vote
}

/**
 * The reads of a collection's parts, each after `prepare` (the seeded elections' questions made, the clock's
 * transitions settled) like every vote operation: `GET /api/v1/votes/{id}` (its results as tallied),
 * `GET /api/v1/vote_options/{id}`, and the voters lists (`GET /api/v1/vote_users`, the spec's filters).
 */
export const READ_OPERATIONS: Record<string, OperationOverlay> = {
  api_votes_id_get: (call) => {
    prepare(call.ctx)
    const vote = shownQuestion(call, call.record())
    call.admit('read', vote)
    return call.answer(vote)
  },
  api_vote_options_id_get: (call) => {
    prepare(call.ctx)
    const option = call.record()
    const vote = tableOf(call.ctx, 'votes').get(Number(option.vote))
    if (vote) shownQuestion(call, vote)
    call.admit('read', option)
    return call.answer(option)
  },
  api_vote_users_get_collection: (call) => {
    prepare(call.ctx)
    call.admit('list')
    return call.answer(call.page())
  },
}
