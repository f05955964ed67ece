import type { TenantDb } from '../db/database.ts'
import type { Permission, User } from '../db/schema.ts'
import type { Row } from '../resources/types.ts'
import { writeCount } from '../db/write-counter.ts'
import { parsePermission, type Domain } from './permission-catalog.ts'
import { hasPermission } from './permissions.ts'

// What a user may do, as Orgo's guard reads it (manage-local-centers-and-permissions, step 3 and 5): the permission
// constants of each role its user_roles assign, scoped by the assignment's unit. "Revocation takes effect on the
// next request that re-evaluates permissions": every request re-reads them (cached only until the next write).

interface Assignment extends Row {
  user?: number | null
  role?: number | null
  unit?: number | null
  dateEnded?: string | null
}

interface RoleRecord extends Row {
  permissions?: unknown
}

interface CenterRecord extends Row {
  parent?: number | null
}

const effective = new WeakMap<User, { version: number; user: User }>()

/**
 * The user with the permissions its assignments grant added to those stored on it (the seed's and a db.json's are
 * standing grants). Until the tenant's user_roles are touched, their seed mirrors the stored ones, so nothing is
 * read (and Orgo's spec is not loaded at start-up for it). The same object while nothing was written, so answers
 * cached per user record (`/me`) stay cached.
 */
export function withGrants(t: TenantDb, user: User, now: number): User {
  const version = writeCount()
  const hit = effective.get(user)
  if (hit?.version === version) return hit.user
  const granted =
    t.schema.has('user_roles') || t.schemaLoaded.has('user_roles') ? grantsOf(t, user.id, now) : []
  const next = granted.length ? { ...user, permissions: merged(user.permissions, granted) } : user
  effective.set(user, { version, user: next })
  return next
}

/** The permissions a user's current assignments grant (an assignment whose `dateEnded` has passed grants none). */
export function grantsOf(t: TenantDb, userId: number, now: number): Permission[] {
  const { rows, role } = sources(t, userId)
  const out: Permission[] = []
  for (const a of rows) {
    if (!a || (a.dateEnded && Date.parse(a.dateEnded) <= now)) continue
    const names = a.role == null ? [] : (role(a.role)?.permissions ?? [])
    const center = centerOfUnit(t, a.unit ?? null)
    for (const name of Array.isArray(names) ? names : []) {
      const parsed = parsePermission(name)
      if (!parsed) continue
      if (parsed.scope === 'TENANT') out.push({ ...parsed, localCenter: null })
      // A local scope without a center to scope it to grants nothing: Orgo scopes it "at assignment time".
      else if (center !== null)
        out.push(
          parsed.scope === 'PARENT_LOCAL'
            ? { ...parsed, localCenter: center, covers: underneath(t, center) }
            : { ...parsed, localCenter: center },
        )
    }
  }
  return out
}

/**
 * A user's assignments and the roles they name: from the engine's tables once it has made them, else as a `--db`
 * file or a snapshot left them (read in place: making the tables would load Orgo's spec for a credential check).
 */
function sources(t: TenantDb, userId: number) {
  const assignments = t.open?.('user_roles')
  const roles = t.open?.('roles')
  if (assignments && roles) {
    const ids = assignments.idsWhere('user' as never, userId)
    const rows = ids
      ? [...ids].map((id) => assignments.get(id as number) as Assignment | undefined)
      : (assignments.all() as Assignment[]).filter((a) => a.user === userId)
    return { rows, role: (id: number) => roles.get(id) as RoleRecord | undefined }
  }
  const loaded = (t.schemaLoaded.get('user_roles') ?? []) as Assignment[]
  const loadedRoles = (t.schemaLoaded.get('roles') ?? []) as RoleRecord[]
  return {
    rows: loaded.filter((a) => a.user === userId),
    role: (id: number) => loadedRoles.find((r) => r.id === id),
  }
}

/**
 * The local center a unit stands for: a local center's unit has its id (mocks/workflows/roles.ts keeps them
 * together); another unit (a project team) belongs to the center its `localCenter` names.
 */
export function centerOfUnit(t: TenantDb, unit: number | null): number | null {
  if (unit === null) return null
  if (t.localCenters.get(unit)) return unit
  const record = t.units.get(unit) as (Row & { localCenter?: number | null }) | undefined
  return record?.localCenter ?? null
}

/**
 * A center and every center under it, through `local_centers.parent` ("PARENT_LOCAL scope only cascades when the
 * parent relationship is set via local_centers.parent"). Guarded against a cycle a PATCH could make.
 */
export function underneath(t: TenantDb, center: number): number[] {
  const children = new Map<number, number[]>()
  for (const c of t.localCenters.all() as CenterRecord[]) {
    if (c.parent == null || c.parent === c.id) continue
    const list = children.get(c.parent)
    if (list) list.push(c.id)
    else children.set(c.parent, [c.id])
  }
  const seen = new Set<number>([center])
  const queue = [center]
  for (let at = queue.shift(); at !== undefined; at = queue.shift())
    for (const child of children.get(at) ?? []) {
      if (seen.has(child)) continue
      seen.add(child)
      queue.push(child)
    }
  return [...seen]
}

/** Users whose permissions reach a local center for a domain (the responsible HR admins of an adhesion). */
export function usersHolding(
  core: { clock: { now(): number } },
  t: TenantDb,
  domain: Domain,
  localCenter: number | null,
): User[] {
  const now = core.clock.now()
  return t.users.all().filter((u) => hasPermission(withGrants(t, u, now), [domain], localCenter))
}

/** Stored and granted, each (domain, scope, center) once. */
function merged(stored: readonly Permission[], granted: readonly Permission[]): Permission[] {
  const seen = new Set<string>()
  const out: Permission[] = []
  for (const p of [...stored, ...granted]) {
    const key = `${p.domain} ${p.scope} ${p.localCenter ?? ''}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(p)
  }
  return out
}
