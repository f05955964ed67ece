import { didYouMean } from '../did-you-mean.ts'
import { MAX_JSON_DEPTH, nestedTooDeep } from './body.ts'
import { badRequest, HttpError, unprocessable, type Violation } from './errors.ts'

/** Symfony Validator constraint codes, so clients that switch on `code` behave as in production. */
export const CONSTRAINT = {
  notBlank: { code: 'c1051bb4-d103-4f74-8988-acbcafc7fdc3', message: 'This value should not be blank.' },
  email: {
    code: 'bd79c0ab-ddba-46cc-a703-a7a4b08de310',
    message: 'This value is not a valid email address.',
  },
  tooLong: {
    code: 'd94b19cc-114f-4f44-9cc4-4138e80a87b9',
    message: 'This value is too long. It should have 255 characters or less.',
  },
  dateTime: { code: '1a9da513-2640-4f84-9b6a-4d99dcddc628', message: 'This value is not a valid datetime.' },
  choice: {
    code: '8e179f1b-97aa-4560-a02f-2a8b42e49df7',
    message: 'The value you selected is not a valid choice.',
  },
} as const

export type FieldType = 'string' | 'boolean' | 'integer' | 'number' | 'object' | 'iri' | 'iri[]' | 'string[]'

export interface FieldSpec {
  type: FieldType
  required?: boolean
  nullable?: boolean
  format?: 'email' | 'datetime'
  choices?: readonly string[]
  /** Longest string accepted; 255 (a VARCHAR column) unless said. */
  maxLength?: number
}

export type FieldSpecs = Record<string, FieldSpec>

/** Pragmatic email check, the shape Symfony's Email constraint accepts in "html5" mode. */
export const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/

/**
 * PHP's gettype(), as API Platform's AbstractItemNormalizer::validateType names the value given ("integer",
 * "double", "boolean", "NULL"); the schema engine's validator says the same (mocks/schema/validate-value.ts).
 */
function typeName(value: unknown): string {
  if (value === null) return 'NULL'
  if (Array.isArray(value) || typeof value === 'object') return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'double'
  if (typeof value === 'boolean') return 'boolean'
  return typeof value
}

function typeMatches(spec: FieldSpec, value: unknown): boolean {
  if (value === null) return spec.nullable === true
  switch (spec.type) {
    case 'string':
    case 'iri':
      return typeof value === 'string'
    case 'boolean':
      return typeof value === 'boolean'
    case 'integer':
      return Number.isInteger(value)
    case 'number':
      // API Platform's denormalizer takes an integer where a float is expected.
      return typeof value === 'number' && Number.isFinite(value)
    case 'object':
      return typeof value === 'object' && !Array.isArray(value)
    case 'iri[]':
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string')
  }
}

/**
 * The error for the first of `keys` not in `allowed`, or undefined: `Unknown key "emial" in the body of POST
 * /__sandbox/sessions. Did you mean "email"? Allowed keys: tenant, email.` One wording for the control API, the
 * test API and the in-process options, so a typo is never silently a default (issue 22).
 */
export function unknownKeyMessage(
  keys: Iterable<string>,
  allowed: readonly string[],
  where: string,
  noun = 'key',
): string | undefined {
  for (const key of keys) {
    if (allowed.includes(key)) continue
    // Quoted as JSON and cut short: the key is the client's, and the message may reach a terminal.
    const shown = JSON.stringify(key.slice(0, 64))
    const list = allowed.length ? `Allowed ${noun}s: ${allowed.join(', ')}.` : `It takes no ${noun}s.`
    return `Unknown ${noun} ${shown} in ${where}.${didYouMean(key, allowed)} ${list}`
  }
  return undefined
}

/** `unknownKeyMessage` as the control API's 400 (a thrown `HttpError` in the test API). */
export function assertKnownKeys(
  keys: Iterable<string>,
  allowed: readonly string[],
  where: string,
  noun = 'key',
): void {
  const message = unknownKeyMessage(keys, allowed, where, noun)
  if (message !== undefined) badRequest(message)
}

/**
 * Checks a write body against the resource's fields. Wrong JSON types are API Platform's 400 (the
 * denormalizer refuses before validation runs); constraint failures are a 422 ConstraintViolationList.
 * `complete` (POST, PUT) requires every required field; PATCH checks only what is present. Keys not in
 * `fields` are ignored, as API Platform does, unless `strictIn` says where the body is from (the control API):
 * then the first one is a 400 naming the allowed keys and the nearest.
 */
export function validateBody(
  fields: FieldSpecs,
  body: Record<string, unknown>,
  complete: boolean,
  strictIn?: string,
): Record<string, unknown> {
  if (strictIn !== undefined) assertKnownKeys(Object.keys(body), Object.keys(fields), strictIn)
  const values: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(fields)) {
    if (!(name in body)) continue
    const value = body[name]
    if (!typeMatches(spec, value)) {
      if (Array.isArray(value) && spec.type === 'iri[]') {
        // API Platform's words when an array of IRIs holds objects or numbers.
        throw new HttpError(
          400,
          `Nested documents for attribute "${name}" are not allowed. Use IRIs instead.`,
        )
      }
      if (Array.isArray(value) && spec.type === 'string[]') {
        throw new HttpError(
          400,
          `The type of the "${name}" attribute must be "array" of "string", an item of type "${typeName(value.find((v) => typeof v !== 'string'))}" given.`,
        )
      }
      const expected =
        spec.type === 'iri'
          ? 'string'
          : spec.type.endsWith('[]')
            ? 'array'
            : spec.type === 'boolean'
              ? 'bool'
              : spec.type === 'integer'
                ? 'int'
                : spec.type === 'number'
                  ? 'float'
                  : spec.type
      throw new HttpError(
        400,
        `The type of the "${name}" attribute must be "${expected}", "${typeName(value)}" given.`,
      )
    }
    values[name] = value
  }
  const violations: Violation[] = []
  const add = (propertyPath: string, c: { code: string; message: string }) =>
    violations.push({ propertyPath, message: c.message, code: c.code })
  for (const [name, spec] of Object.entries(fields)) {
    const value = values[name]
    const present = name in values
    if (
      spec.required &&
      (complete || present) &&
      (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
    ) {
      add(name, CONSTRAINT.notBlank)
      continue
    }
    if (typeof value !== 'string' || value === '') continue
    if (value.length > (spec.maxLength ?? 255) && spec.type === 'string')
      add(name, {
        code: CONSTRAINT.tooLong.code,
        message: `This value is too long. It should have ${spec.maxLength ?? 255} characters or less.`,
      })
    else if (spec.format === 'email' && !EMAIL.test(value)) add(name, CONSTRAINT.email)
    else if (spec.format === 'datetime' && Number.isNaN(Date.parse(value))) add(name, CONSTRAINT.dateTime)
    else if (spec.choices && !spec.choices.includes(value)) add(name, CONSTRAINT.choice)
  }
  if (violations.length) unprocessable(violations)
  return values
}

/**
 * RFC 7396 JSON Merge Patch, by hand: a dozen lines, smaller than any dependency for it. It recurses only
 * along the patch, which `parseJson` keeps within 512 levels; the bound here holds for any other caller (M7:
 * a 5,000-level patch used to overflow the stack and answer 500).
 */
export function mergePatch(target: unknown, patch: unknown, depth = 0): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch
  if (depth >= MAX_JSON_DEPTH) nestedTooDeep()
  const result: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key]
    else result[key] = mergePatch(result[key], value, depth + 1)
  }
  return result
}
