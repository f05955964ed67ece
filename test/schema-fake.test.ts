import { describe, expect, it } from 'vitest'
import { createRandom } from '../mocks/db/random.ts'
import { fakeRecords } from '../mocks/schema/fake.ts'
import { classTypes, relationOf, resourceOfClass } from '../mocks/schema/relations.ts'
import type { FakeContext, Records, Relation } from '../mocks/schema/types.ts'
import {
  classProperties,
  nameParts,
  resource,
  resources,
  schema,
  type ResourceSpec,
  type Schema,
  type TypeNode,
} from '../mocks/spec/index.ts'

// Relations and fake data of the schema engine (issue 23 item 3): every resource of the spec is seeded with
// records whose every value fits its item schema, relations point at records that exist, the same seed gives
// the same records, and the values look like a real tenant's.

const NOW = Date.parse('2026-01-05T09:00:00Z')
const TENANT = { slug: 'acme', name: 'Acme Corporation', id: 1 }
/** Every resource's records in the stub: ids 1-5. */
const STUB_IDS = [1, 2, 3, 4, 5]
const COUNT = 6

/** A `Records` over no table: every resource holds ids 1-5 (or none), relations are relations.ts's. */
function stubRecords(ids: readonly number[] = STUB_IDS, onIds?: (resource: string) => void): Records {
  return {
    resourceOfClass,
    relation: relationOf,
    get: () => undefined,
    find: () => undefined,
    iri: (name, record) => `/api/v1/${name}/${record.id}`,
    ids: (name) => {
      onIds?.(name)
      return ids
    },
  }
}

function context(seed = 7, records = stubRecords()): FakeContext {
  const faker = createRandom(seed).faker
  let next = 1000
  return { faker, tenant: TENANT, now: NOW, nextId: () => next++, records }
}

/** The schema a resource's records are read in: its item's, else its collection's, else a write answer's. */
function itemSchema(spec: ResourceSpec): Schema | undefined {
  const { item, collection, create, update } = spec.groups
  const name = item?.json ?? collection?.json ?? create?.json ?? update?.json
  return name === undefined ? undefined : schema(name)
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/
const EMAIL = /^[a-z0-9.]+@[a-z0-9.-]+\.[a-z]+$/

/** Where a stored value does not fit its property (an empty list when it does). */
function problems(className: string, props: Schema['props'], value: Record<string, unknown>, own: number[]) {
  const found: string[] = []
  for (const [prop, type] of Object.entries(props)) {
    if (prop.startsWith('@') || type.writeOnly) continue
    if (!(prop in value)) {
      found.push(`${className}.${prop}: missing`)
      continue
    }
    const why = misfit(className, prop, type, value[prop], own)
    if (why) found.push(`${className}.${prop} = ${JSON.stringify(value[prop])?.slice(0, 80)}: ${why}`)
  }
  return found
}

function misfit(
  className: string,
  prop: string,
  type: TypeNode,
  value: unknown,
  own: number[],
): string | undefined {
  // The store keeps the tenant's slug (mocks/schema/types.ts StoredRecord); the renderer shows Orgo's IRI.
  if (prop === 'tenant') return value === TENANT.slug ? undefined : 'not the tenant slug'
  const relation = relationOf(className, prop)
  if (relation) return relationMisfit([className, prop], relation, type, value, own)
  return typeMisfit(type, value, own)
}

function relationMisfit(
  [className, prop]: [string, string],
  relation: Relation,
  type: TypeNode,
  value: unknown,
  own: number[],
): string | undefined {
  const known = (id: unknown) => typeof id === 'number' && (STUB_IDS.includes(id) || own.includes(id))
  const one = (v: unknown): string | undefined => {
    if (relation.resource) return known(v) ? undefined : `not an id of ${relation.resource}`
    const ref = embedded(className, prop, type)
    if (!ref) return 'an IRI-only relation to a class with no resource holds nothing'
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'not a value object'
    const inner = problems(nameParts(ref).className, schema(ref)!.props, v as Record<string, unknown>, own)
    return inner.length === 0 ? undefined : inner.join('; ')
  }
  if (value === null)
    return type.nullable || (!relation.resource && !embedded(className, prop, type)) ? undefined : 'null'
  if (relation.many)
    return Array.isArray(value) ? value.map(one).find((why) => why !== undefined) : 'not a list'
  return one(value)
}

const refOf = (t: TypeNode): string | undefined =>
  t.kind === 'ref' ? t.name : t.kind === 'arr' ? refOf(t.items) : undefined
/** The schema embedding a value object: this one's, or another schema's of the class (`arr<iri>` here, `arr<@X-g>` there). */
const embedded = (className: string, prop: string, type: TypeNode) =>
  refOf(type) ?? (classTypes(className).get(prop) ?? []).map(refOf).find(Boolean)

function typeMisfit(type: TypeNode, value: unknown, own: number[]): string | undefined {
  if (value === null) return type.nullable ? undefined : 'null where the schema allows none'
  // The spec's own default is a value it says the property holds (see `settings` below).
  if (type.default !== undefined && JSON.stringify(value) === JSON.stringify(type.default)) return undefined
  switch (type.kind) {
    case 'int':
      return Number.isSafeInteger(value) ? undefined : 'not an integer'
    case 'num':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'not a number'
    case 'bool':
      return typeof value === 'boolean' ? undefined : 'not a boolean'
    case 'str':
      if (typeof value !== 'string') return 'not a string'
      if (type.format === 'date-time' && !ISO.test(value)) return 'not an API Platform date-time'
      if (type.format === 'email' && !EMAIL.test(value)) return 'not an email'
      if (type.format === 'uri' && !URL.canParse(value)) return 'not a URL'
      return undefined
    case 'enum':
      return type.values.includes(value as never) ? undefined : 'not one of the enum'
    case 'any':
      return undefined
    case 'iri':
      return 'an IRI with no class has no record to point at: null expected'
    case 'arr':
      return Array.isArray(value)
        ? value.map((v) => typeMisfit(type.items, v, own)).find(Boolean)
        : 'not a list'
    case 'obj':
    case 'map':
      return typeof value === 'object' && !Array.isArray(value) ? undefined : 'not an object'
    case 'inline':
      return typeof value === 'object'
        ? Object.entries(type.props)
            .map(([k, t]) => typeMisfit(t, (value as Record<string, unknown>)[k] ?? null, own))
            .find(Boolean)
        : 'not an object'
    case 'union':
      return type.of.some((t) => !typeMisfit(t, value, own)) ? undefined : 'fits no member'
    case 'ref': {
      const inner = problems(nameParts(type.name).className, schema(type.name)!.props, value as never, own)
      return inner.length === 0 ? undefined : inner.join('; ')
    }
    case 'hydra':
      return 'a collection stored in a record'
  }
}

describe('fakeRecords, for every resource of the spec', () => {
  const all = resources()
  it.each(all.map((spec) => [spec.name, spec] as const))(
    '%s: the records asked for, each value fitting its item schema, relations to existing records',
    (_, spec) => {
      const rows = fakeRecords(spec, COUNT, context())
      expect(rows).toHaveLength(COUNT)
      const own = rows.map((r) => r.id)
      const item = itemSchema(spec)
      const listed = new Set([...classProperties(spec.type), 'id', 'tenant', spec.key])
      for (const row of rows) {
        expect(Number.isSafeInteger(row.id)).toBe(true)
        expect(row.tenant).toBe(TENANT.slug)
        expect(Object.keys(row).filter((p) => !listed.has(p))).toEqual([])
        if (item) expect(problems(spec.type, item.props, row, own)).toEqual([])
      }
    },
  )

  it.each(all.map((spec) => [spec.name, spec] as const))(
    '%s: the same seed gives the same records, each with its own key',
    (_, spec) => {
      const first = fakeRecords(spec, COUNT, context(42))
      expect(fakeRecords(spec, COUNT, context(42))).toEqual(first)
      for (const key of new Set(['id', spec.key, 'uuid', 'hash'])) {
        if (!(key in first[0]!)) continue
        expect(new Set(first.map((r) => r[key])).size, key).toBe(COUNT)
      }
    },
  )
})

describe('fake relations', () => {
  it('never asks for the ids of the resource being seeded: a self-relation points at an earlier record', () => {
    const spec = resource('events')!
    const asked: string[] = []
    const rows = fakeRecords(
      spec,
      20,
      context(
        3,
        stubRecords(STUB_IDS, (name) => asked.push(name)),
      ),
    )
    expect(asked).not.toContain('events')
    expect(asked).toContain('users')
    rows.forEach((row, i) => {
      const earlier = rows.slice(0, i).map((r) => r.id)
      if (row.parentEvent !== null) expect(earlier).toContain(row.parentEvent)
      for (const id of row.subEvents as number[]) expect(earlier).toContain(id)
    })
    expect(rows.some((r) => r.parentEvent !== null)).toBe(true)
  })

  it('gives null to a to-one relation and [] to a to-many one when the target resource has no records', () => {
    for (const name of ['events', 'contacts', 'event_attends', 'products']) {
      const spec = resource(name)!
      for (const row of fakeRecords(spec, COUNT, context(5, stubRecords([])))) {
        for (const prop of Object.keys(row)) {
          const relation = relationOf(spec.type, prop)
          // A self-relation points at earlier records of the batch (the test above).
          if (!relation?.resource || relation.resource === name) continue
          expect(row[prop], `${name}.${prop}`).toEqual(relation.many ? [] : null)
        }
      }
    }
  })

  it('does not depend on whether fetching a target seeded it with the same faker first', () => {
    const spec = resource('contacts')!
    const calm = fakeRecords(spec, COUNT, context(9))
    const ctx = context(9)
    // The store seeds an untouched target on `ids()`, reseeding the faker it shares with this call.
    ctx.records = stubRecords(STUB_IDS, (name) => ctx.faker.seed(name.length))
    expect(fakeRecords(spec, COUNT, ctx)).toEqual(calm)
  })

  it('draws a value object in the shape of the schema embedded, with no resource of its own', () => {
    const [row] = fakeRecords(resource('products')!, 1, context())
    const variations = row!.productPriceVariations as Record<string, unknown>[]
    expect(Array.isArray(variations)).toBe(true)
    const shape = Object.keys(schema('ProductPriceVariation-product_read')!.props)
    for (const variation of variations) expect(Object.keys(variation).sort()).toEqual([...shape].sort())
  })
})

describe('fake values look like a real tenant', () => {
  const rows = (name: string, count = 20) => fakeRecords(resource(name)!, count, context(11))

  it('products have a name, and their prices an amount in EUR', () => {
    for (const product of rows('products')) expect(product.name).toMatch(/^[A-Z][a-z]+( [a-z]+)*$/)
    for (const price of rows('product_prices')) {
      expect(price.price).toBeGreaterThan(0)
      expect(Math.round((price.price as number) * 100) / 100).toBe(price.price)
      expect(price.currency).toBe('EUR')
    }
  })

  it('contacts have a person: a name in two parts, a unique email, a phone number, an age that fits the birth date', () => {
    const contacts = rows('contacts')
    expect(new Set(contacts.map((c) => c.email)).size).toBe(contacts.length)
    for (const contact of contacts) {
      expect(contact.name).toBe(`${contact.firstName} ${contact.lastName}`)
      expect(contact.email).toMatch(EMAIL)
      expect(String(contact.email)).toContain(
        String(contact.firstName)
          .toLowerCase()
          .replace(/[^a-z]/g, ''),
      )
      expect(contact.phone).toMatch(/^\+\d{10,14}$/)
      const born = new Date(String(contact.dateBirth))
      expect(
        new Date(NOW).getUTCFullYear() - born.getUTCFullYear() - Number(contact.age),
      ).toBeLessThanOrEqual(1)
    }
  })

  it('events begin before they end, around the sandbox clock, and were created before it', () => {
    for (const event of rows('events')) {
      const begin = Date.parse(String(event.dateTimeBegin))
      expect(Date.parse(String(event.dateTimeEnd))).toBeGreaterThan(begin)
      expect(Math.abs(begin - NOW)).toBeLessThanOrEqual(61 * 86_400_000)
      expect(Date.parse(String(event.dateCreated))).toBeLessThan(NOW)
    }
  })

  it('a pair keeps its order: the maximum price above the minimum, the update after the creation', () => {
    for (const product of rows('products'))
      expect(product.customMaxPrice as number).toBeGreaterThan(product.customMinPrice as number)
    for (const user of rows('users', 5))
      expect(Date.parse(String(user.dateUpdated))).toBeGreaterThanOrEqual(
        Date.parse(String(user.dateCreated)),
      )
  })

  it('counters get plausible numbers, keys are v4 uuids and 32-hex hashes, things that did not happen are null', () => {
    const events = rows('events')
    expect(
      events.every((e) =>
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(String(e.uuid)),
      ),
    ).toBe(true)
    expect(rows('referrals').every((r) => /^[0-9a-f]{32}$/.test(String(r.hash)))).toBe(true)
    const courses = rows('courses')
    expect(courses.some((c) => (c.totalLessons as number) > 0)).toBe(true)
    expect(rows('event_attends').every((a) => a.canceledAt === null)).toBe(true)
  })
})

describe('relationOf: where a property of a class points, read from the spec', () => {
  it.each([
    // An embedded `@LocalCenter-product_read?` in a read group, an IRI in the write group.
    ['Product', 'localCenter', { className: 'LocalCenter', resource: 'local_centers', many: false }],
    ['Contact', 'tags', { className: 'ProfileTag', resource: 'profile_tags', many: true }],
    // Two resources hold events: the one on API Platform's default path (`/events`, not `/sub_events`).
    ['Event', 'subEvents', { className: 'Event', resource: 'events', many: true }],
    // IRI only, by name: itself, its tail, the class it embeds elsewhere, its family, the one class ending so.
    ['ProductPriceAddon', 'product', { className: 'Product', resource: 'products', many: false }],
    [
      'Invoice',
      'membershipProductPrice',
      { className: 'ProductPrice', resource: 'product_prices', many: false },
    ],
    ['Goal', 'owner', { className: 'User', resource: 'users', many: false }],
    ['CourseLesson', 'section', { className: 'CourseSection', resource: 'course_sections', many: false }],
    ['Topic', 'type', { className: 'TopicType', resource: 'topic_types', many: false }],
    ['QuizAttempt', 'quiz', { className: 'CourseQuiz', resource: 'course_quizes', many: false }],
    ['CompanyUser', 'addedBy', { className: 'User', resource: 'users', many: false }],
    // Value objects: a class the spec embeds but serves at no path.
    ['Product', 'productPriceVariations', { className: 'ProductPriceVariation', many: true }],
    ['Adhesion', 'medias', { className: 'Media', many: true }],
    ['Badge', 'tenant', { className: 'Tenant', many: false }],
  ] as const)('%s.%s', (className, property, expected) => {
    expect(relationOf(className, property)).toEqual(expected)
  })

  it.each([
    ['Product', 'name'],
    ['Event', 'dateTimeBegin'],
    // IRIs whose name matches no class of the spec (an import, a logo file): plain values.
    ['Badge', 'import'],
    ['Project', 'logo'],
  ])('%s.%s points nowhere', (className, property) => {
    expect(relationOf(className, property)).toBeUndefined()
  })

  it('resourceOfClass finds each resource by its class, the default path where several share one', () => {
    for (const spec of resources()) expect(resourceOfClass(spec.type)?.type).toBe(spec.type)
    expect(resourceOfClass('Event')?.name).toBe('events')
    expect(resourceOfClass('Widget')?.name).toBe('widgets')
    expect(resourceOfClass('Newsletter')?.name).toBe('newsletters')
    expect(resourceOfClass('Media')).toBeUndefined()
  })
})
