import { Text } from 'ink'

export interface TabBarProps {
  tabs: ReadonlyArray<{ title: string; count: string }>
  active: number
}

/** ` 1 Tokens 9  2 OTP 1 ...`: the digit switches to the pane, the count says whether it is worth it. */
export function TabBar({ tabs, active }: TabBarProps) {
  return (
    <Text wrap="truncate">
      {tabs.map((tab, i) => (
        <Text key={tab.title} inverse={i === active} bold={i === active}>
          {` ${i + 1} ${tab.title}${tab.count ? ' ' : ''}`}
          <Text dimColor={i !== active}>{tab.count}</Text>{' '}
        </Text>
      ))}
    </Text>
  )
}
