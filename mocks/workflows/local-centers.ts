import type { RouteContext } from '../handlers/route.ts'
import type { Workflow } from '../handlers/overlay-types.ts'
import { conflict } from '../http/errors.ts'
import type { StoredRecord } from '../schema/types.ts'
import { docsBody, type DocSpellings } from './doc-bodies.ts'
import { idOfIri, tableOf } from './tables.ts'

// Local centers and their units (manage-local-centers-and-permissions): "A LocalCenter is a kind of Unit ... for
// local-scope roles, the Unit is the LocalCenter itself". Each center made through the API gets its unit, with
// its id (units share the centers' id sequence: mocks/resources/reference.ts), kept in step on every write, so a
// user_role's `unit` names the center its permissions reach.

/** The center's unit, made or brought in step: its name, and its parent (the parent center's unit, same id). */
function unitFor(ctx: RouteContext, center: StoredRecord): void {
  const units = tableOf(ctx, 'units')
  const values = { name: center.name, localCenter: center.id, parent: center.parent ?? null }
  const unit = units.get(center.id)
  if (unit) units.updateNow(unit, (draft) => Object.assign(draft, values))
  else
    units.insertNow({
      id: center.id,
      tenant: center.tenant,
      ...values,
      status: 'ACTIVE',
      dateCreated: center.dateCreated ?? null,
      dateEnded: null,
      isRoleGroup: false,
      activeMemberCount: 0,
    })
}

/**
 * The docs' step 1 body (manage-local-centers-and-permissions) beside the spec's `LocalCenter-localCenter_write`:
 * its contact details have the spec's names, its description, country and public flag have none.
 */
const CENTER_SPELLINGS: DocSpellings = {
  email: 'contactEmail',
  phone: 'contactPhone',
  address: 'officeAddress',
  description: null,
  country: null,
  isPublic: null,
}

/**
 * The docs' step 6 sets a parent with a center's IRI (`"parent": "/api/v1/local_centers/1"`); the spec's write
 * takes a Unit there. The center's unit has its id, so the docs' IRI names the same record: accepted, and said.
 */
function parentAsUnit(given: Record<string, unknown>, ctx: RouteContext): Record<string, unknown> {
  const body = docsBody(ctx, given, 'Local center', CENTER_SPELLINGS)
  const center = idOfIri(body.parent, 'local_centers')
  if (center === undefined) return body
  ctx.core.change(
    'docs.form',
    ctx.tenant.tenant.slug,
    `Local center parent given as /api/v1/local_centers/${center} (the docs' form); Orgo's spec takes the center's unit, /api/v1/units/${center}`,
  )
  return { ...body, parent: `/api/v1/units/${center}` }
}

/**
 * "Local centers with active members ... cannot be deleted. Reassign members to another center first" (the docs'
 * gotchas): a 409 while any user of the tenant has the center as theirs.
 */
function assertEmpty(ctx: RouteContext, center: StoredRecord): void {
  const members = ctx.tenant.users.all().filter((u) => u.localCenter === center.id).length
  if (members)
    conflict(
      `Local center ${center.id} has ${members} member${members === 1 ? '' : 's'}: reassign them to another center (PATCH /api/v1/users/{id} with "localCenter") before deleting it.`,
    )
}

export const LOCAL_CENTER_WRITES: Workflow = {
  writes: {
    api_local_centers_post: { body: parentAsUnit, after: (center, { ctx }) => unitFor(ctx, center) },
    api_local_centers_id_patch: { body: parentAsUnit, after: (center, { ctx }) => unitFor(ctx, center) },
  },
  removeChecks: { local_centers: assertEmpty },
  removes: {
    local_centers: (ctx, center) => {
      const unit = tableOf(ctx, 'units').get(center.id)
      if (unit) tableOf(ctx, 'units').delete(unit)
    },
  },
}
