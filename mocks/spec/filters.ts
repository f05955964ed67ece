import type { Filter, FilterKind, PageSize, SpecOperation, TypeNode } from './types.ts'

// A collection GET's query parameters as API Platform declares them (its filters' getDescription()):
//   `page`, `itemsPerPage`, `pagination`           the paginator (Pagination::getLimit)
//   `order[field]` str{asc|desc}                   OrderFilter
//   `exists[field]` bool                           ExistsFilter
//   `field[before]` `[after]` `[strictly_*]`       DateFilter
//   `field[between]` `[gt]` `[gte]` `[lt]` `[lte]` RangeFilter
//   `field` + `field[]`                            SearchFilter, exact strategy (several values with `[]`)
//   `field` alone, a string                        SearchFilter, another strategy (partial, start, end,
//                                                  word_start: the spec does not say which; partial here)
//   `field` alone, a bool                          BooleanFilter
// SearchFilterTrait::getDescription() declares `field[]` for the exact strategy and for associations only. A
// lone parameter that names no property of the class is a custom filter (`search`, `keyword`, map bounds).

/** API Platform's `pagination_items_per_page` when an operation sets none. */
export const API_PLATFORM_PAGE_SIZE = 30

const DATE = new Set(['before', 'after', 'strictly_before', 'strictly_after'])
const RANGE = new Set(['between', 'gt', 'gte', 'lt', 'lte'])
const PAGINATION = new Set(['page', 'itemsPerPage', 'pagination'])

export interface CollectionQuery {
  readonly filters: Readonly<Record<string, Filter>>
  readonly exists: readonly string[]
  readonly order: Readonly<Record<string, 'asc' | 'desc'>>
  readonly pageSize: PageSize
}

/** `items[]`'s item type: a `field[]` parameter's single value. */
const single = (type: TypeNode): TypeNode => (type.kind === 'arr' ? type.items : type)

/**
 * The filters, order fields and page size a collection GET declares. `isProperty` says whether a name is a
 * property of the resource's class (any of its schemas): API Platform filters on the entity, whatever the group.
 */
export function collectionQuery(op: SpecOperation, isProperty: (name: string) => boolean): CollectionQuery {
  const filters: Record<string, { kind: FilterKind; type: TypeNode; array: boolean; params: string[] }> = {}
  const exists: string[] = []
  const order: Record<string, 'asc' | 'desc'> = {}
  const query = op.params.filter((p) => p.in === 'query')
  const add = (field: string, kind: FilterKind, param: string, type: TypeNode) => {
    const known = filters[field]
    if (known) {
      known.params.push(param)
      if (param.endsWith('[]')) known.array = true
      // `field` beside `field[before]` (none in Orgo's spec today): the date filter, which matches exactly too.
      if (kind === 'date' || kind === 'range') known.kind = kind
      return
    }
    filters[field] = { kind, type: single(type), array: param.endsWith('[]'), params: [param] }
  }
  const names = new Set(query.map((p) => p.name))
  // OrderFilter and ExistsFilter take mapped properties only: `order[parent.name]` says `parent` is one.
  const mapped = new Set(query.flatMap((p) => /^(?:order|exists)\[([^\].]+)/.exec(p.name)?.slice(1) ?? []))
  for (const { name, type } of query) {
    if (PAGINATION.has(name)) continue
    const bracket = /^(order|exists)\[(.+)\]$/.exec(name)
    if (bracket?.[1] === 'order') {
      order[bracket[2]!] = type.default === 'desc' ? 'desc' : 'asc'
      continue
    }
    if (bracket?.[1] === 'exists') {
      exists.push(bracket[2]!)
      continue
    }
    const suffix = /^(.+)\[(\w+)\]$/.exec(name)
    if (suffix && DATE.has(suffix[2]!)) add(suffix[1]!, 'date', name, type)
    else if (suffix && RANGE.has(suffix[2]!)) add(suffix[1]!, 'range', name, type)
    else {
      const field = name.endsWith('[]') ? name.slice(0, -2) : name
      const root = field.split('.')[0]!
      const exact = names.has(`${field}[]`)
      const value = single(type)
      const kind: FilterKind =
        value.kind === 'bool'
          ? 'boolean'
          : exact
            ? 'exact'
            : !isProperty(root) && !mapped.has(root)
              ? 'custom'
              : value.kind === 'str'
                ? 'partial'
                : 'exact'
      add(field, kind, name, type)
    }
  }
  return { filters, exists, order, pageSize: pageSizeOf(op) }
}

/**
 * `itemsPerPage`'s default, else API Platform's 30 when the operation pages (`page` declared); `null` when it
 * does not. The spec gives `maximum: 100` on `itemsPerPage` (contacts ~706,000, countries ~1,066,000), but the
 * compact form does not carry it, so no maximum is claimed here.
 */
export function pageSizeOf(op: SpecOperation): PageSize {
  const param = (name: string) => op.params.find((p) => p.in === 'query' && p.name === name)
  const perPage = param('itemsPerPage')
  const paged = param('page') !== undefined || perPage !== undefined
  const fallback = typeof perPage?.type.default === 'number' ? perPage.type.default : API_PLATFORM_PAGE_SIZE
  return {
    default: paged ? fallback : null,
    clientItemsPerPage: perPage !== undefined,
    clientPagination: param('pagination') !== undefined,
  }
}
