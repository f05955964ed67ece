import {
  apiTokenSchema,
  contactSchema,
  eventAttendSchema,
  eventSchema,
  otpCodeSchema,
  formSchema,
  formSubmissionSchema,
  groupSchema,
  refreshTokenSchema,
  sessionSchema,
  userSchema,
  type ApiToken,
  type Contact,
  type Event,
  type EventAttend,
  type Form,
  type FormSubmission,
  type Group,
  type OtpCode,
  type RefreshToken,
  type Session,
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
  slug: string
  name: string
  settings: TenantSettings
}

/** One tenant's data. Tenants never share a table, so a lookup can never cross tenants by accident. */
export interface TenantDb {
  tenant: Tenant
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
}

export function createTenantDb(tenant: Tenant): TenantDb {
  return {
    tenant,
    users: new Table(userSchema, ['email'], ['email']),
    contacts: new Table(contactSchema, ['email'], ['email']),
    events: new Table(eventSchema),
    eventAttends: new Table(eventAttendSchema, ['hash']),
    groups: new Table(groupSchema),
    forms: new Table(formSchema),
    formSubmissions: new Table(formSubmissionSchema),
    apiTokens: new Table(apiTokenSchema, ['token']),
    sessions: new Table(sessionSchema),
    refreshTokens: new Table(refreshTokenSchema),
    oauthApps: new Table(oauthAppSchema, ['clientId']),
    oauthFlows: new Table(oauthFlowSchema),
    oauthCodes: new Table(oauthCodeSchema),
    oauthTokens: new Table(oauthTokenSchema),
    otpCodes: new Table(otpCodeSchema),
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
