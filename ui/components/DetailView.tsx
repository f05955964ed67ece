import { Box, Text } from 'ink'
import type { Detail } from '../panes.ts'

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
  const label = Math.max(0, ...detail.fields.map(([name]) => name.length))
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box flexDirection="column" flexShrink={0}>
        <Text bold wrap="truncate">
          {detail.title}
        </Text>
        <Text color="green" bold>
          {detail.value}
        </Text>
        {detail.fields.map(([name, value], i) => (
          <Text key={i} wrap="truncate">
            <Text dimColor>{name.padEnd(label)}</Text> {value}
          </Text>
        ))}
        {detail.usage.map((line, i) => (
          <Text key={`u${i}`} color="cyan">
            {line}
          </Text>
        ))}
      </Box>
    </Box>
  )
}
