import type { Principal } from '../auth/principal.ts'
import type { SandboxResponse } from '../http/types.ts'
import type { SchemaTable } from '../schema/store.ts'
import type { StoredRecord } from '../schema/types.ts'
import { SUBSCRIPTION_ACTIONS, SUBSCRIPTION_WRITES, subscriptionDeleted } from '../webhooks/subscriptions.ts'
import type { RouteContext } from './route.ts'

// Behaviour of the schema engine's own resources, as small overlays on the spec's shape, validation and storage
// (issue 23: "resources as data with small hand-written overlays"), by operationId. Today: the webhook
// subscriptions of issue 24.

/** What a create or update does besides the spec's: the body's other spellings, and a create that updates. */
export interface WriteOverlay {
  /** The body as the engine validates it (a doc spelling turned into the spec's); throws a 422 to refuse it. */
  body?(body: Record<string, unknown>, ctx: RouteContext): Record<string, unknown>
  /** A record a create writes over instead of making one (Orgo's upsert of a subscription by URL). */
  existing?(values: Record<string, unknown>, table: SchemaTable): StoredRecord | undefined
}

/** A custom operation on one record whose answer is its own (a subscription's test delivery, its logs). */
export type ActionOverlay = (
  ctx: RouteContext,
  record: StoredRecord,
  body: Record<string, unknown> | undefined,
  principal: Principal | undefined,
) => Promise<SandboxResponse> | SandboxResponse

export const WRITE_OVERLAYS: Readonly<Record<string, WriteOverlay>> = { ...SUBSCRIPTION_WRITES }

export const ACTION_OVERLAYS: Readonly<Record<string, ActionOverlay>> = { ...SUBSCRIPTION_ACTIONS }

/** What goes with a deleted record of a resource (a subscription's delivery logs). */
export const DELETE_OVERLAYS: Readonly<Record<string, (ctx: RouteContext, record: StoredRecord) => void>> = {
  webhook_subscriptions: subscriptionDeleted,
}
