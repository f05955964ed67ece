import { describe, expect, it } from 'vitest'
import { ADMIN, DOCS_COLLECTION, ELIGIBLE_NATIONAL, MEMBER, useVotes } from './votes-helpers.ts'
import { type Json } from '../helpers.ts'

// Issue 26 item 3, the end of Orgo's run-a-board-election over real HTTP: the close and its tally (step 5), the CSV
// (step 6), archive and the status filter (step 7), the clone for the next cycle, and the calendar opening and
// closing a collection at its dates on the sandbox clock. Steps 1 to 4: votes.test.ts.

const v = useVotes()
const { ok, collection, question, status, read, cast, openElection, feed } = v

describe('step 5: close and tally', () => {
  it('the close counts every choice and the turnout, kept as they were', async () => {
    const { id, board, budget } = await openElection()
    const member = await v.as(MEMBER)
    await cast(board.id, ['James Patterson', 'Emma Whitfield', "Sarah O'Connor"], member)
    await cast(budget.id, ['Yes'], member)
    await cast(board.id, ['James Patterson', 'Michael Chen'], v.admin())
    await cast(budget.id, ['No'], v.admin())
    await cast(board.id, ['James Patterson'], await v.as(6))
    const closed = await ok('PATCH', `/api/v1/vote_collections/${id}/close`, {}, 200)
    expect(closed).toMatchObject({
      status: 'CLOSED',
      isOpen: '',
      hasAvailableResults: '1',
      // The docs' voteCount, eligibleVoterCount, turnout.
      totalVoted: '3',
      totalEligible: '8',
      participationPercentage: '37.5',
    })
    const [boardResult, budgetResult] = closed.votes as Json[]
    expect(boardResult!.voteOptions.map((o: Json) => [o.title, o.total])).toEqual([
      ['James Patterson', 3],
      ['Emma Whitfield', 1],
      ["Sarah O'Connor", 1],
      ['Michael Chen', 1],
      ['Olivia Brown', 0],
    ])
    expect(boardResult!.results).toEqual(['100', '33.33', '33.33', '33.33', '0'])
    expect(budgetResult!.voteOptions.map((o: Json) => o.total)).toEqual([1, 1, 0])
    expect(budgetResult!.results).toEqual(['50', '50', '0'])
    expect(feed('vote.closed').at(-1)?.summary).toMatch(/3 of 8 voted \(37\.5%\)/)
    // "Results are visible immediately on the collection", and stay as counted when memberships change.
    await ok('PATCH', '/api/v1/users/3', { status: 'INACTIVE' }, 200)
    expect((await collection({ name: 'Live count' })).totalEligible).toBe(String(ELIGIBLE_NATIONAL - 1))
    expect(await read(id)).toMatchObject({ totalVoted: '3', totalEligible: '8' })
    expect((await ok('GET', `/api/v1/votes/${board.id}`, undefined, 200)).results).toEqual(
      boardResult!.results,
    )
  })
})

describe('step 6: export', () => {
  it('a secret vote’s CSV has the counts only; a public one’s each voter and choice', async () => {
    const secret = await openElection()
    const member = await v.as(MEMBER)
    await cast(secret.board.id, ['Emma Whitfield'], member)
    await ok('PATCH', `/api/v1/vote_collections/${secret.id}/close`, {}, 200)
    const csv = await v.call('GET', `/api/v1/vote_collections/${secret.id}/export`, undefined, {
      ...v.admin(),
      Accept: 'text/csv',
    })
    expect(csv.status).toBe(200)
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="vote-collection-${secret.id}-results.csv"`,
    )
    const lines = csv.text.trim().split('\n')
    expect(lines[0]).toBe('question,choice,count,percentage,ballots')
    expect(lines).toContain('"Elect the Boston chapter board for 2026-2027.","Emma Whitfield",1,100,1')
    expect(lines).toHaveLength(1 + 5 + 3)
    expect(csv.text).not.toMatch(/@|Max/)

    const open = await openElection({ isSecret: false, name: 'Public motion' })
    await cast(open.budget.id, ['Abstain'], member)
    await ok('PATCH', `/api/v1/vote_collections/${open.id}/close`, {}, 200)
    const named = await v.call('GET', `/api/v1/vote_collections/${open.id}/export`, undefined, {
      ...v.admin(),
      Accept: 'text/csv',
    })
    const rows = named.text.trim().split('\n')
    expect(rows[0]).toBe('question,voter,email,choice,castAt,seal')
    expect(rows[1]).toMatch(
      /^"Approve the budget\?","Max Member",member@acme\.test,Abstain,2026-03-10T09:00:00\+00:00,\S+=$/,
    )
  })
})

describe('step 7: archive, and the status filter', () => {
  it('an archived collection leaves the default listing; ?status=ARCHIVED lists it, results intact', async () => {
    const { id } = await openElection()
    await ok('PATCH', `/api/v1/vote_collections/${id}/close`, {}, 200)
    const archived = await ok('PATCH', `/api/v1/vote_collections/${id}/archive`, {}, 200)
    expect(archived).toMatchObject({ status: 'ARCHIVED', isArchived: true, hasAvailableResults: '1' })
    const ids = (rows: Json[]) => rows.map((r) => r.id)
    const listed = (await ok(
      'GET',
      '/api/v1/vote_collections?itemsPerPage=100',
      undefined,
      200,
    )) as unknown as Json[]
    expect(ids(listed)).not.toContain(id)
    expect(listed.every((r) => r.status !== 'ARCHIVED')).toBe(true)
    const only = (await ok(
      'GET',
      '/api/v1/vote_collections?status=ARCHIVED',
      undefined,
      200,
    )) as unknown as Json[]
    expect(ids(only)).toContain(id)
    expect(only.every((r) => r.status === 'ARCHIVED')).toBe(true)
    const open = (await ok(
      'GET',
      '/api/v1/vote_collections?status=open',
      undefined,
      200,
    )) as unknown as Json[]
    expect(open.length).toBeGreaterThan(0)
    expect(open.every((r) => r.status === 'OPEN')).toBe(true)
    // The spec's filter shows the archived beside the rest.
    const all = (await ok(
      'GET',
      '/api/v1/vote_collections?exists[isArchived]=true&itemsPerPage=100',
      undefined,
      200,
    )) as unknown as Json[]
    expect(ids(all)).toContain(id)
    expect(feed('vote.archived').at(-1)?.data).toMatchObject({ voteCollection: id })
  })
})

describe('cloning for the next cycle', () => {
  it('the docs’ POST copies the questions and choices into a fresh DRAFT, without the results', async () => {
    const { id, board } = await openElection()
    await cast(board.id, ['James Patterson'], await v.as(MEMBER))
    await ok('PATCH', `/api/v1/vote_collections/${id}/close`, {}, 200)
    const copy = await ok(
      'POST',
      `/api/v1/vote_collections/${id}/clone`,
      {
        name: 'Board Election — Spring 2027',
        dateOpen: '2027-03-14T18:00:00+00:00',
        dateClose: '2027-03-14T21:00:00+00:00',
      },
      200,
    )
    expect(copy).toMatchObject({
      name: 'Board Election — Spring 2027',
      status: 'DRAFT',
      dateStart: '2027-03-14T18:00:00+00:00',
      dateEnd: '2027-03-14T21:00:00+00:00',
      hideVotersList: true,
      unit: { id: 1 },
      totalVoted: '0',
    })
    expect(copy.id).not.toBe(id)
    expect(copy.votes.map((q: Json) => q.title)).toEqual([
      'Elect the Boston chapter board for 2026-2027.',
      'Approve the budget?',
    ])
    expect(copy.votes[0].id).not.toBe(board.id)
    expect(copy.votes[0].results).toBeNull()
    expect(copy.votes[0].voteOptions.map((o: Json) => [o.title, o.total])).toEqual(
      board.voteOptions.map((o: Json) => [o.title, 0]),
    )
    expect(
      feed('docs.form').some(
        (c) => c.summary.startsWith('POST /api/v1/vote_collections/') && /clone/.test(c.summary),
      ),
    ).toBe(true)
    // "Update candidate names and re-publish": the copy's choices are editable.
    await ok('PATCH', `/api/v1/vote_options/${copy.votes[0].voteOptions[4].id}`, { title: 'Noah Green' }, 200)
    // The spec's PATCH: "new dates (now to +1 hour)", and the "Copy " name.
    const spec = await ok('PATCH', `/api/v1/vote_collections/${id}/clone`, {}, 200)
    expect(spec).toMatchObject({
      name: `Copy ${DOCS_COLLECTION.name}`,
      status: 'DRAFT',
      dateStart: '2026-03-10T09:00:00+00:00',
      dateEnd: '2026-03-10T10:00:00+00:00',
    })
  })
})

describe('the calendar: dateOpen and dateClose on the sandbox clock', () => {
  it('a published collection opens at its dateStart and is closed and tallied at its dateEnd', async () => {
    const made = await collection()
    const board = await question(made.id)
    await status(made.id, 'PUBLISHED')
    await v.clock({ set: '2026-03-15T18:00:00Z' })
    expect((await read(made.id)).status).toBe('OPEN')
    expect(feed('vote.open').at(-1)?.summary).toMatch(/the clock reached its dateStart/)
    expect((await cast(board.id, ['Michael Chen'], await v.as(MEMBER))).status).toBe(200)
    await v.clock({ advance: '3h' })
    // A ballot after dateClose is refused: the collection closed at it.
    const late = await cast(board.id, ['Olivia Brown'], await v.as(ADMIN))
    expect(late.status).toBe(400)
    const closed = await read(made.id)
    expect(closed).toMatchObject({ status: 'CLOSED', totalVoted: '1', participationPercentage: '12.5' })
    expect(closed.votes[0].voteOptions.find((o: Json) => o.title === 'Michael Chen').total).toBe(1)
    expect(feed('vote.closed').at(-1)?.summary).toMatch(/the clock reached its dateEnd/)
  })
})
