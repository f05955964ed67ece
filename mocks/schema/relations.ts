import { schemaLine } from '../spec/data.ts'
import { nameParts, parseProp, resource, schemaNames } from '../spec/index.ts'
import { isCollection, isItem, resourceLayout, type Family } from '../spec/layout.ts'
import { SCHEMAS } from '../spec/schemas.generated.ts'
import type { ResourceSpec, TypeNode } from '../spec/index.ts'
import type { Relation } from './types.ts'

// Where a property of a class points (issue 23 item 3: references to records that exist). API Platform writes one
// schema per class, format and group (`Product-product_read`, `Product.jsonld-product_read`,
// `Product-product_write.jsonMergePatch`): a read group embeds a relation (`@LocalCenter-product_read?`), a write
// group names it by IRI (`iri?`). Everything is read from the schemas' raw lines, on first use, and cached.

let classIndex: Map<string, string[]> | undefined

function byClassName(): Map<string, string[]> {
  if (classIndex) return classIndex
  classIndex = new Map()
  for (const name of schemaNames()) {
    const own = nameParts(name).className
    const list = classIndex.get(own)
    if (list) list.push(name)
    else classIndex.set(own, [name])
  }
  return classIndex
}

/** Every schema name of a class, in the spec's order (`Contact-contact_read`, `Contact.jsonld-...`, ...). */
export function classSchemas(className: string): readonly string[] {
  return byClassName().get(className) ?? []
}

const typesByClass = new Map<string, ReadonlyMap<string, readonly TypeNode[]>>()

/**
 * Every type each property has in the class's schemas, read from their raw lines (a `like` line repeats
 * another schema of the class; a `base` adds only JSON-LD's `@` keys), so no schema is resolved for it.
 */
export function classTypes(className: string): ReadonlyMap<string, readonly TypeNode[]> {
  let types = typesByClass.get(className)
  if (types) return types
  const found = new Map<string, TypeNode[]>()
  for (const name of classSchemas(className))
    for (const [prop, text] of Object.entries(schemaLine(name)?.props ?? {})) {
      const list = found.get(prop)
      if (list) list.push(parseProp(text))
      else found.set(prop, [parseProp(text)])
    }
  typesByClass.set(className, (types = found))
  return types
}

let byClass: Map<string, string> | undefined

/**
 * The resource holding records of a class. Where several share one class (`events` and `sub_events`, `widgets`
 * and `newsletter_widgets`), the one on API Platform's default path for it (the class name in snake case,
 * pluralized: `Event` -> `/events`), since the others are extra uriTemplates over the same entity; failing
 * that, the first in the spec's order. Read from the resource layout (paths and tags only), so only the
 * resource found is built.
 */
export function resourceOfClass(className: string): ResourceSpec | undefined {
  const name = resourceNameOf(className)
  return name === undefined ? undefined : resource(name)
}

/** The name of `resourceOfClass`'s resource, without building its definition. */
function resourceNameOf(className: string): string | undefined {
  if (!byClass) {
    byClass = new Map()
    const seen = new Map<string, Family[]>()
    for (const family of resourceLayout().families) {
      const tag = familyTag(family)
      seen.set(tag, [...(seen.get(tag) ?? []), family])
    }
    for (const [tag, list] of seen) {
      const main = defaultSegment(tag)
      byClass.set(tag, (list.find((f) => segmentOf(f) === main) ?? list[0]!).main)
    }
  }
  return byClass.get(className)
}

/** The tag mocks/spec/resources.ts gives the resource: its item operation's, else its collection's. */
const familyTag = ({ main, members }: Family) =>
  (members.find((p) => p.segment === main && isItem(p)) ?? members.find(isCollection) ?? members[0]!).line.tag

/** The segment of the collection path (`course-enrollments` for `course_enrollments`), as `_` words. */
const segmentOf = ({ main, members }: Family) =>
  (members.find(isCollection)?.segment ?? main).replace(/-/g, '_')

/** API Platform's UnderscorePathSegmentNameGenerator: `EventAttend` -> `event_attends`. */
function defaultSegment(className: string): string {
  const snake = className.replace(/(?<=[a-z0-9])([A-Z])/g, '_$1').toLowerCase()
  if (/[^aeiou]y$/.test(snake)) return `${snake.slice(0, -1)}ies`
  return /(s|x|z|ch|sh)$/.test(snake) ? `${snake}es` : `${snake}s`
}

const cache = new Map<string, ReadonlyMap<string, Relation>>()

/** Where a property of a class points, or undefined for a plain value (`name`, `dateCreated`, `settings`). */
export function relationOf(className: string, property: string): Relation | undefined {
  let relations = cache.get(className)
  if (!relations) cache.set(className, (relations = classRelations(className)))
  return relations.get(property)
}

/** The schema a property embeds: `@X-g`, `arr<@X-g>` (the spec nests refs no deeper in a property). */
export const embeddedSchema = (t: TypeNode): string | undefined =>
  t.kind === 'ref' ? t.name : t.kind === 'arr' ? embeddedSchema(t.items) : undefined
const isIri = (t: TypeNode): boolean => t.kind === 'iri' || (t.kind === 'arr' && isIri(t.items))

function classRelations(className: string): ReadonlyMap<string, Relation> {
  const refs = new Map<string, { className: string; many: boolean }>()
  const iris = new Map<string, boolean>()
  for (const [prop, types] of classTypes(className))
    for (const type of types) {
      const ref = embeddedSchema(type)
      if (ref && !refs.has(prop))
        refs.set(prop, { className: nameParts(ref).className, many: type.kind === 'arr' })
      else if (isIri(type) && !iris.has(prop)) iris.set(prop, type.kind === 'arr')
    }
  const relations = new Map<string, Relation>()
  const put = (prop: string, target: string, many: boolean) => {
    const resource = resourceNameOf(target)
    relations.set(prop, { className: target, ...(resource ? { resource } : {}), many })
  }
  for (const [prop, r] of refs) put(prop, r.className, r.many)
  for (const [prop, many] of iris) {
    if (refs.has(prop)) continue
    const target = classByName(className, prop)
    if (target) put(prop, target, many)
  }
  return relations
}

const isClass = (name: string) => byClassName().has(name)

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
/** `productPriceVariations` -> `ProductPriceVariation`; `categories` -> `Category`; `address` stays. */
const singulars = (word: string) => [
  word,
  word.replace(/ies$/, 'y'),
  word.replace(/(?<=[sxz]|ch|sh)es$/, ''),
  word.replace(/s$/, ''),
]
const words = (name: string) => pascal(name).split(/(?=[A-Z])/)

/**
 * The class an IRI-only property points at, by its name, each guess checked against the spec's classes:
 * the name itself (`localCenter` -> `LocalCenter`), its tail (`membershipProductPrice` -> `ProductPrice`), the
 * one class the same property embeds elsewhere in the spec (`owner` -> `User`, as `Event.owner` shows), a
 * class of the same family (`CourseLesson.section` -> `CourseSection`, `Topic.type` -> `TopicType`), the one
 * class whose name ends with it (`quiz` -> `CourseQuiz`), and Orgo's `*By`/`author` (always a `User` elsewhere).
 */
function classByName(className: string, prop: string): string | undefined {
  const name = words(prop)
  const tails = name.map((_, i) => name.slice(i).join(''))
  const exact = (candidates: readonly string[]) =>
    candidates.flatMap(singulars).find((c) => c !== '' && isClass(c))
  const found = exact(tails) ?? elsewhere(prop)
  if (found) return found
  const own = words(className)
  const runs: string[] = []
  for (let length = own.length; length > 0; length--)
    for (let at = 0; at + length <= own.length; at++) runs.push(own.slice(at, at + length).join(''))
  const family = exact(runs.map((run) => run + tails[0]))
  if (family) return family
  const endings = [...byClassName().keys()].filter((c) =>
    singulars(tails[0]!).some((s) => c !== s && c.endsWith(s)),
  )
  if (endings.length === 1) return endings[0]
  return /By$|^author$/.test(prop) && isClass('User') ? 'User' : undefined
}

const embedded = new Map<string, string | undefined>()
/** After `"owner":"`: `@User-event_read?`, `ro arr<@Media.jsonld>`. */
const EMBEDS = /^(?:ro |wo )?(?:arr<)?@([A-Z][\w.-]*)/

/**
 * The one class a property of this name embeds anywhere in the spec (`owner` is `@User-...` in 12 classes),
 * found in the generated text (a few `indexOf`s over it, where parsing every schema would cost ~20 ms).
 */
function elsewhere(prop: string): string | undefined {
  if (embedded.has(prop)) return embedded.get(prop)
  const targets = new Set<string>()
  const key = `"${prop}":"`
  for (let at = SCHEMAS.indexOf(key); at >= 0; at = SCHEMAS.indexOf(key, at + key.length)) {
    const ref = EMBEDS.exec(SCHEMAS.slice(at + key.length, at + key.length + 200))?.[1]
    if (ref) targets.add(nameParts(ref).className)
  }
  const found = targets.size === 1 ? [...targets][0] : undefined
  embedded.set(prop, found)
  return found
}
