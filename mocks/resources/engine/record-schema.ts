import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { FieldType, ResourceDef, Row } from '../types.ts'

function fits(type: FieldType, value: unknown): boolean {
  switch (type) {
    case 'string':
    case 'datetime':
      return typeof value === 'string'
    case 'integer':
    case 'ref':
      return Number.isInteger(value)
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    case 'boolean':
      return typeof value === 'boolean'
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
    case 'ref[]':
      return Array.isArray(value) && value.every((v) => Number.isInteger(v))
    case 'object':
      return typeof value === 'object' && !Array.isArray(value)
  }
}

/**
 * The stored shape of a resource's records, derived from its definition, for records loaded from a `--db` file
 * or a snapshot: an integer `id`, and every typed field present of its type (or null). Fields the definition
 * does not type are taken as they come.
 */
export function recordSchema<T extends Row>(def: ResourceDef<T>): StandardSchemaV1<T, T> {
  const typed: Array<[string, FieldType]> = [
    ...Object.entries(def.fields).flatMap(([name, f]) =>
      f.type && !f.compute ? [[name, f.type] as [string, FieldType]] : [],
    ),
    ...Object.entries(def.internal ?? {}),
  ]
  if (def.key === 'uuid') typed.push(['uuid', 'string'])
  return {
    '~standard': {
      version: 1,
      vendor: 'orgo-sandbox',
      validate(value) {
        const record = value as Record<string, unknown>
        const issues: StandardSchemaV1.Issue[] = []
        if (!Number.isInteger(record.id)) issues.push({ message: 'an integer id is required', path: ['id'] })
        // Addressed by uuid: without one the record could never be reached (nor kept unique).
        if (def.key === 'uuid' && (typeof record.uuid !== 'string' || record.uuid === ''))
          issues.push({ message: 'a uuid is required (the id its paths and IRIs use)', path: ['uuid'] })
        for (const [name, type] of typed) {
          const v = record[name]
          if (v !== undefined && v !== null && !fits(type, v))
            issues.push({ message: `expected ${type}, got ${JSON.stringify(v)?.slice(0, 40)}`, path: [name] })
        }
        return issues.length ? { issues } : { value: value as T }
      },
    },
  }
}
