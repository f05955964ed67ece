import { allOperationLines } from './data.ts'
import { parseParam, parseType } from './type-parser.ts'
import type { MediaTypes, OperationLine, SpecOperation } from './types.ts'

// Operation lookup over the generated index: by operationId, or by method and path (route syntax `:id` or the
// spec's `{id}`; parameter names do not route, as mocks/operations/index.ts routeShape says).

const mediaTypes = (types: Readonly<Record<string, string>>): MediaTypes =>
  Object.fromEntries(Object.entries(types).map(([media, text]) => [media, parseType(text)]))

function toOperation(line: OperationLine): SpecOperation {
  return {
    method: line.method,
    path: line.path,
    specPath: line.path.replace(/:(\w+)/g, '{$1}'),
    operationId: line.operationId,
    tag: line.tag,
    public: line.public === true,
    params: line.params.map(parseParam),
    pathParams: [...line.path.matchAll(/:(\w+)/g)].map((m) => m[1]!),
    ...(line.body ? { body: mediaTypes(line.body) } : {}),
    bodyRequired: line.bodyRequired === true,
    ok: Object.fromEntries(Object.entries(line.ok).map(([status, m]) => [status, m ? mediaTypes(m) : null])),
    errors: line.errors,
  }
}

let all: readonly SpecOperation[] | undefined
let lineById: Map<string, OperationLine> | undefined
let idByShape: Map<string, string> | undefined
const converted = new Map<string, SpecOperation>()

/** One operation, its types parsed on first use (a lookup does not parse the other 786). */
function converting(line: OperationLine): SpecOperation {
  let op = converted.get(line.operationId)
  if (!op) converted.set(line.operationId, (op = toOperation(line)))
  return op
}

/** `GET /api/v1/contacts/:` for `/api/v1/contacts/:id` and `/api/v1/contacts/{id}`. */
export const shapeOf = (method: string, path: string) =>
  `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, ':').replace(/:\w+/g, ':')}`

/** Every operation of the spec (787), in its order. */
export function operations(): readonly SpecOperation[] {
  return (all ??= allOperationLines().map(converting))
}

export function operation(operationId: string): SpecOperation | undefined {
  lineById ??= new Map(allOperationLines().map((line) => [line.operationId, line]))
  const line = lineById.get(operationId)
  return line && converting(line)
}

/** The operation at `GET /api/v1/contacts/:id` (or `{id}`, or any parameter name). */
export function operationAt(method: string, path: string): SpecOperation | undefined {
  idByShape ??= new Map(
    allOperationLines().map((line) => [shapeOf(line.method, line.path), line.operationId]),
  )
  const id = idByShape.get(shapeOf(method, path))
  return id === undefined ? undefined : operation(id)
}

/** A 2xx answer's type for a media type: the first 2xx status the spec lists unless one is named. */
export function okType(op: SpecOperation, media: string, status?: string) {
  const key = status ?? Object.keys(op.ok)[0]
  return key === undefined ? undefined : (op.ok[key]?.[media] ?? undefined)
}

/** The body's type for a media type, else the first one the spec lists (they name the same schema). */
export function bodyType(op: SpecOperation, media?: string) {
  if (!op.body) return undefined
  return (media ? op.body[media] : undefined) ?? Object.values(op.body)[0]
}
