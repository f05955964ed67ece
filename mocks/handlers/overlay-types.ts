import type { Principal } from '../auth/principal.ts'
import type { SandboxResponse } from '../http/types.ts'
import type { Operation } from '../operations/index.ts'
import type { SchemaTable } from '../schema/store.ts'
import type { QueryResult, Records, StoredRecord } from '../schema/types.ts'
import type { ResourceSpec, SpecOperation } from '../spec/types.ts'
import type { RouteContext } from './route.ts'
import type { Access } from './schema-access.ts'

// The shapes of the schema engine's overlays (issue 23: "resources as data with small hand-written overlays";
// issue 25: the workflows of mocks/workflows/), apart from the registry that merges them (schema-overlays.ts), so a
// workflow depends on these types and never on the registry that lists it.

/** What a create or update does besides the spec's: the body's other spellings, checks, and what follows. */
export interface WriteOverlay {
  /** The body as the engine validates it (a doc spelling turned into the spec's); throws a 422 to refuse it. */
  body?(body: Record<string, unknown>, ctx: RouteContext): Record<string, unknown>
  /** A record a create writes over instead of making one (Orgo's upsert of a subscription by URL). */
  existing?(values: Record<string, unknown>, table: SchemaTable): StoredRecord | undefined
  /**
   * The validated values before they are stored: the server's own fields set (a status, a hash), or a refusal
   * thrown (a duplicate's 409). `current` is the record an update writes over.
   */
  values?(
    values: Record<string, unknown>,
    call: { ctx: RouteContext; principal: Principal | undefined; current?: StoredRecord },
  ): Record<string, unknown>
  /** What follows the stored write (a mail, a related record): `previous` is the record an update replaced. */
  after?(
    record: StoredRecord,
    call: { ctx: RouteContext; principal: Principal | undefined; previous?: StoredRecord },
  ): void
}

/** A custom operation on one record whose answer is its own (a subscription's test delivery, its logs). */
export type ActionOverlay = (
  ctx: RouteContext,
  record: StoredRecord,
  body: Record<string, unknown> | undefined,
  principal: Principal | undefined,
) => Promise<SandboxResponse> | SandboxResponse

/** What the engine lends an operation that answers for itself in full (`OperationOverlay`). */
export interface OperationCall {
  ctx: RouteContext
  op: Operation
  spec: ResourceSpec
  specOp: SpecOperation
  principal: Principal | undefined
  records: Records
  /** The spec's answer for the operation: a record or a page in the shape of the status (its first 2xx). */
  answer(payload: StoredRecord | QueryResult | undefined, status?: string): SandboxResponse
  /** The rules of schema-access.ts for an access to the resource (and the record, once found). */
  admit(access: Access, record?: StoredRecord): void
  /** The record the path names (404 when none). */
  record(): StoredRecord
  /** The body, read as the spec's operation reads it (415/400), or undefined for a body-less one. */
  body(): Promise<Record<string, unknown> | undefined>
  /** The record merge-patched with the body, as the resource's PATCH writes it (its write overlay included). */
  update(record: StoredRecord): Promise<StoredRecord>
  /** A record made from the body, as the resource's POST makes it (validation, defaults, its write overlay). */
  create(): Promise<StoredRecord>
  /** The page of the resource's records the query asks for, as its list answers it (filters, order, scope). */
  page(): QueryResult
}

/** An operation whose whole behaviour is hand-written (a state transition, a bulk action, a "my" list). */
export type OperationOverlay = (call: OperationCall) => Promise<SandboxResponse> | SandboxResponse

/** One flow's overlays (mocks/workflows/): by operationId, or by resource for a delete. */
export interface Workflow {
  writes?: Readonly<Record<string, WriteOverlay>>
  actions?: Readonly<Record<string, ActionOverlay>>
  operations?: Readonly<Record<string, OperationOverlay>>
  /** Refuses a delete of a resource's record before it happens (a contract with signed instances: 409). */
  removeChecks?: Readonly<
    Record<string, (ctx: RouteContext, record: StoredRecord, principal: Principal | undefined) => void>
  >
  /** What goes with a deleted record of a resource (a subscription's delivery logs). */
  removes?: Readonly<Record<string, (ctx: RouteContext, record: StoredRecord) => void>>
}
