import { holdsNamed } from '../auth/permissions.ts'
import type { Principal } from '../auth/principal.ts'
import { forbidden } from '../http/errors.ts'
import { OPERATIONS, type Operation } from '../operations/index.ts'
import { API } from '../resources/engine/serialize.ts'
import type { OperationName } from '../resources/types.ts'
import { shapeOf, type RecordShape } from './generic-shape.ts'

// One record, one rule set, whichever operation of the index reaches it (STYLE "two paths to one record are two
// rule sets: the bugs live in the gap"; findings-3 N2, N4).

/** Whether the operation changes the record itself: an item's PATCH, PUT or DELETE (never an action). */
export const writesRecord = (op: Operation, shape: RecordShape) =>
  shape.kind === 'item' && op.method !== 'GET' && op.method !== 'POST'

/**
 * The rule of a modelled resource (mocks/resources/) that an operation on one of its records answers to: the
 * item's PATCH or DELETE for a write of the record; `read` for anything else, which only shows the record (a
 * custom action writes nothing: the index knows no field of its body).
 */
export function recordRule(op: Operation, shape: RecordShape): OperationName {
  if (!writesRecord(op, shape)) return 'read'
  return op.method === 'DELETE' ? 'delete' : 'update'
}

/** What the index states of one collection's records. */
interface Stated {
  /** The permission its item GET (`/api/v1/<name>/{key}`) states, if any. */
  read?: readonly string[]
  /** Each distinct permission its creates and item writes state (any one of a list will do). */
  writes: (readonly string[])[]
}

let stated: Map<string, Stated> | undefined

function statedOf(name: string): Stated {
  if (!stated) {
    stated = new Map()
    for (const op of OPERATIONS) {
      const shape = shapeOf(op)
      let entry = stated.get(shape.name)
      if (!entry) stated.set(shape.name, (entry = { writes: [] }))
      const isItem = shape.kind === 'item'
      if (isItem && op.method === 'GET' && op.path === `${API}/${shape.name}/:${shape.param}`)
        entry.read = op.permissions
      const writes = shape.kind === 'create' || (isItem && writesRecord(op, shape))
      const key = op.permissions?.join(' or ')
      if (writes && op.permissions && !entry.writes.some((w) => w.join(' or ') === key))
        entry.writes.push(op.permissions)
    }
  }
  return stated.get(name) ?? { writes: [] }
}

/**
 * A generic collection's record writes: an operation that states its own permission keeps it (the guard checked
 * it); one that states none needs every permission its siblings state for writing, so a DELETE without a stated
 * permission cannot delete what the PATCH protects (`custom_fields`: the PATCH needs ADMIN_TENANT).
 */
export function assertMayWriteRecord(principal: Principal | undefined, op: Operation, name: string): void {
  if (op.permissions) return
  for (const needed of statedOf(name).writes)
    if (!principal?.user || !holdsNamed(principal.user, needed))
      forbidden(`${op.operationId} writes ${name}, whose writes need ${needed.join(' or ')}`)
}

/**
 * A custom action answers the record it acts on: one that states no permission shows it only to whom the item
 * GET shows it. An item path (`/api/v1/widgets/public/{uuid}`) is a read of its own, with its own statement.
 */
export function assertMayShowRecord(
  principal: Principal | undefined,
  op: Operation,
  shape: RecordShape,
): void {
  if (op.permissions || shape.kind !== 'action' || !principal) return
  const needed = statedOf(shape.name).read
  if (needed && !(principal.user && holdsNamed(principal.user, needed)))
    forbidden(`${op.operationId} shows a ${shape.name} record, whose GET needs ${needed.join(' or ')}`)
}

/** The permission the operation's description states (`Requires ADMIN_TENANT permission.`): 403 without it. */
export function assertStated(principal: Principal, op: Operation): void {
  if (op.permissions && !(principal.user && holdsNamed(principal.user, op.permissions)))
    forbidden(`${op.operationId} needs ${op.permissions.join(' or ')}, which ${principal.label} lacks`)
}

/**
 * Only a user of this tenant reaches a record that no resource rule guards: an OTP JWT of another tenant (no
 * `user` here) is let through on attendance paths for its own attendance only (Orgo Authentication page).
 */
export function assertUser(principal: Principal, op: Operation): void {
  if (!principal.user) forbidden(`${op.operationId} needs a user of this tenant; ${principal.label} is none`)
}
