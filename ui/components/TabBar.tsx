import { Text } from 'ink'

export interface TabBarProps {
  tabs: ReadonlyArray<{ title: string; count: string }>
  active: number
  /** Columns available: past them only the active tab keeps its count, so every digit stays visible. */
  width?: number
}

const label = (i: number, title: string, count: string) => ` ${i + 1} ${title}${count ? ' ' : ''}${count} `

/** ` 1 Tokens 9  2 OTP 1 ...`: the digit switches to the pane, the count says whether it is worth it. */
export function TabBar({ tabs, active, width = Infinity }: TabBarProps) {
  const full = tabs.reduce((sum, tab, i) => sum + label(i, tab.title, tab.count).length, 0)
  const shown = tabs.map((tab, i) => ({ ...tab, count: full <= width || i === active ? tab.count : '' }))
  return (
    <Text wrap="truncate">
      {shown.map((tab, i) => (
        <Text key={tab.title} inverse={i === active} bold={i === active}>
          {` ${i + 1} ${tab.title}${tab.count ? ' ' : ''}`}
          <Text dimColor={i !== active}>{tab.count}</Text>{' '}
        </Text>
      ))}
    </Text>
  )
}
