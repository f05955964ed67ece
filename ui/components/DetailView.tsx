import { Box, Text } from 'ink'
import { terminalSafe } from '../../mocks/http/terminal-safe.ts'
import type { Detail } from '../panes.ts'

// Every line here can quote a request (a name, an email, a path): written out, never acted on (M1).
const safe = (text: string) => terminalSafe(text, { oneLine: true })

export interface DetailViewProps {
  detail: Detail
  width: number
  height: number
  /** Fields (then command lines) scrolled past; the title and the value stay. */
  scroll?: number
}

const wrapped = (text: string, width: number) =>
  Math.max(1, Math.ceil(safe(text).length / Math.max(1, width)))

const labelWidth = (detail: Detail) => Math.max(0, ...detail.fields.map(([name]) => safe(name).length))

/** How far a detail can scroll: the fields and command lines that do not fit under its title and value. */
export function detailOverflow(detail: Detail, width: number, height: number): number {
  const room = height - 1 - wrapped(detail.value, width)
  const label = labelWidth(detail)
  const items = [
    ...detail.fields.map(([name, value]) => wrapped(`${safe(name).padEnd(label)} ${value}`, width)),
    ...detail.usage.map((line) => wrapped(line, width)),
  ]
  let used = 0
  let first = items.length
  while (first > 0 && used + items[first - 1]! <= room) used += items[--first]!
  return first
}

/**
 * One row in full. The value sits alone on its line with no border or indent, so a terminal selection
 * copies exactly it; a long value wraps, hence `y` and `Y` also copy it (and the command) through OSC 52.
 * What does not fit is cut at the bottom: the value and fields come first, the command last; `scroll` skips
 * the first fields for a detail longer than the screen (a webhook's attempts and envelope).
 */
export function DetailView({ detail, width, height, scroll = 0 }: DetailViewProps) {
  const label = labelWidth(detail)
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box flexDirection="column" flexShrink={0}>
        <Text bold wrap="truncate">
          {safe(detail.title)}
        </Text>
        <Text color="green" bold>
          {safe(detail.value)}
        </Text>
        {detail.fields.slice(scroll).map(([name, value], i) => (
          // A long value (a token, a URL with its query) wraps whole: it is what the developer came to read.
          <Text key={scroll + i}>
            <Text dimColor>{safe(name).padEnd(label)}</Text> {safe(value)}
          </Text>
        ))}
        {detail.usage.slice(Math.max(0, scroll - detail.fields.length)).map((line, i) => (
          <Text key={`u${i}`} color="cyan">
            {safe(line)}
          </Text>
        ))}
      </Box>
    </Box>
  )
}
