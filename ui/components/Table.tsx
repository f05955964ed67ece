import { Box, Text } from 'ink'
import { terminalSafe } from '../../mocks/http/terminal-safe.ts'
import { paint, truncate } from '../format.ts'
import { layoutColumns, type Column, type Row } from '../panes.ts'

export interface TableProps {
  columns: readonly Column[]
  rows: readonly Row[]
  width: number
  /** Lines for the rows, the title line excluded. */
  height: number
  offset: number
  /** Highlighted row index, or -1 for none. */
  selected: number
  empty: string
}

/** A pane's rows under a title line, cut to its width: every cell is truncated, nothing ever wraps. */
export function Table({ columns, rows, width, height, offset, selected, empty }: TableProps) {
  // Two columns for the selection marker.
  const widths = layoutColumns(columns, width - 2)
  // Escaped before it is cut, so the width counts what is shown; cells hold request strings (M1).
  const cell = (text: string, i: number) =>
    truncate(terminalSafe(text, { oneLine: true }), widths[i]!).padEnd(widths[i]!)
  const shown = rows.slice(offset, offset + height)
  return (
    <Box flexDirection="column" width={width} height={height + 1}>
      <Text bold wrap="truncate">
        {'  ' + columns.map((c, i) => cell(c.title, i)).join(' ')}
      </Text>
      {rows.length === 0 && (
        <Text dimColor wrap="truncate">
          {'  ' + empty}
        </Text>
      )}
      {shown.map((row, i) => {
        const isSelected = offset + i === selected
        const line = row.cells.map((c, n) => paint(cell(c.text, n), c.color)).join(' ')
        return (
          <Text key={row.key} wrap="truncate" inverse={isSelected} dimColor={row.dim && !isSelected}>
            {(isSelected ? '> ' : '  ') + line}
          </Text>
        )
      })}
    </Box>
  )
}
