import { Box, Text } from 'ink'
import { terminalSafe } from '../../mocks/http/terminal-safe.ts'
import type { Detail } from '../panes.ts'

// Every line here can quote a request (a name, an email, a path): written out, never acted on (M1).
const safe = (text: string) => terminalSafe(text, { oneLine: true })

export interface DetailViewProps {
  detail: Detail
  width: number
  height: number
}

/**
 * One row in full. The value sits alone on its line with no border or indent, so a terminal selection
 * copies exactly it; a long value wraps, hence `y` and `Y` also copy it (and the command) through OSC 52.
 * What does not fit is cut at the bottom: the value and fields come first, the command last.
 */
export function DetailView({ detail, width, height }: DetailViewProps) {
  const label = Math.max(0, ...detail.fields.map(([name]) => safe(name).length))
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box flexDirection="column" flexShrink={0}>
        <Text bold wrap="truncate">
          {safe(detail.title)}
        </Text>
        <Text color="green" bold>
          {safe(detail.value)}
        </Text>
        {detail.fields.map(([name, value], i) => (
          <Text key={i} wrap="truncate">
            <Text dimColor>{safe(name).padEnd(label)}</Text> {safe(value)}
          </Text>
        ))}
        {detail.usage.map((line, i) => (
          <Text key={`u${i}`} color="cyan">
            {safe(line)}
          </Text>
        ))}
      </Box>
    </Box>
  )
}
