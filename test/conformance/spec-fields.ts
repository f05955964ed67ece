import spec from '../fixtures/orgo-spec-fields.json' with { type: 'json' }

/**
 * Orgo's field sets per operation, as extracted from its published spec (`orgo-spec-fields.json`, with the offset
 * each came from). A field's type is a string (`"integer"`, `"iri|null"`), or `{object}`/`{array}` of sub-fields;
 * `fromExample` marks sub-fields read off the spec's generated examples rather than its schemas.
 */
export type SpecType =
  | string
  | { object?: SpecFields | string; array?: SpecFields | string; fromExample?: boolean; nullable?: boolean }
export type SpecFields = Record<string, SpecType>

interface SpecOperation {
  offset: number
  schema: string
  fields: SpecFields | null
  requestBody?: { schema: string; fields: SpecFields; readOnly?: string[] }
}

export const SPEC_OPERATIONS = (spec as unknown as { operations: Record<string, SpecOperation> }).operations

/** The sub-fields the spec's schema (not an example) gives an embedded object, or undefined. */
export function schemaSubFields(type: SpecType): string[] | undefined {
  if (typeof type === 'string' || type.fromExample) return undefined
  const inner = type.object ?? type.array
  if (!inner || typeof inner === 'string') return undefined
  return Object.keys(inner)
}

export function isIri(type: SpecType): boolean {
  return typeof type === 'string' && type.startsWith('iri')
}
