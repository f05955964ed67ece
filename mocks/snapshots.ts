import type { Clock } from './clock.ts'
import type { SandboxCore } from './core.ts'
import { dumpDatabase, loadDatabase, type DbJson } from './db/db-json.ts'
import { badRequest } from './http/errors.ts'
import type { Mail } from './outbox.ts'

/** A label, not a document (findings M3). */
export const MAX_SNAPSHOT_NAME_LENGTH = 200
/**
 * Each snapshot is a full copy of the database, so their number is capped (findings L8). Past the cap a new
 * one is refused with a 400 rather than the oldest dropped: a suite must never lose a saved state it holds.
 */
export const MAX_SNAPSHOTS = 50

export interface SnapshotInfo {
  id: number
  name: string
  createdAt: string
}

/** Saved states of the sandbox, in memory (`/__sandbox/snapshots`; docs/decisions/005). */
export interface Snapshots {
  take(name?: string): SnapshotInfo
  list(): SnapshotInfo[]
  /** Puts the saved state back; undefined for an unknown id. */
  restore(id: number): Promise<SnapshotInfo | undefined>
  delete(id: number): boolean
}

interface Snapshot extends SnapshotInfo {
  /** Every table of every tenant, the id sequences and the `--db` collections, in db.json form. */
  data: DbJson
  outbox: Mail[]
  clock: { now: number; offsetMs: number; frozen: boolean }
}

/** `getCore` is read lazily, like the scenario engine's: the store is built inside the sandbox it belongs to. */
export function createSnapshots(getCore: () => SandboxCore): Snapshots {
  const saved = new Map<number, Snapshot>()
  let nextId = 1
  const info = ({ id, name, createdAt }: Snapshot): SnapshotInfo => ({ id, name, createdAt })
  return {
    take(name) {
      if (name !== undefined && name.length > MAX_SNAPSHOT_NAME_LENGTH)
        badRequest(
          `A snapshot name may be at most ${MAX_SNAPSHOT_NAME_LENGTH} characters long; got ${name.length}.`,
        )
      if (saved.size >= MAX_SNAPSHOTS) {
        const oldest = saved.values().next().value!
        badRequest(
          `At most ${MAX_SNAPSHOTS} snapshots are kept: delete one first (DELETE /__sandbox/snapshots/${oldest.id} removes the oldest).`,
        )
      }
      const core = getCore()
      const id = nextId++
      const clock = core.clock.toJSON()
      const snapshot: Snapshot = {
        id,
        name: name ?? `Snapshot ${id}`,
        createdAt: clock.now,
        // A deep copy: later writes must never reach a saved state.
        data: structuredClone(dumpDatabase(core.db)),
        outbox: structuredClone(core.outbox.list()),
        clock: { now: core.clock.now(), offsetMs: clock.offsetMs, frozen: clock.frozen },
      }
      saved.set(id, snapshot)
      core.change('snapshot.taken', null, `Snapshot ${id} "${snapshot.name}" taken`, { ...info(snapshot) })
      return info(snapshot)
    },
    list: () => [...saved.values()].map(info),
    async restore(id) {
      const snapshot = saved.get(id)
      if (!snapshot) return undefined
      const core = getCore()
      const switchedOff = core.scenarios.active().map((a) => a.name)
      // Like reset: each scenario's undo runs against the data it changed, before that data is replaced, so no
      // undo is left holding rows that it would later write over the restored state.
      await core.scenarios.disableAll()
      core.db = await loadDatabase(snapshot.data, core.db.collections, core.options.defaultTenant)
      core.webhooks.watch(core.db)
      core.outbox.restore(snapshot.outbox)
      restoreClock(core.clock, snapshot.clock)
      // Rate-limit windows are timed by the clock that just moved; they are not part of any state.
      core.limiters.login.clear()
      core.limiters.otp.clear()
      const off = switchedOff.length ? ` (scenarios switched off: ${switchedOff.join(', ')})` : ''
      core.change('snapshot.restored', null, `Snapshot ${id} "${snapshot.name}" restored${off}`, {
        ...info(snapshot),
        scenariosOff: switchedOff,
      })
      return info(snapshot)
    },
    delete(id) {
      const snapshot = saved.get(id)
      if (!snapshot) return false
      saved.delete(id)
      getCore().change('snapshot.deleted', null, `Snapshot ${id} "${snapshot.name}" deleted`, {
        ...info(snapshot),
      })
      return true
    },
  }
}

function restoreClock(clock: Clock, saved: Snapshot['clock']): void {
  if (saved.frozen) {
    clock.freeze()
    clock.set(saved.now)
  } else {
    // The same distance from real time as when the snapshot was taken: the clock keeps running.
    clock.unfreeze()
    clock.set(Date.now() + saved.offsetMs)
  }
}
