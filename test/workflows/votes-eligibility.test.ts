import { describe, expect, it } from 'vitest'
import { ELIGIBLE_NATIONAL, MEMBER, useVotes } from './votes-helpers.ts'
import { type Json } from '../helpers.ts'

// Issue 26 item 3, who votes and who manages, over real HTTP: ballots only while OPEN, by eligible members, as the
// question takes them (run-a-board-election step 4 and its gotchas); eligibility (the unit and its sub-units by
// units' and local centers' parent, active, fee paid; a private collection's voters list); who manages an election
// ("only HR_LOCAL and above can create vote collections").

const v = useVotes()
const { ok, refused, collection, question, status, cast, openElection } = v
const path = (id: number, action = '') => `/api/v1/vote_collections/${id}${action}`

describe('ballots: while OPEN, by eligible members, as the question takes them', () => {
  it('no ballot before OPEN or after CLOSED; a lapsed member or one of another unit may not vote', async () => {
    const made = await collection()
    const board = await question(made.id)
    const member = await v.as(MEMBER)
    await status(made.id, 'PUBLISHED')
    await refused(
      'POST',
      `/api/v1/votes/${board.id}/cast`,
      { choices: ['Michael Chen'] },
      400,
      /is PUBLISHED: ballots are cast only while it is OPEN/,
      member,
    )
    await status(made.id, 'OPEN')
    // User 10 (Boston) let their fee lapse: "Lapsed members (fee expired) are excluded".
    const lapsed = await v.as(10)
    await refused(
      'POST',
      `/api/v1/votes/${board.id}/cast`,
      { choices: ['Michael Chen'] },
      403,
      /is not eligible .* fee is paid/,
      lapsed,
    )
    expect(await ok('GET', '/api/v1/has_live_votes', undefined, 200, lapsed)).toBe(false)
    expect((await v.read(made.id, lapsed)).isVoteEligible).toBe(false)
    await status(made.id, 'CLOSED')
    await refused(
      'POST',
      `/api/v1/votes/${board.id}/cast`,
      { choices: ['Michael Chen'] },
      400,
      /is CLOSED: .*"Once CLOSED, votes are locked"/,
      member,
    )
    // Boston's election: the national office's member is of another unit.
    const boston = await openElection({ unit: '/api/v1/units/4', name: 'Boston only' })
    await refused(
      'POST',
      `/api/v1/votes/${boston.board.id}/cast`,
      { choices: ['Michael Chen'] },
      403,
      /is not eligible/,
      member,
    )
  })

  it('the choices are the question’s, each once, within its bounds (422 otherwise)', async () => {
    const { board, budget } = await openElection()
    const member = await v.as(MEMBER)
    const invalid = async (vote: number, choices: unknown, message: RegExp) => {
      const res = await cast(vote, choices, member)
      expect(res.status, res.text).toBe(422)
      expect(res.json.violations[0].message).toMatch(message)
    }
    await invalid(budget.id, ['Yes', 'No'], /takes 1 choice; 2 given/)
    await invalid(budget.id, [], /takes 1 choice; 0 given/)
    await invalid(
      board.id,
      ['James Patterson', 'Emma Whitfield', 'Michael Chen', 'Olivia Brown'],
      /takes 1 to 3 choices; 4 given/,
    )
    await invalid(board.id, ['James Patterson', 'James Patterson'], /chosen once/)
    await invalid(
      board.id,
      [`/api/v1/vote_options/${budget.voteOptions[0].id}`],
      /is not a choice of question/,
    )
  })
})

describe('eligibility: the unit and its sub-units, active, fee paid', () => {
  it('a sub-unit’s member votes in its parent unit’s election, by a unit’s parent or a local center’s', async () => {
    const boston = await collection({ unit: '/api/v1/units/4' })
    expect(boston.totalEligible).toBe('1')
    // A unit under Boston (units' parent), and the member given a role in it (issue 25's user_roles).
    const youth = await ok('POST', '/api/v1/units', { name: 'Boston Youth', parent: '/api/v1/units/4' }, 201)
    await ok(
      'POST',
      '/api/v1/user_roles',
      { user: '/api/v1/users/2', role: '/api/v1/roles/2', unit: `/api/v1/units/${youth.id}` },
      201,
    )
    expect((await v.read(boston.id)).totalEligible).toBe('2')
    await status(boston.id, 'PUBLISHED')
    expect((await v.read(boston.id, await v.as(MEMBER))).isVoteEligible).toBe(true)
    // A local center under Boston (local_centers' parent), its unit the same id.
    const center = await ok(
      'POST',
      '/api/v1/local_centers',
      { name: 'Cambridge', parent: '/api/v1/local_centers/4' },
      201,
    )
    await ok('PATCH', '/api/v1/users/3', { localCenter: `/api/v1/local_centers/${center.id}` }, 200)
    expect((await v.read(boston.id)).totalEligible).toBe('3')
    // The national office's election counts every center under it.
    expect((await collection()).totalEligible).toBe(String(ELIGIBLE_NATIONAL))
  })

  it('a private collection’s voters are its list, edited in DRAFT; a general one has none to edit', async () => {
    const general = await collection()
    await refused(
      'POST',
      '/api/v1/vote_users',
      { voteCollection: path(general.id), user: '/api/v1/users/9' },
      400,
      /is general/,
    )
    const secret = await collection({ isGeneral: false, name: 'Board only' })
    // "For private vote collections, the creator is automatically added as an eligible voter."
    expect(secret.totalEligible).toBe('1')
    const listed = await ok(
      'POST',
      '/api/v1/vote_users',
      { voteCollection: path(secret.id), user: '/api/v1/users/10' },
      201,
    )
    const twice = await v.call('POST', '/api/v1/vote_users', {
      voteCollection: path(secret.id),
      user: '/api/v1/users/10',
    })
    expect(twice.status).toBe(422)
    const board = await question(secret.id)
    await status(secret.id, 'PUBLISHED')
    await status(secret.id, 'OPEN')
    // Listed, the lapsed user 10 votes; the member, not listed, does not.
    expect((await cast(board.id, ['Michael Chen'], await v.as(10))).status).toBe(200)
    await refused(
      'POST',
      `/api/v1/votes/${board.id}/cast`,
      { choices: ['Michael Chen'] },
      403,
      /not on the voters list/,
      await v.as(MEMBER),
    )
    await refused(
      'DELETE',
      `/api/v1/vote_users/${listed.id}`,
      undefined,
      409,
      /is OPEN: its voters list is edited only while it is DRAFT/,
    )
  })
})

describe('who manages an election', () => {
  it('a member neither creates, edits nor moves one, nor sees a DRAFT; HR of a chapter manages its own', async () => {
    const member = await v.as(MEMBER)
    const draft = await collection()
    await v.ok('POST', '/api/v1/vote_collections', { name: 'Mine', unit: '/api/v1/units/1' }, 403, member)
    await v.ok('POST', '/api/v1/votes', { title: 'Mine' }, 403, member)
    await v.ok('POST', '/api/v1/votes', { title: 'Mine', voteCollection: path(draft.id) }, 403, member)
    // Someone else's DRAFT is not there for them (404 before 403, as API Platform's read comes first).
    await v.ok('PATCH', path(draft.id, '/publish'), {}, 404, member)
    await v.ok('GET', path(draft.id), undefined, 404, member)
    const listed = (await ok(
      'GET',
      '/api/v1/vote_collections?itemsPerPage=100',
      undefined,
      200,
      member,
    )) as unknown as Json[]
    expect(listed.map((c) => c.id)).not.toContain(draft.id)
    expect(listed.every((c) => c.status !== 'DRAFT')).toBe(true)
    await status(draft.id, 'PUBLISHED')
    expect((await v.read(draft.id, member)).status).toBe('PUBLISHED')
    await v.ok('PATCH', path(draft.id), { status: 'OPEN' }, 403, member)
    await v.ok('PATCH', path(draft.id, '/close'), {}, 403, member)
    await v.ok('GET', path(draft.id, '/export'), undefined, 403, member)
    // The member made Chapter Lead of Boston (HR_LOCAL there): Boston's election, not the national office's.
    await ok(
      'POST',
      '/api/v1/user_roles',
      { user: '/api/v1/users/2', role: '/api/v1/roles/3', unit: '/api/v1/units/4' },
      201,
    )
    const lead = await v.as(MEMBER)
    const own = await ok(
      'POST',
      '/api/v1/vote_collections',
      { name: 'Boston board', unit: '/api/v1/units/4' },
      201,
      lead,
    )
    expect(own.owner.id).toBe(2)
    await refused(
      'POST',
      '/api/v1/vote_collections',
      { name: 'National', unit: '/api/v1/units/1' },
      403,
      /needs HR for it/,
      lead,
    )
    // The export waits for the close.
    await refused(
      'GET',
      path(own.id, '/export'),
      undefined,
      409,
      /is DRAFT: its results are exported once it is CLOSED/,
      lead,
    )
  })
})
