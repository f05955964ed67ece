import { Box, Text } from 'ink'
import { terminalSafe } from '../../mocks/http/terminal-safe.ts'
import { formatRate, hostOf, tenantUrl } from '../format.ts'

export interface HeaderProps {
  url: string
  port: number
  version: string
  seed: number
  tenants: ReadonlyArray<{ slug: string; default?: boolean }>
  clock: string
  scenarios: readonly string[]
  reqPerSec: number
  connected: boolean
  tenantFilter: string | null
  width: number
}

/** Three lines: where the sandbox answers, what shapes it now, and how busy it is. */
export function Header(p: HeaderProps) {
  const hosts = p.tenants.map((t) => `${hostOf(tenantUrl(t.slug, p.port))}${t.default ? ' (default)' : ''}`)
  return (
    <Box flexDirection="column" width={p.width}>
      <Text wrap="truncate">
        <Text bold color="cyan">
          orgo-sandbox {p.version}
        </Text>
        {'  '}
        <Text bold>{p.url}</Text>
        {'  seed '}
        {p.seed}
        {'  '}
        <Text bold>{formatRate(p.reqPerSec)}</Text>
        {' req/s  '}
        {p.connected ? <Text color="green">● live</Text> : <Text color="red">○ reconnecting</Text>}
      </Text>
      <Text wrap="truncate">
        {'tenants '}
        {terminalSafe(hosts.join('  '), { oneLine: true })}
        {'  filter '}
        <Text color={p.tenantFilter ? 'magenta' : undefined} bold={p.tenantFilter !== null}>
          {p.tenantFilter ?? 'all'}
        </Text>
      </Text>
      <Text wrap="truncate">
        {'clock '}
        <Text bold>{p.clock}</Text>
        {'  scenarios '}
        {p.scenarios.length ? <Text color="red">{p.scenarios.join(', ')}</Text> : <Text dimColor>none</Text>}
      </Text>
    </Box>
  )
}
