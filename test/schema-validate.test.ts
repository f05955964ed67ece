import { describe, expect, it } from 'vitest'
import { CONSTRAINT } from '../mocks/http/validate.ts'
import type { Records } from '../mocks/schema/types.ts'
import { validateWrite, type WriteMode } from '../mocks/schema/validate.ts'
import { bodyType, operation, resource, resources, schemaOfType } from '../mocks/spec/index.ts'
import type { SpecOperation, TypeNode } from '../mocks/spec/types.ts'
import { answer, createStub, sample, stubRelation, type Stub } from './schema-stub.ts'

// Write validation of the schema engine (mocks/schema/validate.ts) against every write of the spec's resources:
// what API Platform's denormalizer refuses with a 400, what Symfony's validator answers with a 422, and what
// is stored (relations as ids, read-only and unknown keys ignored, merge patch).

const MODES: Record<string, WriteMode> = { create: 'create', update: 'update', replace: 'replace' }

/** Every write operation of every resource, with its body schema. */
const writes = resources().flatMap((spec) =>
  (['create', 'update', 'replace'] as const).flatMap((method) => {
    const id = spec.methods[method]
    const op = id ? operation(id) : undefined
    const of =
      op && schemaOfType(bodyType(op, method === 'update' ? 'application/merge-patch+json' : undefined))
    return op && of && !of.open ? [{ spec, method, op, of }] : []
  }),
)

function validBody(stub: Stub, w: (typeof writes)[number], names: readonly string[]) {
  const body: Record<string, unknown> = {}
  for (const name of names) body[name] = sample(stub, w.of.className, name, w.of.props[name]!)
  return body
}

const run = (
  op: SpecOperation,
  body: Record<string, unknown>,
  mode: WriteMode,
  records: Records,
  current?: never,
) => answer(() => validateWrite(op, body, mode, records, current))

describe('every write of every resource', () => {
  it.each(writes.map((w) => [w.spec.name, w.method, w] as const))(
    '%s %s: a body with every writable property, each of its type, is accepted',
    (_name, method, w) => {
      const stub = createStub()
      const writable = Object.keys(w.of.props).filter(
        (p) => !w.of.props[p]!.readOnly && !/^(id|tenant)$/.test(p),
      )
      expect(run(w.op, validBody(stub, w, writable), MODES[method]!, stub.records)).toMatchObject({
        status: 200,
      })
    },
  )

  const required = writes.filter((w) => w.method === 'create' && w.of.required.length)
  const requiredCases = required.flatMap((w) =>
    w.of.required.map((field) => [w.spec.name, field, w] as const),
  )
  const hasDefault = (w: (typeof writes)[number], field: string) => w.of.props[field]!.default !== undefined

  it.each(requiredCases.filter(([, field, w]) => !hasDefault(w, field)))(
    '%s create without %s: 422 NotBlank naming it',
    (_name, field, w) => {
      const stub = createStub()
      const body = validBody(stub, w, w.of.required)
      expect(run(w.op, body, 'create', stub.records).status).toBe(200)
      delete body[field]
      expect(run(w.op, body, 'create', stub.records)).toEqual({
        status: 422,
        detail: `${field}: This value should not be blank.`,
        violations: [
          { propertyPath: field, message: CONSTRAINT.notBlank.message, code: CONSTRAINT.notBlank.code },
        ],
      })
    },
  )

  // The spec says both `required` and a default (user_lists `type`, ="static"): the entity's default fills the
  // property before the validator runs, so NotBlank holds, as in production.
  it.each(requiredCases.filter(([, field, w]) => hasDefault(w, field)))(
    '%s create without %s: its default is stored, no violation',
    (_name, field, w) => {
      const stub = createStub()
      const body = validBody(stub, w, w.of.required)
      delete body[field]
      const got = run(w.op, body, 'create', stub.records)
      expect(got.status).toBe(200)
      expect(got.values?.[field]).toEqual(w.of.props[field]!.default)
    },
  )

  it('proves the required fields of every create that has them', () => {
    expect(required.map((w) => w.spec.name)).toEqual([
      'badges',
      'companies',
      'experience_histories',
      'user_lists',
      'votes',
      'webhook_subscriptions',
    ])
  })

  /** A value of the wrong JSON type for a property, and what API Platform names it. */
  const wrong = (type: TypeNode): [unknown, string] | undefined =>
    type.kind === 'str' || (type.kind === 'enum' && type.base === 'str')
      ? [5, '"string", "integer"']
      : type.kind === 'int'
        ? ['5', '"int", "string"']
        : type.kind === 'num'
          ? [true, '"float", "boolean"']
          : type.kind === 'bool'
            ? ['yes', '"bool", "string"']
            : type.kind === 'arr'
              ? ['x', '"array", "string"']
              : undefined
  const typed = writes.flatMap((w) =>
    Object.entries(w.of.props)
      .filter(
        ([p, t]) =>
          !t.readOnly && p !== 'id' && p !== 'tenant' && wrong(t) && !stubRelation(w.of.className, p),
      )
      .map(([p, t]) => [w.spec.name, w.method, p, w, wrong(t)!] as const),
  )
  it.each(typed)(
    '%s %s: %s of the wrong JSON type is a 400 in API Platform words',
    (_n, method, p, w, [value, words]) => {
      const stub = createStub()
      expect(run(w.op, { [p]: value }, MODES[method]!, stub.records)).toEqual({
        status: 400,
        detail: `The type of the "${p}" attribute must be ${words} given.`,
      })
    },
  )
})

const op = (name: string, method: 'create' | 'update' | 'replace') =>
  operation(resource(name)!.methods[method]!)!

describe('what is stored', () => {
  it('ignores read-only properties, unknown keys, JSON-LD keywords and the store-owned id and tenant', () => {
    const stub = createStub()
    const body = {
      '@context': '/api/contexts/User',
      '@id': '/api/v1/users/9',
      '@type': 'User',
      id: 9,
      tenant: '/api/v1/tenants/2',
      fullName: 'Read Only',
      colour: 'red',
      firstName: 'Ana',
    }
    expect(run(op('users', 'update'), body, 'update', stub.records)).toEqual({
      status: 200,
      values: { firstName: 'Ana' },
    })
    expect(run(op('users', 'create'), body, 'create', stub.records).values).not.toHaveProperty('fullName')
  })

  it('fills the schema defaults on create, and nulls what a replace leaves out', () => {
    const stub = createStub()
    const created = run(op('companies', 'create'), { name: 'Acme' }, 'create', stub.records).values!
    expect(created).toMatchObject({ name: 'Acme', status: 'PENDING' })
    expect(created).not.toHaveProperty('description')
  })

  it('a merge patch changes only the keys given; null sets null; an object is merged into the stored one', () => {
    const stub = createStub()
    const patch = op('companies', 'update')
    expect(run(patch, { name: 'New' }, 'update', stub.records).values).toEqual({ name: 'New' })
    expect(run(patch, { description: null }, 'update', stub.records).values).toEqual({ description: null })
    const sections = op('course_sections', 'update')
    const current = { id: 1, tenant: 'acme', userTypeStage: { name: 'Member', position: 2 } }
    const merged = answer(() =>
      validateWrite(
        sections,
        { userTypeStage: { position: 3, '@type': 'UserType' } },
        'update',
        stub.records,
        current,
      ),
    )
    expect(merged.values).toEqual({ userTypeStage: { name: 'Member', position: 3 } })
  })

  it('a body whose schema the spec leaves open keeps the class properties as given, relations as ids', () => {
    const stub = createStub()
    const role = stub.add('roles')
    const got = run(
      op('unit_roles', 'create'),
      { role: `/api/v1/roles/${role.id}`, nonsense: 1 },
      'create',
      stub.records,
    )
    expect(got).toEqual({ status: 200, values: { role: role.id } })
  })
})
