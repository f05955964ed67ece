import { beforeEach, describe, expect, it } from 'vitest'
import { startSession } from '../mocks/auth/sessions.ts'
import { snapshotState } from '../mocks/handlers/control.ts'
import { mintApiToken } from '../mocks/handlers/api-tokens.ts'
import { createSandbox, type Sandbox } from '../mocks/sandbox.ts'
import { SCENARIOS } from '../scenarios/index.ts'
import type { SandboxState } from './control-client.ts'
import { hashRows } from './rows.ts'
import { jwtClaims, tokenRows } from './token-rows.ts'

/** Rows from real snapshots of an in-process sandbox, read against a frozen clock. */
let sandbox: Sandbox
const T0 = Date.parse('2026-01-05T09:00:00.000Z')
const snapshot = () => JSON.parse(JSON.stringify(snapshotState(sandbox))) as SandboxState
const summary = (rows: ReturnType<typeof tokenRows>) =>
  rows.map((r) =>
    [
      r.cells
        .map((c) => c.text)
        .slice(0, 4)
        .join(' | '),
      r.dim ? 'dim' : '',
    ].join(' '),
  )

beforeEach(async () => {
  sandbox = await createSandbox({ scenarioDefinitions: SCENARIOS, seed: 3 })
  sandbox.clock.set(T0)
  sandbox.clock.freeze()
})

describe('tokenRows', () => {
  it('lists every credential kind with its state, dimming the spent ones', async () => {
    const acme = sandbox.tenant('acme')!
    const member = acme.users.findUnique('email', 'member@acme.test')!
    await mintApiToken(sandbox, acme, member, { isReadOnly: true, expiresAt: '2026-01-05T08:00:00Z' })
    const soon = await mintApiToken(sandbox, acme, member, { expiresAt: '2026-01-05T09:30:00Z' })
    const revoked = await mintApiToken(sandbox, acme, member, {})
    await acme.apiTokens.update(revoked, (d) => {
      d.revokedAt = '2026-01-05T08:59:00.000Z'
    })
    const { token } = await startSession(sandbox, acme, member)
    const app = acme.oauthApps.all()[0]!
    const grant = { tenant: 'acme', clientId: app.clientId, userId: member.id, scopes: ['profile' as const] }
    const common = {
      ...grant,
      codeId: 'c1',
      clientAuth: 'secret' as const,
      createdAt: '2026-01-05T09:00:00.000Z',
    }
    await acme.oauthTokens.insert({
      ...common,
      id: 'acc1',
      kind: 'access',
      expiresAt: '2026-01-05T10:00:00.000Z',
      revokedAt: null,
    })
    await acme.oauthTokens.insert({
      ...common,
      id: 'ref1',
      kind: 'refresh',
      expiresAt: '2026-02-04T09:00:00.000Z',
      revokedAt: '2026-01-05T09:00:00.000Z',
    })

    const rows = tokenRows(snapshot(), {
      port: 4010,
      now: T0,
      jwts: { [sandbox.tenant('acme')!.sessions.all()[0]!.id]: token },
    })
    expect(summary(rows)).toEqual([
      'api rw | acme | admin@acme.test | active ',
      'api ro | acme | admin@acme.test | active ',
      'api ro | acme | member@acme.test | expired dim',
      'api rw | acme | member@acme.test | 30m 00s ',
      'api rw | acme | member@acme.test | revoked dim',
      'api rw | globex | admin@globex.test | active ',
      'api ro | globex | admin@globex.test | active ',
      'jwt | acme | member@acme.test | 11d 00h ',
      'refresh | acme | member@acme.test | 30d 00h ',
      `oauth app | acme | ${app.name} | 2 tokens `,
      'oauth acc | acme | member@acme.test | 1h 00m ',
      'oauth ref | acme | member@acme.test | revoked dim',
      expect.stringMatching(/^oauth app \| globex \| .* \| 0 tokens $/),
      'password | acme | admin@acme.test | admin ',
      'password | acme | member@acme.test | member ',
      'password | globex | admin@globex.test | admin ',
      'password | globex | member@globex.test | member ',
    ])
    const jwtRow = rows.find((r) => r.cells[0]!.text === 'jwt')!
    expect(jwtRow.detail!.value).toBe(token)
    expect(jwtRow.detail!.usage).toEqual([
      `curl -H 'Authorization: Bearer ${token}' http://acme.localhost:4010/api/v1/me`,
    ])
    expect(jwtClaims(token)).toMatchObject({ username: 'member@acme.test', exp: T0 / 1000 + 11 * 86_400 })
    expect(rows.find((r) => r.key === `api:acme:${soon.id}`)!.detail!.value).toBe(soon.token)
  })

  it("gives each OAuth app a ready authorize URL on its own tenant's host", () => {
    const apps = tokenRows(snapshot(), { port: 4010, now: T0, jwts: {} }).filter((r) =>
      r.key.startsWith('oauth-app:'),
    )
    expect(apps.map((r) => r.tenant)).toEqual(['acme', 'globex'])
    for (const row of apps) {
      const url = new URL(row.detail!.usage[0]!)
      const app = sandbox.tenant(row.tenant!)!.oauthApps.all()[0]!
      expect(url.origin + url.pathname).toBe(`http://${row.tenant}.localhost:4010/oauth/authorize`)
      expect(Object.fromEntries(url.searchParams)).toEqual({
        response_type: 'code',
        client_id: app.clientId,
        redirect_uri: 'http://localhost:3000/callback',
        scope: 'profile email groups roles',
        state: 'sandbox',
      })
    }
  })

  it('shows a session whose JWT it never saw by its refresh token alone', async () => {
    const acme = sandbox.tenant('acme')!
    await startSession(sandbox, acme, acme.users.findUnique('email', 'admin@acme.test')!)
    const kinds = tokenRows(snapshot(), { port: 4010, now: T0, jwts: {} }).map((r) => r.cells[0]!.text)
    expect(kinds).not.toContain('jwt')
    expect(kinds).toContain('refresh')
  })
})

describe('hashRows', () => {
  it('shows the link into the app when --app-url (appUrl) is set', async () => {
    sandbox = await createSandbox({
      scenarioDefinitions: SCENARIOS,
      seed: 3,
      appUrl: 'http://localhost:5173',
    })
    const state = snapshot()
    const [first] = hashRows(state, { port: 4010, now: T0, jwts: {} })
    const h = state.contactHashes[0]!
    expect(first!.cells.at(-1)!.text).toBe(
      `http://localhost:5173/events/${h.eventId}/rsvp/${h.eventAttendId}?hash=${h.hash}`,
    )
  })

  it('gives each invited contact the magic link an invitation carries', () => {
    const state = snapshot()
    const [first] = hashRows(state, { port: 4010, now: T0, jwts: {} })
    const h = state.contactHashes[0]!
    expect(first!.cells.map((c) => c.text)).toEqual([
      h.contact,
      'acme',
      h.eventId,
      'invited',
      h.hash,
      `http://acme.localhost:4010/events/${h.eventId}/rsvp/${h.eventAttendId}?hash=${h.hash}`,
    ])
    expect(first!.detail!.usage).toEqual([
      `curl -H 'X-Contact-Hash: ${h.hash}' http://acme.localhost:4010/api/v1/event_attends/${h.eventAttendId}`,
    ])
  })
})
