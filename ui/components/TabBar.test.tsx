import { render } from 'ink-testing-library'
import { stripVTControlCharacters as plain } from 'node:util'
import { describe, expect, it } from 'vitest'
import { HelpLine } from './HelpLine.tsx'
import { TabBar } from './TabBar.tsx'

describe('TabBar and HelpLine', () => {
  it('numbers the panes with their counts, within 80 columns', () => {
    const tabs = ['Tokens', 'OTP', 'Hashes', 'Outbox', 'Requests', 'Scenarios'].map((title, i) => ({
      title,
      count: ['120', '3', '12', '999', '', '14/14'][i]!,
    }))
    const frame = plain(render(<TabBar tabs={tabs} active={1} />).lastFrame()!)
    expect(frame).toBe(' 1 Tokens 120  2 OTP 3  3 Hashes 12  4 Outbox 999  5 Requests  6 Scenarios 14/14')
    expect(frame.length).toBeLessThanOrEqual(80)
  })

  it('lists the keys that work now', () => {
    const frame = plain(
      render(
        <HelpLine
          keys={[
            ['q', 'quit'],
            ['Reset?', ''],
            ['y', 'yes'],
          ]}
        />,
      ).lastFrame()!,
    )
    expect(frame).toBe('q quit  Reset?  y yes')
  })
})
