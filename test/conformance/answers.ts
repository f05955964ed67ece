import type { Format } from '../../mocks/http/hydra.ts'
import { shapeProblems } from '../../mocks/schema/shape.ts'
import type { SpecOperation } from '../../mocks/spec/types.ts'
import type { CallResult } from '../helpers.ts'
import { pathsFor } from './paths.ts'
import type { Runtime } from './runtime.ts'

// Issue 23 item 7: does an answer have the status and the shape (every field of its schema, no other, each of its
// type: mocks/schema/shape.ts) the spec gives that status in the media type asked for?

export const FORMATS = [
  { format: 'jsonld' as const, media: 'application/ld+json' },
  { format: 'json' as const, media: 'application/json' },
]

const MEDIA: Readonly<Record<Format, string>> = { jsonld: 'application/ld+json', json: 'application/json' }

const contentType = (res: CallResult) =>
  String(res.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()

/**
 * Problems of one object and kind as one line: `localCenter.isActive: missing` and `localCenter.alias: missing` ->
 * `localCenter: missing isActive, alias`; each problem once, whichever member of a list has it
 * (`hydra:member[].email: expected str, got null`), so a problem reads the same whatever the page holds.
 */
export function compact(problems: readonly string[]): string[] {
  const grouped = new Map<string, string[]>()
  for (const problem of problems.map((p) => p.replace(/\[\d+\]/g, '[]'))) {
    const m = /^(?:(.*)\.)?([^.]+?): (missing|not in .+)$/.exec(problem)
    const key = m ? `${m[1] ?? '(root)'}: ${m[3] === 'missing' ? 'missing' : `${m[3]}:`}` : problem
    const fields = grouped.get(key) ?? []
    if (m && !fields.includes(m[2]!)) fields.push(m[2]!)
    grouped.set(key, fields)
  }
  return [...grouped].map(([key, fields]) => (fields.length ? `${key} ${fields.join(', ')}` : key))
}

/** An answer's problems against the spec, compacted. */
export function answerProblems(op: SpecOperation, res: CallResult, format: Format): string[] {
  const status = String(res.status)
  if (!(status in op.ok)) return [`${res.status} ${res.text.slice(0, 120)}`]
  const offered = op.ok[status]
  if (!offered) return res.text ? [`${status} with a body, which the spec gives no content`] : []
  const media = MEDIA[format]
  const type = offered[media]
  const got = contentType(res)
  // A CSV export: the spec offers text/csv only, whatever the client asked for.
  if (!type) return got in offered ? [] : [`Content-Type ${got}, the spec offers ${Object.keys(offered)}`]
  const problems = got === media ? [] : [`Content-Type ${got || 'none'} for Accept: ${media}`]
  if (res.json === undefined) return [...problems, `not JSON: ${res.text.slice(0, 80)}`]
  return [...problems, ...compact(shapeProblems(type, res.json, format))]
}

export interface ReadReport {
  /** `operationId: problem`. */
  problems: string[]
  /** Operations whose answer was checked. */
  checked: string[]
  /** Operation -> why no path could be filled. */
  skipped: Record<string, string>
}

/**
 * Each operation called at its paths (its records in turn, until one answers a 2xx: a draft is no public event),
 * with `headers`, and its last answer checked in `format`.
 */
export async function checkReads(
  rt: Runtime,
  ops: readonly SpecOperation[],
  format: Format,
  headers: Record<string, string>,
): Promise<ReadReport> {
  const report: ReadReport = { problems: [], checked: [], skipped: {} }
  for (const op of ops) {
    const filled = pathsFor(rt, op)
    if ('skip' in filled) {
      report.skipped[op.operationId] = filled.skip
      continue
    }
    let res: CallResult | undefined
    for (const path of filled.paths) {
      res = await rt.call({ path, headers: { ...headers, Accept: MEDIA[format] } })
      if (res.status < 300) break
    }
    report.checked.push(op.operationId)
    for (const problem of answerProblems(op, res!, format))
      report.problems.push(`${op.operationId}: ${problem}`)
  }
  return report
}

/** How many operations a report checked, of how many, by emulation (`full`, `schema`, `generic`), and why not. */
export function coverage(rt: Runtime, report: ReadReport, total: number): string {
  const emulation = new Map(
    rt.sandbox.routes.map((r) => [r.operation?.operation.operationId, r.operation?.emulation]),
  )
  const by: Record<string, number> = {}
  for (const id of report.checked)
    by[emulation.get(id) ?? 'unrouted'] = (by[emulation.get(id) ?? 'unrouted'] ?? 0) + 1
  const skipped = Object.entries(report.skipped).map(([id, why]) => `${id} (${why})`)
  return `${report.checked.length} of ${total} checked (${JSON.stringify(by)}); skipped ${skipped.join(', ') || 'none'}`
}

/**
 * A problem as both formats word it, so one allow-list entry covers a disagreement in JSON-LD and in plain JSON:
 * `hydra:member[].x` and `[].x` read `[].x`, `@User.jsonld-user_read` and `@User-user_read` read `@User-user_read`.
 */
export const formatFree = (problem: string) =>
  problem.replace(/^(\S+: )hydra:member\[\]/, '$1[]').replace(/@(\w+)\.jsonld-/g, '@$1-')

/**
 * Problems split by an allow-list of known disagreements (`operationId: problem` as `formatFree` words it -> why):
 * the new ones, and the entries of the operations checked that nothing matched any more (a fixed disagreement
 * leaves the list: it only shrinks).
 */
export function againstAllowList(
  problems: readonly string[],
  allowed: Readonly<Record<string, string>>,
  checked: readonly string[],
) {
  const seen = new Set(problems.map(formatFree))
  const ran = new Set(checked)
  return {
    unexpected: [...seen].filter((p) => !(p in allowed)),
    stale: Object.keys(allowed).filter((p) => ran.has(p.split(':')[0]!) && !seen.has(p)),
  }
}
