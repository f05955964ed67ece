import { type TestServer, type Json } from '../helpers.ts'
import { useServerAndReceiver, type Receiver } from '../webhooks/receiver.ts'
import { answered } from './expect-answer.ts'

// What the contract workflow's tests share (contracts.test.ts, contracts-signing.test.ts): a server and a real
// webhook receiver for the file, reset before each test, and the steps of issue-and-track-contracts as calls.

export const JSON_ACCEPT = { Accept: 'application/json' }
export const MEMBER = 'member@acme.test'
/** A 1x1 PNG: a signature image as a data: URL. */
export const SIGNATURE =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

/** Registers the file's server and receiver; the helpers act on them. */
export function useContracts() {
  let s: TestServer
  let hooks: Receiver
  useServerAndReceiver((server, receiver) => ((s = server), (hooks = receiver)))
  const admin = () => ({ 'Api-Token': s.tokens('acme').rw, ...JSON_ACCEPT })

  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = admin(),
  ) {
    return s.call({ method, path, headers, body })
  }

  async function ok(
    method: string,
    path: string,
    body: unknown,
    status: number,
    headers: Record<string, string> = admin(),
  ) {
    return answered(await call(method, path, body, headers), status, `${method} ${path}`)
  }

  async function memberJwt() {
    const { token } = await s.login(MEMBER)
    return { Authorization: `Bearer ${token}`, ...JSON_ACCEPT }
  }

  /**
   * Step 1's contract template, with overrides. The engine seeds contract_users on their first touch, relating them
   * to the contracts that exist then: touched first, the seed never points at a contract a test makes.
   */
  const createContract = async (extra: Json = {}) => {
    await ok('GET', '/api/v1/contract_users?itemsPerPage=1', undefined, 200)
    return ok(
      'POST',
      '/api/v1/contracts',
      {
        name: 'Member Agreement 2026',
        content:
          '<h1>Civic Collective — Member Agreement</h1><p>This agreement is between Civic Collective and {{firstName}} {{lastName}}, dated {{dateSigned}}.</p>',
        unit: '/api/v1/units/4',
        requiresDigitalSignature: true,
        displayInProfile: true,
        ...extra,
      },
      201,
    )
  }

  /** Step 2's assignment. */
  const assign = (contract: number, recipient: Json = { user: '/api/v1/users/2' }) =>
    ok(
      'POST',
      '/api/v1/contract_users',
      {
        contract: `/api/v1/contracts/${contract}`,
        ...recipient,
        validityStartDate: '2026-01-15',
        validityEndDate: '2027-01-14',
      },
      201,
    )

  const read = (id: number) => ok('GET', `/api/v1/contract_users/${id}`, undefined, 200)

  const mails = async (to: string) =>
    (await s.call({ path: `/__sandbox/outbox?to=${encodeURIComponent(to)}&kind=contract-sign` }))
      .json as Json[]

  const markAsSigned = (ids: number[], method = 'PATCH', headers: Record<string, string> = admin()) =>
    call(
      method,
      '/api/v1/contract_users/mark_as_signed',
      {
        contractUsers: ids.map((id) => `/api/v1/contract_users/${id}`),
        dateSigned: '2026-01-15T10:00:00+00:00',
      },
      headers,
    )

  return {
    server: () => s,
    hooks: () => hooks,
    admin,
    call,
    ok,
    memberJwt,
    createContract,
    assign,
    read,
    mails,
    markAsSigned,
  }
}
