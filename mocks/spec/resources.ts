import { collectionQuery } from './filters.ts'
import {
  COLLECTION_METHODS,
  isCollection,
  isItem,
  isParam,
  ITEM_METHODS,
  resourceLayout,
  type Family,
} from './layout.ts'
import { bodyType, okType, operation } from './operations.ts'
import { classProperties, schemaOfType } from './schemas.ts'
import type {
  GroupFields,
  GroupSchemas,
  MethodName,
  ResourceAction,
  ResourceSpec,
  SpecOperation,
  WriteSpec,
} from './types.ts'

// One definition per resource (mocks/spec/layout.ts says which operations make it up), built on first use:
// methods, key, fields per serialization group and format, writable and required fields, filters, order
// fields, page size and custom actions, each read from the operations' parameters and schemas.

type Group = 'collection' | 'item' | 'create' | 'update' | 'replace'

const NOT_LISTED = {
  filters: {},
  exists: [],
  order: {},
  pageSize: { default: null, clientItemsPerPage: false, clientPagination: false },
} as const

function build({ main, members }: Family): ResourceSpec {
  const methods: Partial<Record<MethodName, SpecOperation>> = {}
  const actions: ResourceAction[] = []
  for (const p of members) {
    const op = operation(p.line.operationId)!
    // Another spelling's bare path lists or creates (`GET /course-enrollments`); its item path is an action.
    const method = isCollection(p)
      ? COLLECTION_METHODS[op.method]
      : p.segment === main && isItem(p)
        ? ITEM_METHODS[op.method]
        : undefined
    if (method && !methods[method]) methods[method] = op
    else actions.push({ on: isParam(p.rest[0]) ? 'item' : 'collection', operation: op })
  }
  const itemOp = methods.read ?? methods.update ?? methods.replace ?? methods.delete
  const collectionOp = methods.list ?? methods.create
  const key = itemOp?.pathParams[0] ?? 'id'
  const type = (itemOp ?? collectionOp ?? actions[0]!.operation).tag

  const groups: Partial<Record<Group, GroupSchemas>> = {}
  const fields: Partial<Record<Group, GroupFields>> = {}
  for (const [group, op] of [
    ['collection', methods.list],
    ['item', methods.read],
    ['create', methods.create],
    ['update', methods.update],
    ['replace', methods.replace],
  ] as const) {
    if (!op) continue
    // A collection's `hydra<@X>` / `arr<@X>`: the group is X's.
    const jsonld = schemaOfType(okType(op, 'application/ld+json'))
    const json = schemaOfType(okType(op, 'application/json'))
    if (!jsonld && !json) continue
    groups[group] = { ...(jsonld ? { jsonld: jsonld.name } : {}), ...(json ? { json: json.name } : {}) }
    fields[group] = { jsonld: Object.keys(jsonld?.props ?? {}), json: Object.keys(json?.props ?? {}) }
  }

  const writes: Partial<Record<'create' | 'update' | 'replace', WriteSpec>> = {}
  for (const [name, op, media] of [
    ['create', methods.create, 'application/json'],
    ['update', methods.update, 'application/merge-patch+json'],
    ['replace', methods.replace, 'application/json'],
  ] as const) {
    if (!op?.body) continue
    const body = schemaOfType(bodyType(op, media))
    // API Platform denormalizes no readOnly property: a write ignores it.
    const writable = Object.entries(body?.props ?? {}).filter(([, t]) => !t.readOnly)
    writes[name] = {
      ...(body ? { schema: body.name } : {}),
      writable: writable.map(([prop]) => prop),
      required: body?.required ?? [],
    }
  }

  const keyProp = schemaOfType(itemOp && okType(itemOp, 'application/json'))?.props[key]
  const query = methods.list
    ? collectionQuery(methods.list, (prop) => classProperties(type).has(prop))
    : NOT_LISTED
  return {
    name: main,
    type,
    ...(collectionOp ? { collectionPath: collectionOp.path } : {}),
    ...(itemOp ? { itemPath: itemOp.path.replace(/[^/]+$/, `:${key}`) } : {}),
    key,
    ...(keyProp ? { keyType: keyProp.kind } : {}),
    methods: Object.fromEntries(Object.entries(methods).map(([m, op]) => [m, op.operationId])),
    groups,
    fields,
    writes,
    ...query,
    actions,
  }
}

const built = new Map<string, ResourceSpec>()

/** The resource named by its main path segment (`contacts`, `event_attends`, `user-api-tokens`), built once. */
export function resource(name: string): ResourceSpec | undefined {
  let spec = built.get(name)
  if (spec) return spec
  const family = resourceLayout().families.find((f) => f.main === name)
  if (!family) return undefined
  built.set(name, (spec = build(family)))
  return spec
}

/** Every resource the spec's paths describe (125), in the order the spec first mentions them. */
export function resources(): readonly ResourceSpec[] {
  return resourceLayout().families.map((f) => resource(f.main)!)
}

/** The resource an operation belongs to; `undefined` for a standalone operation. */
export function resourceOf(operationId: string): ResourceSpec | undefined {
  const name = resourceLayout().byOperation.get(operationId)
  return name === undefined ? undefined : resource(name)
}

/** Operations on no resource's paths (`/api/v1/me`, `/api/v1/public_events`, `/api/v1/events_publish/{uuid}`). */
export function standaloneOperations(): readonly SpecOperation[] {
  return resourceLayout().standalone.map((id) => operation(id)!)
}
