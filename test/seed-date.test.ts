import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { isoDate } from '../mocks/resources/fields.ts'
import { createSandbox } from '../mocks/sandbox.ts'
import { startTestServer, type TestServer } from './helpers.ts'

/** Issue 27: the seeded records are dated around the day the sandbox starts, unless `--seed-date` pins them. */
const DAY = 86_400_000
const at9 = (ms: number) => new Date(Math.floor(ms / DAY) * DAY + 9 * 3_600_000)

let s: TestServer | undefined
afterEach(() => s?.close())

async function events(server: TestServer, query = '') {
  const res = await server.call({
    path: `/api/v1/events${query}`,
    headers: { 'Api-Token': server.tokens('acme').ro, Accept: 'application/json' },
  })
  expect(res.status).toBe(200)
  return res.json as Array<{ name: string; dateTimeBegin: string | null }>
}

describe('--seed-date', () => {
  it('by default dates the seed from today: the upcoming list is never empty on a fresh seed', async () => {
    const before = at9(Date.now())
    s = await startTestServer({ seedDate: undefined })
    const after = at9(Date.now())
    const upcoming = await events(s, `?dateTimeBegin[after]=${new Date().toISOString()}`)
    expect(upcoming.map((e) => e.name)).toEqual(
      expect.arrayContaining(['Acme Corporation Annual Meetup', 'Summer Workshop']),
    )
    // The Annual Meetup is 60 days after the seed date, whatever the day.
    const meetup = upcoming.find((e) => e.name === 'Acme Corporation Annual Meetup')!
    expect([before, after].map((d) => isoDate(d.getTime() + 60 * DAY))).toContain(meetup.dateTimeBegin)
    expect(s.sandbox.options.seedDate).toMatch(/T09:00:00\.000Z$/)
  })

  it('pinned, the seed is the same whatever the day it runs', async () => {
    s = await startTestServer({ seedDate: '2026-01-05' })
    const meetup = (await events(s)).find((e) => e.name === 'Acme Corporation Annual Meetup')!
    // A date alone is midnight UTC; the seed's offsets count from it.
    expect(meetup.dateTimeBegin).toBe('2026-03-06T00:00:00+00:00')
  })

  it('refuses a date it cannot read, or one without a zone, at start-up', async () => {
    for (const given of ['tomorrow', '2026-13-01', '2026-01-05T09:00:00'])
      await expect(createSandbox({ seedDate: given })).rejects.toThrow(
        `--seed-date (seedDate) must be an ISO 8601 date such as 2026-01-05 or 2026-01-05T09:00:00Z; got "${given}".`,
      )
    const cli = spawnSync(process.execPath, ['bin/sandbox.js', '--no-ui', '--seed-date', 'soon'], {
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect([cli.status, cli.stderr.split('\n')[0]]).toEqual([
      2,
      'sandbox: --seed-date (seedDate) must be an ISO 8601 date such as 2026-01-05 or 2026-01-05T09:00:00Z; got "soon".',
    ])
  })
})
