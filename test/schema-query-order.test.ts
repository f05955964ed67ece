import { describe, expect, it, vi } from 'vitest'
import { HttpError } from '../mocks/http/errors.ts'
import { indexedFields, queryRecords } from '../mocks/schema/query.ts'
import type { StoredRecord } from '../mocks/schema/types.ts'
import { resource, resources } from '../mocks/spec/index.ts'
import { along, createStub, leafClass, stubRelation, type Stub } from './schema-stub.ts'

// Orders, paging and its refusals, and the index paths of the schema engine's collection query
// (mocks/schema/query.ts), on real tables of real spec resources.

const query = (text: string) => new URLSearchParams(text)
const ids = (rows: readonly StoredRecord[]) => rows.map((r) => r.id)

const orderCases = resources().flatMap((spec) =>
  Object.keys(spec.order).map((field) => [spec.name, field, spec] as const),
)

describe('order[] of every resource', () => {
  it.each(orderCases)('%s: order[%s] sorts asc and desc, ties by id', (_name, field, spec) => {
    const stub = createStub()
    // `user.id`: the related record's own id orders, so the path ends at the relation.
    const segments = field.split('.').slice(0, field.endsWith('.id') ? -1 : undefined)
    const cls = leafClass(spec.type, segments)
    const target = cls ? stubRelation(cls, segments[segments.length - 1]!) : undefined
    // Related records made first for the smaller value, so a relation sorts by its id as a number does.
    const [low, high] = target?.resource
      ? [stub.add(target.resource).id, stub.add(target.resource).id]
      : [1, 2]
    const make = (leaf: number) =>
      stub.add(spec.name, field === 'id' ? {} : along(stub, spec.type, segments, leaf))
    const [big, small, tie] = [make(high), make(low), make(high)].map((r) => r.id)
    const mine = new Set([big, small, tie])
    // A relation to its own resource (`parent.name`) puts the related records in the same table.
    const run = (q: string) =>
      ids(queryRecords(spec, stub.table(spec.name), query(q), stub.records).rows).filter((id) => mine.has(id))
    expect(run(`order[${field}]=asc`)).toEqual(field === 'id' ? [big, small, tie] : [small, big, tie])
    expect(run(`order[${field}]=DESC`)).toEqual(field === 'id' ? [tie, small, big] : [big, tie, small])
  })

  it('no order is by id ascending; an empty direction is the spec default; an unknown word is ignored', () => {
    const spec = resource('form_submissions')!
    expect(spec.order.createdAt).toBe('desc')
    const stub = createStub()
    for (const createdAt of ['2024-01-02', '2024-01-03', '2024-01-01']) stub.add(spec.name, { createdAt })
    const run = (q: string) => ids(queryRecords(spec, stub.table(spec.name), query(q), stub.records).rows)
    expect(run('')).toEqual([1, 2, 3])
    expect(run('order[createdAt]=')).toEqual([2, 1, 3])
    expect(run('order[createdAt]=sideways')).toEqual([1, 2, 3])
    expect(run('order[undeclared]=desc')).toEqual([1, 2, 3])
  })

  it('several orders apply in the order given, then id', () => {
    const spec = resource('companies')!
    const stub = createStub()
    const rows = [
      ['B', 'x'],
      ['A', 'y'],
      ['B', 'z'],
      ['A', 'y'],
    ].map(([status, name]) => stub.add(spec.name, { status, name }))
    const run = (q: string) => ids(queryRecords(spec, stub.table(spec.name), query(q), stub.records).rows)
    expect(run('order[status]=asc&order[name]=desc')).toEqual([
      rows[1]!.id,
      rows[3]!.id,
      rows[2]!.id,
      rows[0]!.id,
    ])
    expect(run('order[name]=desc&order[status]=asc')).toEqual([
      rows[2]!.id,
      rows[1]!.id,
      rows[3]!.id,
      rows[0]!.id,
    ])
  })
})

describe('paging', () => {
  const contacts = resource('contacts')!
  const stub = createStub()
  for (let i = 0; i < 25; i++) stub.add('contacts', { name: `c${i}` })
  const page = (q: string) => {
    const r = queryRecords(contacts, stub.table('contacts'), query(q), stub.records)
    return {
      first: r.rows[0]?.id,
      count: r.rows.length,
      total: r.total,
      page: r.page,
      itemsPerPage: r.itemsPerPage,
    }
  }
  const refusal = (run: () => unknown) => {
    try {
      run()
    } catch (e) {
      return e instanceof HttpError ? `${e.status} ${e.detail}` : String(e)
    }
    return 'answered'
  }

  it.each([
    [
      'the spec default page size (contacts: 20)',
      '',
      { first: 1, count: 20, total: 25, page: 1, itemsPerPage: 20 },
    ],
    ['the second page', 'page=2', { first: 21, count: 5, total: 25, page: 2, itemsPerPage: 20 }],
    [
      'client items per page',
      'itemsPerPage=10&page=3',
      { first: 21, count: 5, total: 25, page: 3, itemsPerPage: 10 },
    ],
    ['items per page clamped to the maximum 100', 'itemsPerPage=1000', { count: 25, itemsPerPage: 100 }],
    ['zero items per page', 'itemsPerPage=0', { count: 0, total: 25, itemsPerPage: 0 }],
    [
      'pagination=false: every record',
      'pagination=false',
      { count: 25, itemsPerPage: Number.MAX_SAFE_INTEGER },
    ],
    ['a page past the end is empty', 'page=9', { count: 0, total: 25 }],
  ])('%s', (_why, q, expected) => {
    expect(page(q)).toMatchObject(expected)
  })

  it.each([
    ['page=0', '400 Page should not be less than 1'],
    ['page=abc', '400 Page should not be less than 1'],
    ['itemsPerPage=-1', '400 Limit should not be less than 0'],
    ['itemsPerPage=0&page=2', '400 Page should not be greater than 1 if limit is equal to 0'],
    ['page=9007199254740991&itemsPerPage=100', '400 Page parameter is too large.'],
  ])('%s is refused as API Platform refuses it', (q, expected) => {
    expect(refusal(() => page(q))).toBe(expected)
  })

  it('a default above the maximum is clamped too (countries: 1000, maximum 100; Pagination::getLimit)', () => {
    const countries = resource('countries')!
    expect(countries.pageSize.default).toBe(1000)
    const s = createStub()
    for (let i = 0; i < 120; i++) s.add('countries')
    expect(queryRecords(countries, s.table('countries'), query(''), s.records).rows).toHaveLength(100)
  })

  it('a collection the spec does not page answers every record, unless pagination is switched on', () => {
    const widgets = resource('dashboard_widgets')!
    expect(widgets.pageSize.default).toBeNull()
    const s = createStub()
    for (let i = 0; i < 40; i++) s.add('dashboard_widgets')
    expect(queryRecords(widgets, s.table('dashboard_widgets'), query('page=2'), s.records).rows).toHaveLength(
      40,
    )
    expect(
      queryRecords(widgets, s.table('dashboard_widgets'), query('pagination=true'), s.records).rows,
    ).toHaveLength(30)
  })
})

describe('the index paths', () => {
  const spec = resource('contacts')!
  // Contact.status points at a profile status (ids 1 to 3).
  const fill = (stub: Stub) => {
    for (let i = 0; i < 3; i++) stub.add('profile_statuses')
    for (let i = 0; i < 200; i++)
      stub.add('contacts', {
        status: ((i * 7) % 3) + 1,
        source: i % 5 === 0 ? null : `src${(i * 13) % 4}`,
        name: `n${(i * 37) % 50}`,
        isNewsletterSubscribed: i % 2 === 0,
      })
  }

  it('indexes the exact and boolean filters on own fields, never id, tenant or a dotted path', () => {
    expect(indexedFields(spec)).toEqual([
      'email',
      'town',
      'country',
      'isNewsletterSubscribed',
      'customFieldValues',
      'status',
      'source',
    ])
  })

  it.each([
    ['no filter', ''],
    ['no filter, order by id desc', 'order[id]=desc&page=2'],
    ['one order', 'order[name]=desc&itemsPerPage=7&page=3'],
    ['one exact filter', 'status=/api/v1/profile_statuses/1&page=2&itemsPerPage=9'],
    [
      'several values and a boolean',
      'status[]=1&status[]=/api/v1/profile_statuses/3&isNewsletterSubscribed=1',
    ],
    ['an exact filter and an order', 'source=src1&order[name]=asc&page=2&itemsPerPage=5'],
    ['an exact filter and a descending order', 'status=2&order[source]=desc&itemsPerPage=13&page=2'],
    ['an exact filter, id descending', 'status=3&order[id]=desc&itemsPerPage=6&page=4'],
    [
      'two exact filters and an order (few matches: sorted, not walked)',
      'source=src1&status=2&order[name]=desc',
    ],
    ['several orders', 'order[source]=desc&order[name]=asc&itemsPerPage=17&page=2'],
  ])('%s: answers as a full scan does', (_why, q) => {
    const fast = createStub()
    const slow = createStub({ indexed: false })
    fill(fast)
    fill(slow)
    // A record changed after indexing moves to the end of its index set: the id order still holds.
    for (const s of [fast, slow])
      s.table('contacts').updateNow(s.table('contacts').get(4)!, (r) => void (r.status = 3))
    const a = queryRecords(spec, fast.table('contacts'), query(q), fast.records)
    const b = queryRecords(spec, slow.table('contacts'), query(q), slow.records)
    expect({ ids: ids(a.rows), total: a.total }).toEqual({ ids: ids(b.rows), total: b.total })
  })

  it('an exact filter on an indexed field, an order, or no filter never read the whole table', () => {
    const stub = createStub()
    fill(stub)
    const table = stub.table('contacts')
    const all = vi.spyOn(table, 'all').mockImplementation(() => {
      throw new Error('read every record')
    })
    const where = vi.spyOn(table, 'idsWhere')
    for (const q of ['', 'status=2', 'order[name]=desc', 'source=src1&order[name]=asc', 'order[id]=desc'])
      queryRecords(spec, table, query(q), stub.records)
    expect(all).not.toHaveBeenCalled()
    expect(where).toHaveBeenCalledWith('status', 2)
    expect(where).toHaveBeenCalledWith('source', 'src1')
  })
})
