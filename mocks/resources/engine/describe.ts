import { RESOURCES } from '../index.ts'
import { labelOf } from '../rules.ts'
import type { AnyResource, OperationName } from '../types.ts'
import { API } from './serialize.ts'

const OPERATIONS: Record<OperationName, (base: string, item: string) => string> = {
  list: (base) => `GET ${base}`,
  create: (base) => `POST ${base}`,
  read: (_base, item) => `GET ${item}`,
  update: (_base, item) => `PATCH ${item}`,
  delete: (_base, item) => `DELETE ${item}`,
}

function describeOne(def: AnyResource): string {
  const base = `${API}/${def.path}`
  const item = `${base}/{${def.key}}`
  const ops = (Object.keys(OPERATIONS) as OperationName[])
    .filter((op) => def.operations[op])
    .map((op) => `\`${OPERATIONS[op](base, item)}\` (${labelOf(def.operations[op] as never)})`)
  const filters = Object.entries(def.filters).map(([name, kind]) => `\`${name}\` (${kind})`)
  return [
    `### ${def.type}: \`${base}\``,
    '',
    `- Operations: ${ops.join(', ') || 'none generic (actions only)'}; any other method answers \`405\` with \`Allow\`.`,
    ...(def.actions ?? []).map((a) => `- \`${a.method} ${a.path}\` (${a.who}): ${a.does}.`),
    `- Page size ${def.pageSize} (\`itemsPerPage\` up to 100, \`pagination=false\` for all); addressed by \`${def.key}\`.`,
    `- Filters: ${filters.join(', ') || 'none'}; \`order[…]\`: ${def.order.map((o) => `\`${o}\``).join(', ') || 'none'}.`,
    `- Collection items (${def.groups.collection.length} fields): ${def.groups.collection.map((f) => `\`${f}\``).join(', ')}.`,
    `- Item (${def.groups.item.length} fields): ${def.groups.item.map((f) => `\`${f}\``).join(', ')}.`,
    `- Writable: ${def.writable.map((f) => `\`${f}\``).join(', ') || 'nothing'}.`,
    `- Spec: \`openapi.json\` from offset ~${def.specOffset.toLocaleString('en')}.`,
    '',
  ].join('\n')
}

/** `docs/resources.md`: every emulated resource as its definition states it (regenerate: `npm run docs`). */
export function describeResources(): string {
  return [
    '# Emulated resources',
    '',
    'Generated from the definitions in `mocks/resources/` by `npm run docs`; `test/docs.test.ts` fails when it',
    "is stale. Shapes follow Orgo's published OpenAPI spec (docs/decisions/009 for where it is silent).",
    '',
    ...RESOURCES.map(describeOne),
  ].join('\n')
}
