import type { StandardSchemaV1 } from '@standard-schema/spec'

// Record shapes, checked by hand in place of zod (70 ms of every start-up for a few flat shapes,
// docs/decisions/011). Only records loaded from a `--db` file or a snapshot are checked.

type Path = ReadonlyArray<PropertyKey>
type Issues = StandardSchemaV1.Issue[]

/** One field's rule; `T` ties it to the interface field it describes, so a shape must match its type. */
export interface Field<T> {
  /** What a value must be, for messages: `string or null`. */
  readonly expected: string
  /** The type test; a value that fails it is reported as `expected <expected>, got <value>`. */
  fits(value: unknown): boolean
  /** Further checks of a value of the right type: array items, refinements. */
  inner?(value: unknown, path: Path, issues: Issues): void
  /** Never set: keeps `T` invariant, so a `Field<string>` cannot describe a `string | null` field. */
  readonly type?: (value: T) => T
}

const got = (value: unknown) =>
  value === undefined ? 'nothing' : (JSON.stringify(value)?.slice(0, 40) ?? typeof value)

function check<T>(field: Field<T>, value: unknown, path: Path, issues: Issues): void {
  if (!field.fits(value)) issues.push({ message: `expected ${field.expected}, got ${got(value)}`, path })
  else field.inner?.(value, path, issues)
}

const primitive = <T>(expected: string, fits: (value: unknown) => boolean): Field<T> => ({ expected, fits })

export const string = primitive<string>('string', (v) => typeof v === 'string')
export const number = primitive<number>('number', (v) => typeof v === 'number' && Number.isFinite(v))
export const boolean = primitive<boolean>('boolean', (v) => typeof v === 'boolean')

export const oneOf = <const V extends readonly string[]>(values: V): Field<V[number]> =>
  primitive(`one of ${values.join(', ')}`, (v) => values.includes(v as string))

export const nullable = <T>(field: Field<T>): Field<T | null> => ({
  expected: `${field.expected} or null`,
  fits: (v) => v === null || field.fits(v),
  inner: (v, path, issues) => v !== null && field.inner?.(v, path, issues),
})

/** A key the record may leave out. */
export const optional = <T>(field: Field<T>): Field<T | undefined> => ({
  expected: `${field.expected} or nothing`,
  fits: (v) => v === undefined || field.fits(v),
  inner: (v, path, issues) => v !== undefined && field.inner?.(v, path, issues),
})

export const arrayOf = <T>(item: Field<T>): Field<T[]> => ({
  expected: `an array of ${item.expected}`,
  fits: Array.isArray,
  inner: (v, path, issues) => (v as unknown[]).forEach((x, i) => check(item, x, [...path, i], issues)),
})

/** A further rule on a value of the right type: `problem` says what is wrong with it, or null. */
export const refine = <T>(field: Field<T>, problem: (value: T) => string | null): Field<T> => ({
  ...field,
  inner(v, path, issues) {
    const before = issues.length
    field.inner?.(v, path, issues)
    const message = issues.length === before ? problem(v as T) : null
    if (message !== null) issues.push({ message, path })
  },
})

/** A record shape: every field of `T`, each reported at its own path (`redirectUris.0: ...`). */
export function shape<T extends object>(fields: { [K in keyof T]-?: Field<T[K]> }): StandardSchemaV1<T, T> {
  const entries = Object.entries(fields) as Array<[string, Field<unknown>]>
  return {
    '~standard': {
      version: 1,
      vendor: 'orgo-sandbox',
      validate(value) {
        if (value === null || typeof value !== 'object' || Array.isArray(value))
          return { issues: [{ message: `expected a record, got ${got(value)}` }] }
        const issues: Issues = []
        for (const [name, field] of entries)
          check(field, (value as Record<string, unknown>)[name], [name], issues)
        return issues.length ? { issues } : { value: value as T }
      },
    },
  }
}
