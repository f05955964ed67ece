import type { Table } from './db/table.ts'

type Key = string | number
type Row = { id: Key }
type AnyTable = Table<Row>

/**
 * How a state scenario changes the tables (`apply(core, activation, effect)`). Done through here, not on the
 * tables directly, so the engine knows what each scenario hid and added: switching it off undoes exactly that
 * and keeps every write made meanwhile, and the `--db` file is saved as if no state scenario were on (findings
 * N3: `empty-tenant`'s wipe used to reach the file, and its undo never did).
 */
export interface ScenarioEffect {
  /** Takes rows of `table` out of sight while the scenario is on (the file keeps them). */
  hide<T extends Row>(table: Table<T>, rows: readonly T[]): void
  /** Puts a record in `table` while the scenario is on (the file never holds it). */
  add<T extends Row>(table: Table<T>, record: T): void
}

/** What one activation hid and added, table by table. */
export interface EffectLog extends ScenarioEffect {
  readonly hidden: Map<AnyTable, Row[]>
  readonly added: Map<AnyTable, Set<Key>>
}

const any = <T extends Row>(table: Table<T>) => table as unknown as AnyTable

/**
 * Refills a table in one pass: a row-by-row delete re-splices every sorted index (O(n²) at 100,000 rows). Silent:
 * a scenario's hidden or restored rows are no creates or deletes a webhook receiver should hear of.
 */
function refill(table: AnyTable, rows: Iterable<Row>): void {
  silently(table, () => {
    table.clear()
    for (const row of rows) table.insertNow(row)
  })
}

function silently(table: AnyTable, write: () => void): void {
  const observer = table.observer
  table.observer = undefined
  try {
    write()
  } finally {
    table.observer = observer
  }
}

export function createEffectLog(): EffectLog {
  const hidden = new Map<AnyTable, Row[]>()
  const added = new Map<AnyTable, Set<Key>>()
  return {
    hidden,
    added,
    hide(table, rows) {
      const ids = new Set(rows.map((row) => row.id))
      const t = any(table)
      // Logged before the table changes: a save at any moment sees the rows as still there.
      hidden.set(t, (hidden.get(t) ?? []).concat(rows))
      refill(
        t,
        t.all().filter((row) => !ids.has(row.id)),
      )
    },
    add(table, record) {
      const t = any(table)
      let ids = added.get(t)
      if (!ids) added.set(t, (ids = new Set()))
      ids.add(record.id)
      silently(t, () => t.insertNow(record))
    },
  }
}

/**
 * Switches one activation's effect off: its added records go (from the logs of the others too, so none of them
 * brings one back), its hidden rows return ahead of the rows written since, which stay.
 */
export function undoEffect(log: EffectLog, others: Iterable<EffectLog>): void {
  const touched = new Set([...log.hidden.keys(), ...log.added.keys()])
  for (const other of others)
    for (const [table, ids] of log.added) {
      const rows = other.hidden.get(table)
      if (rows)
        other.hidden.set(
          table,
          rows.filter((row) => !ids.has(row.id)),
        )
    }
  for (const table of touched) {
    const added = log.added.get(table)
    const current = table.all().filter((row) => !added?.has(row.id))
    refill(table, merge(log.hidden.get(table) ?? [], current))
  }
}

/** Hidden rows first (they are the older ones), then the current ones; a current row wins an id both hold. */
function merge(hidden: readonly Row[], current: readonly Row[]): Row[] {
  if (!hidden.length) return current as Row[]
  const present = new Set(current.map((row) => row.id))
  return hidden.filter((row) => !present.has(row.id)).concat(current)
}

/** A table's rows as they would be with every logged effect undone: what the `--db` file saves (findings N3). */
export function rowsWithout<T extends Row>(table: Table<T>, logs: Iterable<EffectLog>): T[] {
  const t = any(table)
  let hidden: Row[] = []
  const added: Array<Set<Key>> = []
  for (const log of logs) {
    const rows = log.hidden.get(t)
    if (rows) hidden = hidden.concat(rows)
    const ids = log.added.get(t)
    if (ids) added.push(ids)
  }
  if (!hidden.length && !added.length) return table.all()
  const rows = merge(hidden, t.all())
  return (added.length ? rows.filter((row) => !added.some((ids) => ids.has(row.id))) : rows) as T[]
}
