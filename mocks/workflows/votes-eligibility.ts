import { centerOfUnit, underneath } from '../auth/grants.ts'
import { hasPermission } from '../auth/permissions.ts'
import type { Principal } from '../auth/principal.ts'
import type { TenantDb } from '../db/database.ts'
import type { User } from '../db/schema.ts'
import { HttpError } from '../http/errors.ts'
import type { StoredRecord } from '../schema/types.ts'
import { collectionBallots } from './votes-state.ts'
import { nowIso, tableOf, type Place } from './tables.ts'

// Who may vote (run-a-board-election, "Eligible-voter count is lower than expected": "User.status == ACTIVE AND
// member of (unit OR child-units) AND isFeeActive"). A general collection's voters are read live, so a member who
// renews their fee can vote and a lapsed one cannot; a private one's (`isGeneral: false`: the spec's
// api_vote_users_post "Adds a user as an eligible voter in a private vote collection") are its vote_users.

/** The ids `parent` names: a stored relation is the related record's id (a faked one may be an object). */
const idOf = (value: unknown): number | undefined =>
  typeof value === 'number'
    ? value
    : typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'number'
      ? (value as { id: number }).id
      : undefined

/**
 * A unit and every unit under it: the units whose `parent` leads to it, and for a local center's unit (same id)
 * the centers under it through `local_centers.parent` (mocks/auth/grants.ts `underneath`). Guarded against cycles.
 */
export function unitsUnder(t: TenantDb, unit: number): Set<number> {
  const children = new Map<number, number[]>()
  for (const u of t.units.all()) {
    const parent = idOf((u as { parent?: unknown }).parent)
    if (parent === undefined || parent === u.id) continue
    children.set(parent, [...(children.get(parent) ?? []), u.id])
  }
  const seen = new Set<number>([unit])
  const queue = [unit]
  for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
    const below = [...(children.get(at) ?? []), ...(t.localCenters.get(at) ? underneath(t, at) : [])]
    for (const next of below)
      if (!seen.has(next)) {
        seen.add(next)
        queue.push(next)
      }
  }
  return seen
}

/** An active account (`status: ACTIVE`) whose membership fee is paid (`isFeeActive`). */
const paying = (user: User) =>
  user.status === 'ACTIVE' && (user as User & { isFeeActive?: unknown }).isFeeActive === true

/**
 * The members of some units: their local center is one of them, or an assignment in force (user_roles, issue 25)
 * names one. Without units (a collection for the whole organisation), every user.
 */
function membersOf(place: Place, units: Set<number> | undefined): Set<number> {
  const users = place.tenant.users.all()
  if (!units) return new Set(users.map((u) => u.id))
  const ids = new Set<number>()
  for (const user of users) if (user.localCenter !== null && units.has(user.localCenter)) ids.add(user.id)
  const now = place.core.clock.now()
  for (const role of tableOf(place, 'user_roles').all()) {
    const ended = typeof role.dateEnded === 'string' && Date.parse(role.dateEnded) <= now
    if (!ended && typeof role.user === 'number' && typeof role.unit === 'number' && units.has(role.unit))
      ids.add(role.user)
  }
  return ids
}

/** A collection's eligible voters list (vote_users), in id order. */
export function voterRows(place: Place, collectionId: number): StoredRecord[] {
  return tableOf(place, 'vote_users')
    .all()
    .filter((row) => row.voteCollection === collectionId)
}

/** The users who may vote in a collection now (not counting those who voted and lapsed since). */
export function eligibleIds(place: Place, collection: StoredRecord): Set<number> {
  const users = place.tenant.users
  if (collection.isGeneral === false) {
    const listed = voterRows(place, collection.id).map((row) => row.user)
    return new Set(
      listed.filter((id): id is number => typeof id === 'number' && users.get(id)?.status === 'ACTIVE'),
    )
  }
  const units = typeof collection.unit === 'number' ? unitsUnder(place.tenant, collection.unit) : undefined
  const ids = new Set<number>()
  for (const id of membersOf(place, units)) {
    const user = users.get(id)
    if (user && paying(user)) ids.add(id)
  }
  return ids
}

/** The users who voted in a collection (a ballot on any of its questions). */
export function voterIds(place: Place, collectionId: number): Set<number> {
  const ids = new Set<number>()
  for (const box of collectionBallots(place, collectionId))
    if (typeof box.user === 'number') ids.add(box.user)
  return ids
}

/** `totalEligible`: those who may vote and those who did (a voter who lapsed since still counts). */
export function eligibleCount(place: Place, collection: StoredRecord): number {
  const ids = eligibleIds(place, collection)
  for (const id of voterIds(place, collection.id)) ids.add(id)
  return ids.size
}

/**
 * A user's row in a collection's voters list, made when missing (a general collection's list is made at publish
 * and grows with members who became eligible since), `hasVoted` set when given.
 */
export function voterRow(
  place: Place,
  collectionId: number,
  userId: number,
  hasVoted?: boolean,
): StoredRecord {
  const table = tableOf(place, 'vote_users')
  const row = voterRows(place, collectionId).find((r) => r.user === userId)
  if (!row)
    return table.insertNow({
      id: place.core.db.ids.next('vote_users'),
      tenant: place.tenant.tenant.slug,
      voteCollection: collectionId,
      user: userId,
      vote: null,
      external: null,
      alias: null,
      hasVoted: hasVoted ?? false,
      dateCreated: nowIso(place),
    })
  if (hasVoted === undefined || row.hasVoted === hasVoted) return row
  return table.updateNow(row, (draft) => {
    draft.hasVoted = hasVoted
  })
}

/**
 * Who manages a collection (its questions, voters and transitions): its owner, or HR for its unit's local center
 * (the docs: "only HR_LOCAL and above can create vote collections"; the spec: "Requires ownership or HR_LOCAL").
 */
export function manages(
  place: Place,
  user: User | undefined,
  collection: Readonly<Record<string, unknown>>,
): boolean {
  if (!user) return false
  if (collection.owner === user.id) return true
  const center = typeof collection.unit === 'number' ? centerOfUnit(place.tenant, collection.unit) : null
  return hasPermission(user, ['HR'], center)
}

/** A 403 for a caller who does not manage the collection. */
export function assertManages(
  place: Place,
  principal: Principal | undefined,
  collection: StoredRecord,
  what: string,
): void {
  if (manages(place, principal?.user, collection)) return
  throw new HttpError(
    403,
    `${what} is for the owner of vote collection #${collection.id} or HR for its unit (HR_LOCAL and above).`,
    { reason: `${principal?.label ?? 'anonymous'} does not manage vote collection #${collection.id}` },
  )
}
