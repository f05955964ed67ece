/** The dashboard's panes as data: columns, rows and the detail a row opens. Pure; components draw it. */

export type PaneId =
  'tokens' | 'otp' | 'hashes' | 'outbox' | 'requests' | 'scenarios' | 'endpoints' | 'webhooks' | 'activity'

export type Color = 'green' | 'yellow' | 'red' | 'cyan' | 'magenta' | 'blue' | 'gray'

export interface Column {
  title: string
  /** A fixed width, or a share of what the fixed columns leave. */
  width?: number
  flex?: number
}

export interface Cell {
  text: string
  color?: Color
}

/** The copy-friendly view of one row: the value alone on its line, then fields and a ready command. */
export interface Detail {
  title: string
  value: string
  fields: Array<[string, string]>
  usage: string[]
}

export interface Row {
  key: string
  /** For the tenant filter; null rows (scenarios) always show. */
  tenant: string | null
  cells: Cell[]
  /** Spent, expired or revoked: still listed, drawn dim. */
  dim?: boolean
  detail?: Detail
  scenario?: { name: string; on: boolean }
  /** A webhook delivery's id: `s` sends it again. */
  delivery?: string
}

export interface Pane {
  id: PaneId
  title: string
  columns: Column[]
}

export const PANES: readonly Pane[] = [
  {
    id: 'tokens',
    title: 'Tokens',
    columns: [
      { title: 'kind', width: 9 },
      { title: 'tenant', width: 7 },
      { title: 'owner', flex: 2 },
      { title: 'state', width: 11 },
      { title: 'value', flex: 3 },
    ],
  },
  {
    id: 'otp',
    title: 'OTP',
    columns: [
      { title: 'email', flex: 1 },
      { title: 'tenant', width: 7 },
      { title: 'for', width: 5 },
      { title: 'code', width: 6 },
      { title: 'left', width: 8 },
      { title: 'tries', width: 5 },
      { title: 'state', width: 7 },
    ],
  },
  {
    id: 'hashes',
    title: 'Hashes',
    columns: [
      { title: 'contact', flex: 2 },
      { title: 'tenant', width: 7 },
      { title: 'event', width: 8 },
      { title: 'status', width: 9 },
      { title: 'hash', width: 12 },
      { title: 'magic link', flex: 3 },
    ],
  },
  {
    id: 'outbox',
    title: 'Outbox',
    columns: [
      { title: 'sent', width: 8 },
      { title: 'tenant', width: 7 },
      { title: 'kind', width: 6 },
      { title: 'to', flex: 1 },
      { title: 'code / link', flex: 1 },
    ],
  },
  {
    id: 'requests',
    title: 'Requests',
    columns: [
      { title: 'time', width: 8 },
      { title: 'tenant', width: 6 },
      { title: 'method', width: 6 },
      { title: 'path', flex: 3 },
      { title: 'st', width: 3 },
      { title: 'auth', width: 9 },
      { title: 'principal', flex: 2 },
      { title: 'ms', width: 5 },
    ],
  },
  {
    id: 'scenarios',
    title: 'Scenarios',
    columns: [
      { title: '', width: 3 },
      { title: 'scenario', width: 18 },
      { title: 'description', flex: 1 },
    ],
  },
  {
    id: 'endpoints',
    title: 'API',
    columns: [
      { title: 'calls', width: 5 },
      { title: 'method', width: 6 },
      { title: 'path', flex: 3 },
      { title: 'emulation', width: 9 },
      { title: 'auth', width: 6 },
      { title: 'tag', flex: 1 },
    ],
  },
  {
    id: 'webhooks',
    title: 'Webhooks',
    columns: [
      { title: 'last try', width: 8 },
      { title: 'tenant', width: 7 },
      { title: 'event', flex: 3 },
      { title: 'sub', width: 4 },
      { title: 'tries', width: 5 },
      { title: 'status', flex: 2 },
      { title: 'state', width: 9 },
      { title: 'retry in', width: 8 },
    ],
  },
  {
    id: 'activity',
    title: 'Activity',
    columns: [
      { title: 'time', width: 8 },
      { title: 'tenant', width: 7 },
      { title: 'what', width: 18 },
      { title: 'summary', flex: 1 },
    ],
  },
]

/** Column widths for a table `width` wide: fixed columns first, flex ones share the rest, one space apart. */
export function layoutColumns(columns: readonly Column[], width: number): number[] {
  const gaps = columns.length - 1
  const fixed = columns.reduce((sum, c) => sum + (c.width ?? 0), 0)
  const shares = columns.reduce((sum, c) => sum + (c.width === undefined ? (c.flex ?? 1) : 0), 0)
  const rest = Math.max(0, width - fixed - gaps)
  let given = 0
  let flexSeen = 0
  return columns.map((c) => {
    if (c.width !== undefined) return c.width
    flexSeen += c.flex ?? 1
    // Cumulative rounding: the flex columns add up to exactly `rest`.
    const upTo = Math.round((rest * flexSeen) / shares)
    const w = upTo - given
    given = upTo
    return w
  })
}

export function visibleRows(rows: readonly Row[], tenant: string | null): Row[] {
  return tenant === null ? [...rows] : rows.filter((r) => r.tenant === null || r.tenant === tenant)
}
