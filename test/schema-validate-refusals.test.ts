import { describe, expect, it } from 'vitest'
import { CONSTRAINT } from '../mocks/http/validate.ts'
import type { Records } from '../mocks/schema/types.ts'
import { validateWrite, type WriteMode } from '../mocks/schema/validate.ts'
import { operation, resource } from '../mocks/spec/index.ts'
import type { SpecOperation } from '../mocks/spec/types.ts'
import { answer, createStub } from './schema-stub.ts'

// Write validation's refusals (mocks/schema/validate.ts): relations by IRI, and the constraints' 422s.

const run = (
  op: SpecOperation,
  body: Record<string, unknown>,
  mode: WriteMode,
  records: Records,
  current?: never,
) => answer(() => validateWrite(op, body, mode, records, current))

const op = (name: string, method: 'create' | 'update' | 'replace') =>
  operation(resource(name)!.methods[method]!)!

describe('relations', () => {
  const stub = createStub()
  const town = stub.add('towns')
  const [t1, t2] = [stub.add('tasks'), stub.add('tasks')]
  const companies = op('companies', 'create')
  const town$ = (value: unknown) => run(companies, { name: 'Acme', town: value }, 'create', stub.records)

  it.each([
    ['an IRI is stored as the record id', `/api/v1/towns/${town.id}`, { status: 200 }, town.id],
    [
      'an embedded {"@id"} is read as its IRI',
      { '@id': `/api/v1/towns/${town.id}` },
      { status: 200 },
      town.id,
    ],
    ['null where the relation is nullable', null, { status: 200 }, null],
  ])('%s', (_why, value, expected, stored) => {
    const got = town$(value)
    expect(got).toMatchObject(expected)
    expect(got.values?.town).toEqual(stored)
  })

  it.each([
    ['an IRI to no record', '/api/v1/towns/999', 'Item not found for "/api/v1/towns/999".'],
    [
      'an IRI of another resource',
      `/api/v1/countries/${town.id}`,
      `Invalid IRI "/api/v1/countries/${town.id}".`,
    ],
    ['a text that is no IRI', 'Bucharest', 'Invalid IRI "Bucharest".'],
    ['a collection IRI', '/api/v1/towns', 'Invalid IRI "/api/v1/towns".'],
    ['a bare id', town.id, 'Expected IRI or nested document for attribute "town", "integer" given.'],
    [
      'a nested document',
      { name: 'Cluj' },
      'Nested documents for attribute "town" are not allowed. Use IRIs instead.',
    ],
  ])('%s is a 400', (_why, value, detail) => {
    expect(town$(value)).toEqual({ status: 400, detail })
  })

  it('a non-nullable relation refuses null as API Platform does', () => {
    const badgeUsers = op('badge_users', 'create')
    expect(run(badgeUsers, { user: null }, 'create', stub.records)).toEqual({
      status: 400,
      detail: 'Expected IRI or nested document for attribute "user", "NULL" given.',
    })
  })

  it('a to-many relation stores the ids, each IRI checked', () => {
    const tasks = op('tasks', 'update')
    const iris = [t1, t2, t1].map((t) => stub.records.iri('tasks', t))
    expect(run(tasks, { blockedBy: iris }, 'update', stub.records).values).toEqual({
      blockedBy: [t1.id, t2.id],
    })
    expect(run(tasks, { blockedBy: iris[0] }, 'update', stub.records)).toEqual({
      status: 400,
      detail: 'The type of the "blockedBy" attribute must be "array", "string" given.',
    })
    expect(run(tasks, { blockedBy: ['/api/v1/tasks/nope'] }, 'update', stub.records)).toEqual({
      status: 400,
      detail: 'Item not found for "/api/v1/tasks/nope".',
    })
  })
})

describe('constraints (422, every violation at once)', () => {
  const stub = createStub()
  const violation = (propertyPath: string, c: { code: string; message: string }) => ({ propertyPath, ...c })

  it.each([
    [
      'an enum value outside the enum (Choice)',
      'user_lists',
      { type: 'other' },
      [violation('type', CONSTRAINT.choice)],
    ],
    [
      'an invalid email (Email)',
      'companies',
      { name: 'A', contactEmail: 'nope' },
      [violation('contactEmail', CONSTRAINT.email)],
    ],
    [
      'an invalid date-time (DateTime)',
      'contacts',
      { dateBirth: 'yesterday' },
      [violation('dateBirth', CONSTRAINT.dateTime)],
    ],
    [
      'a name longer than the class maxLength (Length)',
      'users',
      { firstName: 'x'.repeat(256), lastName: 'é'.repeat(255) },
      [violation('firstName', { ...CONSTRAINT.tooLong, message: CONSTRAINT.tooLong.message })],
    ],
    [
      'a blank required value (NotBlank), not trimmed',
      'companies',
      { name: '' },
      [violation('name', CONSTRAINT.notBlank)],
    ],
    [
      'several at once',
      'webhook_subscriptions',
      { name: '', eventTypes: [] },
      [
        violation('name', CONSTRAINT.notBlank),
        violation('url', CONSTRAINT.notBlank),
        violation('eventTypes', CONSTRAINT.notBlank),
      ],
    ],
  ])('%s', (_why, name, body, violations) => {
    const got = run(op(name, 'create'), body, 'create', stub.records)
    expect(got).toMatchObject({ status: 422, violations })
    expect((got.violations as unknown[]).length).toBe(violations.length)
  })

  it('whitespace is a value, and a patch checks only the keys it gives', () => {
    expect(run(op('companies', 'create'), { name: '  ' }, 'create', stub.records).status).toBe(200)
    expect(run(op('companies', 'update'), { description: 'x' }, 'update', stub.records).status).toBe(200)
    expect(run(op('companies', 'update'), { name: '' }, 'update', stub.records).status).toBe(422)
  })

  it('a wrong JSON type is refused before any constraint is looked at', () => {
    expect(
      run(op('companies', 'create'), { name: null, contactEmail: 'nope' }, 'create', stub.records),
    ).toEqual({
      status: 400,
      detail: 'The type of the "name" attribute must be "string", "NULL" given.',
    })
  })
})
