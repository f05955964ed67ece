import { afterAll, beforeAll, beforeEach, expect } from 'vitest'
import { startTestServer, type TestServer, type Json, MERGE } from '../helpers.ts'
import { answered } from './expect-answer.ts'

// What the election tests share (votes.test.ts, votes-locks.test.ts): one server per file, reset before each test
// with its clock frozen before the docs' dates, and run-a-board-election's steps as calls.

export const JSON_ACCEPT = { Accept: 'application/json' }

/** Five days before the docs' election (2026-03-15, 18:00 to 21:00 UTC). */
export const T0 = '2026-03-10T09:00:00.000Z'
export const DATE_OPEN = '2026-03-15T18:00:00+00:00'
export const DATE_CLOSE = '2026-03-15T21:00:00+00:00'

/** The seeded people (mocks/resources/users.ts): the admin and member of the national office, fee paid. */
export const ADMIN = 'admin@acme.test'
export const MEMBER = 'member@acme.test'
/** Every seeded user of the national office's unit and its sub-units whose fee is paid: users 1 to 8. */
export const ELIGIBLE_NATIONAL = 8

/** Step 1's body, its unit the national office's (the docs' is Boston's, `/api/v1/units/4`). */
export const DOCS_COLLECTION = {
  name: 'Board Election — Spring 2026',
  description: 'Cast your vote for three open seats on the Boston chapter board.',
  dateOpen: DATE_OPEN,
  dateClose: DATE_CLOSE,
  isSecret: true,
  unit: '/api/v1/units/1',
}

/** Step 2's body for a collection. */
export const docsQuestion = (collection: number) => ({
  voteCollection: `/api/v1/vote_collections/${collection}`,
  question: 'Elect the Boston chapter board for 2026-2027.',
  questionType: 'MULTIPLE_CHOICE',
  maxChoices: 3,
  minChoices: 1,
  choices: [
    { label: 'James Patterson' },
    { label: 'Emma Whitfield' },
    { label: "Sarah O'Connor" },
    { label: 'Michael Chen' },
    { label: 'Olivia Brown' },
  ],
})

export function useVotes() {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer()
  })
  afterAll(() => s.close())
  beforeEach(async () => {
    await s.sandbox.reset()
    const clock = await s.call({ method: 'POST', path: '/__sandbox/clock', body: { set: T0, freeze: true } })
    expect(clock.status, clock.text).toBe(200)
  })

  const admin = () => ({ 'Api-Token': s.tokens('acme').rw, ...JSON_ACCEPT })
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = admin()) =>
    s.call({ method, path, headers: method === 'PATCH' ? { ...MERGE, ...headers } : headers, body })

  async function ok(
    method: string,
    path: string,
    body: unknown,
    status: number,
    headers: Record<string, string> = admin(),
  ): Promise<Json> {
    return answered(await call(method, path, body, headers), status, `${method} ${path}`)
  }

  /** A refusal: its status and detail. */
  async function refused(
    method: string,
    path: string,
    body: unknown,
    status: number,
    detail: RegExp,
    headers: Record<string, string> = admin(),
  ): Promise<Json> {
    const json = answered(await call(method, path, body, headers), status, `${method} ${path}`)
    expect(json.detail).toMatch(detail)
    return json
  }

  /** A seeded user's JWT headers, by email or id. */
  async function as(who: string | number) {
    const email =
      typeof who === 'string' ? who : (await ok('GET', `/api/v1/users/${who}`, undefined, 200)).email
    const { token } = await s.login(email, 'acme')
    return { Authorization: `Bearer ${token}`, ...JSON_ACCEPT }
  }

  const collection = (extra: Json = {}) =>
    ok('POST', '/api/v1/vote_collections', { ...DOCS_COLLECTION, ...extra }, 201)
  const question = (id: number, extra: Json = {}) =>
    ok('POST', '/api/v1/votes', { ...docsQuestion(id), ...extra }, 201)
  const status = (id: number, to: string) =>
    ok('PATCH', `/api/v1/vote_collections/${id}`, { status: to }, 200)
  const read = (id: number, headers: Record<string, string> = admin()) =>
    ok('GET', `/api/v1/vote_collections/${id}`, undefined, 200, headers)
  const cast = (vote: number, choices: unknown, headers: Record<string, string>) =>
    call('POST', `/api/v1/votes/${vote}/cast`, { choices }, headers)

  /** A collection with the docs' question and a Yes/No one, published and opened (steps 1 to 4). */
  async function openElection(extra: Json = {}) {
    const made = await collection(extra)
    const board = await question(made.id)
    const budget = await question(made.id, {
      question: 'Approve the budget?',
      questionType: 'SINGLE_CHOICE',
      choices: ['Yes', 'No', 'Abstain'],
      maxChoices: undefined,
      minChoices: undefined,
    })
    await status(made.id, 'PUBLISHED')
    await status(made.id, 'OPEN')
    return { id: made.id as number, board, budget }
  }

  /** The mails of a kind in the outbox, to one address or all. */
  async function mails(kind: string, to?: string): Promise<Json[]> {
    const query = new URLSearchParams({ kind, ...(to ? { to } : {}) })
    return (await ok('GET', `/__sandbox/outbox?${query}`, undefined, 200, {})) as unknown as Json[]
  }

  /** The feed's state changes of a kind, oldest first. */
  const feed = (kind: string) => s.sandbox.feed.changes().filter((c) => c.kind === kind)

  const clock = (body: Json) => ok('POST', '/__sandbox/clock', body, 200, {})

  return {
    server: () => s,
    admin,
    call,
    ok,
    refused,
    as,
    collection,
    question,
    status,
    read,
    cast,
    openElection,
    mails,
    feed,
    clock,
  }
}
