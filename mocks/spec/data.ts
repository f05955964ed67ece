import { OPERATIONS, SECURITY } from './operations.generated.ts'
import { SCHEMAS } from './schemas.generated.ts'
import type { OperationLine, SchemaLine } from './types.ts'

// The generated text, parsed on first use and a line at a time for schemas: importing mocks/spec/ costs the
// load of two strings, and a lookup parses only the schemas it reaches (issue 23: start-up within 2x a bare
// node:http server, idle RSS under 100 MB).

const lines = (text: string) => text.slice(1, -1).split('\n')

let operationLines: readonly OperationLine[] | undefined

/** Every operation line, in the spec's order (one JSON.parse of the whole list: all are needed at once). */
export function allOperationLines(): readonly OperationLine[] {
  return (operationLines ??= JSON.parse(`[${lines(OPERATIONS).join(',')}]`) as OperationLine[])
}

let schemaTexts: Map<string, string> | undefined
const parsedSchemas = new Map<string, SchemaLine>()
/** Each line opens `{"name":"`: the name is read without parsing the rest. */
const NAME_START = '{"name":"'.length

function schemaIndex(): Map<string, string> {
  if (schemaTexts) return schemaTexts
  schemaTexts = new Map()
  for (const text of lines(SCHEMAS))
    schemaTexts.set(text.slice(NAME_START, text.indexOf('"', NAME_START)), text)
  return schemaTexts
}

/** One schema's line, parsed on first use; `undefined` for a name the spec does not have. */
export function schemaLine(name: string): SchemaLine | undefined {
  let line = parsedSchemas.get(name)
  if (line) return line
  const text = schemaIndex().get(name)
  if (text === undefined) return undefined
  line = JSON.parse(text) as SchemaLine
  parsedSchemas.set(name, line)
  return line
}

/** Whether the spec has a schema of that name (its line is not parsed). */
export function hasSchema(name: string): boolean {
  return schemaIndex().has(name)
}

/** Every schema name, in the spec's order. */
export function schemaNames(): readonly string[] {
  return [...schemaIndex().keys()]
}

/** The lines that carry `defaults` (28 of them), for a class-wide large default (mocks/spec/schemas.ts). */
export function schemaLinesWithDefaults(): readonly SchemaLine[] {
  const names: string[] = []
  for (const [name, text] of schemaIndex()) if (text.includes('"defaults":')) names.push(name)
  return names.map((name) => schemaLine(name)!)
}

export interface Security {
  readonly schemes: Readonly<Record<string, Readonly<Record<string, unknown>>>>
  readonly root: readonly Readonly<Record<string, readonly string[]>>[]
}

let security: Security | undefined

/** The spec's security schemes (Api-Token, JWT, OAuth2, X-Contact-Hash) and its root security. */
export function specSecurity(): Security {
  return (security ??= JSON.parse(SECURITY) as Security)
}

/** Adds a value to the key's list (a map of lists, as the schema and path indexes build them). */
export function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
