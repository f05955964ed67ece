import { resourceOfClass } from '../../mocks/schema/relations.ts'
import { OPERATIONS } from '../../mocks/operations/index.ts'
import { operation, resourceOf, schemaOfType } from '../../mocks/spec/index.ts'
import type { ResourceSpec, SpecOperation, TypeNode } from '../../mocks/spec/types.ts'
import { seededRows, type Runtime } from './runtime.ts'

// The paths a conformance test calls an operation at: its path parameters filled from real records of `acme`.

/** Every GET of the index (Orgo's 787 operations, mocks/operations/), as the spec gives it. */
export const GET_OPERATIONS: readonly SpecOperation[] = OPERATIONS.filter((o) => o.method === 'GET').map(
  (o) => operation(o.operationId)!,
)

/**
 * GETs no record of `acme` can be read by: a company invitation has no create, and the action that invites
 * (`POST /companies/{uuid}/invitations`) answers the company and stores no invitation.
 */
export const UNREACHABLE = ['api_company_invitations_id_get', 'company_invitation_public']

/** The type the spec gives an operation's first 2xx in a media type, else in the first it offers. */
export function answerType(op: SpecOperation, media = 'application/ld+json'): TypeNode | undefined {
  const offered = Object.values(op.ok).find((m) => m !== null)
  return offered ? (offered[media] ?? Object.values(offered)[0]) : undefined
}

/**
 * The resource whose records an operation's path names: its own (`/api/v1/forms/{uuid}/statistics`), else, for a
 * standalone operation (`/api/v1/newsletters_public/{uuid}`), the resource of its answer's class.
 */
export function recordResource(op: SpecOperation): ResourceSpec | undefined {
  const own = resourceOf(op.operationId)
  if (own) return own
  const type = answerType(op)
  const item = type && (type.kind === 'hydra' || type.kind === 'arr' ? type.items : type)
  const className = item && schemaOfType(item)?.className
  return className === undefined ? undefined : resourceOfClass(className)
}

/** A path parameter no record's own field fills: a user (`/user-connection-status/{targetUserId}`). */
const OTHER_RECORD: Readonly<Record<string, string>> = { targetUserId: 'users' }

/** What fills a parameter that names no record (`/status_profession_types/bulk_toggle_status/{action}/{type}`). */
export const PLACEHOLDER = 'conformance'

const scalar = (v: unknown): v is string | number =>
  (typeof v === 'string' && v !== '') || typeof v === 'number'

/**
 * One record's value for a path parameter: its field of that name, else of the name the spec's parameter list
 * gives it (`/email_templates/content/{templateType}` declares `id`), else the resource's key.
 */
function valueOf(rt: Runtime, spec: ResourceSpec, row: Record<string, unknown>, names: [string, string?]) {
  const other = OTHER_RECORD[names[0]]
  if (other) return seededRows(rt, other)[0]?.id
  const field = names.find((name) => name !== undefined && scalar(row[name]))
  if (field !== undefined) return row[field]
  return names.includes(spec.key) ? (row[spec.key] ?? row.id) : PLACEHOLDER
}

export type Paths = { paths: string[] } | { skip: string }

/**
 * Paths for an operation, each filled from one record (the first ten of its resource, in id order), so a caller
 * can try the next where a record does not suit (a draft event is no public event); the bare path when it has no
 * parameter, a placeholder where no resource holds what it names; why not when the resource has no record.
 */
export function pathsFor(rt: Runtime, op: SpecOperation, limit = 10): Paths {
  if (!op.pathParams.length) return { paths: [op.path] }
  const spec = recordResource(op)
  if (!spec) return { paths: [op.path.replace(/:\w+/g, PLACEHOLDER)] }
  const paths: string[] = []
  const declared = op.params.filter((p) => p.in === 'path').map((p) => p.name)
  for (const row of seededRows(rt, spec.name).slice(0, limit)) {
    let path = op.path
    for (const [i, param] of op.pathParams.entries()) {
      const value = valueOf(rt, spec, row, [param, declared[i]])
      if (value === undefined) return { skip: `no record names {${param}}` }
      path = path.replace(new RegExp(`:${param}(?=/|$)`), encodeURIComponent(String(value)))
    }
    paths.push(path)
  }
  return paths.length ? { paths } : { skip: `no ${spec.name} record in acme` }
}
