import { apiTokenState } from '../auth/api-token.ts'
import { latestPendingOtp, listOtps } from '../auth/otp.ts'
import { listOAuthApps } from '../auth/oauth-apps.ts'
import { effectiveRoles } from '../auth/roles.ts'
import type { SandboxCore } from '../core.ts'
import type { TenantDb } from '../db/database.ts'
import type { EventAttend } from '../db/schema.ts'
import { appUrlFor } from '../app-url.ts'
import { readJsonObject, JSON_TYPES } from '../http/body.ts'
import { badRequest, notFound } from '../http/errors.ts'
import { json, noContent } from '../http/respond.ts'
import { mintApiToken, type MintApiTokenInput } from './api-tokens.ts'
import { magicLink } from './event-attends.ts'
import { mintOAuthApp } from './oauth.ts'
import { controlUser } from './control-credentials.ts'
import { controlRoute } from './control-route.ts'
import { JOURNAL_FILTER, readJournal } from '../journal.ts'
import type { Route } from './route.ts'
import { validateBody } from '../http/validate.ts'

const P = '/__sandbox'

/** Everything the dashboard shows, in clear: these are test credentials (like the Firebase emulator's API). */
function appLinkOf(core: SandboxCore, t: TenantDb, a: EventAttend): string | null {
  const base = appUrlFor(core.options.appUrl, t.tenant.slug)
  const uuid = t.events.get(a.event)?.uuid
  return base && uuid ? magicLink(base, uuid, a.id, a.hash) : null
}

export function snapshotState(core: SandboxCore) {
  const tenants = [...core.db.tenants.values()]
  return {
    tenants: tenants.map((t) => ({ ...t.tenant, default: t.tenant.slug === core.options.defaultTenant })),
    users: tenants.flatMap((t) =>
      t.users.all().map((u) => ({
        tenant: u.tenant,
        id: u.id,
        email: u.email,
        password: u.password,
        roles: effectiveRoles(u),
      })),
    ),
    apiTokens: tenants.flatMap((t) =>
      t.apiTokens.all().map((k) => ({
        tenant: k.tenant,
        id: k.id,
        name: k.name,
        token: k.token,
        owner: t.users.get(k.userId)?.email ?? null,
        isReadOnly: k.isReadOnly,
        expiresAt: k.expiresAt,
        revokedAt: k.revokedAt,
        state: apiTokenState(k, core.clock.now()),
      })),
    ),
    sessions: tenants.flatMap((t) => {
      // One pass over the refresh tokens, not one per session: the dashboard polls this after every login.
      const refreshBySession = new Map<
        string,
        Array<{ token: string; expiresAt: string; revokedAt: string | null }>
      >()
      for (const r of t.refreshTokens.all()) {
        const list = refreshBySession.get(r.sessionId) ?? []
        list.push({ token: r.id, expiresAt: r.expiresAt, revokedAt: r.revokedAt })
        refreshBySession.set(r.sessionId, list)
      }
      return t.sessions.all().map((s) => ({
        tenant: s.tenant,
        id: s.id,
        user: t.users.get(s.userId)?.email ?? null,
        createdAt: s.createdAt,
        refreshTokens: refreshBySession.get(s.id) ?? [],
      }))
    }),
    otps: listOtps(core),
    contactHashes: tenants.flatMap((t) =>
      t.eventAttends.all().map((a) => ({
        tenant: a.tenant,
        eventAttendId: a.id,
        // The event's uuid: the id its paths and magic links use.
        eventId: t.events.get(a.event)?.uuid ?? null,
        /** The magic link into your front end (`--app-url`); null when links point at the sandbox itself. */
        appLink: appLinkOf(core, t, a),
        contact:
          (a.external === null ? undefined : t.contacts.get(a.external)?.email) ??
          (a.user === null ? undefined : t.users.get(a.user)?.email) ??
          null,
        hash: a.hash,
        statusRsvp: a.statusRsvp,
        statusRegistration: a.statusRegistration,
      })),
    ),
    oauthApps: listOAuthApps(core),
    outbox: core.outbox.list(),
    activity: workflowActivity(core),
    scenarios: core.scenarios.active(),
    clock: core.clock.toJSON(),
  }
}

/**
 * What the workflows did (issues 25 and 26: payments, checkouts, invoices, ticket holds, tickets, votes, ballots,
 * newsletter sends, and the docs' forms the API accepted), newest first, from the feed's ring of state changes:
 * the dashboard's Activity pane.
 */
const WORKFLOW_KINDS = /^(payment|checkout|invoice|hold|ticket|vote|ballot|newsletter|docs)\./

function workflowActivity(core: SandboxCore) {
  return core.feed
    .changes()
    .filter((c) => WORKFLOW_KINDS.test(c.kind))
    .reverse()
}

/** `X-Sandbox-Pid` where there is a process (not in a browser's service worker). */
function pidHeader(): Record<string, string> {
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid
  return typeof pid === 'number' ? { 'X-Sandbox-Pid': String(pid) } : {}
}

/** The filters of `GET /__sandbox/outbox` and `outbox.list()`, of `GET /__sandbox/otp` and `otp.latest()`. */
export const OUTBOX_FILTER = ['to', 'tenant', 'kind']
export const OTP_FILTER = ['tenant', 'purpose']

function queryFilter(query: URLSearchParams, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.flatMap((key) => (query.has(key) ? [[key, query.get(key)!]] : [])))
}

/** `GET /__sandbox/otp` and the test API's `otp.latest()`: the newest pending code, or a 404 that says what to do. */
export function requirePendingOtp(
  core: SandboxCore,
  email: string,
  filter: { tenant?: string; purpose?: string } = {},
) {
  const otp = latestPendingOtp(core, email, filter)
  if (!otp) notFound(`No pending code for "${email}": request one with POST /api/v1/request-login-otp first.`)
  return otp
}

/**
 * `POST /__sandbox/api-tokens` and the test API's `tokens.mint()`: an Api-Token for any seeded user, no login.
 * The tenant is `body.tenant`, else the host's, else the default tenant; the owner defaults to its admin. `where`
 * names the caller in the 400 for an unknown key (`{"readOnly": true}` must not mint a read/write token).
 */
export async function mintControlApiToken(
  core: SandboxCore,
  body: Record<string, unknown>,
  hostTenant?: string,
  where = `the body of POST ${P}/api-tokens`,
) {
  const values = validateBody(
    {
      tenant: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      isReadOnly: { type: 'boolean' },
      expiresAt: { type: 'string', nullable: true, format: 'datetime' },
    },
    body,
    false,
    where,
  )
  const { t, user: owner } = controlUser(core, values, hostTenant, false)
  const slug = t.tenant.slug
  const token = await mintApiToken(core, t, owner, values as MintApiTokenInput)
  return {
    tenant: slug,
    id: token.id,
    name: token.name,
    token: token.token,
    owner: owner.email,
    isReadOnly: token.isReadOnly,
    expiresAt: token.expiresAt,
  }
}

export interface ControlHooks {
  reset(): Promise<void>
}

export function controlRoutes(hooks: ControlHooks): Route[] {
  return [
    // The pid lets a second `npx orgo-sandbox` on the same port name the process holding it (mocks/port-probe.ts).
    controlRoute.get(`${P}/health`, () => json({ ok: true }, 200, pidHeader())),
    controlRoute.get(`${P}/state`, (ctx) => json(snapshotState(ctx.core))),
    // The request journal (issue 27), oldest first: each request in full. `?limit=N`: the newest N only;
    // `method`, `path` (a glob), `status` (404 or 4xx), `tenant`, `since` (ISO time) narrow it.
    controlRoute.get(
      `${P}/requests`,
      (ctx) => json(readJournal(ctx.core.feed, queryFilter(ctx.req.query, JOURNAL_FILTER))),
      { query: JOURNAL_FILTER },
    ),
    // SPEC 10: an OAuth app without the admin pages; the answer shows its client_secret.
    controlRoute.post(`${P}/oauth-apps`, mintOAuthApp),
    // SPEC 10: mails sent (OTPs, magic links), oldest first; `?to=`, `?tenant=`, `?kind=` narrow the list.
    controlRoute.get(
      `${P}/outbox`,
      (ctx) => json(ctx.core.outbox.list(queryFilter(ctx.req.query, OUTBOX_FILTER))),
      { query: OUTBOX_FILTER },
    ),
    // SPEC 10: the latest pending code of an email (`?tenant=`, `?purpose=login|password-reset` narrow it).
    controlRoute.get(
      `${P}/otp`,
      (ctx) => {
        const email = ctx.req.query.get('email')
        if (!email) badRequest('Add the email whose code you want: /__sandbox/otp?email=member@acme.test')
        return json(requirePendingOtp(ctx.core, email, queryFilter(ctx.req.query, OTP_FILTER)))
      },
      { query: ['email', ...OTP_FILTER] },
    ),
    controlRoute.post(
      `${P}/reset`,
      async () => {
        await hooks.reset()
        return noContent()
      },
      { body: 'none' },
    ),
    // Mint an Api-Token without logging in: `{tenant?, email?, name?, isReadOnly?, expiresAt?}`.
    controlRoute.post(`${P}/api-tokens`, async (ctx) => {
      const body = await readJsonObject(ctx.req, JSON_TYPES)
      return json(
        await mintControlApiToken(ctx.core, body, ctx.host.kind === 'tenant' ? ctx.host.slug : undefined),
        201,
      )
    }),
  ]
}
