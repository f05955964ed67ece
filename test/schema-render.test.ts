import { describe, expect, it } from 'vitest'
import type { Format } from '../mocks/http/hydra.ts'
import { answerType, renderAnswer, renderRecord, renderValue } from '../mocks/schema/render.ts'
import { shapeProblems } from '../mocks/schema/shape.ts'
import type { QueryResult, StoredRecord } from '../mocks/schema/types.ts'
import { operation, operations, parseType, schema } from '../mocks/spec/index.ts'
import type { SpecOperation, TypeNode } from '../mocks/spec/index.ts'
import { ACCEPT, DATE, fromSchema, HAND_MADE, records, request } from './schema-render-stub.ts'

// Rendering (mocks/schema/render.ts) against the shape checker (mocks/schema/shape.ts), over a stub store
// (./schema-render-stub.ts): every resource-schema answer of the spec, spot checks against the spec's lines,
// and the checker failing what is not the shape.

function answer(op: SpecOperation, status: string, format: Format, payload?: StoredRecord | QueryResult) {
  const res = renderAnswer(op, status, format, payload, records, request(op.path, ACCEPT[format]))
  return { ...res, json: res.body === undefined ? undefined : JSON.parse(res.body as string) }
}
const op = (id: string) => operation(id)!
const keysOf = (name: string) => Object.keys(schema(name)!.props)

describe('every 2xx answer that is a resource schema renders in its shape', () => {
  it.each(['jsonld', 'json'] as const)('%s: all of them, shapeProblems empty', (format) => {
    const failures: string[] = []
    let rendered = 0
    for (const o of operations())
      for (const status of Object.keys(o.ok)) {
        const type = answerType(o, status, format, request(o.path, ACCEPT[format]))
        const item =
          type?.kind === 'ref'
            ? type
            : type?.kind === 'hydra' || type?.kind === 'arr'
              ? type.items
              : undefined
        if (!type || item?.kind !== 'ref' || !schema(item.name)) continue
        // `text/csv` (the three operations that offer nothing else) is checked as CSV below.
        if (item.name.includes('.csv')) continue
        const row = fromSchema(item.name)
        const payload =
          type.kind === 'ref' ? row : { rows: [row, { ...row, id: 2 }], total: 2, page: 1, itemsPerPage: 30 }
        const body = answer(o, status, format, payload).json
        rendered++
        for (const p of shapeProblems(type, body, format)) failures.push(`${o.operationId} ${status}: ${p}`)
      }
    expect(failures.slice(0, 20)).toEqual([])
    // 480 item answers and 160 collections per format (the spec's counts, mocks/spec/operations.generated.ts).
    expect(rendered).toBe(640)
  })
})

describe('spot checks against the spec lines', () => {
  it('Product.jsonld-product_read: the spec order, @context only at the top, nulls, defaults, embedded @id/@type', () => {
    const { json, headers, status } = answer(
      op('api_products_uuid_get'),
      '200',
      'jsonld',
      HAND_MADE.products![0],
    )
    expect(status).toBe(200)
    expect(headers['Content-Location']).toBe('/api/v1/products/p-5')
    expect(Object.keys(json)).toEqual(keysOf('Product.jsonld-product_read'))
    // schemas.generated.ts line 1126 (spec ~offset 9005973), after HydraItemBaseSchema's three keys.
    expect(Object.keys(json).slice(0, 9)).toEqual([
      '@context',
      '@id',
      '@type',
      'uuid',
      'id',
      'name',
      'nameEn',
      'productStripeId',
      'localCenter',
    ])
    expect(Object.keys(json).at(-1)).toBe('descriptionDe')
    expect([json['@context'], json['@id'], json['@type']]).toEqual([
      '/api/contexts/Product',
      '/api/v1/products/p-5',
      'Product',
    ])
    // `nameEn: str?`, `isExternal: bool? =false`: nullable, so null; `settings: arr<str?>? =obj` too.
    expect([json.nameEn, json.isExternal, json.settings, json.uuid]).toEqual([null, null, null, 'p-5'])
    expect(json.localCenter).toEqual({
      '@id': '/api/v1/local_centers/1',
      '@type': 'LocalCenter',
      ...Object.fromEntries(keysOf('LocalCenter-product_read').map((k) => [k, null])),
      currency: 'EUR',
      id: 1,
      name: 'Paris',
      parent: '/api/v1/local_centers/2',
    })
    expect(Object.keys(json.localCenter)).toEqual(keysOf('LocalCenter.jsonld-product_read').slice(1))
    // `tenant: @Tenant-product_read` (no resource, non-nullable): its empty object, a skolem @id.
    expect(json.tenant).toEqual({
      '@id': expect.stringMatching(/^\/api\/\.well-known\/genid\//),
      '@type': 'Tenant',
      stripeAccount: null,
    })
    // Price 99 does not exist: left out. `isCompanyPrice: bool =false`, `soldCount: int =0`: the defaults.
    const [ten, eleven] = json.productPrices
    expect(json.productPrices).toHaveLength(2)
    expect([ten['@id'], ten.isCompanyPrice, ten.soldCount, eleven.isCompanyPrice]).toEqual([
      '/api/v1/product_prices/10',
      true,
      0,
      false,
    ])
    // 10 -> 11 -> 10: the second 10 is shown with its relations cut.
    expect(ten.previousVersion['@id']).toBe('/api/v1/product_prices/11')
    expect(ten.previousVersion.previousVersion).toMatchObject({
      '@id': '/api/v1/product_prices/10',
      price: 25,
      previousVersion: null,
      addons: [],
    })
    expect(shapeProblems(okType('api_products_uuid_get', 'application/ld+json'), json, 'jsonld')).toEqual([])
  })

  it('Product-product_read as plain JSON: the spec order, no JSON-LD keys anywhere', () => {
    const { json, headers } = answer(op('api_products_uuid_get'), '200', 'json', HAND_MADE.products![0])
    expect(headers['Content-Type']).toBe('application/json')
    expect(Object.keys(json)).toEqual(keysOf('Product-product_read'))
    expect(JSON.stringify(json)).not.toMatch(/"@(id|type|context)"/)
    expect(json.localCenter.parent).toBe('/api/v1/local_centers/2')
  })

  it('Contact.jsonld-contact_read: IRIs, date-times with an offset, empty lists and false for non-nullable values', () => {
    const body = renderRecord('Contact.jsonld-contact_read', HAND_MADE.contacts![0]!, records, 'jsonld', true)
    expect(Object.keys(body)).toEqual(keysOf('Contact.jsonld-contact_read'))
    // schemas.generated.ts line 138 (`Contact-contact_read`), which line 159 is `like`.
    expect(Object.keys(body).slice(3, 7)).toEqual(['id', 'name', 'email', 'phone'])
    expect(Object.keys(body).slice(-4)).toEqual(['fullName', 'firstName', 'lastName', 'age'])
    expect(body).toMatchObject({
      '@context': '/api/contexts/Contact',
      '@id': '/api/v1/contacts/3',
      product: '/api/v1/products/p-5',
      dateCreated: '2026-01-02T00:00:00+00:00',
      localCenter: { '@id': '/api/v1/local_centers/1', '@type': 'LocalCenter', id: 1, name: 'Paris' },
      isValidatedIdentity: false,
      customFieldValues: [],
      tags: [],
      country: null,
    })
    expect(Object.keys(body.localCenter as object)).toEqual(['@id', '@type', 'id', 'name'])
  })

  it('a collection: Hydra in JSON-LD (members with @id/@type, totalItems, view), a bare array in JSON', () => {
    const page = { rows: HAND_MADE.local_centers!, total: 7, page: 1, itemsPerPage: 2 }
    const ld = answer(op('api_local_centers_get_collection'), '200', 'jsonld', page).json
    expect(Object.keys(ld)).toEqual([
      '@context',
      '@id',
      '@type',
      'hydra:totalItems',
      'hydra:member',
      'hydra:view',
    ])
    expect([ld['@context'], ld['@type'], ld['hydra:totalItems']]).toEqual([
      '/api/contexts/LocalCenter',
      'hydra:Collection',
      7,
    ])
    expect(
      ld['hydra:member'].map((m: Record<string, unknown>) => [m['@id'], m['@type'], '@context' in m]),
    ).toEqual([
      ['/api/v1/local_centers/1', 'LocalCenter', false],
      ['/api/v1/local_centers/2', 'LocalCenter', false],
    ])
    expect(ld['hydra:view']['hydra:last']).toBe('/api/v1/local_centers?page=4')
    const plain = answer(op('api_local_centers_get_collection'), '200', 'json', page).json
    expect(Array.isArray(plain) && plain.map((m: { name: string }) => m.name)).toEqual(['Paris', 'France'])
    expect(Object.keys(plain[0])).toEqual(keysOf('LocalCenter-local_center_list'))
  })

  it("a 201 answer carries the new record's IRI as Location, in both formats", () => {
    for (const format of ['jsonld', 'json'] as const) {
      const created = answer(op('api_products_post'), '201', format, HAND_MADE.products![0])
      expect([created.status, created.headers['Location']]).toEqual([201, '/api/v1/products/p-5'])
    }
  })

  it('a null answer in the spec is no content; an inline type is built from the names that match', () => {
    const deleted = answer(op('api_products_uuid_delete'), '204', 'jsonld', HAND_MADE.products![0])
    expect([deleted.status, deleted.body]).toEqual([204, undefined])
    const guide = answer(op('websiteGuide'), '200', 'json')
    expect([guide.status, guide.body]).toEqual([200, undefined])
    const login = op('login_check_post')
    expect(answer(login, '200', 'jsonld', { id: 0, tenant: 'acme', token: 'abc' }).json).toEqual({
      token: 'abc',
    })
    expect(answer(login, '200', 'json', undefined).json).toEqual({ token: '' })
    expect(() => answer(login, '201', 'json')).toThrow(/no 201 answer/)
  })

  it('a text/csv-only operation answers CSV, nested objects flattened', () => {
    const res = renderAnswer(
      op('contact_csv'),
      '200',
      'json',
      { rows: HAND_MADE.contacts!, total: 1, page: 1, itemsPerPage: 500 },
      records,
      request('/api/v1/contacts-csv', 'text/csv'),
    )
    expect(res.headers['Content-Type']).toBe('text/csv; charset=utf-8')
    const [header, row] = (res.body as string).split('\n')
    expect(header!.split(',').slice(0, 3)).toEqual(['id', 'name', 'email'])
    expect(row!.startsWith('3,"Ada Lovelace",')).toBe(true)
  })
})

describe('renderValue and renderRecord, kind by kind', () => {
  const value = (text: string, v: unknown) => renderValue(parseType(text), v, records, 'json')

  it('maps, unions, enums, any, obj and inline objects keep what fits and fill what does not', () => {
    expect(value('map<int>', { a: 1, b: 'x' })).toEqual({ a: 1, b: 0 })
    expect(value('bool|int|str', 3)).toBe(3)
    expect(value('bool|int|str', 'x')).toBe('x')
    expect(value('str{draft|sent}', 'gone')).toBe('draft')
    expect(value('str{draft|sent}?', 'gone')).toBeNull()
    expect(value('any', undefined)).toBeNull()
    expect(value('obj', 'x')).toEqual({})
    expect(value('obj{token:str,ttl:int?}', { token: 't', extra: 1 })).toEqual({ token: 't', ttl: null })
    expect(value('str:date-time', new Date(Date.UTC(2026, 0, 15, 10, 30)))).toBe(DATE)
    expect(value('str:date-time', undefined)).toBe('1970-01-01T00:00:00+00:00')
    expect(value('arr<iri>', ['/api/v1/things/4'])).toEqual(['/api/v1/things/4'])
    expect(value('iri', 4)).toMatch(/^\/api\/\.well-known\/genid\/[0-9a-f]{8}$/)
  })

  it('a write-only property is never shown (FamilyEntity-family_entity_read `member: wo arr<iri>`)', () => {
    const body = renderRecord(
      'FamilyEntity-family_entity_read',
      { id: 1, tenant: 'acme', member: [1] },
      records,
      'json',
    )
    expect(Object.keys(body)).toEqual(['id', 'name', 'familyOwner', 'dateCreated', 'dateUpdated'])
  })
})

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>

function okType(id: string, media: string): TypeNode {
  return Object.values(op(id).ok)[0]![media]!
}

describe('shapeProblems fails what is not the shape', () => {
  const type = okType('api_products_uuid_get', 'application/ld+json')
  const good = () => answer(op('api_products_uuid_get'), '200', 'jsonld', HAND_MADE.products![0]).json
  const problems = (change: (body: Body) => void, t: TypeNode = type, format: Format = 'jsonld') => {
    const body = good()
    change(body)
    return shapeProblems(t, body, format)
  }

  it('a missing field, an extra field, a wrong type', () => {
    expect(problems((b) => delete b.name)).toEqual(['name: missing'])
    expect(problems((b) => (b.colour = 'red'))).toEqual(['colour: not in @Product.jsonld-product_read'])
    expect(problems((b) => (b.id = '5'))).toEqual(['id: expected int, got "5"'])
    expect(problems((b) => (b.maxDate = '2026-01-15T10:30:00Z'))).toEqual([
      'maxDate: expected str:date-time or null, got "2026-01-15T10:30:00Z"',
    ])
  })

  it('a wrong embedded shape, an IRI that is no IRI, @context below the top or missing at it', () => {
    expect(problems((b) => (b.localCenter = 'x'))).toEqual([
      'localCenter: expected @LocalCenter.jsonld-product_read or null, got "x"',
    ])
    expect(problems((b) => delete b.productPrices[1]['@id'])).toEqual(['productPrices[1].@id: missing'])
    expect(problems((b) => (b.localCenter.parent = 'local_centers/2'))).toEqual([
      'localCenter.parent: expected iri or null, got "local_centers/2"',
    ])
    expect(problems((b) => (b.localCenter['@context'] = '/api/contexts/LocalCenter'))).toEqual([
      'localCenter.@context: only the top object carries @context',
    ])
    expect(problems((b) => delete b['@context'])).toEqual(['@context: missing'])
  })

  it('a Hydra collection without its members, or with a member of another shape', () => {
    const list = okType('api_local_centers_get_collection', 'application/ld+json')
    const page = { rows: HAND_MADE.local_centers!, total: 2, page: 1, itemsPerPage: 30 }
    const body = answer(op('api_local_centers_get_collection'), '200', 'jsonld', page).json
    expect(shapeProblems(list, body, 'jsonld')).toEqual([])
    body['hydra:member'][0].name = 3
    delete body['hydra:totalItems']
    expect(shapeProblems(list, body, 'jsonld')).toEqual([
      'hydra:totalItems: missing',
      'hydra:member[0].name: expected str, got 3',
    ])
    expect(shapeProblems(parseType('arr<@LocalCenter-local_center_list>'), body, 'json')).toEqual([
      expect.stringMatching(/^\(root\): expected arr</),
    ])
  })
})
