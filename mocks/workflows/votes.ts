import type { Principal } from '../auth/principal.ts'
import type { Workflow, WriteOverlay } from '../handlers/overlay-types.ts'
import type { RouteContext } from '../handlers/route.ts'
import { badRequest, conflict, unprocessable } from '../http/errors.ts'
import { CONSTRAINT } from '../http/validate.ts'
import type { StoredRecord } from '../schema/types.ts'
import { BALLOT_OPERATIONS } from './votes-ballots.ts'
import { COLLECTION_OPERATIONS, COLLECTION_WRITES } from './votes-collections.ts'
import { assertManages, voterRows } from './votes-eligibility.ts'
import { COLLECTION_REMOVES, EXPORT_OPERATIONS } from './votes-export.ts'
import {
  QUESTION_OPERATIONS,
  QUESTION_REMOVE_CHECKS,
  QUESTION_REMOVES,
  QUESTION_WRITES,
} from './votes-questions.ts'
import { prepare } from './votes-seed.ts'
import { DRAFT, stateOf } from './votes-state.ts'
import { READ_OPERATIONS } from './votes-view.ts'
import { tableOf } from './tables.ts'

// Orgo's election flow (issue 26 item 3), as the docs page run-a-board-election walks it, in the spec's shapes:
// vote collections (votes-collections.ts: DRAFT -> PUBLISHED -> OPEN -> CLOSED -> ARCHIVED, votes-transitions.ts),
// their questions and choices (votes-questions.ts), who may vote (votes-eligibility.ts), ballots and
// `has_live_votes` (votes-ballots.ts), the export and the clone (votes-export.ts), the seeded elections'
// questions (votes-seed.ts). The docs' `POST /votes/{id}/cast` and `POST .../clone`: mocks/workflows/doc-forms.ts.

/** The collection a voters-list row is of, DRAFT (400 otherwise) and managed by the caller. */
function draftOf(
  ctx: RouteContext,
  principal: Principal | undefined,
  id: unknown,
  what: string,
): StoredRecord {
  const collection = typeof id === 'number' ? tableOf(ctx, 'vote_collections').get(id) : undefined
  if (!collection)
    return unprocessable([
      {
        propertyPath: 'voteCollection',
        message: 'voteCollection is the IRI of a vote collection (/api/v1/vote_collections/{id}).',
        code: CONSTRAINT.notBlank.code,
      },
    ])
  const state = stateOf(collection)
  if (state !== DRAFT)
    badRequest(
      `vote collection #${collection.id} is ${state}: ${what} only while it is DRAFT ("edit eligibility while in DRAFT").`,
    )
  assertManages(ctx, principal, collection, what)
  return collection
}

/**
 * `POST /api/v1/vote_users` ("Adds a user as an eligible voter in a private vote collection. Prevents duplicate
 * entries. The vote collection must be in editable state. Only the vote collection owner can add voters"): a
 * general collection's voters are its unit's members, so a list is for a private one (`isGeneral: false`).
 */
const voterWrite: WriteOverlay = {
  values(values, { ctx, principal, current }) {
    prepare(ctx)
    if (current) return values
    const collection = draftOf(ctx, principal, values.voteCollection, 'listing a voter')
    if (collection.isGeneral !== false)
      badRequest(
        `vote collection #${collection.id} is general: its voters are the active, fee-paying members of its unit; a voters list is for a private one (isGeneral: false).`,
      )
    if (typeof values.user !== 'number')
      unprocessable([
        {
          propertyPath: 'user',
          message: 'user is the IRI of the voter (/api/v1/users/{id}).',
          code: CONSTRAINT.notBlank.code,
        },
      ])
    if (voterRows(ctx, collection.id).some((row) => row.user === values.user))
      unprocessable([
        {
          propertyPath: 'user',
          message: `user #${String(values.user)} is on this collection's voters list already.`,
          code: CONSTRAINT.choice.code,
        },
      ])
    return { ...values, hasVoted: false, alias: null, external: null }
  },
}

/** `DELETE /api/v1/vote_users/{id}`: "Cannot remove users who have already cast their vote. [...] editable state." */
function removeVoter(ctx: RouteContext, row: StoredRecord, principal: Principal | undefined): void {
  prepare(ctx)
  const collection = tableOf(ctx, 'vote_collections').get(Number(row.voteCollection))
  if (!collection) return
  const state = stateOf(collection)
  if (state !== DRAFT)
    conflict(
      `vote collection #${collection.id} is ${state}: its voters list is edited only while it is DRAFT.`,
    )
  if (row.hasVoted === true) conflict(`vote_user #${row.id} has voted: a voter who has voted stays listed.`)
  assertManages(ctx, principal, collection, 'removing a voter')
}

export const VOTES_WORKFLOW: Workflow = {
  writes: { ...COLLECTION_WRITES, ...QUESTION_WRITES, api_vote_users_post: voterWrite },
  operations: {
    ...COLLECTION_OPERATIONS,
    ...QUESTION_OPERATIONS,
    ...BALLOT_OPERATIONS,
    ...EXPORT_OPERATIONS,
    ...READ_OPERATIONS,
  },
  removeChecks: { ...QUESTION_REMOVE_CHECKS, vote_users: removeVoter },
  removes: { ...QUESTION_REMOVES, ...COLLECTION_REMOVES },
}
