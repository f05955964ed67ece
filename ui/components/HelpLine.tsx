import { Text } from 'ink'

export interface HelpLineProps {
  keys: ReadonlyArray<readonly [key: string, label: string]>
}

/** The keys that work right now, always on screen: nobody has to read a manual to steer the sandbox. */
export function HelpLine({ keys }: HelpLineProps) {
  return (
    <Text wrap="truncate">
      {keys.map(([key, label], i) => (
        <Text key={key}>
          {i > 0 ? '  ' : ''}
          <Text bold color="cyan">
            {key}
          </Text>
          {label ? (key ? ` ${label}` : label) : ''}
        </Text>
      ))}
    </Text>
  )
}
