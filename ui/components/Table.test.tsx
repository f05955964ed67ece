import { render } from 'ink-testing-library'
import { stripVTControlCharacters as plain } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { Row } from '../panes.ts'
import { Table } from './Table.tsx'

const columns = [
  { title: 'kind', width: 6 },
  { title: 'value', flex: 1 },
]
const rows: Row[] = Array.from({ length: 8 }, (_, i) => ({
  key: String(i),
  tenant: 'acme',
  cells: [{ text: `k${i}` }, { text: `${i}`.repeat(40) }],
  dim: i === 2,
}))

describe('Table', () => {
  it('draws a title line and the rows in view, cut to the width, the selected one marked', () => {
    const { lastFrame } = render(
      <Table columns={columns} rows={rows} width={30} height={3} offset={2} selected={3} empty="none" />,
    )
    expect(plain(lastFrame()!).split('\n')).toEqual([
      '  kind   value',
      '  k2     22222222222222222222…',
      '> k3     33333333333333333333…',
      '  k4     44444444444444444444…',
    ])
  })

  it('says so when there is nothing to show', () => {
    const { lastFrame } = render(
      <Table
        columns={columns}
        rows={[]}
        width={30}
        height={3}
        offset={0}
        selected={0}
        empty="No mail sent yet."
      />,
    )
    expect(plain(lastFrame()!)).toContain('  No mail sent yet.')
  })
})
