import type { Param, ScalarKind, TypeNode } from './types.ts'

// The compact type strings of ../shared/orgo/spec/README.md as a typed tree:
//   prop   `[ro |wo ]TYPE[?][ =DEFAULT]`          `ro str:date-time?`, `bool? =false`, `arr<str?>? =obj`
//   param  `name:in:TYPE[*][ =DEFAULT]`            `order[id]:query:str{asc|desc} =asc`, `id:path:str*`
//   TYPE   int num str bool any obj iri, `str:FORMAT`, `str{A|B}`, `@Name`, `arr<T>`, `map<T>`, `hydra<@X>`,
//          `obj{a:int,b:str?}`, `A|B`; a `?` after an atom makes it nullable.

const SCALARS = new Set<string>(['int', 'num', 'str', 'bool', 'any'])
/** Where a type can start: an inline object's key ends at the first `:` followed by one (`hydra:first:iri`). */
const TYPE_START = /(?:(?:int|num|str|bool|any|obj|iri)(?![\w-])|(?:arr|map|hydra)<|@)/y
const REF_NAME = /[\w.-]+/y
const TYPE_NAME = /[a-z]+/y
const FORMAT = /[\w-]+/y

class Reader {
  pos = 0
  constructor(readonly text: string) {}
  peek(): string {
    return this.text[this.pos] ?? ''
  }
  eat(s: string): boolean {
    if (!this.text.startsWith(s, this.pos)) return false
    this.pos += s.length
    return true
  }
  expect(s: string) {
    if (!this.eat(s)) this.fail(`"${s}" expected`)
  }
  /** A sticky pattern's match at the current position (no substring made to try it). */
  word(pattern: RegExp): string {
    pattern.lastIndex = this.pos
    const match = pattern.exec(this.text)
    if (!match) this.fail('a name expected')
    this.pos += match[0].length
    return match[0]
  }
  fail(why: string): never {
    throw new Error(`spec type "${this.text}" at ${this.pos}: ${why}`)
  }
}

/** `A|B|C`: one node, or a union whose nullability is any member's. */
function union(r: Reader): TypeNode {
  const of = [atom(r)]
  while (r.eat('|')) of.push(atom(r))
  if (of.length === 1) return of[0]!
  return { kind: 'union', of, nullable: of.some((t) => t.nullable) }
}

function atom(r: Reader): TypeNode {
  const node = base(r)
  return r.eat('?') ? { ...node, nullable: true } : node
}

function base(r: Reader): TypeNode {
  if (r.eat('@')) return { kind: 'ref', name: r.word(REF_NAME), nullable: false }
  for (const kind of ['arr', 'map', 'hydra'] as const) {
    if (!r.eat(`${kind}<`)) continue
    const inner = union(r)
    r.expect('>')
    return kind === 'map' ? { kind, values: inner, nullable: false } : { kind, items: inner, nullable: false }
  }
  const name = r.word(TYPE_NAME)
  if (name === 'iri') return { kind: 'iri', nullable: false }
  if (name === 'obj') return r.peek() === '{' ? inline(r) : { kind: 'obj', nullable: false }
  if (!SCALARS.has(name)) r.fail(`unknown type "${name}"`)
  const format = r.eat(':') ? r.word(FORMAT) : undefined
  if (r.eat('{')) {
    // `str{http://www.w3.org/ns/hydra/core#}`: values run to the closing brace, `|` between them.
    const end = r.text.indexOf('}', r.pos)
    if (end < 0) r.fail('"}" expected')
    const words = r.text.slice(r.pos, end).split('|')
    r.pos = end + 1
    if (name !== 'str' && name !== 'int' && name !== 'num') r.fail(`an enum of ${name}`)
    const values = name === 'str' ? words : words.map(Number)
    return { kind: 'enum', base: name, values, nullable: false }
  }
  return { kind: name as ScalarKind, ...(format ? { format } : {}), nullable: false }
}

/** `obj{@vocab:str,hydra:first:iri}`: keys may hold `:`, so a key ends where a type starts. */
function inline(r: Reader): TypeNode {
  r.expect('{')
  const props: Record<string, TypeNode> = {}
  while (!r.eat('}')) {
    let colon = r.text.indexOf(':', r.pos)
    while (colon >= 0 && !startsType(r.text, colon + 1)) colon = r.text.indexOf(':', colon + 1)
    if (colon < 0) r.fail('a "key:TYPE" expected')
    const key = r.text.slice(r.pos, colon)
    r.pos = colon + 1
    props[key] = union(r)
    if (r.peek() !== '}') r.expect(',')
  }
  return { kind: 'inline', props, nullable: false }
}

function startsType(text: string, at: number): boolean {
  TYPE_START.lastIndex = at
  return TYPE_START.test(text)
}

/** Parsed types by their text: 10,953 properties spell about 1,500 types, and a node is never changed. */
const parsed = new Map<string, TypeNode>()

/** The whole text as one type, nothing left over. */
export function parseType(text: string): TypeNode {
  let node = parsed.get(text)
  if (node) return node
  const r = new Reader(text)
  node = union(r)
  if (r.pos !== text.length) r.fail('unexpected text')
  parsed.set(text, node)
  return node
}

/** The index of ` =` outside `{}`/`<>` (an enum value or inline object cannot hold a default). */
function defaultAt(text: string): number {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '{' || c === '<') depth++
    else if (c === '}' || c === '>') depth--
    else if (depth === 0 && c === ' ' && text[i + 1] === '=') return i
  }
  return -1
}

/** JSON where it is JSON (`="pending"`, `=false`, `=["ROLE_USER"]`), else the word itself (`=asc`). */
function parseDefault(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/**
 * A property: `[ro |wo ]TYPE[?][ =DEFAULT]`. `=obj` is a large default the spec has whole: `large` is the
 * line's `defaults` entry for it, when the compact form copied one.
 */
export function parseProp(text: string, large?: { value: unknown } | undefined): TypeNode {
  if (large && text.endsWith(' =obj')) return propOf(text, large)
  let node = parsedProps.get(text)
  if (!node) parsedProps.set(text, (node = propOf(text, undefined)))
  return node
}

const parsedProps = new Map<string, TypeNode>()

function propOf(text: string, large: { value: unknown } | undefined): TypeNode {
  let rest = text
  const readOnly = rest.startsWith('ro ')
  const writeOnly = rest.startsWith('wo ')
  if (readOnly || writeOnly) rest = rest.slice(3)
  const at = defaultAt(rest)
  const node = parseType(at < 0 ? rest : rest.slice(0, at))
  const extra: { readOnly?: true; writeOnly?: true; default?: unknown; defaultUnknown?: true } = {}
  if (readOnly) extra.readOnly = true
  if (writeOnly) extra.writeOnly = true
  if (at >= 0) {
    const value = rest.slice(at + 2)
    if (value !== 'obj') extra.default = parseDefault(value)
    else if (large) extra.default = large.value
    else extra.defaultUnknown = true
  }
  return Object.keys(extra).length === 0 ? node : { ...node, ...extra }
}

const PLACES = new Set(['query', 'path', 'header', 'cookie'])

const parsedParams = new Map<string, Param>()

/** A parameter: `name:in:TYPE[*][ =DEFAULT]` (`*` = required); 3,068 of them spell 524 texts. */
export function parseParam(text: string): Param {
  let param = parsedParams.get(text)
  if (!param) parsedParams.set(text, (param = paramOf(text)))
  return param
}

function paramOf(text: string): Param {
  const first = text.indexOf(':')
  const second = text.indexOf(':', first + 1)
  const place = text.slice(first + 1, second)
  if (first < 1 || second < 0 || !PLACES.has(place))
    throw new Error(`spec parameter "${text}": name:in:TYPE expected`)
  let rest = text.slice(second + 1)
  const at = defaultAt(rest)
  const fallback = at < 0 ? undefined : { default: parseDefault(rest.slice(at + 2)) }
  if (at >= 0) rest = rest.slice(0, at)
  const required = rest.endsWith('*')
  const type = parseType(required ? rest.slice(0, -1) : rest)
  return {
    name: text.slice(0, first),
    in: place as Param['in'],
    required,
    type: fallback ? { ...type, ...fallback } : type,
  }
}

/** Every schema name a type refers to (`@Name` anywhere inside it). */
export function refsOf(node: TypeNode, into: string[] = []): string[] {
  switch (node.kind) {
    case 'ref':
      into.push(node.name)
      break
    case 'arr':
    case 'hydra':
      refsOf(node.items, into)
      break
    case 'map':
      refsOf(node.values, into)
      break
    case 'union':
      for (const t of node.of) refsOf(t, into)
      break
    case 'inline':
      for (const t of Object.values(node.props)) refsOf(t, into)
      break
  }
  return into
}

/** The same type with every `@Name` renamed (a `.jsonld` variant's refs point at `.jsonld` schemas). */
export function mapRefs(node: TypeNode, rename: (name: string) => string): TypeNode {
  switch (node.kind) {
    case 'ref': {
      const name = rename(node.name)
      return name === node.name ? node : { ...node, name }
    }
    case 'arr':
    case 'hydra':
      return { ...node, items: mapRefs(node.items, rename) }
    case 'map':
      return { ...node, values: mapRefs(node.values, rename) }
    case 'union':
      return { ...node, of: node.of.map((t) => mapRefs(t, rename)) }
    case 'inline':
      return {
        ...node,
        props: Object.fromEntries(Object.entries(node.props).map(([k, t]) => [k, mapRefs(t, rename)])),
      }
    default:
      return node
  }
}
