import { isoDate } from '../resources/fields.ts'
import type { TypeNode } from '../spec/index.ts'

// Scalar rules shared by rendering (render-value.ts) and the checker (shape.ts): API Platform's date-time,
// skolem IRIs, and which member of a union a stored value is of.

/** API Platform's date-time: `2026-01-15T10:30:00+00:00` (a fraction tolerated, `Z` not: PHP writes `P`). */
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{2}:\d{2}$/

export const EPOCH = '1970-01-01T00:00:00+00:00'

/**
 * API Platform 3.1+ names what has no item operation by a skolem IRI (`/api/.well-known/genid/{id}`): a value
 * object embedded in JSON-LD, a resource without a GET item. Derived from the value, so it is stable.
 */
export function skolemIri(seed: string): string {
  return `/api/.well-known/genid/${fnv1a(seed).toString(16).padStart(8, '0')}`
}

/** FNV-1a: a stable 32-bit number for a text (skolem IRIs here, per-resource seeds in store.ts). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return hash >>> 0
}

/** API Platform's DateTimeNormalizer format `Y-m-d\TH:i:sP`: no fraction, a numeric offset. */
export function dateTime(value: unknown): string | undefined {
  if (typeof value === 'string' && DATE_TIME.test(value)) return value
  const time =
    value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(String(value))
  return Number.isFinite(time) ? isoDate(time) : undefined
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Whether a value is of the member's kind at its top (a union picks the member it renders by). */
export function looksLike(t: TypeNode, v: unknown): boolean {
  switch (t.kind) {
    case 'int':
      return Number.isInteger(v)
    case 'num':
      return typeof v === 'number'
    case 'bool':
      return typeof v === 'boolean'
    case 'str':
      return typeof v === 'string' || (t.format === 'date-time' && v instanceof Date)
    case 'enum':
      return t.values.includes(v as string | number)
    case 'arr':
      return Array.isArray(v)
    case 'iri':
      return typeof v === 'string' || typeof v === 'number'
    case 'ref':
      return typeof v === 'number' || isObject(v)
    case 'obj':
    case 'map':
    case 'inline':
      return isObject(v)
    default:
      return true
  }
}
