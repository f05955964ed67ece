import { blankContact } from '../mocks/resources/contacts.ts'
import { isoDate } from '../mocks/resources/fields.ts'
import type { ScenarioDefinition } from '../mocks/scenario-engine.ts'

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Tim']
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Thompson',
  'Perlman',
  'Berners-Lee',
]

/** 100,000 extra contacts in one tenant (the narrowed one, else the default): pagination and speed at scale. */
export default {
  name: 'large-tenant',
  description: 'Adds 100,000 contacts to a tenant (narrow with {"tenant": ...}; option contacts).',
  defaults: { contacts: 100_000 },
  // About 1.1 GB and 25 s of inserts at the bound: past it one request could exhaust memory (findings M3).
  limits: { contacts: { max: 1_000_000, integer: true } },
  // Added through the engine: switching off removes these records only, and `--db` never saves them (findings N3).
  apply: async (core, activation, effect) => {
    const slug = activation.tenant ?? core.options.defaultTenant
    const t = core.tenant(slug)!
    const dateCreated = isoDate(core.clock.now())
    const count = Number(activation.options.contacts)
    // Names from the index, not faker: 100,000 records in about a second, the same every time.
    for (let i = 0; i < count; i++) {
      const firstName = FIRST[i % FIRST.length]!
      const lastName = LAST[Math.floor(i / FIRST.length) % LAST.length]!
      effect.add(t.contacts, {
        ...blankContact(),
        id: core.db.ids.next('contact'),
        tenant: slug,
        name: `${firstName} ${lastName}`,
        email: `bulk.${i}@large.${slug}.test`,
        dateCreated,
      })
    }
  },
} satisfies ScenarioDefinition
