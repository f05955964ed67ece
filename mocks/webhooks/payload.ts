import type { SandboxCore } from '../core-types.ts'
import type { TenantDb } from '../db/database.ts'
import type { Table } from '../db/table.ts'
import type { Row, TableLike } from '../resources/types.ts'
import { iriOf, pick } from '../resources/engine/serialize.ts'
import { resourceAt } from '../resources/index.ts'
import { schemaTableIn } from '../handlers/resources.ts'
import type { StoredRecord } from '../schema/types.ts'

// A webhook's `object`: the record as the sandbox's own item GET shows it (webhooks digest, contradiction 8: the
// same representation, real field names, relations embedded as the GET embeds them), in JSON-LD without its
// `@context`, as Orgo's examples show it. `previous_attributes`: the old value of exactly the fields that changed.

export async function objectOf(
  core: SandboxCore,
  t: TenantDb,
  resource: string,
  record: Row,
): Promise<Record<string, unknown>> {
  const def = resourceAt(resource)
  if (def) {
    const read = {
      table: (path: string) => t.tables.get(path) as TableLike<Row> | undefined,
      schemaTable: (name: string) => schemaTableIn(t, name),
      now: core.clock.now(),
      tenant: { slug: t.tenant.slug, name: t.tenant.name, id: t.tenant.id },
    }
    return {
      '@id': iriOf(def, record),
      '@type': def.type,
      ...pick(def, record, def.groups.item!, read, 'jsonld', 'item'),
    }
  }
  // A resource of the schema engine (product payments, contract users, user roles): its item GET's schema.
  const [{ renderRecord }, { recordsOf }, { operation, resource: specResource }] = await Promise.all([
    import('../schema/render.ts'),
    import('../schema/store.ts'),
    import('../spec/index.ts'),
  ])
  const read = specResource(resource)?.methods.read
  const type = read ? operation(read)?.ok['200']?.['application/ld+json'] : undefined
  const records = recordsOf(core, t)
  if (type?.kind !== 'ref') return { id: record.id }
  return renderRecord(type.name, record as StoredRecord, records, 'jsonld')
}

/** The fields whose values differ, with the old ones (compared as JSON: an embedded object by its content). */
export function previousAttributes(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, old] of Object.entries(before))
    if (JSON.stringify(old) !== JSON.stringify(after[name])) out[name] = old
  return out
}

/** The tenant's table of the resource (the engine's made, and seeded, on first use). */
export async function tableOf(core: SandboxCore, t: TenantDb, resource: string): Promise<Table<Row>> {
  const own = t.tables.get(resource)
  if (own) return own
  const [{ schemaTable }, { resource: specResource }] = await Promise.all([
    import('../schema/store.ts'),
    import('../spec/index.ts'),
  ])
  return schemaTable(core, t, specResource(resource)!) as unknown as Table<Row>
}

/**
 * A test delivery's `object` ("fixture data… the same shape", Orgo's docs): the tenant's first record of the
 * resource as its item GET shows it (the sandbox's seeded data is fixture data), or `{id: 0}` when it holds none.
 */
export async function fixtureObject(
  core: SandboxCore,
  t: TenantDb,
  resource: string,
): Promise<Record<string, unknown>> {
  const record = (await tableOf(core, t, resource)).slice(0, 1)[0]
  return record ? objectOf(core, t, resource, record) : { id: 0 }
}
