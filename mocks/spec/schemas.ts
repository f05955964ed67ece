import { append, hasSchema, schemaLine, schemaLinesWithDefaults, schemaNames } from './data.ts'
import { mapRefs, parseProp } from './type-parser.ts'
import type { Schema, TypeNode } from './types.ts'

// `schema(name)`: a schema of components.schemas with `like`, `base` and `plus` applied, cached. API Platform
// writes one schema per class, format and serialization group: `Contact-contact_read` (JSON),
// `Contact.jsonld-contact_read` (JSON-LD: `allOf [HydraItemBaseSchema, the same properties]`, its embedded
// objects `.jsonld` schemas in turn), `Contact.multipart-contact_read`, `Contact-contact_write.jsonMergePatch`.

/** Name parts API Platform adds for a format (`.jsonld`, `.multipart`, `.csv`) or a PATCH body. */
const VARIANTS = new Set(['jsonld', 'multipart', 'csv', 'jsonMergePatch'])

/** `Contact.jsonld-contact_read` -> class `Contact`, variant `jsonld`, group `contact_read`. */
export function nameParts(name: string): { className: string; variant?: string; group?: string } {
  const dash = name.indexOf('-')
  let head = dash < 0 ? name : name.slice(0, dash)
  let group = dash < 0 ? undefined : name.slice(dash + 1)
  let variant: string | undefined
  const dot = head.lastIndexOf('.')
  if (dot > 0 && VARIANTS.has(head.slice(dot + 1)))
    [head, variant] = [head.slice(0, dot), head.slice(dot + 1)]
  if (group?.endsWith('.jsonMergePatch'))
    [group, variant] = [group.slice(0, -'.jsonMergePatch'.length), 'jsonMergePatch']
  return { className: head, ...(variant ? { variant } : {}), ...(group ? { group } : {}) }
}

/** `LocalCenter-contact_read` in variant `jsonld` -> `LocalCenter.jsonld-contact_read`. */
function inVariant(name: string, variant: string): string {
  const dash = name.indexOf('-')
  return dash < 0 ? `${name}.${variant}` : `${name.slice(0, dash)}.${variant}${name.slice(dash)}`
}

/**
 * Large defaults the compact form left out (`=obj` without a `defaults` entry), read in the spec itself:
 * `Product-product_read` settings (~9,005,973; the same object on `Product-product_write`).
 */
const READ_IN_SPEC: Record<string, Record<string, unknown>> = {
  Product: {
    settings: {
      tenantLogo: true,
      showTitle: true,
      colorSelection: null,
      colorButton: null,
      disableSubscribe: false,
      commentSection: true,
      newestAndTopDonationSection: true,
      requireFullAddress: false,
      disableRegister: false,
      lightThemeOnly: false,
      isThankYouSingular: false,
      widget: {
        enabled: false,
        buttonText: 'Donate',
        buttonColor: null,
        position: 'bottom-right',
        showMonthlyUpsell: true,
        presetAmounts: [25, 55, 120, 300, 500, 1000],
        defaultCurrency: 'RON',
      },
    },
  },
}

let classDefaults: Map<string, Record<string, unknown>> | undefined

/**
 * A property's large default for its class: API Platform derives every group's schema of a class from the same
 * PHP property, so the default one line carries (`User` notificationSettings) holds for `User.jsonld` too.
 */
function largeDefault(className: string, prop: string): { value: unknown } | undefined {
  if (!classDefaults) {
    classDefaults = new Map(Object.entries(READ_IN_SPEC).map(([name, d]) => [name, { ...d }]))
    for (const line of schemaLinesWithDefaults()) {
      const own = nameParts(line.name).className
      classDefaults.set(own, { ...line.defaults, ...classDefaults.get(own) })
    }
  }
  const defaults = classDefaults.get(className)
  return defaults && prop in defaults ? { value: defaults[prop] } : undefined
}

const cache = new Map<string, Schema | null>()
const resolving = new Set<string>()

/** The schema with its properties resolved, or `undefined` when the spec has no schema of that name. */
export function schema(name: string): Schema | undefined {
  const hit = cache.get(name)
  if (hit !== undefined) return hit ?? undefined
  if (resolving.has(name))
    throw new Error(`spec schema ${name}: like/base loop through ${[...resolving].join(', ')}`)
  resolving.add(name)
  try {
    const resolved = resolve(name)
    cache.set(name, resolved ?? null)
    return resolved
  } finally {
    resolving.delete(name)
  }
}

function resolve(name: string): Schema | undefined {
  const line = schemaLine(name)
  if (!line) return undefined
  const parts = nameParts(name)
  const props: Record<string, TypeNode> = {}
  const required: string[] = []
  const take = (other: string, rename?: (ref: string) => string) => {
    const from = schema(other)
    if (!from) throw new Error(`spec schema ${name}: "${other}" is not a schema`)
    for (const [prop, type] of Object.entries(from.props)) props[prop] = rename ? mapRefs(type, rename) : type
    required.push(...from.required)
    return from
  }
  // JSON-LD's `@context`, `@id`, `@type` come first, as API Platform writes them.
  if (line.base) take(line.base)
  let open = line.kind === 'obj'
  let maxLength = line.maxLength
  if (line.like) {
    // `X.jsonld-g` like `X-g`: the same properties, embedded objects in the variant's own schemas.
    const variant = parts.variant
    const rename = variant
      ? (ref: string) => (hasSchema(inVariant(ref, variant)) ? inVariant(ref, variant) : ref)
      : undefined
    const like = take(line.like, rename)
    open ||= like.open
    if (like.maxLength) maxLength = { ...like.maxLength, ...maxLength }
  }
  const own = line.defaults
    ? (prop: string) => (prop in line.defaults! ? { value: line.defaults![prop] } : undefined)
    : () => undefined
  for (const [prop, text] of Object.entries(line.props ?? {}))
    props[prop] = parseProp(text, own(prop) ?? largeDefault(parts.className, prop))
  for (const prop of line.required ?? []) if (!required.includes(prop)) required.push(prop)
  return {
    name,
    ...parts,
    props,
    required: [...new Set(required)],
    open,
    ...(line.outerProps ? { outerProps: line.outerProps } : {}),
    ...(maxLength ? { maxLength } : {}),
  }
}

/** A type's schema when it is one embedded object or a list of them (`@X`, `arr<@X>`, `hydra<@X>`). */
export function schemaOfType(type: TypeNode | undefined): Schema | undefined {
  if (!type) return undefined
  if (type.kind === 'ref') return schema(type.name)
  if (type.kind === 'arr' || type.kind === 'hydra') return schemaOfType(type.items)
  return undefined
}

let schemasByClass: Map<string, string[]> | undefined
const propertiesByClass = new Map<string, ReadonlySet<string>>()

/**
 * Every property any schema of the class lists: the entity's properties, whatever the serialization group
 * (API Platform filters on the entity). A `like` line repeats another's; a `base` adds only JSON-LD's `@` keys.
 */
export function classProperties(className: string): ReadonlySet<string> {
  const known = propertiesByClass.get(className)
  if (known) return known
  if (!schemasByClass) {
    schemasByClass = new Map()
    for (const name of schemaNames()) {
      const own = nameParts(name).className
      append(schemasByClass, own, name)
    }
  }
  const props = new Set<string>()
  for (const name of schemasByClass.get(className) ?? [])
    for (const prop of Object.keys(schemaLine(name)!.props ?? {})) props.add(prop)
  propertiesByClass.set(className, props)
  return props
}
