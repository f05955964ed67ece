import { bodyType, classProperties, operation, resources, schemaOfType } from '../../mocks/spec/index.ts'
import type { Schema, SpecOperation, TypeNode } from '../../mocks/spec/types.ts'
import { recordResource } from './paths.ts'
import { acmeRecords, seededRows, type Runtime } from './runtime.ts'

// Write bodies for the conformance tests: the body schema of an operation, and the least body it accepts.

/** The schema of an operation's JSON body (what `application/ld+json` and `application/json` both send). */
export function bodySchema(op: SpecOperation): Schema | undefined {
  if (!op.body) return undefined
  const type = bodyType(op, op.method === 'PATCH' ? 'application/merge-patch+json' : 'application/ld+json')
  return type && schemaOfType(type)
}

/** A value of a type that any constraint of the spec takes: an email for `str:email`, an IRI of a real record. */
function valueOf(rt: Runtime, className: string, field: string, t: TypeNode): unknown {
  switch (t.kind) {
    case 'str':
      if (t.format === 'email') return `conformance-${field.toLowerCase()}@example.test`
      // Loopback: the one kind of URL the sandbox delivers webhooks to without --webhook-host.
      if (t.format === 'uri' || t.format === 'url') return 'http://127.0.0.1:9/conformance'
      if (t.format === 'date-time') return '2030-01-01T00:00:00+00:00'
      return `Conformance ${field}`
    case 'int':
    case 'num':
      return 2000
    case 'bool':
      return true
    case 'enum':
      return t.values[0]
    case 'arr':
      return [valueOf(rt, className, field, t.items)]
    case 'iri': {
      const target = acmeRecords(rt).relation(className, field)?.resource
      const row = target === undefined ? undefined : seededRows(rt, target)[0]
      return row && acmeRecords(rt).iri(target!, row as never)
    }
    default:
      return {}
  }
}

/** The operation's body with each field its schema requires, and no other. */
export function requiredBody(rt: Runtime, op: SpecOperation): Record<string, unknown> {
  const schema = bodySchema(op)
  if (!schema) return {}
  return Object.fromEntries(
    schema.required.map((field) => [field, valueOf(rt, schema.className, field, schema.props[field]!)]),
  )
}

/**
 * A record of `acme` for each resource the sandbox does not seed (no collection GET to list them: `products`,
 * `votes`, `identity`; or left empty on purpose: `webhook_subscriptions`), so their item operations have a record
 * to answer: made by its create with its required fields, else by the first of its POST actions on no record that
 * stores one (`POST /identity/create/member`). Returns the resources still without one, with the last answer.
 */
export async function createMissingRecords(rt: Runtime): Promise<string[]> {
  const failed: string[] = []
  for (const spec of resources()) {
    if (!spec.methods.read || seededRows(rt, spec.name).length) continue
    const creates = [
      ...(spec.methods.create ? [operation(spec.methods.create)!] : []),
      ...spec.actions.map((a) => a.operation).filter((op) => op.method === 'POST' && !op.pathParams.length),
    ]
    let last = 'no create'
    for (const op of creates) {
      const res = await rt.call({
        method: 'POST',
        path: op.path,
        headers: { 'Api-Token': rt.adminToken, 'Content-Type': 'application/ld+json' },
        body: JSON.stringify(requiredBody(rt, op)),
      })
      last = `${op.operationId}: ${res.status} ${res.text.slice(0, 120)}`
      if (seededRows(rt, spec.name).length) break
    }
    if (!seededRows(rt, spec.name).length) failed.push(`${spec.name} (${last})`)
  }
  return failed
}

/**
 * The first record of each resource given a value for a path parameter that names a field the seed leaves empty
 * (a form's `slugGo` for `/resolve-slug-go/{slugGo}`), by the resource's PATCH. Returns the PATCHes that failed.
 */
export async function fillPathFields(rt: Runtime, ops: readonly SpecOperation[]): Promise<string[]> {
  const failed: string[] = []
  for (const op of ops) {
    const spec = recordResource(op)
    const update = spec?.methods.update && operation(spec.methods.update)
    if (!spec || !update) continue
    for (const param of op.pathParams) {
      const row = seededRows(rt, spec.name)[0]
      if (!row || param === spec.key || !classProperties(spec.type).has(param) || row[param]) continue
      const res = await rt.call({
        method: 'PATCH',
        path: update.path.replace(/:\w+/, encodeURIComponent(String(row[spec.key] ?? row.id))),
        headers: { 'Api-Token': rt.adminToken, 'Content-Type': 'application/merge-patch+json' },
        body: JSON.stringify({ [param]: `conformance-${param}` }),
      })
      if (res.status >= 300) failed.push(`${update.operationId}: ${res.status} ${res.text.slice(0, 120)}`)
    }
  }
  return failed
}
