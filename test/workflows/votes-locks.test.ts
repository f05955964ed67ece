import { describe, expect, it } from 'vitest'
import { useVotes } from './votes-helpers.ts'
import { type Json } from '../helpers.ts'

// Issue 26 item 3, what run-a-board-election's states forbid, over real HTTP: each illegal transition (400, the
// refusal the spec lists for publish, close, archive and the PATCH), the locks on questions and choices once
// published (400; a delete 409) and on the collection's fields. Ballots and eligibility: votes-eligibility.test.ts.

const v = useVotes()
const { ok, refused, collection, question, status } = v
const path = (id: number, action = '') => `/api/v1/vote_collections/${id}${action}`

describe('illegal transitions', () => {
  it('each step moves to the next state only, 400 naming the state; an unknown state is a 422', async () => {
    const made = await collection()
    const step = /one step at a time/
    await refused('PATCH', path(made.id, '/close'), {}, 400, /is DRAFT: close needs an OPEN collection/)
    await refused('PATCH', path(made.id, '/archive'), {}, 400, /is DRAFT: archive needs a CLOSED collection/)
    await refused('PATCH', path(made.id), { status: 'OPEN' }, 400, step)
    await refused('PATCH', path(made.id), { status: 'CLOSED' }, 400, step)
    const bad = await v.call('PATCH', path(made.id), { status: 'FINISHED' })
    expect(bad.status).toBe(422)
    expect(bad.json.violations[0]).toMatchObject({ propertyPath: 'status' })
    await status(made.id, 'PUBLISHED')
    await refused(
      'PATCH',
      path(made.id, '/publish'),
      {},
      400,
      /is PUBLISHED: publish needs a DRAFT collection/,
    )
    await refused('PATCH', path(made.id), { status: 'DRAFT' }, 400, step)
    await refused('PATCH', path(made.id, '/close'), {}, 400, /is PUBLISHED: close/)
    await status(made.id, 'OPEN')
    await refused('PATCH', path(made.id, '/archive'), {}, 400, /is OPEN: archive/)
    await refused('PATCH', path(made.id), { status: 'PUBLISHED' }, 400, step)
    await status(made.id, 'CLOSED')
    await refused('PATCH', path(made.id), { status: 'OPEN' }, 400, /is CLOSED/)
    await ok('PATCH', path(made.id, '/archive'), {}, 200)
    await refused('PATCH', path(made.id, '/archive'), {}, 400, /is ARCHIVED: archive/)
    // The same state again changes nothing; the refusals changed nothing either.
    expect((await status(made.id, 'ARCHIVED')).status).toBe('ARCHIVED')
    expect(v.feed('vote.published')).toHaveLength(1)
  })

  it('a collection whose dateClose has passed is neither published nor opened until postponed', async () => {
    const made = await collection()
    await v.clock({ set: '2026-03-16T00:00:00Z' })
    await refused(
      'PATCH',
      path(made.id, '/publish'),
      {},
      400,
      /closed on 2026-03-15T21:00:00\+00:00: postpone its dateEnd/,
    )
    const later = await ok('PATCH', path(made.id, '/publish'), { dateEnd: '2026-03-20T21:00:00+00:00' }, 200)
    // Its dateStart has passed: the calendar opens it at once.
    expect(later).toMatchObject({ status: 'OPEN', dateEnd: '2026-03-20T21:00:00+00:00' })
    const dates = await v.call('POST', '/api/v1/vote_collections', {
      name: 'Backwards',
      dateOpen: '2026-04-02T10:00:00+00:00',
      dateClose: '2026-04-01T10:00:00+00:00',
    })
    expect(dates.status).toBe(422)
    expect(dates.json.violations[0].propertyPath).toBe('dateEnd')
  })
})

describe('locks: questions in DRAFT only, fields as the state allows', () => {
  it('once published no question or choice is added, edited or deleted', async () => {
    const made = await collection()
    const board = await question(made.id)
    const option = board.voteOptions[0].id
    await status(made.id, 'PUBLISHED')
    const locked = /is PUBLISHED: .* only while it is DRAFT/
    await refused('POST', '/api/v1/votes', { title: 'Late', voteCollection: path(made.id) }, 400, locked)
    await refused('PATCH', `/api/v1/votes/${board.id}`, { title: 'Changed' }, 400, locked)
    await refused('DELETE', `/api/v1/votes/${board.id}`, undefined, 409, locked)
    await refused(
      'POST',
      '/api/v1/vote_options',
      { vote: `/api/v1/votes/${board.id}`, title: 'Late' },
      400,
      locked,
    )
    await refused('PATCH', `/api/v1/vote_options/${option}`, { title: 'Changed' }, 400, locked)
    await refused('DELETE', `/api/v1/vote_options/${option}`, undefined, 409, locked)
    const kept = await ok('GET', `/api/v1/votes/${board.id}`, undefined, 200)
    expect(kept.title).toBe(board.title)
    expect(kept.voteOptions).toHaveLength(5)
  })

  it('in DRAFT a question is edited, its choices replaced, a choice or question deleted', async () => {
    const made = await collection()
    const board = await question(made.id)
    const edited = await ok(
      'PATCH',
      `/api/v1/votes/${board.id}`,
      { question: 'Elect the board', choices: ['A', 'B'], maxChoices: 2 },
      200,
    )
    expect(edited).toMatchObject({ title: 'Elect the board', voteOptions: [{ title: 'A' }, { title: 'B' }] })
    await ok('DELETE', `/api/v1/vote_options/${edited.voteOptions[1].id}`, undefined, 204)
    expect(
      (await ok('GET', `/api/v1/votes/${board.id}`, undefined, 200)).voteOptions.map((o: Json) => o.title),
    ).toEqual(['A'])
    await ok('DELETE', `/api/v1/votes/${board.id}`, undefined, 204)
    expect((await v.read(made.id)).votes).toEqual([])
    // The docs' RANKED_CHOICE and OPEN_TEXT have no type in Orgo's spec.
    const ranked = await v.call('POST', '/api/v1/votes', {
      question: 'Rank',
      questionType: 'RANKED_CHOICE',
      voteCollection: path(made.id),
    })
    expect(ranked.status).toBe(422)
    expect(ranked.json.violations[0]).toMatchObject({ propertyPath: 'questionType' })
  })

  it('after publishing, the dates may be postponed but the unit and secrecy not; after closing, neither', async () => {
    const made = await collection()
    await status(made.id, 'PUBLISHED')
    await refused(
      'PATCH',
      path(made.id),
      { unit: '/api/v1/units/4' },
      400,
      /is PUBLISHED: unit is locked; name, description, timezone, dateStart, dateEnd/,
    )
    await refused('PATCH', path(made.id), { isSecret: false }, 400, /hideVotersList is locked/)
    const postponed = await ok(
      'PATCH',
      path(made.id),
      { dateOpen: '2026-03-16T18:00:00+00:00', dateClose: '2026-03-16T21:00:00+00:00' },
      200,
    )
    expect(postponed).toMatchObject({
      dateStart: '2026-03-16T18:00:00+00:00',
      dateEnd: '2026-03-16T21:00:00+00:00',
      status: 'PUBLISHED',
    })
    await status(made.id, 'OPEN')
    await status(made.id, 'CLOSED')
    await refused(
      'PATCH',
      path(made.id),
      { dateClose: '2026-03-20T21:00:00+00:00' },
      400,
      /is CLOSED: dateEnd is locked/,
    )
    expect((await ok('PATCH', path(made.id), { description: 'Minutes signed.' }, 200)).description).toBe(
      'Minutes signed.',
    )
  })
})

describe('deleting', () => {
  it('a collection takes its questions, choices, ballots and voters list with it, in any state', async () => {
    const { id, board } = await v.openElection({ isGeneral: false })
    await v.cast(board.id, ['Michael Chen'], v.admin())
    await ok('DELETE', `/api/v1/vote_collections/${id}`, undefined, 204)
    await ok('GET', `/api/v1/votes/${board.id}`, undefined, 404)
    await ok('GET', `/api/v1/vote_options/${board.voteOptions[0].id}`, undefined, 404)
    const voters = await ok(
      'GET',
      `/api/v1/vote_users?voteCollection=/api/v1/vote_collections/${id}`,
      undefined,
      200,
    )
    expect(voters).toEqual([])
  })
})
