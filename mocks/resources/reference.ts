import type { Country, LocalCenter, Town, Unit } from '../db/schema.ts'
import { ref } from './fields.ts'
import { signedIn } from './rules.ts'
import type { ResourceDef } from './types.ts'

// Reference data the emulated resources embed (`localCenter: {id, name}`, `town: {id, name, country}`). Seeded
// so that Orgo's own curated examples run unchanged on the default tenant: `/api/v1/local_centers/4`,
// `/api/v1/units/4`, `/api/v1/countries/1` and `/api/v1/towns/1` exist there.

const PLACES = ['National office', 'Chicago', 'Denver', 'Boston'] as const

const readOnly = { list: signedIn, read: signedIn }

export const localCenters: ResourceDef<LocalCenter> = {
  path: 'local_centers',
  type: 'LocalCenter',
  key: 'id',
  specOffset: 3_420_000,
  fields: { parent: ref('local_centers', ['id', 'name']) },
  groups: { collection: ['id', 'name', 'parent'], item: ['id', 'name', 'parent'] },
  writable: [],
  pageSize: 30,
  filters: { name: 'partial' },
  order: ['id', 'name'],
  operations: readOnly,
  async seed(s) {
    let parent: number | null = null
    for (const name of PLACES) {
      const center: LocalCenter = await s.insert<LocalCenter>('local_centers', { name, parent })
      parent ??= center.id
    }
  },
}

export const units: ResourceDef<Unit> = {
  path: 'units',
  type: 'Unit',
  key: 'id',
  specOffset: 6_200_000,
  fields: {},
  groups: { collection: ['id', 'name'], item: ['id', 'name'] },
  writable: [],
  pageSize: 30,
  filters: { name: 'partial' },
  order: ['id', 'name'],
  operations: readOnly,
  async seed(s) {
    for (const name of PLACES) await s.insert<Unit>('units', { name })
  },
}

export const countries: ResourceDef<Country> = {
  path: 'countries',
  type: 'Country',
  key: 'id',
  specOffset: 790_000,
  fields: {},
  groups: { collection: ['id', 'name', 'code'], item: ['id', 'name', 'code'] },
  writable: [],
  pageSize: 30,
  filters: { name: 'partial', code: 'exact' },
  order: ['id', 'name'],
  operations: readOnly,
  async seed(s) {
    for (const [name, code] of [
      ['United States', 'US'],
      ['United Kingdom', 'GB'],
      ['Germany', 'DE'],
    ] as const)
      await s.insert<Country>('countries', { name, code })
  },
}

export const towns: ResourceDef<Town> = {
  path: 'towns',
  type: 'Town',
  key: 'id',
  specOffset: 6_150_000,
  fields: { country: ref('countries', ['id', 'name']) },
  groups: { collection: ['id', 'name', 'country'], item: ['id', 'name', 'country'] },
  writable: [],
  pageSize: 30,
  filters: { name: 'partial', country: 'exact' },
  order: ['id', 'name'],
  operations: readOnly,
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
}
