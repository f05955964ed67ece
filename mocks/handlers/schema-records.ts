import type { Principal } from '../auth/principal.ts'
import { isoDate } from '../resources/fields.ts'
import { resourceAt, sequenceOf } from '../resources/index.ts'
import type { ResourceDef, Row } from '../resources/types.ts'
import type { Operation } from '../operations/index.ts'
import { queryRecords } from '../schema/query.ts'
import { recordsOf, schemaTable } from '../schema/store.ts'
import type { QueryResult, StoredRecord } from '../schema/types.ts'
import { validateWrite } from '../schema/validate.ts'
import { classProperties } from '../spec/index.ts'
import type { ResourceSpec, SpecOperation } from '../spec/types.ts'
import { assertRecordFits, assertRoom } from './record-budget.ts'
import { readBody } from './schema-body.ts'
import { DELETE_OVERLAYS, REMOVE_CHECKS, WRITE_OVERLAYS } from './schema-overlays.ts'
import { ownTest } from './schema-own.ts'
import { readContext, writeContext } from './resources.ts'
import type { RouteContext } from './route.ts'

// The schema engine's reads and writes of one resource's records (issue 23 items 4 and 5): one table per resource
// and tenant, a hand-written resource's own included, so every operation on a resource sees the same records.
// A hand-written resource's overlays hold here too: what a caller may see of a list (`visibleTo`, an operation's
// scope), the checks of a write (`beforeWrite`) and the record a create makes (`create`).

/** A page of the resource's records after the operation's filters, as the caller may see them. */
export function pageOf(
  ctx: RouteContext,
  op: Operation,
  spec: ResourceSpec,
  principal: Principal | undefined,
): QueryResult {
  const records = recordsOf(ctx.core, ctx.tenant)
  const table = schemaTable(ctx.core, ctx.tenant, spec)
  const def = resourceAt(spec.name)
  if (!def)
    return queryRecords(spec, table, ctx.req.query, records, ownTest(op.operationId, principal, records))
  const scope = def.scopes?.[op.operationId]
  const visible = principal && def.visibleTo?.({ principal, read: readContext(ctx) })
  const shows =
    scope || visible
      ? (row: StoredRecord) =>
          (!scope || scope(row as never, principal)) && (!visible || visible(row as never))
      : undefined
  const result = queryRecords(spec, table, ctx.req.query, records, shows)
  // A hand-written record as its own answers show it: with its computed fields (`fullName` of a user).
  return { ...result, rows: result.rows.map((row) => records.get(spec.name, row.id) ?? row) }
}

/** Gedmo's Timestampable, as Orgo's entities use it: the server stamps a new record's creation and update. */
const STAMPED = ['dateCreated', 'createdAt', 'dateUpdated', 'updatedAt']

/** A POST's record: the body validated against its schema, stored in the resource's table, its key fresh. */
export async function createRecord(
  ctx: RouteContext,
  spec: ResourceSpec,
  op: SpecOperation,
  principal: Principal | undefined,
): Promise<StoredRecord> {
  const records = recordsOf(ctx.core, ctx.tenant)
  const table = schemaTable(ctx.core, ctx.tenant, spec)
  const overlay = WRITE_OVERLAYS[op.operationId]
  const body = (await readBody(ctx, op)) ?? {}
  const valid = validateWrite(op, overlay?.body?.(body, ctx) ?? body, 'create', records)
  const existing = overlay?.existing?.(valid, table)
  const values = overlay?.values?.(valid, { ctx, principal, current: existing }) ?? valid
  if (existing) {
    const next = updated(ctx, spec, existing, values)
    overlay?.after?.(next, { ctx, principal, previous: existing })
    return latest(table, next)
  }
  assertRoom(spec.name, table.count())
  const def = resourceAt(spec.name)
  const w = def && principal && writeContext(ctx, principal)
  if (def && w) def.beforeWrite?.(values, w)
  const made = def?.create && w ? ((await def.create(values, w)) as unknown as StoredRecord) : undefined
  const record: StoredRecord = made ?? {
    ...values,
    id: ctx.core.db.ids.next(def ? sequenceOf(def.path) : spec.name),
    tenant: ctx.tenant.tenant.slug,
  }
  const now = isoDate(ctx.core.clock.now())
  for (const name of STAMPED)
    if (classProperties(spec.type).has(name) && record[name] == null) record[name] = now
  // A new record's key other than its id is a fresh secret-grade value (findings-3 N1).
  if (spec.key === 'uuid' && !made) record.uuid = ctx.core.random.uuid()
  else if (spec.key === 'hash' && !made) record.hash = ctx.core.random.hex(32)
  const stored = table.insertNow(assertRecordFits(record))
  overlay?.after?.(stored, { ctx, principal })
  return latest(table, stored)
}

/** The record as its table holds it now: what follows a write (an overlay's `after`) may have written it again. */
const latest = (table: { get(id: number): StoredRecord | undefined }, record: StoredRecord) =>
  table.get(record.id) ?? record

/**
 * A PATCH (RFC 7396 merge) or PUT (API Platform 3 replaces the resource: fields left out are gone) of a record,
 * validated against the body schema, after the hand-written resource's own checks.
 */
export async function writeRecord(
  ctx: RouteContext,
  spec: ResourceSpec,
  op: SpecOperation,
  record: StoredRecord,
  mode: 'update' | 'replace',
  principal: Principal | undefined,
): Promise<StoredRecord> {
  const records = recordsOf(ctx.core, ctx.tenant)
  const given = (await readBody(ctx, op)) ?? {}
  const overlay = WRITE_OVERLAYS[op.operationId]
  const body = overlay?.body?.(given, ctx) ?? given
  const valid = validateWrite(op, body, mode, records, record)
  const values = overlay?.values?.(valid, { ctx, principal, current: record }) ?? valid
  const def = resourceAt(spec.name)
  if (def && principal) def.beforeWrite?.(values, writeContext(ctx, principal), record as Row)
  // The path's key names the record: a body never moves it to another address.
  delete values[spec.key]
  const base =
    mode === 'replace' ? kept(record, spec.writes.replace?.writable ?? [], spec.key) : { ...record }
  const next = assertRecordFits({ ...base, ...values, id: record.id, tenant: record.tenant })
  const stored = schemaTable(ctx.core, ctx.tenant, spec).updateNow(record, (draft) => {
    for (const name of Object.keys(draft)) delete draft[name]
    Object.assign(draft, next)
  })
  overlay?.after?.(stored, { ctx, principal, previous: record })
  return latest(schemaTable(ctx.core, ctx.tenant, spec), stored)
}

/** A create that writes over an existing record (an overlay's upsert): its values merged, stamped updated. */
function updated(
  ctx: RouteContext,
  spec: ResourceSpec,
  record: StoredRecord,
  values: Record<string, unknown>,
): StoredRecord {
  const now = isoDate(ctx.core.clock.now())
  return schemaTable(ctx.core, ctx.tenant, spec).updateNow(record, (draft) => {
    Object.assign(draft, values, { id: record.id, tenant: record.tenant })
    for (const name of ['dateUpdated', 'updatedAt'])
      if (classProperties(spec.type).has(name)) draft[name] = now
  })
}

/**
 * What a PUT keeps of the record it replaces: everything its body cannot write (the identity, the key, the
 * server's timestamps and read-only fields); the writable fields it leaves out are gone.
 */
const kept = (record: StoredRecord, writable: readonly string[], key: string) =>
  Object.fromEntries(
    Object.entries(record).filter(([name]) => name === key || !writable.includes(name)),
  ) as StoredRecord

/** Deletes a record, and what hangs on a hand-written one (its definition's `afterDelete`). */
export function removeRecord(
  ctx: RouteContext,
  spec: ResourceSpec,
  record: StoredRecord,
  principal: Principal | undefined,
): void {
  REMOVE_CHECKS[spec.name]?.(ctx, record, principal)
  schemaTable(ctx.core, ctx.tenant, spec).delete(record)
  DELETE_OVERLAYS[spec.name]?.(ctx, record)
  const def: ResourceDef<Row> | undefined = resourceAt(spec.name)
  if (def && principal) def.afterDelete?.(record as Row, writeContext(ctx, principal))
}
