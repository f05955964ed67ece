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

  it('keeps every digit of eight panes within 80 columns: the active count, the others one space apart', () => {
    const titles = ['Tokens', 'OTP', 'Hashes', 'Outbox', 'Requests', 'Scenarios', 'API', 'Webhooks']
    const tabs = titles.map((title, i) => ({
      title,
      count: ['9', '1', '12', '2', '', '0/12', '47/787', '1000'][i]!,
    }))
    const frame = (active: number) =>
      plain(render(<TabBar tabs={tabs} active={active} width={80} />).lastFrame()!)
    expect(frame(6)).toBe('1 Tokens 2 OTP 3 Hashes 4 Outbox 5 Requests 6 Scenarios 7 API 47/787 8 Webhooks')
    expect(frame(0)).toBe(' 1 Tokens 9 2 OTP 3 Hashes 4 Outbox 5 Requests 6 Scenarios 7 API 8 Webhooks')
    for (let i = 0; i < titles.length; i++) expect(frame(i).length, titles[i]).toBeLessThanOrEqual(80)
    expect(plain(render(<TabBar tabs={tabs} active={7} width={100} />).lastFrame()!)).toBe(
      ' 1 Tokens  2 OTP  3 Hashes  4 Outbox  5 Requests  6 Scenarios  7 API  8 Webhooks 1000',
    )
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
