import type { SandboxCore } from '../core-types.ts'
import type { TenantDb } from '../db/database.ts'
import type { Row } from '../resources/types.ts'
import { objectOf } from './payload.ts'

/**
 * A test delivery's `object` ("fixture data… the same shape", Orgo's docs): the tenant's first record of the
 * resource as its item GET shows it (the sandbox's seeded data is fixture data), or `{id: 0}` when it holds none.
 */
export async function fixtureObject(
  core: SandboxCore,
  t: TenantDb,
  resource: string,
): Promise<Record<string, unknown>> {
  let record = t.tables.get(resource)?.slice(0, 1)[0]
  if (!record) {
    const [{ schemaTable }, { resource: specResource }] = await Promise.all([
      import('../schema/store.ts'),
      import('../spec/index.ts'),
    ])
    const spec = specResource(resource)
    record = spec ? (schemaTable(core, t, spec).slice(0, 1)[0] as Row | undefined) : undefined
  }
  return record ? objectOf(core, t, resource, record) : { id: 0 }
}
