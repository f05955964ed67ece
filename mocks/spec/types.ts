/**
 * Orgo's spec as data (issue 23): the shapes every module of mocks/spec/ shares. This module imports nothing,
 * so the parser, the schema resolver, the operation index and the resource deriver never import each other
 * for a type (STYLE "Types that several modules share live in a module of their own").
 */

/** What every node of a parsed type carries: `[ro |wo ]TYPE[?][ =DEFAULT]` of ../shared/orgo/spec/README.md. */
interface NodeBase {
  /** `?`: `null` is a value (`type: [X, "null"]` or `anyOf [$ref, {type: null}]` in the spec). */
  readonly nullable: boolean
  /** `ro`: API Platform ignores it in a write (readOnly). */
  readonly readOnly?: boolean
  /** `wo`: accepted in a write, never shown (writeOnly, e.g. `plainPassword`). */
  readonly writeOnly?: boolean
  /** The spec's `default` (a parameter's `=asc` too); absent when the spec gives none. */
  readonly default?: unknown
  /** `=obj` with no `defaults` entry on the line: the spec has a large default the compact form did not copy. */
  readonly defaultUnknown?: boolean
}

export type ScalarKind = 'int' | 'num' | 'str' | 'bool' | 'any'

export type TypeNode =
  | (NodeBase & { readonly kind: ScalarKind; readonly format?: string })
  /** An object the spec lists no properties for (`obj`, `"kind":"obj"`). */
  | (NodeBase & { readonly kind: 'obj' })
  /** An IRI string (`format: iri-reference`): `/api/v1/local_centers/4`. */
  | (NodeBase & { readonly kind: 'iri' })
  /** `@Name`: an embedded object of schema `Name`. */
  | (NodeBase & { readonly kind: 'ref'; readonly name: string })
  | (NodeBase & { readonly kind: 'arr'; readonly items: TypeNode })
  /** `map<T>`: an object with any keys, each value a T (`additionalProperties`). */
  | (NodeBase & { readonly kind: 'map'; readonly values: TypeNode })
  /** `str{A|B}`, `int{1|2}`. */
  | (NodeBase & {
      readonly kind: 'enum'
      readonly base: 'str' | 'int' | 'num'
      readonly values: readonly (string | number)[]
    })
  /** `A|B` (oneOf/anyOf of non-null members). */
  | (NodeBase & { readonly kind: 'union'; readonly of: readonly TypeNode[] })
  /** `obj{a:int,b:str?}`: an object with its properties inline. */
  | (NodeBase & { readonly kind: 'inline'; readonly props: Readonly<Record<string, TypeNode>> })
  /** `hydra<@X>`: a Hydra collection (HydraCollectionBaseSchema + `hydra:member` of X). */
  | (NodeBase & { readonly kind: 'hydra'; readonly items: TypeNode })

export type TypeKind = TypeNode['kind']

/** One operation parameter: `name:in:TYPE[*][ =DEFAULT]`. */
export interface Param {
  readonly name: string
  readonly in: 'query' | 'path' | 'header' | 'cookie'
  readonly required: boolean
  readonly type: TypeNode
}

/** media type -> type (`application/ld+json` -> `@Contact.jsonld-contact_read`). */
export type MediaTypes = Readonly<Record<string, TypeNode>>

/** One operation of the spec as the sandbox uses it. */
export interface SpecOperation {
  readonly method: string
  /** Route-index syntax (mocks/route-index.ts): `/api/v1/contacts/:id`. */
  readonly path: string
  /** The spec's own spelling: `/api/v1/contacts/{id}`. */
  readonly specPath: string
  readonly operationId: string
  /** API Platform's resource short name (`Contact`): the tag of Orgo's index, else the schema's class. */
  readonly tag: string
  /** `security: []`: callable without a credential; otherwise the spec's root security (Api-Token or JWT). */
  readonly public: boolean
  readonly params: readonly Param[]
  /** The names in the path itself (`['uuid']`), whatever the `params` call them. */
  readonly pathParams: readonly string[]
  /** Request body per media type; `{}` when the spec has a body in prose only; absent when none. */
  readonly body?: MediaTypes
  readonly bodyRequired: boolean
  /** Per 2xx status: media type -> type, or `null` for no content. */
  readonly ok: Readonly<Record<string, MediaTypes | null>>
  /** The other statuses the spec lists. */
  readonly errors: readonly number[]
}

/** A schema after `like`, `base` and `plus` are applied. */
export interface Schema {
  readonly name: string
  /** The class (`Contact` of `Contact.jsonld-contact_read`). */
  readonly className: string
  /** `jsonld`, `multipart`, `csv`... ; absent for plain JSON. */
  readonly variant?: string
  /** The serialization group (`contact_read`); absent for the class's own schema. */
  readonly group?: string
  /** Properties in the spec's order (a JSON-LD base's `@context`, `@id`, `@type` first). */
  readonly props: Readonly<Record<string, TypeNode>>
  readonly required: readonly string[]
  /** `"kind":"obj"`: the spec lists no properties; any object is the shape. */
  readonly open: boolean
  /** Properties the spec put beside the `allOf` rather than inside it (still properties of the schema). */
  readonly outerProps?: readonly string[]
  /** `maxLength` of the properties that have one. */
  readonly maxLength?: Readonly<Record<string, number>>
}

/** The generic operations API Platform gives a resource. */
export type MethodName = 'list' | 'create' | 'read' | 'update' | 'replace' | 'delete'

/** How a declared query parameter filters (API Platform's filters, read from the parameter's name and type). */
export type FilterKind =
  /** SearchFilter, exact strategy (`field` and `field[]` declared), or a lone number parameter. */
  | 'exact'
  /**
   * SearchFilter with another strategy: a lone string `field` on a property (API Platform declares `field[]`
   * only for the exact strategy). Partial, start, end or word_start: the spec does not say which.
   */
  | 'partial'
  /** A boolean parameter: BooleanFilter, or SearchFilter on a boolean. */
  | 'boolean'
  /** DateFilter: `field[before]`, `[after]`, `[strictly_before]`, `[strictly_after]`. */
  | 'date'
  /** RangeFilter: `field[between]`, `[gt]`, `[gte]`, `[lt]`, `[lte]`. */
  | 'range'
  /** A parameter that names no property of the class (`search`, `keyword`, map bounds): custom semantics. */
  | 'custom'

export interface Filter {
  readonly kind: FilterKind
  /** The single value's type (`str`, `int`, `bool`). */
  readonly type: TypeNode
  /** `field[]` is declared too: several values, any one matches. */
  readonly array: boolean
  /** Every query parameter of this filter (`email`, `email[]`; `dateCreated[before]`...). */
  readonly params: readonly string[]
}

export interface PageSize {
  /** `itemsPerPage`'s default, else API Platform's 30; `null` when the collection is not paginated. */
  readonly default: number | null
  /** The spec's maximum for `itemsPerPage`; absent when the compact spec gives none. */
  readonly max?: number
  /** `itemsPerPage` is a declared parameter (client-side items per page). */
  readonly clientItemsPerPage: boolean
  /** `pagination` is a declared parameter (client may switch paging off). */
  readonly clientPagination: boolean
}

/** A serialization group's schemas for the two formats an emulation answers. */
export interface GroupSchemas {
  readonly jsonld?: string
  readonly json?: string
}

/** Fields of a group, per format: the JSON-LD list has `@id`, `@type` (and `@context` at the top). */
export interface GroupFields {
  readonly jsonld: readonly string[]
  readonly json: readonly string[]
}

/** An operation on a resource's sub-path (`/events/{uuid}/send-invites`, `/contacts/bulk-delete`). */
export interface ResourceAction {
  /** On one record (under the item path) or on the collection (under the collection path). */
  readonly on: 'item' | 'collection'
  readonly operation: SpecOperation
}

/** A write operation's body: fields it sets and those it must have. */
export interface WriteSpec {
  readonly schema?: string
  /** Body properties that are not read-only (write-only ones included). */
  readonly writable: readonly string[]
  readonly required: readonly string[]
}

/** One resource derived from the spec: API Platform's resource metadata, as issue 23 item 1 lists it. */
export interface ResourceSpec {
  /** The collection path's last segment (`contacts`, `event_attends`, `user-api-tokens`). */
  readonly name: string
  /** API Platform short name and JSON-LD `@type` (`Contact`). */
  readonly type: string
  /** Route syntax: `/api/v1/contacts`; absent when only the item path exists. */
  readonly collectionPath?: string
  /** Route syntax: `/api/v1/contacts/:id`; absent when only the collection path exists. */
  readonly itemPath?: string
  /** How a record is addressed: the item path's parameter (`id`, `uuid`, `hash`; `id` without an item path). */
  readonly key: string
  /** The key property's type in the item schema (`int` for `id`, `str` for `uuid`). */
  readonly keyType?: TypeKind
  /** Which generic operations exist, by operationId. */
  readonly methods: Readonly<Partial<Record<MethodName, string>>>
  /** Schema names per group: `collection` (the list's items), `item` (GET item), `create`/`update` answers. */
  readonly groups: Readonly<
    Partial<Record<'collection' | 'item' | 'create' | 'update' | 'replace', GroupSchemas>>
  >
  /** Field names per group and format. */
  readonly fields: Readonly<
    Partial<Record<'collection' | 'item' | 'create' | 'update' | 'replace', GroupFields>>
  >
  /** Per write operation: the body schema's writable and required fields. */
  readonly writes: Readonly<Partial<Record<'create' | 'update' | 'replace', WriteSpec>>>
  /** Filters by property path (`email`, `tags.tag`, `dateTimeBegin`). */
  readonly filters: Readonly<Record<string, Filter>>
  /** `exists[field]` parameters. */
  readonly exists: readonly string[]
  /** `order[field]` parameters, with the spec's default direction. */
  readonly order: Readonly<Record<string, 'asc' | 'desc'>>
  readonly pageSize: PageSize
  readonly actions: readonly ResourceAction[]
}

/** Lines of the generated module, as the generator writes them (JSON, one per operation or schema). */
export interface OperationLine {
  readonly method: string
  readonly path: string
  readonly operationId: string
  readonly tag: string
  readonly public?: true
  readonly params: readonly string[]
  readonly body?: Readonly<Record<string, string>>
  readonly bodyRequired?: true
  readonly ok: Readonly<Record<string, Readonly<Record<string, string>> | null>>
  readonly errors: readonly number[]
}

export interface SchemaLine {
  readonly name: string
  readonly props?: Readonly<Record<string, string>>
  readonly required?: readonly string[]
  readonly like?: string
  readonly base?: string
  readonly kind?: 'obj'
  readonly outerProps?: readonly string[]
  readonly defaults?: Readonly<Record<string, unknown>>
  readonly maxLength?: Readonly<Record<string, number>>
}
