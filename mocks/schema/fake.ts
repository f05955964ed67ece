import { nameParts, schema } from '../spec/index.ts'
import type { ResourceSpec, TypeNode } from '../spec/index.ts'
import type { Draw, Person } from './fake-draw.ts'
import { scalarMaker, stringListMaker, USUALLY_NULL } from './fake-values.ts'
import { classTypes, embeddedSchema } from './relations.ts'
import type { FakeContext, Records, Relation, StoredRecord } from './types.ts'

// Records that look real for any resource of the spec (issue 23 item 3): every property any schema of the
// resource's class lists gets a value of its type, relations point at records that exist (`ctx.records`), a
// value object is drawn in its own schema's shape. What to draw is worked out once per class (a plan of
// makers); a record is then one pass over it, so a resource's first touch stays well under 20 ms.

/** One `fakeRecords` call: its context, the records drawn so far (a self-relation's targets), ids fetched. */
interface Run {
  readonly ctx: FakeContext
  readonly spec: ResourceSpec
  readonly batch: StoredRecord[]
  /** How many records the batch gets: its first half are the roots a self-relation points at. */
  readonly count: number
  readonly ids: Map<string, readonly number[]>
}

type Maker = (run: Run, d: Draw, depth: number) => unknown
interface Slot {
  readonly prop: string
  readonly make: Maker
}
interface Plan {
  /** Makers that read no other value first, then those that do (`slug` from `name`, an end from its begin). */
  readonly slots: readonly Slot[]
  /** The resources its relations point at, and the plans of its value objects: their ids are fetched first. */
  readonly targets: ReadonlySet<string>
  readonly objects: readonly (() => Plan)[]
}

/** A value object inside a value object inside a record is the deepest drawn; deeper ones are empty. */
const MAX_DEPTH = 2
/** Set by the record itself, never by a plan: the key, and the tenant (the store's slug, not Orgo's IRI). */
const OWN = new Set(['id', 'tenant', 'uuid', 'hash'])

/** `count` records of a resource, deterministic for the same faker seed and the same records around them. */
export function fakeRecords(spec: ResourceSpec, count: number, ctx: FakeContext): StoredRecord[] {
  const { faker } = ctx
  const plan = resourcePlan(spec, ctx.records)
  const hasUuid = spec.key === 'uuid' || classTypes(spec.type).has('uuid')
  const hasHash = spec.key === 'hash' || classTypes(spec.type).has('hash')
  const run: Run = { ctx, spec, batch: [], count, ids: new Map() }
  // Fetching the targets' ids may seed them first, with the same faker: drawn after it, from a seed drawn
  // before it, these records do not depend on which resources were touched before this one.
  const seed = faker.number.int({ max: 2 ** 31 - 1 })
  fetchIds(plan, run, 0)
  faker.seed(seed)
  for (let index = 0; index < count; index++) {
    const record: StoredRecord = { id: ctx.nextId(), tenant: ctx.tenant.slug }
    if (hasUuid) record.uuid = faker.string.uuid()
    if (hasHash) record.hash = faker.string.hexadecimal({ length: 32, casing: 'lower', prefix: '' })
    // A key no schema lists (`website-article-categories/{name}`): the item path still addresses the record.
    if (!(spec.key in record) && !plan.slots.some((s) => s.prop === spec.key))
      record[spec.key] = `${faker.commerce.department()} ${index + 1}`
    fill(record, plan, run, draw(ctx, index, record), 0)
    run.batch.push(record)
  }
  return run.batch
}

function draw(ctx: FakeContext, index: number, values: Record<string, unknown>): Draw {
  let person: Person | undefined
  const { faker, now, tenant } = ctx
  return {
    faker,
    now,
    index,
    tenant,
    values,
    person: () => (person ??= { first: faker.person.firstName(), last: faker.person.lastName() }),
  }
}

function fill(into: Record<string, unknown>, plan: Plan, run: Run, d: Draw, depth: number): void {
  for (const slot of plan.slots) into[slot.prop] = slot.make(run, d, depth)
}

/** The ids of every resource the records and their value objects point at (not the one being seeded). */
function fetchIds(plan: Plan, run: Run, depth: number): void {
  for (const resource of plan.targets)
    if (resource !== run.spec.name && !run.ids.has(resource))
      run.ids.set(resource, run.ctx.records.ids(resource))
  if (depth < MAX_DEPTH) for (const object of plan.objects) fetchIds(object(), run, depth + 1)
}

/** What the class's schemas say of one property: its type (the first schema's), null allowed in all of them. */
interface Seen {
  type: TypeNode
  nullable: boolean
  writeOnly: boolean
  /** The schema it embeds, in the first schema that embeds it. */
  ref?: string
}

/**
 * Properties of the schemas (resolved: their large defaults included), then of every other schema of the class
 * (raw types): the first type seen wins, an enum or a default from a later one is added to it.
 */
function collect(names: readonly string[], className?: string): Map<string, Seen> {
  const seen = new Map<string, Seen>()
  const add = (prop: string, type: TypeNode) => {
    if (prop.startsWith('@')) return
    const known = seen.get(prop)
    if (!known) {
      seen.set(prop, {
        type,
        nullable: type.nullable,
        writeOnly: !!type.writeOnly,
        ref: embeddedSchema(type),
      })
      return
    }
    known.nullable &&= type.nullable
    known.writeOnly &&= !!type.writeOnly
    known.ref ??= embeddedSchema(type)
    if (type.kind === 'enum' && (known.type.kind === 'str' || known.type.kind === 'int'))
      known.type = { ...type, nullable: known.type.nullable }
    if (known.type.default === undefined && type.default !== undefined && type.kind === known.type.kind)
      known.type = { ...known.type, default: type.default }
  }
  for (const name of new Set(names))
    for (const [prop, type] of Object.entries(schema(name)?.props ?? {})) add(prop, type)
  if (className) for (const [prop, types] of classTypes(className)) for (const type of types) add(prop, type)
  return seen
}

const plans = new Map<string, Plan>()

/** The resource's plan: its item, collection and write schemas first (their types win), then the class's others. */
function resourcePlan(spec: ResourceSpec, records: Records): Plan {
  const key = `resource ${spec.name}`
  let plan = plans.get(key)
  if (plan) return plan
  const preferred = (['item', 'collection', 'create', 'update', 'replace'] as const).flatMap((g) => [
    spec.groups[g]?.json,
    spec.groups[g]?.jsonld,
    g === 'item' || g === 'collection' ? undefined : spec.writes[g]?.schema,
  ])
  const names = preferred.filter((n): n is string => n !== undefined)
  plans.set(key, (plan = planOf(spec.type, collect(names, spec.type), records)))
  return plan
}

/** A value object's plan: the schema the property embeds first (`@Media-contact_read`), in its shape. */
function objectPlan(className: string, ref: string, records: Records): Plan {
  const key = `object ${ref}`
  let plan = plans.get(key)
  if (!plan) plans.set(key, (plan = planOf(className, collect([ref]), records, true)))
  return plan
}

function planOf(className: string, seen: Map<string, Seen>, records: Records, isObject = false): Plan {
  const early: Slot[] = []
  const late: Slot[] = []
  const targets = new Set<string>()
  const objects: (() => Plan)[] = []
  const context: TypeContext = { className, siblings: new Set(seen.keys()), records, objects }
  for (const [prop, s] of seen) {
    if (s.writeOnly || (!isObject && OWN.has(prop))) continue
    const relation = records.relation(className, prop)
    if (relation?.resource) targets.add(relation.resource)
    const [make, isLate] = propertyMaker(prop, s, relation, context, isObject)
    ;(isLate ? late : early).push({ prop, make })
  }
  return { slots: [...early, ...late], targets, objects }
}

/** A property's maker: a relation's, the tenant's, a value object's, else its type's; `[maker, late]`. */
function propertyMaker(
  prop: string,
  s: Seen,
  relation: Relation | undefined,
  context: TypeContext,
  isObject: boolean,
): [Maker, boolean] {
  if (relation?.resource) return [relationMaker(relation.resource, relation.many, s.nullable), false]
  if (prop === 'tenant') return [(run) => run.ctx.tenant.slug, false]
  if (relation && s.ref)
    return [objectMaker(relation.className, s.ref, relation.many, s.nullable, context), false]
  // An entity with no resource, named only by IRI (`Group.userType`): no record to point at.
  if (relation) return [() => (relation.many ? [] : null), false]
  if (isObject && prop === 'id') return [(_, d) => d.faker.number.int({ min: 1, max: 9_999 }), false]
  // The tenant embedded (`Product.organisation`): this tenant's own id, name and slug.
  if (context.className === 'Tenant' && /^(id|name|slug)$/.test(prop))
    return [(run) => (run.ctx.tenant as Record<string, unknown>)[prop], false]
  return typeMaker(prop, s.type, s.nullable, context)
}

/**
 * An id of the target resource's records (0-3 of them for a to-many). A self-relation (`parent`, a task's
 * `blockedBy`) points from the batch's second half at its first half, whose records point at none: one level
 * deep, as a tree of roots and children. Chains through the whole batch made a page of tasks embed tasks
 * embedding tasks: 1.4 MB for ten.
 */
function relationMaker(resource: string, many: boolean, nullable: boolean): Maker {
  return (run, d) => {
    const own = resource === run.spec.name
    const roots = Math.ceil(run.count / 2)
    const ids = own
      ? run.batch.length < roots
        ? []
        : run.batch.slice(0, roots).map((r) => r.id)
      : (run.ids.get(resource) ?? [])
    if (many) return ids.length === 0 ? [] : d.faker.helpers.arrayElements(ids, { min: 0, max: 3 })
    if (ids.length === 0 || (own && nullable && d.faker.datatype.boolean())) return null
    return d.faker.helpers.arrayElement(ids)
  }
}

/** What a plain value's maker knows of where it is: its class, its siblings, the value objects met so far. */
interface TypeContext {
  readonly className: string
  readonly siblings: ReadonlySet<string>
  readonly records: Records
  readonly objects: (() => Plan)[]
}

/** A value object (0-2 for a list) in the shape of the schema embedded, its plan made on first use. */
function objectMaker(
  className: string,
  ref: string,
  many: boolean,
  nullable: boolean,
  context: TypeContext,
): Maker {
  let made: Plan | undefined
  const plan = () => (made ??= objectPlan(className, ref, context.records))
  context.objects.push(plan)
  const one = (run: Run, d: Draw, depth: number) => {
    const object: Record<string, unknown> = {}
    fill(object, plan(), run, draw(run.ctx, d.index, object), depth + 1)
    return object
  }
  return (run, d, depth) => {
    if (depth >= MAX_DEPTH) return many ? [] : nullable ? null : {}
    if (!many) return one(run, d, depth)
    return Array.from({ length: d.faker.number.int({ min: 0, max: 2 }) }, () => one(run, d, depth))
  }
}

/** A plain value by its type, its name deciding within it (fake-values.ts); `[maker, late]`. */
function typeMaker(prop: string, type: TypeNode, nullable: boolean, context: TypeContext): [Maker, boolean] {
  const constant = (value: unknown): [Maker, boolean] => [
    value !== null && typeof value === 'object' ? () => structuredClone(value) : () => value,
    false,
  ]
  if (nullable && USUALLY_NULL.test(prop)) return constant(null)
  switch (type.kind) {
    case 'iri':
      // An IRI the spec gives no class for (`Badge.import`, `QuizQuestion.image`): nothing to point at.
      return constant(null)
    case 'arr': {
      if (type.default !== undefined) return constant(type.default)
      const item = type.items
      if (item.kind === 'str' || item.kind === 'enum') {
        const make = stringListMaker(prop)
        return [(_, d) => make(d), false]
      }
      if (item.kind === 'ref')
        return [objectMaker(nameParts(item.name).className, item.name, true, nullable, context), false]
      return constant([])
    }
    case 'obj':
    case 'map':
      return constant(type.default ?? {})
    case 'ref':
      return [objectMaker(nameParts(type.name).className, type.name, false, nullable, context), false]
    case 'inline': {
      const siblings = new Set(Object.keys(type.props))
      const inner = Object.entries(type.props).map(([key, t]) => {
        const [make] = typeMaker(key, t, t.nullable, { ...context, siblings })
        return [key, make] as const
      })
      return [
        (run, d, depth) => Object.fromEntries(inner.map(([key, make]) => [key, make(run, d, depth)])),
        false,
      ]
    }
    case 'union': {
      const rank = (t: TypeNode) => ['int', 'num', 'str', 'bool'].indexOf(t.kind) + 1 || 9
      const member = [...type.of].sort((a, b) => rank(a) - rank(b))[0]!
      return typeMaker(prop, { ...member, nullable }, nullable, context)
    }
    case 'hydra':
      return constant([])
    default: {
      const { make, late } = scalarMaker(prop, type, nullable, context.className, context.siblings)
      return [(_, d) => make(d), late === true]
    }
  }
}
