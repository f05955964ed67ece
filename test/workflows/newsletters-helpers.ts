import { expect } from 'vitest'
import type { Place } from '../../mocks/workflows/tables.ts'
import { type TestServer, type Json, MERGE } from '../helpers.ts'

// What the newsletter tests share: calls as the admin, the audience they build in a fresh local center, the outbox.

/** The docs' step 1 body (send-a-newsletter-campaign), its unit replaced by the test's. */
export const DOCS_DRAFT = {
  name: 'January 2026 — Boston Update',
  subject: "What's happening at Civic Collective in January",
  fromName: 'Civic Collective — Boston',
  fromEmail: 'boston@example.com',
  replyToEmail: 'boston@example.com',
  content:
    '<h1>January Update</h1><p>Hello {{firstName}},</p><p>Here\'s what\'s coming up... <a href="https://example.org/agenda">Agenda</a></p>',
}

export function api(s: () => TestServer) {
  const admin = () => ({ 'Api-Token': s().tokens('acme').rw })
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    s().call({ method, path, body, headers: { ...admin(), ...headers } })
  return {
    admin,
    get: (path: string, headers: Record<string, string> = admin()) => s().call({ path, headers }),
    post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      call('POST', path, body, headers),
    patch: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      call('PATCH', path, JSON.stringify(body), { ...MERGE, ...headers }),
    clock: (body: unknown) => s().call({ method: 'POST', path: '/__sandbox/clock', body }),
    /** The mails of a kind in the outbox (all recipients, oldest first). */
    async mails(kind: string, to?: string): Promise<Json[]> {
      const query = new URLSearchParams({ kind, ...(to ? { to } : {}) })
      const res = await s().call({ path: `/__sandbox/outbox?${query}` })
      expect(res.status, res.text).toBe(200)
      return res.json as Json[]
    },
    place: (): Place => ({ core: s().sandbox, tenant: s().sandbox.tenant('acme')! }),
  }
}

export type Api = ReturnType<typeof api>

/**
 * A fresh local center (under the national office) and its people: two subscribed contacts and one not, a user
 * placed there and subscribed, one placed there never asked, and one placed in Boston who holds a role on its unit.
 * Its audience: Ava and Jamie (users), Olivia and Liam (contacts).
 */
export async function audience(a: Api) {
  const center = await a.post('/api/v1/local_centers', {
    name: 'Springfield',
    parent: '/api/v1/local_centers/1',
  })
  expect(center.status, center.text).toBe(201)
  const id = center.json.id as number
  const unit = `/api/v1/units/${id}`
  const contact = async (name: string, subscribed: boolean) => {
    const email = `${name.split(' ')[0]!.toLowerCase()}@example.com`
    const res = await a.post('/api/v1/contacts', {
      name,
      email,
      localCenter: `/api/v1/local_centers/${id}`,
      isNewsletterSubscribed: subscribed,
    })
    expect(res.status, res.text).toBe(201)
    return res.json as Json
  }
  const user = async (firstName: string, lastName: string, center: number, subscribed: boolean | null) => {
    const email = `${firstName.toLowerCase()}@example.com`
    const made = await a.post('/api/v1/users', { email, firstName, lastName, plainPassword: 'password' })
    expect(made.status, made.text).toBe(201)
    const set = await a.patch(`/api/v1/users/${made.json.id}`, {
      localCenter: `/api/v1/local_centers/${center}`,
      ...(subscribed === null ? {} : { isSubscribedNewsletter: subscribed }),
    })
    expect(set.status, set.text).toBe(200)
    return made.json as Json
  }
  const ava = await user('Ava', 'Stone', id, true)
  const ben = await user('Ben', 'Quiet', id, null)
  const jamie = await user('Jamie', 'Role', 4, true)
  const roles = await a.get('/api/v1/roles?itemsPerPage=50')
  const volunteer = (roles.json['hydra:member'] as Json[]).find((r) => r.slug === 'volunteer')!
  const assigned = await a.post('/api/v1/user_roles', {
    user: `/api/v1/users/${jamie.id}`,
    role: volunteer['@id'],
    unit,
  })
  expect(assigned.status, assigned.text).toBe(201)
  const olivia = await contact('Olivia Brown', true)
  const liam = await contact('Liam Green', true)
  const noah = await contact('Noah White', false)
  return { id, unit, ava, ben, jamie, olivia, liam, noah }
}

/** Creates the docs' draft for a unit (step 1) and answers it. */
export async function draft(a: Api, unit: string, extra: Record<string, unknown> = {}): Promise<Json> {
  const res = await a.post('/api/v1/newsletters', { ...DOCS_DRAFT, unit, ...extra })
  expect(res.status, res.text).toBe(201)
  return res.json
}
