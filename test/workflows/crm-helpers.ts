import { expect } from 'vitest'
import { MERGE, type Json, type TestServer } from '../helpers.ts'

// What the CRM-sync tests share (crm.test.ts, crm-tags.test.ts): the docs' contact, and calls as the admin.

/** sync-your-crm-with-orgo's example contact, verbatim. */
export const OLIVIA = {
  name: 'Olivia Brown',
  email: 'olivia.brown@example.com',
  phone: '+1 415 555 0192',
  localCenter: '/api/v1/local_centers/4',
  isNewsletterSubscribed: true,
  notes: 'Imported from HubSpot on 2026-01-15. Source: trade-show signup.',
}

/** Calls on the test file's server (`server()`, started by the file), as the tenant's read/write Api-Token. */
export function crmCalls(server: () => TestServer) {
  const admin = (tenant = 'acme') => ({ 'Api-Token': server().tokens(tenant).rw })
  const post = (path: string, body: unknown, headers: Record<string, string> = admin(), tenant = 'acme') =>
    server().call({ method: 'POST', path, headers, body, tenant })
  const get = (path: string, headers: Record<string, string> = admin()) => server().call({ path, headers })
  const patch = (path: string, body: unknown) =>
    server().call({ method: 'PATCH', path, headers: { ...admin(), ...MERGE }, body })

  async function contact(body: Json = OLIVIA): Promise<Json> {
    const res = await post('/api/v1/contacts', body)
    expect(res.status, res.text).toBe(201)
    return res.json
  }

  /** `POST /api/v1/profile_tags {"name"}`: the docs' "create a tag". */
  async function profileTag(name: string): Promise<Json> {
    const res = await post('/api/v1/profile_tags', { name })
    expect(res.status, res.text).toBe(201)
    return res.json
  }

  const attach = (contactId: number, body: unknown, headers: Record<string, string> = admin()) =>
    post(`/api/v1/contacts/${contactId}/profile_tags`, body, headers)

  return { admin, post, get, patch, contact, profileTag, attach }
}
