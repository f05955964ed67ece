import { afterAll, beforeAll, beforeEach } from 'vitest'
import { startTestServer, type TestServer, type Json, MERGE } from '../helpers.ts'
import { answered } from './expect-answer.ts'

// The steps of create-and-sell-event-tickets (the admin's side) that build-a-public-event-landing-page starts from,
// with the docs' bodies verbatim, for the tickets and public-events tests.

/** The docs' examples run on 2026-03-15: the sandbox clock is pinned a fortnight before, so the event lies ahead. */
export const T0 = '2026-03-01T10:00:00.000Z'

/** Step 1's body, verbatim (`status: "DRAFT"` is the docs' spelling). */
export const AGM = {
  name: 'Annual General Meeting 2026',
  description: 'Quarterly chapter meeting with working-group breakouts and a board Q&A.',
  dateTimeBegin: '2026-03-15T18:00:00+00:00',
  dateTimeEnd: '2026-03-15T21:00:00+00:00',
  timezone: 'America/New_York',
  location: 'Boston Public Library, 700 Boylston St, Boston, MA 02116',
  unit: '/api/v1/units/4',
  isPublic: true,
  maxCapacity: 200,
  hasEventTicketing: true,
  requiresRegistrationForm: true,
  status: 'DRAFT',
}

/** Step 2's body, verbatim but for the event's IRI. */
export const generalAdmission = (uuid: string) => ({
  name: 'AGM 2026 — General Admission',
  description: 'Standard ticket for the Annual General Meeting.',
  isFee: false,
  isExternal: false,
  hasOneTimePayment: true,
  customMinPrice: 2500,
  hasCustomPriceValue: false,
  event: `/api/v1/events/${uuid}`,
})

export function client(s: () => TestServer) {
  const admin = () => ({ 'Api-Token': s().tokens('acme').rw })
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    s().call({ method, path, body, headers })
  return {
    admin,
    call,
    /** Anonymous, as the public landing page calls. */
    get: (path: string, headers: Record<string, string> = {}) => call('GET', path, undefined, headers),
    post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      call('POST', path, body, headers),
    patch: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      call('PATCH', path, typeof body === 'string' ? body : JSON.stringify(body), { ...MERGE, ...headers }),
    clock: (body: unknown) => call('POST', '/__sandbox/clock', body),
    outbox: async (query = ''): Promise<Json[]> => (await call('GET', `/__sandbox/outbox${query}`)).json,
    /** The feed's state changes of a kind since the sandbox was last reset. */
    feed: (kind: string) => {
      const all = s().sandbox.feed.changes()
      const since = all.map((change) => change.kind).lastIndexOf('reset')
      return all.slice(since + 1).filter((change) => change.kind === kind)
    },
    /** Pays, declines or cancels a checkout as its page's buttons do (the control API). */
    settle: (sessionId: string, outcome: 'paid' | 'declined' | 'cancelled') =>
      call('POST', `/__sandbox/checkouts/${sessionId}`, { outcome }),
  }
}

export type Client = ReturnType<typeof client>

/**
 * Steps 1-3 of create-and-sell-event-tickets as the admin: the draft event, its General Admission ticket (2500
 * cents), then published. Returns the event, the product and its price's IRI.
 */
export async function ticketedEvent(
  c: Client,
  body: Json = AGM,
  price = 2500,
): Promise<{ event: Json; product: Json; priceIri: string }> {
  const event = answered(await c.post('/api/v1/events', body, c.admin()), 201)
  const product = answered(
    await c.post('/api/v1/products', { ...generalAdmission(event.uuid), customMinPrice: price }, c.admin()),
    201,
  )
  answered(await c.patch(`/api/v1/events_publish/${event.uuid}`, {}, c.admin()))
  const read = answered(await c.get(`/api/v1/products/${product.uuid}`, c.admin()))
  return { event, product: read, priceIri: read.productPrices[0]['@id'] as string }
}

/** `save-attendees` for people `{firstName, lastName, email}` of one ticket type. */
export const attendee = (firstName: string, lastName: string, priceIri: string) => ({
  firstName,
  lastName,
  email: `${firstName}.${lastName}@example.com`.toLowerCase(),
  productPrice: priceIri,
})

/**
 * A test file's server: started once, reset before each test with the clock frozen at T0 (the walkthroughs'
 * dates); the client calls it, `server()` is it.
 */
export function useTicketServer(): Client & { server: () => TestServer } {
  let s: TestServer
  const c = client(() => s)
  beforeAll(async () => {
    s = await startTestServer()
  })
  afterAll(() => s.close())
  beforeEach(async () => {
    await s.sandbox.reset()
    await c.clock({ set: T0, freeze: true })
  })
  return Object.assign(c, { server: () => s })
}
