import type { SandboxResponse } from '../http/types.ts'

// `text/csv` answers (`contact_csv`, `users_csv`, `users_role_group_csv`): API Platform encodes with Symfony's
// CsvEncoder: nested objects and lists flattened into `a.b` / `a.0` columns (an empty list adds none), one
// header row of every column in first-seen order, cells written as PHP's fputcsv writes them.

function flatten(value: unknown, prefix: string, into: Map<string, unknown>): void {
  if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) flatten(v, `${prefix}${key}.`, into)
    return
  }
  into.set(prefix.slice(0, -1), value)
}

/** fputcsv: `true` is `1`, `false` and null empty; a cell with a separator, quote, blank or break is quoted. */
function cell(value: unknown): string {
  const text = value === true ? '1' : value === false || value == null ? '' : String(value)
  return /[,"\s\\]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function renderCsv(rows: readonly Record<string, unknown>[], status = 200): SandboxResponse {
  const flat = rows.map((row) => {
    const into = new Map<string, unknown>()
    flatten(row, '', into)
    return into
  })
  const headers = [...new Set(flat.flatMap((row) => [...row.keys()]))]
  const lines = flat.map((row) => headers.map((h) => cell(row.get(h))).join(','))
  const body = rows.length === 0 ? '' : [headers.map(cell).join(','), ...lines].join('\n') + '\n'
  return { status, headers: { 'Content-Type': 'text/csv; charset=utf-8' }, body }
}
