import type { FieldDef, Row } from './types.ts'

// Shorthands for definitions: the kinds of field Orgo's schemas use, with production's value when there is no data.

/** A nullable string (the spec makes nearly every field nullable). */
export const text: FieldDef = { type: 'string' }
/** A non-nullable boolean: production sends false when unset. */
export const flag: FieldDef = { type: 'boolean', none: false }
export const integer: FieldDef = { type: 'integer' }
export const decimal: FieldDef = { type: 'number' }
export const when: FieldDef = { type: 'datetime' }
/** A collection the sandbox holds no data for (custom field values, tags): production sends `[]`. */
export const empty: FieldDef = { none: [] }
/** A field the sandbox holds no data for: `null`, as production sends for an unset relation or value. */
export const absent: FieldDef = {}

export const ref = (path: string, embed?: readonly string[]): FieldDef => ({ type: 'ref', ref: path, embed })
export const refs = (path: string): FieldDef => ({ type: 'ref[]', ref: path })

export const computed = <T extends Row>(compute: (record: T) => unknown, none?: unknown): FieldDef => ({
  compute: compute as FieldDef['compute'],
  none,
})

/** Orgo splits a contact's single `name` at the first space: `Olivia Brown` -> `Olivia` + `Brown`. */
export function splitName(name: string | null): { first: string | null; last: string | null } {
  if (!name) return { first: null, last: null }
  const trimmed = name.trim()
  const space = trimmed.indexOf(' ')
  return space === -1
    ? { first: trimmed, last: null }
    : { first: trimmed.slice(0, space), last: trimmed.slice(space + 1).trim() }
}

/** Whole years since a birth date, on the sandbox clock. */
export function ageOn(dateBirth: string | null, now: number): number | null {
  if (!dateBirth) return null
  const born = new Date(dateBirth)
  const today = new Date(now)
  let age = today.getUTCFullYear() - born.getUTCFullYear()
  const before =
    today.getUTCMonth() < born.getUTCMonth() ||
    (today.getUTCMonth() === born.getUTCMonth() && today.getUTCDate() < born.getUTCDate())
  if (before) age -= 1
  return Number.isNaN(age) ? null : age
}

/** API Platform's date-time: ISO 8601 with a numeric offset and no fraction (`2026-01-15T10:30:00+00:00`). */
export function isoDate(time: number | string | Date): string {
  if (typeof time === 'number') {
    // Every Api-Token request stamps `lastUsedAt`: one formatting per second, not one per request (issue 13).
    const second = Math.floor(time / 1000)
    if (second !== lastSecond.second) lastSecond = { second, text: format(time) }
    return lastSecond.text
  }
  return format(time)
}

let lastSecond = { second: Number.NaN, text: '' }

const format = (time: string | number | Date) => new Date(time).toISOString().replace(/\.\d{3}Z$/, '+00:00')
