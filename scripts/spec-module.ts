import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { format, resolveConfig } from 'prettier'

// Writes mocks/spec/operations.generated.ts and mocks/spec/schemas.generated.ts from Orgo's spec as compact data
// (../shared/orgo/spec/: paths-P*.jsonl, schemas-*.jsonl, operations-index.json; its README.md explains the form).
// Offsets, prose and notes are dropped; what an emulation needs is kept: per operation method, path (route syntax), operationId, tag, security, params, bodies, 2xx answers, errors; per
// schema its props, required, like/base/outerProps, defaults and maxLength. One item a line, in the spec's order,
// so a diff shows what changed. test/spec-module.test.ts regenerates and compares byte for byte.
// Usage: npx tsx scripts/spec-module.ts [specDir]   (default ../shared/orgo/spec)

const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const DEFAULT_SPEC_DIR = resolve(ROOT, '../shared/orgo/spec')
export const TARGETS = {
  operations: join(ROOT, 'mocks/spec/operations.generated.ts'),
  schemas: join(ROOT, 'mocks/spec/schemas.generated.ts'),
} as const

type Json = Record<string, unknown>

const OPERATION_KEYS = new Set([
  ...['method', 'path', 'operationId', 'offset', 'security', 'params', 'body', 'bodyRequired', 'ok'],
  ...['errors', 'curated', 'note'],
])
const SCHEMA_KEYS = new Set([
  ...['name', 'offset', 'props', 'kind', 'base', 'like', 'plus', 'required', 'defaults', 'outerProps'],
  ...['note', 'extra', 'desc', 'raw'],
])

/** The lines of every `prefix<N>.jsonl` of the directory, files in natural order (P2 before P10). */
function readLines(dir: string, pattern: RegExp): { file: string; line: Json }[] {
  const files = readdirSync(dir)
    .filter((f) => pattern.test(f))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  if (files.length === 0) throw new Error(`${dir}: no file matches ${pattern}`)
  return files.flatMap((file) =>
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((text) => text.trim() !== '')
      .map((text) => ({ file, line: JSON.parse(text) as Json })),
  )
}

function assertKeys(item: Json, known: Set<string>, where: string) {
  for (const key of Object.keys(item))
    if (!known.has(key))
      throw new Error(`${where}: unknown key "${key}": teach scripts/spec-module.ts what it means`)
}

/** `Contact` of `@Contact.jsonld-contact_read`, `hydra<@Contact...>`: API Platform names its tag after the class. */
function classOfType(type: string): string | undefined {
  return /@([A-Za-z]+)/.exec(type)?.[1]
}

/** Drops what the sandbox never reads: prose (`description`), recursively. */
function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'description')
      .map(([key, v]) => [key, withoutDescriptions(v)]),
  )
}

function compactOperation(op: Json, tags: Map<string, Json>, where: string): Json {
  assertKeys(op, OPERATION_KEYS, where)
  const id = op.operationId as string
  const indexed = tags.get(id)
  if (indexed && (indexed.method !== op.method || indexed.path !== op.path))
    throw new Error(`${where}: ${id} is ${indexed.method} ${indexed.path} in operations-index.json`)
  if (op.security !== 'root' && op.security !== 'public')
    throw new Error(`${where}: security "${String(op.security)}" is neither root nor public`)
  const body = op.body as Record<string, string> | null
  const ok = op.ok as Record<string, Record<string, string> | null>
  const types = [
    ...Object.values(ok).flatMap((m) => (m ? Object.values(m) : [])),
    ...Object.values(body ?? {}),
  ]
  // The 44 website-builder operations are not in Orgo's index: API Platform's tag is the class (WebsitePage at
  // ~7,442,255); the custom controllers under /api/v1/website-* are tagged "Website" (~7,355,473, ~7,437,867).
  const tag =
    (indexed?.tag as string | undefined) ??
    types.map(classOfType).find(Boolean) ??
    (/^\/api\/v1\/website[-_]/.test(op.path as string) ? 'Website' : undefined)
  if (!tag) throw new Error(`${where}: ${id} has no tag in operations-index.json and no schema to name one`)
  return {
    method: op.method,
    path: (op.path as string).replace(/\{([^}]+)\}/g, ':$1'),
    operationId: id,
    tag,
    ...(op.security === 'public' ? { public: true } : {}),
    params: op.params,
    ...(body ? { body } : {}),
    ...(op.bodyRequired === true ? { bodyRequired: true } : {}),
    ok,
    errors: op.errors,
  }
}

function compactSchema(s: Json, where: string): Json {
  assertKeys(s, SCHEMA_KEYS, where)
  if (Array.isArray(s.plus) && s.plus.length > 0)
    throw new Error(
      `${where}: a non-empty "plus" (${JSON.stringify(s.plus)}): teach mocks/spec/schemas.ts its form`,
    )
  let { kind, base } = s as { kind?: string; base?: string }
  // `allOf @HydraItemBaseSchema obj` (FamilyMember.jsonld-family_member_read ~8,421,650): the base, no properties.
  const allOf = /^allOf @(\S+) obj$/.exec(kind ?? '')
  if (allOf) [kind, base] = ['obj', base ?? allOf[1]]
  if (kind !== undefined && kind !== 'obj') throw new Error(`${where}: unknown kind "${kind}"`)
  const extra = s.extra as Record<string, Record<string, unknown>> | undefined
  const maxLength = Object.fromEntries(
    Object.entries(extra ?? {})
      .filter(([, e]) => typeof e.maxLength === 'number')
      .map(([prop, e]) => [prop, e.maxLength]),
  )
  return {
    name: s.name,
    ...(s.props ? { props: s.props } : {}),
    ...(s.required ? { required: s.required } : {}),
    ...(s.like ? { like: s.like } : {}),
    ...(base ? { base } : {}),
    ...(kind ? { kind } : {}),
    ...(s.outerProps ? { outerProps: s.outerProps } : {}),
    ...(s.defaults ? { defaults: s.defaults } : {}),
    ...(Object.keys(maxLength).length > 0 ? { maxLength } : {}),
  }
}

/**
 * One JSON text a line inside a `String.raw` template: the JSON reads as it is (no second escaping), and only
 * a backquote or `${` would end or open something, so they take JSON's own escapes.
 */
function rawLines(items: readonly Json[]): string {
  return items
    .map((item) => JSON.stringify(item).replace(/`/g, '\\u0060').replace(/\$\{/g, '$\\u007b'))
    .join('\n')
}

/** The two generated modules' text, formatted as the repository's own code. */
export async function buildSpecModule(
  specDir: string = DEFAULT_SPEC_DIR,
): Promise<Record<keyof typeof TARGETS, string>> {
  const readme = readFileSync(join(specDir, 'README.md'), 'utf8')
  const commit = /commit `([0-9a-f]+)`/.exec(readme)?.[1] ?? 'unknown'
  const index = JSON.parse(readFileSync(join(specDir, 'operations-index.json'), 'utf8')) as Json[]
  const tags = new Map(index.map((entry) => [entry.operationId as string, entry]))

  const operations = readLines(specDir, /^paths-P\d+\.jsonl$/).map(({ file, line }, i) =>
    compactOperation(line, tags, `${file} operation ${i + 1}`),
  )
  const rawSchemas = readLines(specDir, /^schemas-[A-Z]+\.jsonl$/)
  const security = Object.fromEntries(
    rawSchemas.filter(({ line }) => line.raw !== undefined).map(({ line }) => [line.name, line.raw]),
  )
  const schemas = rawSchemas
    .filter(({ line }) => line.raw === undefined)
    .map(({ file, line }) => compactSchema(line, `${file} ${String(line.name)}`))
  const source = `Generated by scripts/spec-module.ts from ../shared/orgo/spec/ (Orgo's OpenAPI spec, Orgo-space/orgo-mcp
// src/data/openapi.json at ${commit}): do not edit by hand, run \`npx tsx scripts/spec-module.ts\` again.`

  const operationsModule = `// ${source}
// One operation a line, in the spec's order; the compact form of ../shared/orgo/spec/README.md, paths in route
// syntax. Kept as text and parsed on first use (mocks/spec/data.ts): loading a string costs V8 far less than an
// object literal of the same data, and a sandbox that never asks for the spec never pays for it.

/** The spec's ${operations.length} operations, one JSON object a line. */
export const OPERATIONS = String.raw\`
${rawLines(operations)}
\`

/** The spec's security schemes (descriptions dropped) and its root security. */
export const SECURITY = String.raw\`
${rawLines([
  {
    schemes: withoutDescriptions(security['#securitySchemes']),
    root: security['#security'],
  },
])}
\`
`
  const schemasModule = `// ${source}
// One schema of components.schemas a line, in the spec's order (\`like\`/\`base\` are applied by mocks/spec/schemas.ts).
// Kept as text and parsed a line at a time on first use (mocks/spec/data.ts).

/** The spec's ${schemas.length} schemas, one JSON object a line. */
export const SCHEMAS = String.raw\`
${rawLines(schemas)}
\`
`
  const config = (await resolveConfig(TARGETS.operations)) ?? {}
  return {
    operations: await format(operationsModule, { ...config, filepath: TARGETS.operations }),
    schemas: await format(schemasModule, { ...config, filepath: TARGETS.schemas }),
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = resolve(process.argv[2] ?? DEFAULT_SPEC_DIR)
  const modules = await buildSpecModule(dir)
  for (const key of Object.keys(TARGETS) as (keyof typeof TARGETS)[]) {
    writeFileSync(TARGETS[key], modules[key])
    const text = modules[key]
    console.log(
      `${TARGETS[key].slice(ROOT.length)}: ${text.length} bytes, ${text.split('\n').length - 1} lines`,
    )
  }
}
