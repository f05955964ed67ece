import { describe, expect, it } from 'vitest'
import {
  DATE_CLOSE,
  DATE_OPEN,
  DOCS_COLLECTION,
  ELIGIBLE_NATIONAL,
  MEMBER,
  useVotes,
} from './votes-helpers.ts'
import type { Json } from '../helpers.ts'

// Issue 26 item 3, as Orgo's docs page run-a-board-election walks it, over real HTTP: the collection (step 1), its
// questions (step 2), publish and its mails (step 3), open, ballots and has_live_votes (step 4). The close and its
// tally, the CSV, archive, the clone and the calendar: votes-results.test.ts; the locks and refusals:
// votes-locks.test.ts; ballots and eligibility: votes-eligibility.test.ts.

const v = useVotes()
const { ok, collection, question, status, read, cast, openElection, mails, feed } = v

const optionIri = (vote: Json, label: string) =>
  `/api/v1/vote_options/${(vote.voteOptions as Json[]).find((o) => o.title === label)!.id}`

describe('step 1: the vote collection', () => {
  it('the docs’ body makes a DRAFT in the spec’s shape, counting its unit’s eligible members', async () => {
    const made = await collection()
    expect(made).toMatchObject({
      name: DOCS_COLLECTION.name,
      description: DOCS_COLLECTION.description,
      status: 'DRAFT',
      isDraft: true,
      isEditable: true,
      isLocked: false,
      isArchived: false,
      // isSecret, dateOpen, dateClose (the docs) are the spec's hideVotersList, dateStart, dateEnd.
      hideVotersList: true,
      dateStart: DATE_OPEN,
      dateEnd: DATE_CLOSE,
      unit: { id: 1, name: 'National office' },
      owner: { id: 1, fullName: 'Ada Admin' },
      votes: [],
      // The docs' eligibleVoterCount and voteCount: the national office and its sub-units' members, fee paid.
      totalEligible: String(ELIGIBLE_NATIONAL),
      totalVoted: '0',
      isVoteEligible: true,
    })
    for (const docs of ['isSecret', 'dateOpen', 'dateClose']) expect(made).not.toHaveProperty(docs)
    expect(feed('docs.form').at(-1)?.summary).toMatch(
      /took dateOpen as dateStart, dateClose as dateEnd, isSecret as hideVotersList/,
    )
    expect(feed('vote.draft').at(-1)?.data).toMatchObject({ voteCollection: made.id, status: 'DRAFT' })
    // The docs' `unit: /api/v1/units/4`: Boston has two members, one whose fee has lapsed.
    expect((await collection({ unit: '/api/v1/units/4' })).totalEligible).toBe('1')
  })
})

describe('step 2: questions and their choices', () => {
  it('the docs’ question is a Vote whose choices are VoteOptions in the order given; questions keep theirs', async () => {
    const made = await collection()
    const board = await question(made.id)
    expect(board).toMatchObject({ title: 'Elect the Boston chapter board for 2026-2027.', type: 'multiple' })
    expect(board.voteOptions).toEqual(
      ['James Patterson', 'Emma Whitfield', "Sarah O'Connor", 'Michael Chen', 'Olivia Brown'].map(
        (title) => ({
          id: expect.any(Number),
          title,
          total: 0,
        }),
      ),
    )
    expect(feed('docs.form').at(-1)?.summary).toMatch(
      /took question as title, questionType as type, choices as its vote_options, maxChoices/,
    )
    const budget = await question(made.id, { question: 'Approve the budget?', questionType: 'SINGLE_CHOICE' })
    // Without the docs' choices, the spec's two default options.
    const bare = await ok(
      'POST',
      '/api/v1/votes',
      { title: 'Any other business?', voteCollection: `/api/v1/vote_collections/${made.id}` },
      201,
    )
    expect(bare.voteOptions.map((o: Json) => o.title)).toEqual(['Yes', 'No'])
    const again = await read(made.id)
    expect(again.votes.map((q: Json) => q.id)).toEqual([board.id, budget.id, bare.id])
    expect(again.votes[0].voteOptions.map((o: Json) => o.title)).toEqual(
      board.voteOptions.map((o: Json) => o.title),
    )
    // A choice added by the spec's form goes last.
    const extra = await ok(
      'POST',
      '/api/v1/vote_options',
      { vote: `/api/v1/votes/${bare.id}`, title: 'Abstain' },
      201,
    )
    expect((await ok('GET', `/api/v1/votes/${bare.id}`, undefined, 200)).voteOptions.at(-1)).toEqual({
      id: extra.id,
      title: 'Abstain',
      total: 0,
    })
  })
})

describe('step 3: publish', () => {
  it('locks the questions and mails every eligible member a link, a lapsed one none', async () => {
    const made = await collection()
    await question(made.id)
    const published = await status(made.id, 'PUBLISHED')
    expect(published).toMatchObject({
      status: 'PUBLISHED',
      isDraft: false,
      isLocked: true,
      isEditable: false,
      isFuture: '1',
    })
    const sent = await mails('vote-published')
    expect(sent).toHaveLength(ELIGIBLE_NATIONAL)
    const [mine] = await mails('vote-published', MEMBER)
    expect(mine).toMatchObject({ subject: `You are invited to vote: ${DOCS_COLLECTION.name}` })
    expect(mine!.link).toMatch(new RegExp(`/vote-collections/${made.id}$`))
    expect(mine!.text).toContain(mine!.link)
    expect(mine!.text).toContain(DATE_OPEN)
    const lapsed = (await ok('GET', '/api/v1/users/10', undefined, 200)).email
    expect(sent.map((m) => m.to)).not.toContain(lapsed)
    expect(feed('vote.published').at(-1)?.data).toMatchObject({ voteCollection: made.id })
    // The voters list (vote_users) is the published one.
    const voters = await ok(
      'GET',
      `/api/v1/vote_users?voteCollection=/api/v1/vote_collections/${made.id}`,
      undefined,
      200,
    )
    expect(voters).toHaveLength(ELIGIBLE_NATIONAL)
    // The spec's own publish answers the same way; a member who opted out of vote notifications gets no mail.
    const other = await collection({ name: 'By-law vote' })
    await ok('PATCH', '/api/v1/users/2', { isSubscribedVote: false }, 200)
    await ok('PATCH', `/api/v1/vote_collections/${other.id}/publish`, {}, 200)
    expect(await mails('vote-published', MEMBER)).toHaveLength(1)
    expect(await mails('vote-published')).toHaveLength(2 * ELIGIBLE_NATIONAL - 1)
  })
})

describe('step 4: open voting, cast ballots', () => {
  it('members cast per question; a re-cast replaces the last; has_live_votes follows what is left', async () => {
    const member = await v.as(MEMBER)
    // The seeded elections open for the whole organisation are the member's live votes: closed first.
    expect(await ok('GET', '/api/v1/has_live_votes', undefined, 200, member)).toBe(true)
    const seeded = (await ok(
      'GET',
      '/api/v1/vote_collections?status=OPEN',
      undefined,
      200,
    )) as unknown as Json[]
    expect(seeded.length).toBeGreaterThan(0)
    for (const { id } of seeded) await ok('PATCH', `/api/v1/vote_collections/${id}/close`, {}, 200)
    expect(await ok('GET', '/api/v1/has_live_votes', undefined, 200, member)).toBe(false)
    const { id, board, budget } = await openElection()
    const boston = await v.as(6)
    expect(await ok('GET', '/api/v1/has_live_votes', undefined, 200, member)).toBe(true)
    const first = await cast(board.id, [optionIri(board, 'Olivia Brown')], member)
    expect(first.status, first.text).toBe(200)
    expect(feed('docs.form').at(-1)?.summary).toMatch(
      new RegExp(
        `^POST /api/v1/votes/${board.id}/cast: the docs' form .*Orgo's spec has GET /api/v1/vote_boxes/\\{id\\}`,
      ),
    )
    expect(first.json.seal).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    const recast = await cast(board.id, ['James Patterson', 'Emma Whitfield', "Sarah O'Connor"], member)
    expect(recast.status, recast.text).toBe(200)
    expect(recast.json.seal).not.toBe(first.json.seal)
    // Half-way: the budget is still to answer.
    expect(await ok('GET', '/api/v1/has_live_votes', undefined, 200, member)).toBe(true)
    expect((await read(id, member)).hasVoted).toBe(false)
    // In JSON-LD the ballot's IRI comes with its seal.
    const ld = await cast(budget.id, optionIri(budget, 'Yes'), { ...member, Accept: 'application/ld+json' })
    expect(ld.json).toMatchObject({
      '@type': 'VoteBox',
      '@id': expect.stringMatching(/^\/api\/v1\/vote_boxes\/\d+$/),
      seal: expect.any(String),
    })
    expect((await ok('GET', ld.json['@id'], undefined, 200)).seal).toBe(ld.json.seal)
    expect(await ok('GET', '/api/v1/has_live_votes', undefined, 200, member)).toBe(false)
    expect((await read(id, member)).hasVoted).toBe(true)
    expect((await cast(board.id, [optionIri(board, 'James Patterson')], boston)).status).toBe(200)
    expect(await ok('GET', '/api/v1/has_live_votes', undefined, 200, boston)).toBe(true)
    // The admin by the spec's form: POST /vote_boxes {vote, value}, 204.
    const box = (value: unknown, vote: Json) =>
      v.call('POST', '/api/v1/vote_boxes', { vote: `/api/v1/votes/${vote.id}`, value })
    expect(
      (await box([optionIri(board, 'James Patterson'), optionIri(board, 'Michael Chen')], board)).status,
    ).toBe(204)
    expect((await box(optionIri(budget, 'No'), budget)).status).toBe(204)
    // Results wait for the close; the turnout does not.
    const live = await read(id)
    expect(live).toMatchObject({
      status: 'OPEN',
      isOpen: '1',
      totalVoted: '3',
      totalEligible: '8',
      hasAvailableResults: '',
    })
    expect(live.votes[0].results).toBeNull()
    expect(feed('ballot.cast').filter((c) => c.data?.voteCollection === id)).toHaveLength(6)
    // A secret vote: the feed names no voter.
    expect(feed('ballot.cast').every((c) => !('user' in (c.data ?? {})) && !c.summary.includes('@'))).toBe(
      true,
    )
    const voters = await ok(
      'GET',
      `/api/v1/vote_users?voteCollection=/api/v1/vote_collections/${id}&hasVoted=true`,
      undefined,
      200,
    )
    expect(voters.map((r: Json) => r.user.id).sort()).toEqual([1, 2])
  })
})

describe('the seeded elections', () => {
  it('come with their questions, and a closed one with its ballots tallied', async () => {
    const closed = (await ok(
      'GET',
      '/api/v1/vote_collections?status=CLOSED',
      undefined,
      200,
    )) as unknown as Json[]
    const first = closed[0]!
    expect(first).toMatchObject({
      hideVotersList: true,
      unit: { id: 1 },
      totalVoted: '4',
      totalEligible: '8',
    })
    expect(first.participationPercentage).toBe('50')
    const [bylaws, accounts] = first.votes as Json[]
    expect(bylaws).toMatchObject({ title: 'Adopt the amended by-laws (Article 4)?', results: ['50', '50'] })
    expect(accounts!.voteOptions.map((o: Json) => [o.title, o.total])).toEqual([
      ['Yes', 1],
      ['No', 2],
      ['Abstain', 1],
    ])
    const option = await ok('GET', `/api/v1/vote_options/${accounts!.voteOptions[1].id}`, undefined, 200)
    expect(option).toEqual({ id: accounts!.voteOptions[1].id, title: 'No', total: 2 })
    // A private DRAFT's voters list: five seeded users.
    const drafts = (await ok(
      'GET',
      '/api/v1/vote_collections?status=DRAFT',
      undefined,
      200,
    )) as unknown as Json[]
    const own = drafts.find((c) => c.isGeneral === false)!
    expect(own.totalEligible).toBe('5')
  })
})
