import { keyOfIri } from './iri-key.ts'
import type { Records, Relation } from './types.ts'

// Property paths of filters and orders (`email`, `user.localCenter`, `tags.tag`), walked as Doctrine joins them:
// through relations (stored as ids, reached with `records.get`) and value objects; a to-many step fans out.

/** A property path (`user.localCenter`) and where its last step points; undefined when it cannot be walked. */
export interface Path {
  readonly className: string
  readonly segments: readonly string[]
  readonly target?: Relation
}

/**
 * StoredRecord's `tenant` is the sandbox's tenant slug, and a table holds one tenant's records: `tenant` and
 * `tenant.*` filters are ignored (Orgo's tenant extension already restricts every query to the caller's tenant).
 */
export function pathOf(records: Records, className: string, field: string): Path | undefined {
  const segments = field.split('.')
  if (segments[0] === 'tenant') return undefined
  let cls: string | undefined = className
  for (const step of segments.slice(0, -1)) cls = cls ? records.relation(cls, step)?.className : undefined
  const target = cls ? records.relation(cls, segments[segments.length - 1]!) : undefined
  return { className, segments, ...(target ? { target } : {}) }
}

/**
 * The values at a path: through relations (ids, via `records.get`) and value objects (a relation to a class
 * with no resource is stored as the object itself); to-many steps fan out.
 */
export function valuesAt(
  records: Records,
  className: string,
  segments: readonly string[],
  record: Record<string, unknown>,
): unknown[] {
  let level: { cls?: string; value: Record<string, unknown> }[] = [{ cls: className, value: record }]
  for (const step of segments.slice(0, -1)) {
    const next: typeof level = []
    for (const { cls, value } of level) {
      const relation = cls ? records.relation(cls, step) : undefined
      for (const v of listOf(value[step])) {
        if (relation?.resource) {
          const related = typeof v === 'number' ? records.get(relation.resource, v) : undefined
          if (related) next.push({ cls: relation.className, value: related })
        } else if (v !== null && typeof v === 'object')
          next.push({ cls: relation?.className, value: v as Record<string, unknown> })
      }
    }
    level = next
  }
  const last = segments[segments.length - 1]!
  return level.flatMap(({ value }) => listOf(value[last], true))
}

export function listOf(value: unknown, keepNull = false): unknown[] {
  if (Array.isArray(value)) return value
  return value === null || value === undefined ? (keepNull ? [value] : []) : [value]
}

export const at = (records: Records, path: Path) =>
  path.segments.length === 1
    ? (r: Record<string, unknown>) => listOf(r[path.segments[0]!], true)
    : (r: Record<string, unknown>) => valuesAt(records, path.className, path.segments, r)

/**
 * A related record's integer id from an IRI (`/api/v1/users/4`), its bare key (`4`, a uuid) or its bare id:
 * SearchFilter's getIdFromValue. An IRI of another resource or of no record: undefined (it matches nothing).
 */
export function relatedId(records: Records, resource: string, given: string): number | undefined {
  const key = given.startsWith('/') ? keyOfIri(resource, given) : given
  if (key === undefined) return undefined
  const found =
    records.find(resource, key) ?? (/^\d+$/.test(key) ? records.get(resource, Number(key)) : undefined)
  return found?.id
}
