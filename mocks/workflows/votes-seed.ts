import type { StoredRecord } from '../schema/types.ts'
import { eligibleCount, eligibleIds, voterIds, voterRow } from './votes-eligibility.ts'
import { ARCHIVED, CLOSED, OPEN, percent, putBallot, stateOf } from './votes-state.ts'
import { settle, tallyQuestions } from './votes-transitions.ts'
import { tableOf, type Place } from './tables.ts'

// The seeded elections' questions and ballots. The engine seeds the vote collections (in the states of
// mocks/schema/curated.ts `voteCollection`) but not their questions, choices or ballots: `votes`, `vote_options`
// and `vote_boxes` have no collection GET, so the engine seeds no records of them. Each seeded collection is
// marked `seedQuestions`; the first vote operation of a tenant gives it two questions, and ballots of some
// eligible members where it has been open (a closed one tallied), as if it had always had them.

/** The hidden mark the curated seed puts on a seeded collection still without its questions. */
export const SEED_MARK = 'seedQuestions'

interface SeedQuestion {
  title: string
  type: 'single' | 'multiple'
  options: readonly string[]
  maxChoices?: number
}

const QUESTIONS: readonly SeedQuestion[] = [
  { title: 'Approve the annual accounts for 2025?', type: 'single', options: ['Yes', 'No', 'Abstain'] },
  {
    title: 'Elect two members to the board for 2026-2027.',
    type: 'multiple',
    options: ['Amara Okafor', 'Lucas Martin', 'Priya Natarajan', 'Tomás Silva'],
    maxChoices: 2,
  },
  { title: 'Adopt the amended by-laws (Article 4)?', type: 'single', options: ['Yes', 'No'] },
]

/**
 * What every vote operation does first: the seeded collections given their questions (once per tenant), then the
 * calendar's transitions due at the sandbox clock's time (votes-transitions.ts `settle`).
 */
export function prepare(place: Place): void {
  const table = tableOf(place, 'vote_collections')
  const marked = table.all().filter((record) => record[SEED_MARK] === true)
  marked.forEach((record, i) => seedCollection(place, record, i))
  settle(place)
}

function seedCollection(place: Place, record: StoredRecord, i: number): void {
  const slug = place.tenant.tenant.slug
  const votes = tableOf(place, 'votes')
  const options = tableOf(place, 'vote_options')
  const questions = [QUESTIONS[i % QUESTIONS.length]!, QUESTIONS[(i + 1) % QUESTIONS.length]!]
  const made = questions.map((q) => {
    const id = place.core.db.ids.next('votes')
    const optionIds = q.options.map(
      (title) =>
        options.insertNow({
          id: place.core.db.ids.next('vote_options'),
          tenant: slug,
          vote: id,
          title,
          total: 0,
        }).id,
    )
    return votes.insertNow({
      id,
      tenant: slug,
      title: q.title,
      type: q.type,
      voteCollection: record.id,
      voteOptions: optionIds,
      results: null,
      ...(q.maxChoices ? { maxChoices: q.maxChoices } : {}),
    })
  })
  const written = tableOf(place, 'vote_collections').updateNow(record, (draft) => {
    draft.votes = made.map((v) => v.id)
    delete draft[SEED_MARK]
  })
  const state = stateOf(written)
  if (state !== OPEN && state !== CLOSED && state !== ARCHIVED) return
  // Ballots: while open, of every other eligible member but the seeded admin and member (their votes are still to
  // cast: `has_live_votes` is true for them); once closed, of every other one.
  const eligible = [...eligibleIds(place, written)].sort((a, b) => a - b)
  const voters = eligible.filter((id, n) => n % 2 === 0 && (state !== OPEN || !isSeededAccount(place, id)))
  voters.forEach((user, n) => {
    made.forEach((vote, q) => {
      const ids = vote.voteOptions as number[]
      const first = ids[(n + q) % ids.length]!
      const second = ids[(n + q + 1) % ids.length]!
      putBallot(place, vote, user, vote.type === 'multiple' ? [first, second] : [first])
    })
    voterRow(place, written.id, user, true)
  })
  if (state === OPEN) return
  tallyQuestions(place, written)
  const voted = voterIds(place, written.id).size
  const total = eligibleCount(place, written)
  tableOf(place, 'vote_collections').updateNow(written, (draft) => {
    draft.totalVoted = String(voted)
    draft.totalEligible = String(total)
    draft.participationPercentage = percent(voted, total)
  })
}

/** The seeded admin and member (`admin@<tenant>.test`, `member@<tenant>.test`). */
function isSeededAccount(place: Place, id: number): boolean {
  const email = place.tenant.users.get(id)?.email ?? ''
  return /^(admin|member)@/.test(email)
}
