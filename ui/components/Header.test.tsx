import { render } from 'ink-testing-library'
import { stripVTControlCharacters as plain } from 'node:util'
import { describe, expect, it } from 'vitest'
import { Header, type HeaderProps } from './Header.tsx'

const props: HeaderProps = {
  url: 'http://127.0.0.1:4010',
  port: 4010,
  version: '0.1.0',
  seed: 42,
  tenants: [{ slug: 'acme', default: true }, { slug: 'globex' }],
  clock: '10:42:07Z +1h 00m',
  scenarios: ['expired-jwt', 'flaky'],
  reqPerSec: 1234.4,
  connected: true,
  tenantFilter: null,
  width: 80,
}

describe('Header', () => {
  it('shows where the sandbox answers, its seed, clock, scenarios and load', () => {
    const lines = plain(render(<Header {...props} />).lastFrame()!).split('\n')
    expect(lines).toEqual([
      'orgo-sandbox 0.1.0  http://127.0.0.1:4010  seed 42  1234 req/s  ● live',
      'tenants acme.localhost:4010 (default)  globex.localhost:4010  filter all',
      'clock 10:42:07Z +1h 00m  scenarios expired-jwt, flaky',
    ])
  })

  it('says when the feed is down, and which tenant the panes are narrowed to', () => {
    const frame = plain(
      render(<Header {...props} connected={false} tenantFilter="globex" scenarios={[]} />).lastFrame()!,
    )
    expect(frame).toContain('○ reconnecting')
    expect(frame).toContain('filter globex')
    expect(frame).toContain('scenarios none')
  })
})
