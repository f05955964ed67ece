import type { Principal } from '../auth/principal.ts'
import { forbidden, notFound } from '../http/errors.ts'
import type { Operation } from '../operations/index.ts'
import { resourceAt } from '../resources/index.ts'
import { labelOf } from '../resources/rules.ts'
import type { OperationName, ResourceDef, Row } from '../resources/types.ts'
import type { StoredRecord } from '../schema/types.ts'
import { assertMayShowRecord, assertMayWriteRecord, assertStated, assertUser } from './generic-rules.ts'
import { shapeOf } from './generic-shape.ts'
import { readContext } from './resources.ts'
import type { RouteContext } from './route.ts'

// Who may do what through the schema engine: one rule set for a record whichever operation reaches it (STYLE "two
// paths to one record are two rule sets: the bugs live in the gap"; findings-3 N2 and N4), in API Platform's
// order: the credential (401, checked by the route), the record (404: its ReadListener runs first), then the
// permissions (403: the operation's stated one, then the hand-written resource's rule for the record).

/** What an operation does to the records of its resource, as the rules name it. */
export type Access = Exclude<OperationName, 'list'> | 'list'

/**
 * The permissions of an operation on `resource`, once the record it acts on (if any) is found. A hand-written
 * resource's scope for the operation (`public_events`: published public events) hides a record outside it (404);
 * its rule for the access decides; a write its definition has no rule for needs what the spec states.
 */
export function admit(
  ctx: RouteContext,
  op: Operation,
  principal: Principal | undefined,
  resource: string | undefined,
  access: Access,
  record?: StoredRecord,
): void {
  const def = resource === undefined ? undefined : resourceAt(resource)
  const scope = def?.scopes?.[op.operationId]
  if (record && scope && !scope(record as never, principal)) notFound()
  // A public operation called without a credential: its scope, if any, is all that narrows it.
  if (!principal) return
  if (def) return admitModelled(ctx, op, principal, def, access, record)
  assertUser(principal, op)
  assertStated(principal, op)
  if (!record || resource === undefined) return
  const shape = shapeOf(op)
  if (access === 'update' || access === 'delete') assertMayWriteRecord(principal, op, resource)
  else if (shape.kind === 'item' || shape.kind === 'action') assertMayShowRecord(principal, op, shape)
}

/**
 * A hand-written resource's record: its own rule for the access (an attendance is its attendee's, an OTP JWT of
 * another tenant reads its own contact's only), after what the operation states. A write it has no rule for
 * (reference data: `PATCH /api/v1/units/{id}`) needs the permission the spec states for the resource's writes.
 */
function admitModelled(
  ctx: RouteContext,
  op: Operation,
  principal: Principal,
  def: ResourceDef<Row>,
  access: Access,
  record: StoredRecord | undefined,
): void {
  assertStated(principal, op)
  const rule = def.operations[access] ?? (access === 'read' ? undefined : def.writes)
  if (rule) {
    if (!rule({ principal, record, read: readContext(ctx) }))
      forbidden(`${def.type} ${access} needs ${labelOf(rule as never)}, which ${principal.label} lacks`)
    return
  }
  if (access === 'update' || access === 'delete' || access === 'create') {
    if (!op.permissions) assertMayWriteRecord(principal, op, def.path)
    return
  }
  // A read the definition leaves to the engine (reference data): any user of this tenant.
  assertUser(principal, op)
}
