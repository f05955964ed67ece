import { mkdtempSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { SAVE_DELAY_MS } from '../mocks/db/persistence.ts'
import { startTestServer, type TestServer } from './helpers.ts'

/** Issue 5: `--db FILE`: json-server db.json fixtures in, every change saved back atomically. */
const tempDb = () => join(mkdtempSync(join(tmpdir(), 'orgo-db-')), 'db.json')
const readDb = (file: string) => JSON.parse(readFileSync(file, 'utf8'))
const rw = (s: TestServer, slug = 'acme') => ({ 'Api-Token': s.tokens(slug).rw })
const state = async (s: TestServer) => (await s.call({ path: '/__sandbox/state' })).json

/** What a restart must keep: data and credentials (the clock, outbox and scenarios belong to the process). */
const KEPT = ['tenants', 'users', 'apiTokens', 'sessions', 'otps', 'contactHashes', 'oauthApps']
const persisted = (state: Record<string, unknown>) => Object.fromEntries(KEPT.map((key) => [key, state[key]]))

describe('--db persistence', () => {
  it('creates a missing file with the seeded state, and a sandbox that writes nothing never rewrites it', async () => {
    const file = tempDb()
    let s = await startTestServer({ dbFile: file })
    const saved = readDb(file)
    expect(saved.users).toHaveLength(20)
    expect(saved.tenants.map((t: { id: string }) => t.id)).toEqual(['acme', 'globex'])
    const { ino, mtimeMs } = statSync(file)
    for (let i = 0; i < 20; i++)
      expect((await s.call({ path: '/api/v1/me', headers: rw(s) })).status).toBe(200)
    await sleep(SAVE_DELAY_MS * 3)
    await s.close()
    s = await startTestServer({ dbFile: file })
    await s.close()
    expect(statSync(file)).toMatchObject({ ino, mtimeMs })
  })

  it('round trip: records, minted tokens, logins and codes survive a restart', async () => {
    const file = tempDb()
    let s = await startTestServer({ dbFile: file })
    const contact = await s.call({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: { ...rw(s), Accept: 'application/json' },
      body: { email: 'kept@acme.test', name: 'Kept Contact' },
    })
    expect(contact.status).toBe(201)
    // A minted token of the admin's (contacts need HR or FINANCIAL, which the member lacks).
    const minted = await s.call({
      method: 'POST',
      path: '/__sandbox/api-tokens',
      body: { email: 'admin@acme.test', isReadOnly: true },
    })
    const session = await s.login('member@acme.test')
    await s.call({ method: 'POST', path: '/api/v1/request-login-otp', body: { email: 'admin@acme.test' } })
    const otp = (await s.call({ path: '/__sandbox/otp?email=admin@acme.test' })).json.otp
    const before = persisted(await state(s))
    await s.close()

    s = await startTestServer({ dbFile: file })
    expect(persisted(await state(s))).toEqual(before)
    const read = await s.call({
      path: `/api/v1/contacts/${contact.json.id}`,
      headers: { 'Api-Token': minted.json.token, Accept: 'application/json' },
    })
    expect([read.status, read.json]).toEqual([200, contact.json])
    const me = await s.call({ path: '/api/v1/me', headers: { Authorization: `Bearer ${session.token}` } })
    expect([me.status, me.json.email]).toEqual([200, 'member@acme.test'])
    const refreshed = await s.call({
      method: 'POST',
      path: '/api/v1/token/refresh',
      body: { refresh_token: session.refresh_token },
    })
    expect(refreshed.status).toBe(200)
    const verified = await s.call({
      method: 'POST',
      path: '/api/v1/verify-login-otp',
      body: { email: 'admin@acme.test', otp },
    })
    expect(verified.status).toBe(200)
    // Ids go on from where they were: a new contact never reuses a saved one's id.
    const next = await s.call({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: rw(s),
      body: { email: 'n@acme.test', name: 'N N' },
    })
    expect(next.json.id).toBe(contact.json.id + 1)
    await s.close()
  })

  it('a burst of writes is saved in a few atomic writes, not one per request', async () => {
    const file = tempDb()
    const s = await startTestServer({ dbFile: file })
    const events: string[] = []
    const watcher = watch(join(file, '..'), (event, name) => name === 'db.json' && events.push(event))
    const writes = Array.from({ length: 40 }, (_, i) =>
      s.call({
        method: 'POST',
        path: '/api/v1/contacts',
        headers: rw(s),
        body: { email: `burst${i}@acme.test`, name: 'B B' },
      }),
    )
    expect((await Promise.all(writes)).every((r) => r.status === 201)).toBe(true)
    await sleep(SAVE_DELAY_MS * 4)
    watcher.close()
    const saved = readDb(file).contacts.filter((c: { email: string }) => c.email.startsWith('burst'))
    expect(saved).toHaveLength(40)
    expect(events.length).toBeGreaterThan(0)
    expect(events.length).toBeLessThanOrEqual(10)
    await s.close()
  })

  it('loads a hand-written file: modelled collections replace the seeded ones, the tenant field places records', async () => {
    const file = tempDb()
    const contact = {
      name: 'From File',
      phone: null,
      dateCreated: '2026-01-01T00:00:00+00:00',
    }
    writeFileSync(
      file,
      JSON.stringify({
        tenants: [{ id: 'initech', name: 'Initech' }],
        contacts: [
          { id: 500, email: 'file@acme.test', ...contact },
          { id: 501, email: 'file@initech.test', tenant: 'initech', ...contact },
        ],
      }),
    )
    const s = await startTestServer({ dbFile: file })
    expect(
      s.sandbox
        .tenant('acme')!
        .contacts.all()
        .map((c) => c.email),
    ).toEqual(['file@acme.test'])
    expect(s.sandbox.tenant('globex')!.contacts.all()).toEqual([])
    expect(s.sandbox.tenant('initech')!.tenant.name).toBe('Initech')
    const listed = await s.call({
      path: '/api/v1/contacts',
      tenant: 'initech',
      headers: { ...rw(s, 'initech'), Accept: 'application/json' },
    })
    // The collection group (Contact-contact_card) in full: what the file leaves out is null or its no-data value.
    expect(listed.json).toEqual([
      {
        id: 501,
        name: 'From File',
        email: 'file@initech.test',
        phone: null,
        country: null,
        isNewsletterSubscribed: false,
        stripeCustomerId: null,
        town: null,
        dateCreated: contact.dateCreated,
        localCenter: null,
        status: null,
        tags: [],
        source: null,
        // Not in the file: a contact of an older sandbox's file has no dateUpdated until its next write.
        dateUpdated: null,
      },
    ])
    const created = await s.call({
      method: 'POST',
      path: '/api/v1/contacts',
      headers: rw(s),
      body: { email: 'x@acme.test', name: 'X X' },
    })
    expect(created.json.id).toBe(502)
    await s.close()
  })

  it('--oauth-app apps are configuration: kept as saved across restarts, a new flag adds its app', async () => {
    const file = tempDb()
    const ci = { name: 'CI', redirectUris: ['http://localhost:5173/cb'], clientId: 'ci-app-0001' }
    const apps = async (s: TestServer) =>
      (await state(s)).oauthApps.map((a: Record<string, unknown>) => [a.id, a.client_id, a.name, a.createdAt])
    let s = await startTestServer({ dbFile: file, oauthApps: [ci] })
    const first = await apps(s)
    await s.call({ method: 'POST', path: '/__sandbox/api-tokens', body: {} })
    await s.close()
    s = await startTestServer({ dbFile: file, oauthApps: [ci] })
    expect(await apps(s)).toEqual(first)
    await s.close()
    s = await startTestServer({
      dbFile: file,
      oauthApps: [ci, { ...ci, name: 'Preview', clientId: 'preview-app-0001' }],
    })
    const clientIds = (await apps(s)).map((a: unknown[]) => a[1])
    expect(clientIds.filter((id: string) => id === 'ci-app-0001')).toHaveLength(1)
    expect(clientIds).toContain('preview-app-0001')
    await s.close()
  })

  it('reset goes back to the state the sandbox started from (seed + file), and saves it', async () => {
    const file = tempDb()
    writeFileSync(file, JSON.stringify({ posts: [{ id: 1, title: 'Hello' }] }))
    const s = await startTestServer({ dbFile: file })
    await s.call({ method: 'POST', path: '/api/v1/posts', headers: rw(s), body: { title: 'Later' } })
    await s.call({ method: 'POST', path: '/__sandbox/reset' })
    const posts = await s.call({ path: '/api/v1/posts', headers: { ...rw(s), Accept: 'application/json' } })
    expect(posts.json).toEqual([{ id: 1, title: 'Hello' }])
    await s.close()
    expect(readDb(file).posts).toEqual([{ id: 1, title: 'Hello', tenant: 'acme' }])
  })

  it("saves a collection's ids in the file's type, and created records with the next integer id (issue 27)", async () => {
    const file = tempDb()
    writeFileSync(
      file,
      JSON.stringify({ posts: [{ id: 4, title: 'Hello' }], tags: [{ id: 'a', name: 'x' }] }),
    )
    const s = await startTestServer({ dbFile: file })
    await s.call({ method: 'POST', path: '/api/v1/posts', headers: rw(s), body: { title: 'Later' } })
    await s.call({ method: 'POST', path: '/api/v1/tags', headers: rw(s), body: { name: 'y' } })
    await s.close()
    expect(readDb(file).posts).toEqual([
      { id: 4, title: 'Hello', tenant: 'acme' },
      { id: 5, title: 'Later', tenant: 'acme' },
    ])
    // A collection whose ids are all strings gets the next integer as a string.
    expect(readDb(file).tags).toEqual([
      { id: 'a', name: 'x', tenant: 'acme' },
      { id: '1', name: 'y', tenant: 'acme' },
    ])
  })
})
