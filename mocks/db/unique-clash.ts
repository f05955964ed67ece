import { RESOURCES } from '../resources/index.ts'
import type { TenantDb } from './database.ts'
import type { Table } from './table.ts'

export interface UniqueFields {
  fields: readonly string[]
  caseInsensitive: ReadonlySet<string>
}

/** Each table's unique fields, as its resource declares the indexes (`email`, `token`, `uuid`, `hash`). */
export function uniqueFieldsOf(t: TenantDb): Map<unknown, UniqueFields> {
  const out = new Map<unknown, UniqueFields>()
  for (const def of RESOURCES) {
    if (def.unique?.length)
      out.set(t.tables.get(def.path), { fields: def.unique, caseInsensitive: new Set(def.caseInsensitive) })
  }
  return out
}

/**
 * A record already in `table` that holds one of `record`'s unique values: the index keeps one record per value,
 * so a second one (`A@acme.test` beside `a@acme.test`) would silently take the first one's logins (findings L10).
 */
export function uniqueClash(
  table: Table<{ id: string | number }>,
  unique: UniqueFields | undefined,
  record: Record<string, unknown>,
) {
  for (const field of unique?.fields ?? []) {
    const value = record[field]
    if (value === null || value === undefined) continue
    const holder = table.findUnique(field as never, value as never)
    if (holder) return { field, holder: holder.id, ignoringCase: unique!.caseInsensitive.has(field) }
  }
  return undefined
}
