import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resourceFieldsSource } from '../scripts/resource-fields.ts'
import { buildSpecModule, DEFAULT_SPEC_DIR, TARGETS } from '../scripts/spec-module.ts'
import {
  bodyType,
  okType,
  operation,
  operationAt,
  operations,
  parseParam,
  parseProp,
  parseType,
  refsOf,
  resource,
  resourceOf,
  resources,
  schema,
  schemaNames,
  schemaOfType,
  specSecurity,
  standaloneOperations,
  type TypeNode,
} from '../mocks/spec/index.ts'
import { RESOURCES } from '../mocks/resources/index.ts'
import type { ResourceDef } from '../mocks/resources/types.ts'

// Orgo's spec as data (issue 23 item 1): the vendored module is what the script makes of ../shared/orgo/spec,
// everything in it resolves, and what derives from it agrees with the lines of the source and with the
// hand-written resources, or differs as listed below with the reason.

const words = (text: string) => text.split(/\s+/).filter(Boolean)

describe('the generated module', () => {
  const hasSpec = existsSync(join(DEFAULT_SPEC_DIR, 'README.md'))
  it.skipIf(!hasSpec)(
    `regenerating from ../shared/orgo/spec gives the vendored files byte for byte${hasSpec ? '' : ' (skipped: ../shared/orgo/spec is not on this machine)'}`,
    async () => {
      const built = await buildSpecModule(DEFAULT_SPEC_DIR)
      for (const key of Object.keys(TARGETS) as (keyof typeof TARGETS)[]) {
        const vendored = readFileSync(TARGETS[key], 'utf8')
        const fresh = built[key].split('\n')
        const at = vendored.split('\n').findIndex((line, i) => line !== fresh[i])
        expect(at, `${TARGETS[key]} differs from line ${at + 1}: run npx tsx scripts/spec-module.ts`).toBe(-1)
        expect(built[key].length, TARGETS[key]).toBe(vendored.length)
      }
    },
    30_000,
  )

  it('holds the 787 operations and the 2,325 lines of schemas (2,323 schemas, securitySchemes, security)', () => {
    expect(operations()).toHaveLength(787)
    expect(operations().filter((op) => op.public)).toHaveLength(43)
    expect(new Set(operations().map((op) => op.operationId)).size).toBe(787)
    expect(schemaNames()).toHaveLength(2323)
    const security = specSecurity()
    expect(Object.keys(security.schemes)).toEqual(['ApiToken', 'JWT', 'OAuth2', 'ContactHash'])
    expect(security.schemes.ApiToken).toEqual({ type: 'apiKey', in: 'header', name: 'Api-Token' })
    expect(security.root).toEqual([{ ApiToken: [] }, { JWT: [] }])
    expect(schemaNames().length + 2).toBe(2325)
  })

  it('resolves every schema, and every @Ref in every schema, body and answer', () => {
    const missing: string[] = []
    for (const name of schemaNames()) {
      const s = schema(name)
      if (!s) missing.push(name)
      for (const [prop, type] of Object.entries(s?.props ?? {}))
        for (const ref of refsOf(type)) if (!schema(ref)) missing.push(`${name}.${prop} -> ${ref}`)
      for (const prop of s?.outerProps ?? []) if (!(prop in s!.props)) missing.push(`${name} outer ${prop}`)
    }
    for (const op of operations()) {
      const types = [
        ...Object.values(op.body ?? {}),
        ...Object.values(op.ok).flatMap((m) => Object.values(m ?? {})),
      ]
      for (const ref of types.flatMap((t) => refsOf(t)))
        if (!schema(ref)) missing.push(`${op.operationId} -> ${ref}`)
    }
    expect(missing).toEqual([])
  })

  it('finds each operation by id and by method and path, in route or spec syntax', () => {
    for (const op of operations()) {
      expect(operation(op.operationId)).toBe(op)
      expect(operationAt(op.method, op.path)).toBe(op)
      expect(operationAt(op.method, op.specPath)).toBe(op)
    }
    expect(operationAt('GET', '/api/v1/events/{id}')?.operationId).toBe('api_events_uuid_get')
    expect(operationAt('GET', '/api/v1/nothing')).toBeUndefined()
  })

  it("names a tag for the 44 website-builder operations Orgo's index lacks (the spec's own tags)", () => {
    expect(operation('websiteBuild')?.tag).toBe('Website')
    expect(operation('api_website_articles_get_collection')?.tag).toBe('WebsiteArticle')
    expect(operation('website_page_duplicate')?.tag).toBe('WebsitePage')
    // A body the spec describes in prose only ("JSON body; see the description", ~7,356,294).
    expect(operation('websiteArticleCategoryCreate')?.body).toEqual({})
  })

  // The spec's path template and its declared path parameter disagree here (sandbox: the path's name routes).
  it("keeps the path's own parameter names where the declared parameter differs", () => {
    const differing = operations()
      .filter((op) => {
        const declared = op.params.filter((p) => p.in === 'path').map((p) => p.name)
        return declared.join() !== op.pathParams.join()
      })
      .map((op) => `${op.specPath} declares ${op.params.find((p) => p.in === 'path')!.name}`)
    expect(differing).toEqual([
      '/api/v1/company-invitation/{hash} declares id',
      '/api/v1/company-invitation/{hash}/accept declares id',
      '/api/v1/company-invitation/{hash}/decline declares id',
      '/api/v1/email_templates/content/{templateType} declares id',
      '/api/v1/email_templates/default-template/{templateType} declares id',
      '/api/v1/resolve-slug-go/{slugGo} declares uuid',
      '/api/v1/user-connection-status/{targetUserId} declares id',
    ])
  })
})

describe('the compact type strings', () => {
  it.each<[string, TypeNode]>([
    ['str?', { kind: 'str', nullable: true }],
    ['str:date-time', { kind: 'str', format: 'date-time', nullable: false }],
    ['@LocalCenter-contact_read?', { kind: 'ref', name: 'LocalCenter-contact_read', nullable: true }],
    ['arr<str?>?', { kind: 'arr', items: { kind: 'str', nullable: true }, nullable: true }],
    ['map<any>', { kind: 'map', values: { kind: 'any', nullable: false }, nullable: false }],
    ['str{asc|desc}', { kind: 'enum', base: 'str', values: ['asc', 'desc'], nullable: false }],
    ['int{1|2}', { kind: 'enum', base: 'int', values: [1, 2], nullable: false }],
    [
      'hydra<@Contact.jsonld-contact_card>',
      {
        kind: 'hydra',
        items: { kind: 'ref', name: 'Contact.jsonld-contact_card', nullable: false },
        nullable: false,
      },
    ],
    [
      'bool|int|str',
      {
        kind: 'union',
        of: [
          { kind: 'bool', nullable: false },
          { kind: 'int', nullable: false },
          { kind: 'str', nullable: false },
        ],
        nullable: false,
      },
    ],
  ])('%s', (text, tree) => {
    expect(parseType(text)).toEqual(tree)
  })

  it('reads an inline object whose keys hold colons (HydraCollectionBaseSchema ~8,512,900)', () => {
    const view = parseType(
      'obj{@id:iri,@type:str,hydra:first:iri,hydra:last:iri,hydra:previous:iri,hydra:next:iri}',
    )
    expect(view.kind === 'inline' && Object.keys(view.props)).toEqual([
      ...['@id', '@type', 'hydra:first', 'hydra:last', 'hydra:previous', 'hydra:next'],
    ])
    // HydraItemBaseSchema's @context: a string, or an object whose `hydra` is one URL.
    const context = schema('HydraItemBaseSchema')!.props['@context']!
    expect(context).toEqual({
      kind: 'union',
      nullable: false,
      of: [
        { kind: 'str', nullable: false },
        {
          kind: 'inline',
          nullable: false,
          props: {
            '@vocab': { kind: 'str', nullable: false },
            hydra: {
              kind: 'enum',
              base: 'str',
              values: ['http://www.w3.org/ns/hydra/core#'],
              nullable: false,
            },
          },
        },
      ],
    })
  })

  it('reads modifiers and defaults of properties and parameters', () => {
    expect(parseProp('ro str:date-time?')).toEqual({
      kind: 'str',
      format: 'date-time',
      nullable: true,
      readOnly: true,
    })
    expect(parseProp('wo arr<iri>')).toMatchObject({ kind: 'arr', writeOnly: true })
    expect(parseProp('arr<str?> =["ROLE_USER"]')).toMatchObject({ kind: 'arr', default: ['ROLE_USER'] })
    expect(parseProp('str{single|multiple} ="single"')).toMatchObject({ kind: 'enum', default: 'single' })
    expect(parseProp('arr<str?>? =obj')).toMatchObject({ kind: 'arr', defaultUnknown: true })
    expect(parseParam('order[id]:query:str{asc|desc} =asc')).toEqual({
      name: 'order[id]',
      in: 'query',
      required: false,
      type: { kind: 'enum', base: 'str', values: ['asc', 'desc'], nullable: false, default: 'asc' },
    })
    expect(parseParam('id:path:str*')).toEqual({
      name: 'id',
      in: 'path',
      required: true,
      type: { kind: 'str', nullable: false },
    })
    expect(() => parseType('arr<str')).toThrow(/">" expected/)
  })
})

describe('schemas, against the source lines', () => {
  // schemas-C.jsonl, Product-product_read (~9,005,973).
  it('Product-product_read: fields, nullability, read-only, defaults', () => {
    const product = schema('Product-product_read')!
    expect(Object.keys(product.props)).toEqual(
      words(`uuid id name nameEn productStripeId localCenter tenant organisation isExternal isInternal productPrices
        hasCustomPriceValue monthPeriod customMinPrice isArchived hasSubscription hasOneTimePayment goalValue cycleDay
        cycleMonth cycleHasProratio maxDate createdAt proratioMinMonthsEnabler description descriptionEn logo isFee
        isDonation settings descriptionInternal cycleRecurrences hasConfidentialityEnabled customMaxPrice event
        startingDate productOptions type goalValueSubscription hasLocalCenterOption abTestingEnabled slug slugGo slugEnGo
        displayOnProfile productPriceVariations metaGraphImage heroVideoUrl thankYouMessage descriptionDe`),
    )
    // README.md's example shows `"required":["name"]`; the line and the spec (~9,005,973) have none.
    expect(product.required).toEqual([])
    expect(product.props.uuid).toEqual({ kind: 'str', nullable: true, readOnly: true })
    expect(product.props.id).toEqual({ kind: 'int', nullable: false, readOnly: true })
    expect(product.props.name).toEqual({ kind: 'str', nullable: false })
    expect(product.props.tenant).toEqual({ kind: 'ref', name: 'Tenant-product_read', nullable: false })
    expect(product.props.localCenter).toEqual({
      kind: 'ref',
      name: 'LocalCenter-product_read',
      nullable: true,
    })
    expect(product.props.isExternal).toEqual({ kind: 'bool', nullable: true, default: false })
    expect(product.props.isInternal).toEqual({ kind: 'bool', nullable: true, default: true })
    expect(product.props.monthPeriod).toEqual({ kind: 'int', nullable: true, default: 1 })
    expect(product.props.maxDate).toEqual({ kind: 'str', format: 'date-time', nullable: true })
    expect(product.props.productPriceVariations).toEqual({
      kind: 'arr',
      items: { kind: 'ref', name: 'ProductPriceVariation-product_read', nullable: false },
      nullable: false,
    })
    // `=obj` with no `defaults` on the line: the object the spec itself has there (read at ~9,005,973).
    expect(product.props.settings).toMatchObject({
      kind: 'arr',
      nullable: true,
      default: { tenantLogo: true },
    })
  })

  it('the .jsonld variant: HydraItemBaseSchema first, embedded objects in their .jsonld schemas', () => {
    const ld = schema('Product.jsonld-product_read')!
    expect(Object.keys(ld.props).slice(0, 4)).toEqual(['@context', '@id', '@type', 'uuid'])
    expect(Object.keys(ld.props).slice(3)).toEqual(Object.keys(schema('Product-product_read')!.props))
    expect(ld.required).toEqual(['@id', '@type'])
    expect(ld.props['@id']).toEqual({ kind: 'str', nullable: false })
    expect(ld.props.localCenter).toEqual({
      kind: 'ref',
      name: 'LocalCenter.jsonld-product_read',
      nullable: true,
    })
    expect(ld.props.productOptions).toEqual({
      kind: 'arr',
      items: { kind: 'ref', name: 'ProductOption.jsonld-product_read', nullable: false },
      nullable: false,
    })
    expect(ld).toMatchObject({ className: 'Product', variant: 'jsonld', group: 'product_read', open: false })
    expect(schema('Product.multipart-product_read')!.props.localCenter).toMatchObject({
      name: 'LocalCenter.multipart-product_read',
    })
  })

  it("a class's large default reaches every group (User ~10,015,977), oddities kept as the spec has them", () => {
    expect(schema('User.jsonld')!.props.notificationSettings).toMatchObject({
      writeOnly: true,
      default: { prefTheme: 'light', desktopTheme: null },
    })
    // A string with a numeric default (VoteCollection-vote_collection_read ~10,833,450).
    expect(schema('VoteCollection-vote_collection_read')!.props.totalVoted).toEqual({
      kind: 'str',
      nullable: true,
      default: 0,
    })
    // `allOf @HydraItemBaseSchema obj` (~8,421,650): the base's keys, any other property.
    expect(schema('FamilyMember.jsonld-family_member_read')).toMatchObject({
      open: true,
      required: ['@id', '@type'],
    })
    expect(schema('HydraCollectionBaseSchema')!.props).toHaveProperty('hydra:totalItems')
    expect(schema('Nope')).toBeUndefined()
  })
})

describe('resources derived from the paths', () => {
  it('every operation belongs to exactly one resource or is standalone', () => {
    const seen = new Map<string, string>()
    for (const r of resources()) {
      const ids = [...Object.values(r.methods), ...r.actions.map((a) => a.operation.operationId)]
      for (const id of ids) {
        expect(seen.get(id), `${id} in ${r.name} and ${seen.get(id)}`).toBeUndefined()
        seen.set(id, r.name)
        expect(resourceOf(id)).toBe(r)
      }
    }
    for (const op of standaloneOperations()) {
      expect(seen.has(op.operationId), op.operationId).toBe(false)
      expect(resourceOf(op.operationId)).toBeUndefined()
      seen.set(op.operationId, 'standalone')
    }
    expect(seen.size).toBe(787)
    expect(resources()).toHaveLength(125)
    expect(standaloneOperations()).toHaveLength(97)
    expect(standaloneOperations().map((op) => op.operationId)).toEqual(
      expect.arrayContaining([
        'me',
        'get_all_public_events_from_tenant',
        'events_publish',
        'login_check_post',
      ]),
    )
  })

  // paths-P1.jsonl line 66, GET /api/v1/contacts (~701,600); maximum 100 is in the spec (~706,000), not the line.
  it('GET /api/v1/contacts: filters, order, exists, page size', () => {
    const contacts = resource('contacts')!
    expect(contacts).toMatchObject({
      type: 'Contact',
      collectionPath: '/api/v1/contacts',
      itemPath: '/api/v1/contacts/:id',
      key: 'id',
      keyType: 'int',
      pageSize: { default: 20, clientItemsPerPage: true, clientPagination: true },
      exists: ['isNewsletterSubscribed'],
      order: { id: 'asc', name: 'asc', isNewsletterSubscribed: 'asc', dateCreated: 'asc', source: 'asc' },
      methods: {
        list: 'api_contacts_get_collection',
        create: 'api_contacts_post',
        read: 'api_contacts_id_get',
        update: 'api_contacts_id_patch',
        delete: 'api_contacts_id_delete',
      },
    })
    const filters = Object.fromEntries(
      Object.entries(contacts.filters).map(([field, f]) => [
        field,
        `${f.kind}${f.array ? '[]' : ''} ${f.type.kind}`,
      ]),
    )
    expect(filters).toEqual({
      name: 'partial str',
      email: 'exact[] str',
      town: 'exact[] str',
      country: 'exact[] str',
      isNewsletterSubscribed: 'boolean[] bool',
      customFieldValues: 'exact[] str',
      status: 'exact[] str',
      'tags.tag': 'exact[] str',
      source: 'exact[] str',
      search: 'custom str',
    })
    expect(contacts.groups).toMatchObject({
      collection: { jsonld: 'Contact.jsonld-contact_card', json: 'Contact-contact_card' },
      item: { jsonld: 'Contact.jsonld-contact_read', json: 'Contact-contact_read' },
    })
    expect(contacts.fields.collection!.jsonld.slice(0, 4)).toEqual(['@context', '@id', '@type', 'id'])
    expect(contacts.writes.update).toMatchObject({
      schema: 'Contact-contact_write.jsonMergePatch',
      required: [],
    })
    expect(contacts.actions.map((a) => `${a.on} ${a.operation.operationId}`)).toEqual([
      'collection contact_bulk_delete',
      'item get_contact_tags',
      'collection contact_newsletter_stats',
      'collection contact_status_stats',
      'item contact_unsubscribe_from_newsletter',
    ])
  })

  it('keys, other spellings of a path, dates and page sizes', () => {
    expect(resource('events')).toMatchObject({
      key: 'uuid',
      keyType: 'str',
      itemPath: '/api/v1/events/:uuid',
    })
    expect(resource('events')!.filters.dateTimeBegin).toMatchObject({
      kind: 'date',
      params: [
        'dateTimeBegin[before]',
        'dateTimeBegin[strictly_before]',
        'dateTimeBegin[after]',
        'dateTimeBegin[strictly_after]',
      ],
    })
    expect(resource('referrals')).toMatchObject({ key: 'hash', itemPath: '/api/v1/referrals/:hash' })
    expect(resource('user_connections')).toMatchObject({
      collectionPath: '/api/v1/user-connections',
      itemPath: '/api/v1/user_connections/:id',
    })
    expect(resource('course_enrollments')!.methods.list).toBe('get_course_enrollments')
    expect(resource('adhesion')).toMatchObject({
      collectionPath: '/api/v1/adhesions',
      itemPath: '/api/v1/adhesion/:id',
    })
    expect(resource('quiz_attempts')!.methods.replace).toBe('api_quiz_attempts_uuid_put')
    // A collection with `pagination` but no `page`: not paged unless asked (~7,405,434).
    expect(resource('website_menu_items')!.pageSize).toEqual({
      default: null,
      clientItemsPerPage: false,
      clientPagination: true,
    })
    expect(resource('countries')!.pageSize.default).toBe(1000)
    // POST /api/v1/user-api-tokens has no requestBody in the spec, though its prose takes three fields.
    expect(resource('user-api-tokens')!.writes.create).toBeUndefined()
    const create = operation('api_events_post')!
    expect(schemaOfType(bodyType(create))?.name).toBe('Event-event_write')
    expect(schemaOfType(okType(create, 'application/ld+json'))?.name).toBe('Event.jsonld-event_read')
  })
})

// ---------------------------------------------------------------------------------------------------------------
// (c) The hand-written resources (mocks/resources/) against what derives from the spec. Every difference is
// listed here with the side that is right; a new one fails the test until it is listed (or fixed).

type Check =
  'collection' | 'item' | 'writableCreate' | 'writableUpdate' | 'required' | 'filters' | 'exists' | 'order'
interface Drift {
  onlyHand?: string
  onlySpec?: string
  /** Which side is right, and why. */
  why: string
}

type Known = Partial<Record<Check, Drift>> & { pageSize?: [hand: number, spec: number | null, why: string] }

const KNOWN: Record<string, Known> = {
  users: {
    writableCreate: {
      onlySpec: 'tenant',
      why: 'sandbox choice (users-fields.ts): the tenant is the host, a body cannot move a user to another',
    },
    writableUpdate: { onlySpec: 'tenant', why: 'sandbox choice, as for the create' },
    required: {
      onlyHand: 'email',
      why: 'spec silent (User-user_write_user_register_write lists no required); the sandbox needs a login email',
    },
    filters: {
      onlySpec: `feeTenantProductPrice:exact north:custom south:custom east:custom west:custom clusterLat:custom
        clusterLng:custom clusterPrecision:custom feeStatus:custom paidOrPermission:custom`,
      why: 'map and fee filters left out by choice (users.ts: they need payments and a map)',
    },
  },
  contacts: {
    writableCreate: {
      onlyHand: 'isNewsletterSubscribed',
      why: "decision 009: not in contact_write, but Orgo's curated PATCH sends it (sandbox follows the example)",
    },
    writableUpdate: { onlyHand: 'isNewsletterSubscribed', why: 'decision 009, as for the create' },
    filters: {
      onlyHand: 'dateUpdated:date',
      why: 'issue 25: the CRM walkthrough’s watermark poll, dateUpdated[after]; no Contact schema has it',
    },
    order: { onlyHand: 'dateUpdated', why: 'issue 25: the watermark poll orders by dateUpdated' },
    collection: {
      onlyHand: 'dateUpdated',
      why: 'issue 25: sync-your-crm-with-orgo polls contacts with dateUpdated[after] and order[dateUpdated]; no Contact schema has it',
    },
  },
  groups: {
    required: {
      onlyHand: 'name',
      why: 'spec silent (Group-group_write lists no required); sandbox 422s a nameless group',
    },
  },
  events: {
    required: { onlyHand: 'name', why: 'spec silent (Event-event_write lists no required); sandbox choice' },
    filters: {
      onlySpec: 'tenant:exact',
      why: '`tenant` is declared; the sandbox scopes by host instead',
    },
  },
  event_attends: {
    writableCreate: { onlySpec: 'hash', why: "decision 009: a client never sets the contact's credential" },
    writableUpdate: { onlySpec: 'hash', why: 'decision 009, as for the create' },
    required: {
      onlyHand: 'event',
      why: 'spec silent (EventAttend lists no required); an attendance needs its event',
    },
  },
  forms: {
    required: { onlyHand: 'name', why: 'spec silent (Form-form_write lists no required); sandbox choice' },
  },
  form_submissions: {
    required: { onlyHand: 'form', why: 'spec silent; a submission needs its form (sandbox choice)' },
  },
  'user-api-tokens': {
    writableCreate: {
      onlyHand: 'name expiresAt isReadOnly',
      why: 'prose right: create_token has no requestBody in the spec, its description takes these three fields',
    },
  },
}

function drift(hand: readonly string[], spec: readonly string[]): { onlyHand?: string; onlySpec?: string } {
  const onlyHand = [...new Set(hand)].filter((x) => !spec.includes(x))
  const onlySpec = [...new Set(spec)].filter((x) => !hand.includes(x))
  return {
    ...(onlyHand.length ? { onlyHand: onlyHand.join(' ') } : {}),
    ...(onlySpec.length ? { onlySpec: onlySpec.join(' ') } : {}),
  }
}

const HAND_KIND: Record<string, string> = { search: 'custom' }

describe('the hand-written resources against the spec', () => {
  it('lists the seven resources and the reference data', () => {
    expect(RESOURCES.map((def) => def.path)).toEqual([
      ...[
        'local_centers',
        'units',
        'countries',
        'towns',
        'users',
        'contacts',
        'groups',
        'events',
        'event_attends',
      ],
      ...['forms', 'form_submissions', 'user-api-tokens'],
    ])
  })

  it('the field lists the definitions take from the spec are what scripts/resource-fields.ts makes of it', () => {
    const vendored = readFileSync(
      new URL('../mocks/resources/spec-fields.generated.ts', import.meta.url),
      'utf8',
    )
    expect(vendored, 'run npx tsx scripts/resource-fields.ts').toBe(resourceFieldsSource())
  })

  // Reference data (local centers, units, countries, towns) routes nothing by hand: the engine serves all of it.
  const routed = RESOURCES.filter((def) => Object.keys(def.operations).length > 0)

  it('reference data routes no operation by hand: its shape, filters, orders and page size are the spec own', () => {
    const engine = RESOURCES.filter((def) => !routed.includes(def)).map((def) => def.path)
    expect(engine).toEqual(['local_centers', 'units', 'countries', 'towns'])
  })

  it.each(routed.map((def) => [def.path, def] as [string, ResourceDef]))('%s', (path, def) => {
    const spec = resource(path)!
    expect(spec, path).toBeDefined()
    expect(spec.type).toBe(def.type)
    expect(spec.key).toBe(def.key)
    for (const name of Object.keys(def.operations)) expect(spec.methods, name).toHaveProperty(name)

    // The item group: GET item's schema; user-api-tokens has no GET item, its 201 answer is the same group.
    const item = (spec.fields.item ?? spec.fields.create)!.json
    const required = Object.entries(def.fields)
      .filter(([, f]) => f.required)
      .map(([name]) => name)
    const found: Partial<Record<Check, { onlyHand?: string; onlySpec?: string }>> = {
      collection: drift(def.groups.collection, spec.fields.collection?.json ?? []),
      item: drift(def.groups.item, item),
      writableCreate: drift(def.writable, spec.writes.create?.writable ?? []),
      ...(spec.methods.update
        ? { writableUpdate: drift(def.patchable ?? def.writable, spec.writes.update?.writable ?? []) }
        : {}),
      required: drift(required, spec.writes.create?.required ?? []),
      filters: drift(
        Object.entries(def.filters).map(([field, kind]) => `${field}:${HAND_KIND[kind] ?? kind}`),
        Object.entries(spec.filters).map(([field, f]) => `${field}:${f.kind}`),
      ),
      exists: drift(def.exists ?? [], spec.exists),
      order: drift(def.order, Object.keys(spec.order)),
    }
    const known = KNOWN[path] ?? {}
    for (const check of Object.keys(found) as Check[]) {
      const { why: _why, ...expected } = known[check] ?? { why: '' }
      const normalized = Object.fromEntries(
        Object.entries(expected).map(([k, v]) => [k, words(v as string).join(' ')]),
      )
      expect(found[check], `${path} ${check}`).toEqual(normalized)
    }
    expect(spec.pageSize.default, `${path} page size`).toBe(known.pageSize ? known.pageSize[1] : def.pageSize)
    if (known.pageSize) expect(def.pageSize).toBe(known.pageSize[0])

    for (const group of ['collection', 'item'] as const) {
      const specList = group === 'item' ? item : spec.fields.collection!.json
      if (!found[group]?.onlyHand && !found[group]?.onlySpec)
        expect(def.groups[group], `${path} ${group} order`).toEqual(specList)
    }
  })

  it("/me: the private group is User-user_read_private_get_one_User plus the curated example's tenant", () => {
    const users = RESOURCES.find((def) => def.path === 'users')!
    const me = schemaOfType(okType(operation('me')!, 'application/json'))!
    expect(me.name).toBe('User-user_read_private_get_one_User')
    expect(drift(users.groups.private!, Object.keys(me.props))).toEqual({ onlyHand: 'tenant' })
    expect(users.groups.private!.filter((f) => f !== 'tenant')).toEqual(Object.keys(me.props))
  })

  it("event_attends: the answers to POST and PATCH are the collection's group, as the hand-written `write` says", () => {
    const attends = resource('event_attends')!
    const hand = RESOURCES.find((def) => def.path === 'event_attends')!
    expect(attends.fields.create!.json).toEqual(hand.groups.write)
    expect(attends.fields.update!.json).toEqual(hand.groups.write)
  })
})
