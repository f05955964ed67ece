import type { StateChange } from '../mocks/feed.ts'
import type { Color, Row } from './panes.ts'

// The Activity pane (issue 26: "the dashboard shows payments, holds and sends as they happen"): what the workflows
// did, newest first, as `GET /__sandbox/state` lists it (`activity`); a row opens the change's data.

/** Green for what went through, red for what did not, yellow for what waits. */
function colorOf(kind: string): Color | undefined {
  if (/\.(succeeded|success|paid|sent|cast|confirmed|open|published|closed|complete)$/i.test(kind))
    return 'green'
  if (/\.(failed|declined|expired|cancelled|canceled|rejected|voided|refunded)$/i.test(kind)) return 'red'
  if (/\.(pending|created|scheduled|draft)$/i.test(kind)) return 'yellow'
  return kind.startsWith('docs.') ? 'gray' : undefined
}

/** `url`: the control API's base URL, for the command that reads the same as JSON. */
export function activityRows(changes: readonly StateChange[], url: string): Row[] {
  return changes.map((c, i) => ({
    key: `activity:${c.time}:${c.kind}:${i}`,
    tenant: c.tenant,
    cells: [
      { text: c.time.slice(11, 19) },
      { text: c.tenant ?? '-' },
      { text: c.kind, color: colorOf(c.kind) },
      { text: c.summary },
    ],
    detail: {
      title: `${c.kind} at ${c.time}`,
      value: c.summary,
      fields: [
        ['tenant', c.tenant ?? '-'],
        ...Object.entries(c.data ?? {}).map(([name, value]): [string, string] => [
          name,
          typeof value === 'string' ? value : JSON.stringify(value),
        ]),
      ],
      usage: [`curl ${url}/__sandbox/state  # "activity": the same, as JSON`],
    },
  }))
}
