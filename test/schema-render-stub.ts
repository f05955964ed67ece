import { itemIri, type Format } from '../mocks/http/hydra.ts'
import type { SandboxRequest } from '../mocks/http/types.ts'
import type { Records, Relation, StoredRecord } from '../mocks/schema/types.ts'
import { nameParts, resources, schema, schemaNames } from '../mocks/spec/index.ts'
import type { TypeNode } from '../mocks/spec/index.ts'

// A stub store for test/schema-render.test.ts: a few hand-made products, prices, local centers and a contact
// that point at each other (a price cycle included), and for any other class a generic record built from the
// types its schemas give its properties.

export const DATE = '2026-01-15T10:30:00+00:00'
export const byType = new Map(
  resources()
    .map((r) => [r.type, r] as const)
    .reverse(),
)
const byName = new Map(resources().map((r) => [r.name, r] as const))
const classSchemas = new Map<string, string[]>()
for (const name of schemaNames()) {
  const { className, variant } = nameParts(name)
  if (!variant) classSchemas.set(className, [...(classSchemas.get(className) ?? []), name])
}

/** A value of the type, relations as id 1 of the class's resource (value objects when it has none). */
export function sample(t: TypeNode, depth = 0): unknown {
  switch (t.kind) {
    case 'int':
      return 7
    case 'num':
      return 12.5
    case 'bool':
      return true
    case 'str':
      return t.format === 'date-time' ? DATE : t.format === 'email' ? 'ada@example.org' : 'text'
    case 'enum':
      return t.values[t.values.length - 1]
    case 'any':
    case 'obj':
      return { any: 'thing' }
    case 'iri':
      return 1
    case 'arr':
      return [sample(t.items, depth)]
    case 'map':
      return { a: sample(t.values, depth) }
    case 'union':
      return sample(t.of[0]!, depth)
    case 'inline':
      return Object.fromEntries(Object.entries(t.props).map(([k, p]) => [k, sample(p, depth)]))
    case 'ref': {
      const target = schema(t.name)!
      if (byType.has(target.className)) return 1
      return depth > 3 ? undefined : fromSchema(t.name, depth + 1)
    }
    case 'hydra':
      return []
  }
}

export function fromSchema(name: string, depth = 0): StoredRecord {
  const out: StoredRecord = { id: 1, tenant: 'acme' }
  for (const [prop, t] of Object.entries(schema(name)!.props))
    if (!prop.startsWith('@') && prop !== 'id') out[prop] = sample(t, depth)
  return out
}

/** A class's record: each property as the first plain schema of the class types it. */
function classRecord(className: string, id: number): StoredRecord {
  const out: StoredRecord = { id, tenant: 'acme', uuid: `uuid-${id}`, hash: `hash-${id}` }
  for (const name of classSchemas.get(className) ?? [])
    for (const [prop, t] of Object.entries(schema(name)!.props))
      if (!(prop in out) && !t.writeOnly) out[prop] = sample(t, 1)
  return out
}

export const HAND_MADE: Record<string, StoredRecord[]> = {
  products: [
    { id: 5, tenant: 'acme', uuid: 'p-5', name: 'Membership', localCenter: 1, productPrices: [10, 11, 99] },
  ],
  local_centers: [
    { id: 1, tenant: 'acme', name: 'Paris', currency: 'EUR', parent: 2 },
    { id: 2, tenant: 'acme', name: 'France', isParent: true },
  ],
  // 10 -> 11 -> 10: a cycle the renderer must cut.
  product_prices: [
    { id: 10, tenant: 'acme', price: 25, currency: 'EUR', previousVersion: 11, isCompanyPrice: true },
    { id: 11, tenant: 'acme', price: 20, currency: 'EUR', previousVersion: 10 },
  ],
  contacts: [
    {
      id: 3,
      tenant: 'acme',
      name: 'Ada Lovelace',
      localCenter: 1,
      product: 5,
      dateCreated: Date.UTC(2026, 0, 2),
    },
  ],
}
const IRI_TARGETS: Record<string, string> = {
  'LocalCenter.parent': 'LocalCenter',
  'Contact.product': 'Product',
}

export const records: Records = {
  resourceOfClass: (className) => byType.get(className),
  get(resource, id) {
    const hand = HAND_MADE[resource]
    if (hand) return hand.find((r) => r.id === id)
    const spec = byName.get(resource)
    return spec && id === 1 ? classRecord(spec.type, id) : undefined
  },
  find(resource, key) {
    const spec = byName.get(resource)!
    return (HAND_MADE[resource] ?? [classRecord(spec.type, 1)]).find((r) => String(r[spec.key]) === key)
  },
  ids: (resource) => (HAND_MADE[resource] ?? [{ id: 1 }]).map((r) => r.id),
  iri(resource, record) {
    const spec = byName.get(resource)!
    return itemIri(`/api/v1/${resource}`, record[spec.key] ?? record.id)
  },
  relation(className, property): Relation | undefined {
    const iriTarget = IRI_TARGETS[`${className}.${property}`]
    const typed = (classSchemas.get(className) ?? []).map((n) => schema(n)!.props[property]).find(Boolean)
    const item = typed?.kind === 'arr' ? typed.items : typed
    const target = iriTarget ?? (item?.kind === 'ref' ? schema(item.name)?.className : undefined)
    if (!target) return undefined
    return { className: target, resource: byType.get(target)?.name, many: typed?.kind === 'arr' }
  },
}

export function request(path: string, accept: string, query = ''): SandboxRequest {
  return {
    method: 'GET',
    path,
    query: new URLSearchParams(query),
    host: 'acme.localhost',
    protocol: 'http',
    header: (name) => (name.toLowerCase() === 'accept' ? accept : null),
    text: async () => '',
    clientAddress: '127.0.0.1',
  }
}
export const ACCEPT: Record<Format, string> = { jsonld: 'application/ld+json', json: 'application/json' }
