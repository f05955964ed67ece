import { describe, expect, it } from 'vitest'
import { activityRows } from './activity-rows.ts'

describe('activityRows', () => {
  it('one row a workflow change, coloured by outcome, its data in the detail', () => {
    const rows = activityRows(
      [
        {
          kind: 'payment.success',
          tenant: 'acme',
          summary: 'Payment #12 of 25.00 EUR succeeded',
          data: { paymentId: 12, amount: 2500 },
          time: '2026-01-05T10:42:07.000Z',
        },
        {
          kind: 'hold.expired',
          tenant: 'acme',
          summary: 'Hold on 2 tickets expired',
          time: '2026-01-05T10:41:00.000Z',
        },
      ],
      'http://127.0.0.1:4010',
    )
    expect(rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['10:42:07', 'acme', 'payment.success', 'Payment #12 of 25.00 EUR succeeded'],
      ['10:41:00', 'acme', 'hold.expired', 'Hold on 2 tickets expired'],
    ])
    expect(rows.map((r) => r.cells[2]!.color)).toEqual(['green', 'red'])
    expect(rows[0]!.detail!.fields).toEqual([
      ['tenant', 'acme'],
      ['paymentId', '12'],
      ['amount', '2500'],
    ])
    expect(rows[0]!.detail!.usage[0]).toContain('http://127.0.0.1:4010/__sandbox/state')
  })
})
