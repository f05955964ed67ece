import type { Principal } from '../auth/principal.ts'
import type { OperationCall, OperationOverlay } from '../handlers/overlay-types.ts'
import type { RouteContext } from '../handlers/route.ts'
import { JSON_TYPES, readJsonObject } from '../http/body.ts'
import { badRequest, HttpError, notFound, unprocessable } from '../http/errors.ts'
import { negotiate } from '../http/hydra.ts'
import { json, jsonLd } from '../http/respond.ts'
import { CONSTRAINT } from '../http/validate.ts'
import type { StoredRecord } from '../schema/types.ts'
import { eligibleIds, voterRow } from './votes-eligibility.ts'
import { prepare } from './votes-seed.ts'
import {
  ballotsOf,
  collectionOfVote,
  OPEN,
  optionsOf,
  putBallot,
  questionsOf,
  stateOf,
} from './votes-state.ts'
import { tallyQuestions } from './votes-transitions.ts'
import { idOfIri, tableOf, type Place } from './tables.ts'

// Casting a ballot (run-a-board-election step 4: "Members can now cast ballots via [...] POST
// /api/v1/votes/{id}/cast (per question)"; the spec's form is POST /api/v1/vote_boxes {vote, value}, ~6,916,073:
// "Validates voter eligibility [...] and checks vote collection status (must be open)"). A ballot is a vote_boxes
// record of the question, the voter and the chosen options; the gotcha "Can a member change their vote after
// casting? Yes, while the collection is OPEN [...] the latest choice wins" replaces the voter's last one.

const refuse = (propertyPath: string, message: string): never =>
  unprocessable([{ propertyPath, message, code: CONSTRAINT.choice.code }])

/** The option an element of a cast names: an IRI, an id, `{id}`/`{"@id"}`, or a choice's label (the docs' `label`). */
function optionOf(item: unknown, options: readonly StoredRecord[]): StoredRecord | undefined {
  if (typeof item === 'object' && item !== null) {
    const o = item as Record<string, unknown>
    return optionOf(o.id ?? o['@id'] ?? o.label ?? o.title, options)
  }
  const id =
    typeof item === 'number'
      ? item
      : typeof item === 'string'
        ? (idOfIri(item, 'vote_options') ?? (/^\d+$/.test(item) ? Number(item) : undefined))
        : undefined
  if (id !== undefined) return options.find((o) => o.id === id)
  return typeof item === 'string' ? options.find((o) => o.title === item) : undefined
}

/**
 * The chosen options of a cast, in the order given: each one of the question's, none twice, as many as the
 * question takes (single: one; multiple: `minChoices` (1) to `maxChoices` (every choice)). 422 otherwise.
 */
function chosen(place: Place, vote: StoredRecord, given: unknown, field: string): number[] {
  const options = optionsOf(place, vote)
  const items = Array.isArray(given) ? given : given === undefined || given === null ? [] : [given]
  const ids = items.map((item) => {
    const option = optionOf(item, options)
    if (!option)
      return refuse(
        field,
        `${JSON.stringify(item)} is not a choice of question #${vote.id}: ${options.map((o) => `/api/v1/vote_options/${o.id} (${String(o.title)})`).join(', ')}.`,
      )
    return option.id
  })
  if (new Set(ids).size !== ids.length) refuse(field, 'A choice is chosen once.')
  const single = vote.type !== 'multiple'
  const min = single ? 1 : typeof vote.minChoices === 'number' ? vote.minChoices : 1
  const max = single ? 1 : typeof vote.maxChoices === 'number' ? vote.maxChoices : options.length
  if (ids.length < min || ids.length > max)
    refuse(
      field,
      min === max
        ? `Question #${vote.id} takes ${min} choice${min === 1 ? '' : 's'}; ${ids.length} given.`
        : `Question #${vote.id} takes ${min} to ${max} choices; ${ids.length} given.`,
    )
  return ids
}

/**
 * A ballot of the caller on a question: the collection OPEN (400 otherwise: the spec lists 400 for vote_boxes),
 * the caller eligible (403), the choices valid (422). The voters list says whether the caller has answered every
 * question; the results follow every ballot where the collection shows preliminary results.
 */
export function cast(
  ctx: RouteContext,
  principal: Principal | undefined,
  vote: StoredRecord,
  given: unknown,
  field: string,
): StoredRecord {
  const user = principal?.user
  if (!user) throw new HttpError(403, 'A ballot is cast by a member signed in as a user.')
  const collection = collectionOfVote(ctx, vote)
  if (!collection)
    badRequest(`question #${vote.id} belongs to no vote collection: there is nothing to vote in.`)
  const state = stateOf(collection)
  if (state !== OPEN)
    badRequest(
      `vote collection #${collection.id} is ${state}: ballots are cast only while it is OPEN${state === 'CLOSED' || state === 'ARCHIVED' ? ' ("Once CLOSED, votes are locked")' : ''}.`,
    )
  if (!eligibleIds(ctx, collection).has(user.id))
    throw new HttpError(
      403,
      collection.isGeneral === false
        ? `${user.email} is not on the voters list of vote collection #${collection.id}.`
        : `${user.email} is not eligible in vote collection #${collection.id}: its voters are the active members of its unit and sub-units whose fee is paid (isFeeActive).`,
    )
  const ballot = putBallot(ctx, vote, user.id, chosen(ctx, vote, given, field))
  const done = questionsOf(ctx, collection).every((q) => ballotsOf(ctx, q.id).some((b) => b.user === user.id))
  voterRow(ctx, collection.id, user.id, done)
  if (collection.hasPreliminaryResults === true) tallyQuestions(ctx, collection)
  const secret = collection.hideVotersList === true
  ctx.core.change(
    'ballot.cast',
    ctx.tenant.tenant.slug,
    `Ballot on question #${vote.id} of "${String(collection.name)}"${secret ? ' (secret)' : ` by ${user.email}`}`,
    { voteCollection: collection.id, vote: vote.id, ballot: ballot.id, ...(secret ? {} : { user: user.id }) },
  )
  return ballot
}

/** The first field of a docs cast body that names the choices (the docs show none: these are the likely ones). */
const CHOICE_FIELDS = ['choices', 'value', 'values', 'voteOptions', 'choice', 'option'] as const

/**
 * `POST /api/v1/votes/{id}/cast` (the docs' form: mocks/workflows/doc-forms.ts), `{"choices": [...]}` (or
 * `value`, the spec's VoteBox field), answered with the ballot as the spec shows one: `{seal}` (VoteBox-vote_box_read,
 * what api_vote_boxes_post's description says a cast returns).
 */
const castByDocs: OperationOverlay = async (call) => {
  const { ctx } = call
  prepare(ctx)
  call.admit('create')
  const vote = tableOf(ctx, 'votes').get(Number(ctx.params.id)) ?? notFound()
  const body = await readJsonObject(ctx.req, JSON_TYPES)
  const field = CHOICE_FIELDS.find((name) => name in body) ?? 'choices'
  return call.answer(cast(ctx, call.principal, vote, body[field], field), '200')
}

/** `POST /api/v1/vote_boxes` `{"vote": "/api/v1/votes/45", "value": "/api/v1/vote_options/1"}` (or a list of them). */
const castBySpec: OperationOverlay = async (call) => {
  const { ctx } = call
  prepare(ctx)
  call.admit('create')
  const body = (await call.body()) ?? {}
  const voteId = typeof body.vote === 'number' ? body.vote : idOfIri(body.vote, 'votes')
  const vote = voteId === undefined ? undefined : tableOf(ctx, 'votes').get(voteId)
  if (!vote) return refuse('vote', 'vote is the IRI of the question voted on (/api/v1/votes/{id}).')
  return call.answer(cast(ctx, call.principal, vote, body.value, 'value'))
}

/**
 * `GET /api/v1/has_live_votes`: "returns true for any user with at least one open VoteCollection they haven't yet
 * voted in" (the docs), "a boolean" (the spec's description, though its answer schema is a VoteCollection): a
 * JSON `true` or `false`, for an open collection with a question the caller may still answer.
 */
const hasLiveVotes: OperationOverlay = (call: OperationCall) => {
  const { ctx } = call
  prepare(ctx)
  call.admit('read')
  const format = negotiate(ctx.req)
  const user = call.principal?.user
  const live =
    !!user &&
    tableOf(ctx, 'vote_collections')
      .all()
      .some((collection) => {
        if (stateOf(collection) !== OPEN || !eligibleIds(ctx, collection).has(user.id)) return false
        return questionsOf(ctx, collection).some((q) => !ballotsOf(ctx, q.id).some((b) => b.user === user.id))
      })
  return format === 'jsonld' ? jsonLd(live) : json(live)
}

export const BALLOT_OPERATIONS: Record<string, OperationOverlay> = {
  vote_cast: castByDocs,
  api_vote_boxes_post: castBySpec,
  has_live_votes: hasLiveVotes,
}
