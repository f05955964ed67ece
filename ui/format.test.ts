import { describe, expect, it } from 'vitest'
import {
  formatBanner,
  formatClock,
  formatDuration,
  formatTimeLeft,
  osc52,
  sandboxNow,
  statusColor,
  truncate,
} from './format.ts'
import { layoutColumns } from './panes.ts'

const T = Date.parse('2026-01-05T10:00:00.000Z')

describe('dashboard formatting', () => {
  it.each([
    [0, '0s'],
    [59_999, '59s'],
    [9 * 60_000 + 12_000, '9m 12s'],
    [3 * 3600_000 + 5 * 60_000, '3h 05m'],
    [(10 * 24 + 23) * 3600_000, '10d 23h'],
    [-90_000, '1m 30s'],
  ])('formatDuration(%i) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text))

  it('counts down to an expiry on the sandbox clock', () => {
    expect(formatTimeLeft('2026-01-05T10:10:00.000Z', T)).toBe('10m 00s')
    expect(formatTimeLeft('2026-01-05T10:00:00.000Z', T)).toBe('expired')
    expect(formatTimeLeft(null, T)).toBe('no expiry')
  })

  it('reads the sandbox clock: running with an offset, or frozen', () => {
    const running = { now: '2026-01-06T10:00:00.000Z', offsetMs: 86_400_000, frozen: false }
    expect(sandboxNow(running, T)).toBe(T + 86_400_000)
    expect(formatClock(running, T)).toBe('2026-01-06 10:00:00Z +1d 00h')
    const frozen = { now: '2026-01-05T09:00:00.000Z', offsetMs: -3_600_000, frozen: true }
    expect(sandboxNow(frozen, T + 5000)).toBe(T - 3_600_000)
    expect(formatClock(frozen, T)).toBe('09:00:00Z -1h 00m frozen')
    expect(formatClock({ now: '', offsetMs: 3, frozen: false }, T)).toBe('10:00:00Z')
  })

  it('truncates with an ellipsis, colours statuses, wraps OSC 52', () => {
    expect([truncate('abcdef', 4), truncate('abc', 4), truncate('abc', 0)]).toEqual(['abc…', 'abc', ''])
    expect([200, 302, 401, 503, 0].map(statusColor)).toEqual(['green', 'cyan', 'yellow', 'red', 'gray'])
    expect(osc52('hi')).toBe('\x1b]52;c;aGk=\x07')
  })

  it('lays out columns: fixed first, flex shares the rest exactly', () => {
    const widths = layoutColumns(
      [
        { title: 'a', width: 8 },
        { title: 'b', flex: 1 },
        { title: 'c', flex: 2 },
      ],
      80,
    )
    expect(widths).toEqual([8, 23, 47])
    expect(widths.reduce((a, b) => a + b) + 2).toBe(80)
  })
})

describe('formatBanner: OAuth apps and scenarios', () => {
  it("lists each OAuth app with its own tenant's authorize URL, and every scenario on with its options", () => {
    const text = formatBanner({
      url: 'http://127.0.0.1:4010',
      port: 4010,
      version: '0.1.0',
      seed: 1,
      defaultTenant: 'acme',
      tenants: [
        { slug: 'acme', name: 'Acme' },
        { slug: 'globex', name: 'Globex' },
      ],
      users: [],
      apiTokens: [],
      oauthApps: [
        {
          tenant: 'acme',
          name: 'Demo',
          client_id: 'cid',
          client_secret: 'secret',
          redirectUris: ['http://localhost:3000/callback'],
        },
        {
          tenant: 'globex',
          name: 'Other',
          client_id: 'gid',
          client_secret: 'gsecret',
          redirectUris: ['http://localhost:3000/callback'],
        },
      ],
      scenarios: [
        { name: 'server-error', tenant: 'globex', path: '/api/v1/events*' },
        { name: 'expired-jwt', tenant: null, path: null },
        { name: 'slow-network', tenant: 'acme', path: null, options: { latencyMs: 300 } },
      ],
    })
    expect(text).toContain(
      [
        'OAuth apps (token at <authorize host>/oauth/token; a PKCE client sends no secret):',
        '  acme     Demo  client_id cid  client_secret secret',
        '           authorize http://acme.localhost:4010/oauth/authorize',
        '           redirect http://localhost:3000/callback',
        '  globex   Other  client_id gid  client_secret gsecret',
        '           authorize http://globex.localhost:4010/oauth/authorize',
        '           redirect http://localhost:3000/callback',
      ].join('\n'),
    )
    expect(text).toContain(
      [
        'Scenarios on:',
        '  server-error (tenant globex, path /api/v1/events*)',
        '  expired-jwt',
        '  slow-network latencyMs=300 (tenant acme)',
        '',
      ].join('\n'),
    )
  })
})
