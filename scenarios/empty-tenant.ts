import type { SandboxCore } from '../mocks/core.ts'
import type { TenantDb } from '../mocks/db/database.ts'
import type { Table } from '../mocks/db/table.ts'
import type { Activation, ScenarioDefinition } from '../mocks/scenario-engine.ts'

type AnyTable = Table<{ id: string | number }>

function contentTables(t: TenantDb): AnyTable[] {
  return [t.contacts, t.events, t.eventAttends, t.groups, t.forms, t.formSubmissions] as unknown as AnyTable[]
}

export function tenantsOf(core: SandboxCore, activation: Activation): TenantDb[] {
  return activation.tenant ? [core.tenant(activation.tenant)!] : [...core.db.tenants.values()]
}

/** A tenant with users and credentials but no content: empty states of every list. Undo restores it all. */
export default {
  name: 'empty-tenant',
  description:
    'Contacts, events, attendances, groups, forms and submissions disappear (users and tokens stay).',
  apply: async (core, activation) => {
    const saved = tenantsOf(core, activation).flatMap((t) =>
      contentTables(t).map((table) => ({ table, rows: table.all() })),
    )
    for (const { table } of saved) table.clear()
    return async () => {
      for (const { table, rows } of saved) {
        table.clear()
        for (const row of rows) await table.insert(row)
      }
    }
  },
} satisfies ScenarioDefinition
