import type { Country, LocalCenter, Town, Unit } from '../db/schema.ts'
import { ref } from './fields.ts'
import { permission } from './rules.ts'
import type { ResourceDef, Row } from './types.ts'

// Reference data the emulated resources embed (`localCenter: {id, name}`, `town: {id, name, country}`). Seeded
// so that Orgo's own curated examples run unchanged on the default tenant: `/api/v1/local_centers/4`,
// `/api/v1/units/4`, `/api/v1/countries/1` and `/api/v1/towns/1` exist there.

const PLACES = ['National office', 'Chicago', 'Denver', 'Boston'] as const

/**
 * Data the other resources point at, served by the schema engine in the shape of Orgo's spec (its fields, filters,
 * orders and page size: issue 23 item 1): the definition keeps the table, its seed (the curated names), the
 * embeds the hand-written resources show of it (`localCenter: {id, name}`), and who may write it.
 */
function referenceData<T extends Row>(
  def: Pick<ResourceDef<T>, 'path' | 'type' | 'specOffset' | 'seed' | 'sequence'> & {
    shown: readonly string[]
    fields?: ResourceDef<T>['fields']
  },
): ResourceDef<T> {
  const { shown, fields, ...rest } = def
  return {
    ...rest,
    key: 'id',
    fields: fields ?? {},
    groups: { collection: shown, item: shown },
    writable: [],
    pageSize: 30,
    filters: {},
    order: [],
    // No operation of its own: every one of Orgo's is the schema engine's (schema-access.ts: any user of the tenant
    // reads; the spec's writes state HR_TENANT, ADMIN_LOCAL or ADMIN_TENANT, or "unit admin access": ADMIN or HR).
    operations: {},
    writes: permission('ADMIN', 'HR'),
    // The spec's other fields (a center's town, status, contact details), faked on the engine's first touch.
    fakeRest: true,
  }
}

export const localCenters = referenceData<LocalCenter>({
  path: 'local_centers',
  type: 'LocalCenter',
  specOffset: 3_420_000,
  shown: ['id', 'name', 'parent'],
  fields: { parent: ref('local_centers', ['id', 'name']) },
  async seed(s) {
    let parent: number | null = null
    for (const name of PLACES) {
      const center: LocalCenter = await s.insert<LocalCenter>('local_centers', { name, parent })
      parent ??= center.id
    }
  },
})

/**
 * "A LocalCenter is a kind of Unit ... for local-scope roles, the Unit is the LocalCenter itself"
 * (manage-local-centers-and-permissions): each center's unit has the center's id (`/api/v1/units/4` is Boston's),
 * so units take their ids from the centers' sequence, and a center made through the API gets its unit then
 * (mocks/workflows/local-centers.ts).
 */
export const units = referenceData<Unit>({
  path: 'units',
  type: 'Unit',
  specOffset: 6_200_000,
  sequence: 'local_center',
  shown: ['id', 'name'],
  async seed(s) {
    const table = s.table('units')!
    for (const center of s.table('local_centers')!.all() as LocalCenter[])
      await table.insert({
        id: center.id,
        tenant: s.tenant.slug,
        name: center.name,
        localCenter: center.id,
      } as never)
  },
})

export const countries = referenceData<Country>({
  path: 'countries',
  type: 'Country',
  specOffset: 790_000,
  shown: ['id', 'name', 'code'],
  async seed(s) {
    for (const [name, code] of [
      ['United States', 'US'],
      ['United Kingdom', 'GB'],
      ['Germany', 'DE'],
    ] as const)
      await s.insert<Country>('countries', { name, code })
  },
})

export const towns = referenceData<Town>({
  path: 'towns',
  type: 'Town',
  specOffset: 6_150_000,
  shown: ['id', 'name', 'country'],
  fields: { country: ref('countries', ['id', 'name']) },
  async seed(s) {
    const country = (code: string) =>
      s
        .table('countries')!
        .all()
        .find((c) => (c as Country).code === code)?.id ?? null
    for (const [name, code] of [
      ['Boston', 'US'],
      ['Chicago', 'US'],
      ['London', 'GB'],
      ['Berlin', 'DE'],
    ] as const)
      await s.insert<Town>('towns', { name, country: country(code) })
  },
})
