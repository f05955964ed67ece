import { appUrlFor } from '../app-url.ts'
import { tenantOrigin } from '../handlers/event-attends.ts'
import type { RouteContext } from '../handlers/route.ts'
import { badRequest } from '../http/errors.ts'
import { sendMail } from '../outbox.ts'
import type { StoredRecord } from '../schema/types.ts'
import { eligibleCount, eligibleIds, voterIds, voterRow } from './votes-eligibility.ts'
import {
  ARCHIVED,
  assertMove,
  ballotsOf,
  CLOSED,
  idList,
  OPEN,
  optionsOf,
  percent,
  PUBLISHED,
  questionsOf,
  stateOf,
  timeOf,
  writeState,
  type VoteState,
} from './votes-state.ts'
import { tableOf, type Place } from './tables.ts'

// What each step of an election does (run-a-board-election steps 3 to 7; the spec's publish ~7,006,676, close
// ~6,995,153, archive ~6,974,344): publishing notifies the eligible members, the calendar opens and closes a
// published collection at its dates (settled before every vote operation answers), closing tallies.

/**
 * The results of every question from its ballots: each choice's `total` (VoteOption-vote_read) and the question's
 * `results`, each choice's share of the question's ballots as a percentage string, in the choices' order (the
 * spec's `results: arr<str?>?`; the docs' `percentage` is the same share as a fraction).
 */
export function tallyQuestions(place: Place, collection: StoredRecord): void {
  const options = tableOf(place, 'vote_options')
  const votes = tableOf(place, 'votes')
  for (const vote of questionsOf(place, collection)) {
    const boxes = ballotsOf(place, vote.id)
    const choices = optionsOf(place, vote)
    const counts = choices.map((o) => boxes.filter((b) => idList(b.values).includes(o.id)).length)
    choices.forEach((option, i) => {
      if (option.total !== counts[i]) options.updateNow(option, (d) => void (d.total = counts[i]))
    })
    votes.updateNow(vote, (d) => void (d.results = counts.map((c) => percent(c, boxes.length))))
  }
}

/**
 * OPEN -> CLOSED: "Tallying runs automatically. Results are visible immediately on the collection." The counts are
 * kept as they were at the close (`totalVoted`, `totalEligible`, `participationPercentage`: the docs' `voteCount`,
 * `eligibleVoterCount`, `turnout`), whatever memberships do afterwards.
 */
export function closeAndTally(place: Place, record: StoredRecord, how: string): StoredRecord {
  const voted = voterIds(place, record.id).size
  const eligible = eligibleCount(place, record)
  tallyQuestions(place, record)
  return writeState(
    place,
    record,
    CLOSED,
    `Vote "${String(record.name)}" closed (${how}): ${voted} of ${eligible} voted (${percent(voted, eligible)}%)`,
    {
      totalVoted: String(voted),
      totalEligible: String(eligible),
      participationPercentage: percent(voted, eligible),
    },
  )
}

/** A refusal to publish or open a collection whose closing date has passed: it would close at once. */
function assertNotOver(place: Place, record: StoredRecord, action: string): void {
  const end = timeOf(record, 'dateEnd')
  if (end !== undefined && end <= place.core.clock.now())
    badRequest(
      `vote collection #${record.id} closed on ${String(record.dateEnd)}: postpone its dateEnd (PATCH) before ${action}.`,
    )
}

/**
 * DRAFT -> PUBLISHED (step 3): "This sends a notification to every eligible voter [...] with a link to the vote
 * landing page"; a general collection's voters list (vote_users) is made from its eligible members. "Notifications
 * respect the member's notification preferences": a user with `isSubscribedVote: false` gets no mail.
 */
function publish(ctx: RouteContext, record: StoredRecord): StoredRecord {
  assertNotOver(ctx, record, 'publishing')
  const eligible = eligibleIds(ctx, record)
  if (record.isGeneral !== false) for (const id of eligible) voterRow(ctx, record.id, id)
  const published = writeState(ctx, record, PUBLISHED, `Vote "${String(record.name)}" published`)
  const slug = ctx.tenant.tenant.slug
  const base = appUrlFor(ctx.core.options.appUrl, slug) ?? tenantOrigin(ctx)
  const link = `${base}/vote-collections/${record.id}`
  const name = String(record.name ?? `vote collection #${record.id}`)
  const when = (field: string, otherwise: string) =>
    typeof record[field] === 'string' ? String(record[field]) : otherwise
  for (const id of eligible) {
    const user = ctx.tenant.users.get(id)
    if (!user?.email || (user as { isSubscribedVote?: unknown }).isSubscribedVote === false) continue
    sendMail(
      ctx.core,
      {
        kind: 'vote-published',
        tenant: slug,
        to: user.email,
        subject: `You are invited to vote: ${name}`,
        text:
          `Hello ${user.firstName},\n\n${ctx.tenant.tenant.name} has published "${name}".` +
          (typeof record.description === 'string' ? `\n\n${record.description}` : '') +
          `\n\nVoting opens ${when('dateStart', 'when the organisers open it')} and closes ` +
          `${when('dateEnd', 'when the organisers close it')}.\n\nVote here: ${link}\n`,
        code: null,
        link,
        expiresAt: null,
      },
      `Vote "${name}" published: ${user.email} invited to vote (${link})`,
    )
  }
  return published
}

/**
 * One step of the flow, asked for by a spec operation (publish, close, archive) or the docs' `PATCH {"status"}`:
 * 400 for any other than the next one.
 */
export function moveTo(ctx: RouteContext, record: StoredRecord, to: VoteState, action: string): StoredRecord {
  assertMove(record, to, action)
  const name = `Vote "${String(record.name)}"`
  switch (to) {
    case PUBLISHED:
      return publish(ctx, record)
    case OPEN:
      assertNotOver(ctx, record, 'opening it')
      return writeState(ctx, record, OPEN, `${name} opened by hand`)
    case CLOSED:
      return closeAndTally(ctx, record, 'by hand')
    case ARCHIVED:
      return writeState(ctx, record, ARCHIVED, `${name} archived`)
  }
  return record
}

/**
 * The calendar's transitions, due at the sandbox clock's time (step 4: "or the calendar reaches dateOpen
 * automatically"; step 5: "When dateClose passes"): a published collection opens at its `dateStart`, an open one
 * closes and is tallied at its `dateEnd`. Run before each vote operation answers, so every answer is in the
 * state the clock says, however far `POST /__sandbox/clock` moved it.
 */
export function settle(place: Place): void {
  const now = place.core.clock.now()
  for (const record of tableOf(place, 'vote_collections').all()) {
    let current = record
    const start = timeOf(current, 'dateStart')
    if (stateOf(current) === PUBLISHED && start !== undefined && start <= now)
      current = writeState(
        place,
        current,
        OPEN,
        `Vote "${String(current.name)}" opened: the clock reached its dateStart`,
      )
    const end = timeOf(current, 'dateEnd')
    if (stateOf(current) === OPEN && end !== undefined && end <= now)
      closeAndTally(place, current, 'the clock reached its dateEnd')
  }
}
