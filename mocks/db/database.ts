import { recordSchema } from '../resources/engine/record-schema.ts'
import { RESOURCES } from '../resources/index.ts'
import type { Row } from '../resources/types.ts'
import {
  otpCodeSchema,
  refreshTokenSchema,
  sessionSchema,
  type ApiToken,
  type Contact,
  type Country,
  type Event,
  type EventAttend,
  type Form,
  type FormSubmission,
  type Group,
  type LocalCenter,
  type OtpCode,
  type RefreshToken,
  type Session,
  type Town,
  type Unit,
  type User,
} from './schema.ts'
import {
  oauthAppSchema,
  oauthCodeSchema,
  oauthFlowSchema,
  oauthTokenSchema,
  type OAuthApp,
  type OAuthCode,
  type OAuthFlow,
  type OAuthToken,
} from './oauth-schema.ts'
import type { Collections } from './collections.ts'
import { Table } from './table.ts'

/** A tenant slug is one DNS label: it is the subdomain the tenant answers on. */
export const TENANT_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

export interface TenantSettings {
  locale: string
  timezone: string
  currency: string
  primaryColor: string
}

export interface Tenant {
  /** The tenant's integer id (`/me` `tenant.id`). */
  id: number
  slug: string
  name: string
  settings: TenantSettings
}

/** One tenant's data. Tenants never share a table, so a lookup can never cross tenants by accident. */
export interface TenantDb {
  tenant: Tenant
  /** Every resource's table by its path under /api/v1 (`contacts`, `user-api-tokens`). */
  tables: ReadonlyMap<string, Table<Row>>
  localCenters: Table<LocalCenter>
  units: Table<Unit>
  countries: Table<Country>
  towns: Table<Town>
  users: Table<User>
  contacts: Table<Contact>
  events: Table<Event>
  eventAttends: Table<EventAttend>
  groups: Table<Group>
  forms: Table<Form>
  formSubmissions: Table<FormSubmission>
  apiTokens: Table<ApiToken>
  sessions: Table<Session>
  refreshTokens: Table<RefreshToken>
  oauthApps: Table<OAuthApp>
  oauthFlows: Table<OAuthFlow>
  oauthCodes: Table<OAuthCode>
  oauthTokens: Table<OAuthToken>
  otpCodes: Table<OtpCode>
  /** The tables of the resources the schema engine serves, made on each one's first touch (mocks/schema/store.ts). */
  schema: Map<string, Table<Row>>
  /** Their records as a `--db` file or a snapshot held them, taken by the store on the first touch. */
  schemaLoaded: Map<string, Row[]>
  /**
   * The ids a resource's seed will give its records, handed out before it is seeded: other resources' records
   * point at them without seeding it (mocks/schema/store.ts), so a first touch does not seed a whole graph.
   */
  schemaReserved: Map<string, number[]>
  /**
   * Given each resource table once its seed or file records are in (the webhooks' observer, issue 24): set when
   * the tenant's start state is complete; the schema engine's store calls it for a table it makes later.
   */
  watch?: (resource: string, table: Table<Row>) => void
  /**
   * The schema engine's table of a resource, made (seeded or loaded) on demand: set by the engine's store once it is
   * loaded (mocks/schema/store.ts), so code outside the engine (the permission grants of mocks/auth/grants.ts) can
   * read its tables without loading Orgo's spec at start-up.
   */
  open?: (resource: string) => Table<Row> | undefined
}

export function createTenantDb(tenant: Tenant): TenantDb {
  const tables = new Map<string, Table<Row>>()
  for (const def of RESOURCES)
    tables.set(
      def.path,
      new Table(
        recordSchema(def),
        [...(def.unique ?? [])],
        [...(def.caseInsensitive ?? [])],
        // Every exact and boolean filter of the definition is answered from an index (issue 13: O(page)).
        Object.entries(def.filters)
          .filter(([name, kind]) => (kind === 'exact' || kind === 'boolean') && !name.includes('.'))
          .map(([name]) => name as never),
      ),
    )
  const table = <T>(path: string) => tables.get(path) as unknown as Table<T & { id: number }>
  return {
    tenant,
    tables,
    localCenters: table<LocalCenter>('local_centers'),
    units: table<Unit>('units'),
    countries: table<Country>('countries'),
    towns: table<Town>('towns'),
    users: table<User>('users'),
    contacts: table<Contact>('contacts'),
    events: table<Event>('events'),
    eventAttends: table<EventAttend>('event_attends'),
    groups: table<Group>('groups'),
    forms: table<Form>('forms'),
    formSubmissions: table<FormSubmission>('form_submissions'),
    apiTokens: table<ApiToken>('user-api-tokens'),
    sessions: new Table(sessionSchema),
    refreshTokens: new Table(refreshTokenSchema),
    oauthApps: new Table(oauthAppSchema, ['clientId']),
    oauthFlows: new Table(oauthFlowSchema),
    oauthCodes: new Table(oauthCodeSchema),
    oauthTokens: new Table(oauthTokenSchema),
    otpCodes: new Table(otpCodeSchema),
    schema: new Map(),
    schemaLoaded: new Map(),
    schemaReserved: new Map(),
  }
}

/** Integer ids shared by every tenant, so the same id never names two records (cross-tenant probes are real). */
export class IdSequence {
  #next = new Map<string, number>()

  next(kind: string): number {
    const id = this.#next.get(kind) ?? 1
    this.#next.set(kind, id + 1)
    return id
  }

  /** The next id of every kind, for snapshots and the `--db` file. */
  toJSON(): Record<string, number> {
    return Object.fromEntries(this.#next)
  }

  /** Never hands out an id below `next` (ids loaded from a snapshot or a file are taken). */
  reserve(kind: string, next: number): void {
    if (next > (this.#next.get(kind) ?? 1)) this.#next.set(kind, next)
  }
}

export interface Database {
  tenants: Map<string, TenantDb>
  ids: IdSequence
  /** `--db` collections the sandbox does not model, served by json-server's data layer. */
  collections?: Collections
}
