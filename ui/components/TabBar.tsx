import { Text } from 'ink'

export interface TabBarProps {
  tabs: ReadonlyArray<{ title: string; count: string }>
  active: number
  /**
   * Columns available: past them only the active tab keeps its count, and if that is not enough the others lose
   * their padding (one space apart), so every digit stays visible.
   */
  width?: number
}

const label = (i: number, title: string, count: string) => ` ${i + 1} ${title}${count ? ' ' : ''}${count} `

/** ` 1 Tokens 9  2 OTP 1 ...`: the digit switches to the pane, the count says whether it is worth it. */
export function TabBar({ tabs, active, width = Infinity }: TabBarProps) {
  const length = (list: typeof tabs) => list.reduce((sum, t, i) => sum + label(i, t.title, t.count).length, 0)
  const shown = tabs.map((tab, i) => ({
    ...tab,
    count: length(tabs) <= width || i === active ? tab.count : '',
  }))
  const compact = length(shown) > width
  return (
    <Text wrap="truncate">
      {shown.map((tab, i) => {
        const on = i === active
        // Compact: no space before the first tab nor after the active one, whose inverse padding stays.
        const before = on || !compact ? ' ' : i === 0 || i === active + 1 ? '' : ' '
        return (
          <Text key={tab.title} inverse={on} bold={on}>
            {`${before}${i + 1} ${tab.title}${tab.count ? ' ' : ''}`}
            <Text dimColor={!on}>{tab.count}</Text>
            {on || !compact ? ' ' : ''}
          </Text>
        )
      })}
    </Text>
  )
}
