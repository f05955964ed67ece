import type { TokenResponse } from './auth/oauth-tokens.ts'
import type { TokenPair } from './auth/sessions.ts'
import type { ClockState } from './clock.ts'
import { moveClock } from './handlers/clock.ts'
import { mintControlOAuthToken, startControlSession } from './handlers/control-credentials.ts'
import { endpointLister, type EndpointFilter } from './handlers/control-endpoints.ts'
import { requireSnapshot } from './handlers/control-snapshots.ts'
import { resendDeliveries, type ResendFilter } from './handlers/control-webhooks.ts'
import { FetchRequest, toResponse } from './msw-handlers.ts'
import { createRouteIndex } from './route-index.ts'
import type { Sandbox } from './sandbox.ts'
import type { SnapshotInfo } from './snapshots.ts'
import type { Delivery } from './webhooks/types.ts'

// Issue 27 item 4: the control API's calls that the first test API lacked, each over the function its endpoint
// calls (mocks/handlers/control-*.ts), so a test gets the same answer and the same error as a curl would.
// test/test-api-parity.test.ts fails when a control route has no call here or in test-api.ts.

export interface SessionInput {
  /** Default: the default tenant (`acme`). */
  tenant?: string
  /** Required: a session for a typo must never be the admin's (issue 22). */
  email: string
}

export interface OAuthTokenInput extends SessionInput {
  /** Default: every scope of the app. */
  scopes?: string[]
  /** Default: the tenant's seeded app. */
  clientId?: string
}

export type EndpointList = ReturnType<ReturnType<typeof endpointLister>>

export interface ClockMove {
  set?: string
  advance?: string
  freeze?: boolean
}

/** What test-api.ts merges into `SandboxTestApi`. */
export interface ControlTestApi {
  readonly sessions: {
    /**
     * `POST /__sandbox/sessions`: the `{token, refresh_token}` pair a password login gives, without the login
     * page (send `Authorization: Bearer <token>`); an unknown email throws (404) naming the tenant's users.
     */
    create(input: SessionInput): Promise<TokenPair>
  }
  readonly oauthTokens: {
    /** `POST /__sandbox/oauth-tokens`: the token response a finished authorization code flow gives (RFC 6749 5.1). */
    create(input: OAuthTokenInput): Promise<TokenResponse>
  }
  readonly snapshots: {
    /** `POST /__sandbox/snapshots`: save every table of every tenant, the outbox and the clock. */
    take(name?: string): SnapshotInfo
    /** `GET /__sandbox/snapshots`. */
    list(): SnapshotInfo[]
    /** `POST /__sandbox/snapshots/{id}/restore`: an unknown id throws (404). */
    restore(id: number): Promise<SnapshotInfo>
    /** `DELETE /__sandbox/snapshots/{id}`: an unknown id throws (404). */
    delete(id: number): void
  }
  /** `GET /__sandbox/endpoints`: every operation of Orgo's index, how it is emulated, how often it was called. */
  endpoints(filter?: EndpointFilter): EndpointList
  /**
   * The emulated API as `fetch`, in this process: `sandbox.fetch('https://acme.orgo.space/api/v1/me', {headers})`.
   * For code that cannot be intercepted (a Playwright test body, whose `fetch` and `request` reach a network where
   * the tenant hosts resolve nowhere). A host the sandbox does not serve rejects, as an unresolved host would.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>
}

export type KeysOf = (value: object | undefined, allowed: readonly string[], where: string) => void

/** The clock's `GET` and combined `POST /__sandbox/clock` (the single moves are in test-api.ts). */
export function clockCalls(core: Sandbox, keysOf: KeysOf) {
  return {
    state: (): ClockState => core.clock.toJSON(),
    move(move: ClockMove): ClockState {
      keysOf(move, ['set', 'advance', 'freeze'], 'the move of clock.move()')
      return moveClock(core, { ...move })
    },
  }
}

/** `POST /__sandbox/webhooks/deliveries/resend`. */
export const resendAllCall =
  (core: Sandbox) =>
  (filter: ResendFilter & Record<string, unknown> = {}): Promise<Delivery[]> =>
    resendDeliveries(core, { ...filter }, 'the filter of webhooks.resendAll()')

export function createControlTestApi(core: Sandbox, keysOf: KeysOf): ControlTestApi {
  let match: ReturnType<typeof createRouteIndex> | undefined
  const list = endpointLister(() => core.routes)
  return {
    sessions: {
      create: (input) => startControlSession(core, { ...input }, undefined, 'sessions.create()'),
    },
    oauthTokens: {
      create: (input) => mintControlOAuthToken(core, { ...input }, undefined, 'oauthTokens.create()'),
    },
    snapshots: {
      take: (name) => core.snapshots.take(name),
      list: () => core.snapshots.list(),
      async restore(id) {
        // Checked first, as the endpoint does: restore() of an unknown id would answer undefined.
        return (await core.snapshots.restore(requireSnapshot(core.snapshots, String(id))))!
      },
      delete(id) {
        core.snapshots.delete(requireSnapshot(core.snapshots, String(id)))
      },
    },
    endpoints(filter) {
      keysOf(filter, ['emulation', 'called'], 'the filter of endpoints()')
      return list(filter)
    },
    async fetch(input, init) {
      const req = new FetchRequest(new Request(input, init))
      if (!core.serves(req.host)) {
        const served = [...core.db.tenants.keys()].map((slug) => `${slug}.orgo.space`).join(', ')
        throw new TypeError(`sandbox.fetch() answers the sandbox's hosts (${served}), not "${req.host}".`)
      }
      // The same route index and dispatch as the MSW handler (mocks/msw-handlers.ts), built on the first call.
      match ??= createRouteIndex(core.routes)
      return toResponse(await core.dispatch(req, match(req.method, req.path)))
    },
  }
}
