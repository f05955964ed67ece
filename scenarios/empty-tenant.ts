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

/**
 * A tenant with users and credentials but no content: empty states of every list. The rows are hidden through
 * the engine, which brings them back when switched off (beside anything created meanwhile) and keeps them in the
 * `--db` file all along (findings N3).
 */
export default {
  name: 'empty-tenant',
  description:
    'Contacts, events, attendances, groups, forms and submissions disappear (users and tokens stay).',
  apply: async (core, activation, effect) => {
    for (const t of tenantsOf(core, activation))
      for (const table of contentTables(t)) effect.hide(table, table.all())
  },
} satisfies ScenarioDefinition
