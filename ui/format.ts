import type { RequestLogEntry, StateChange } from '../mocks/feed.ts'

/** Pure formatting shared by the plain log and the dashboard; no terminal or sandbox access here. */

export interface BannerInput {
  url: string
  port: number
  version: string
  seed: number
  defaultTenant: string
  tenants: Array<{ slug: string; name: string }>
  users: Array<{ tenant: string; email: string; password: string; roles: string[] }>
  apiTokens: Array<{ tenant: string; name: string; token: string; isReadOnly: boolean; owner: string | null; state: string }>
}

export function tenantUrl(slug: string, port: number): string {
  return `http://${slug}.localhost:${port}`
}

export function formatBanner(b: BannerInput): string {
  const lines = [`orgo-sandbox ${b.version} listening on ${b.url} (seed ${b.seed})`, '', 'Tenants:']
  for (const t of b.tenants) {
    const note = t.slug === b.defaultTenant ? `  (default: also ${b.url})` : ''
    lines.push(`  ${t.slug.padEnd(10)} ${tenantUrl(t.slug, b.port)}${note}`)
  }
  lines.push('', 'Users (password login: POST /api/v1/login-check):')
  for (const u of b.users.filter((u) => /^(admin|member)@/.test(u.email))) {
    lines.push(`  ${u.email.padEnd(22)} password: ${u.password.padEnd(10)} ${u.roles.join(', ')}`)
  }
  lines.push('', 'Api-Tokens (header  Api-Token: <token>):')
  for (const k of b.apiTokens.filter((k) => k.state === 'active')) {
    lines.push(`  ${k.tenant.padEnd(8)} ${(k.isReadOnly ? 'read-only' : 'read/write').padEnd(10)} ${k.token}`)
  }
  const first = b.apiTokens.find((k) => k.tenant === b.defaultTenant && !k.isReadOnly)
  lines.push('', 'Try:')
  if (first) lines.push(`  curl -H 'Api-Token: ${first.token}' ${tenantUrl(b.defaultTenant, b.port)}/api/v1/me`)
  lines.push(
    `  curl -H 'Content-Type: application/json' -d '{"username":"admin@${b.defaultTenant}.test","password":"password"}' ${tenantUrl(b.defaultTenant, b.port)}/api/v1/login-check`,
    `  curl ${b.url}/__sandbox/state`,
    '',
  )
  return lines.join('\n')
}

function clockTime(iso: string): string {
  return iso.slice(11, 19)
}

export function formatRequestLine(e: RequestLogEntry): string {
  const who = e.principal ?? (e.authMethod ? `(${e.authMethod})` : '-')
  const why = e.reason && e.status >= 400 ? `  [${e.reason}]` : ''
  const scen = e.scenarios.length ? `  {${e.scenarios.join(',')}}` : ''
  return `${clockTime(e.time)} ${String(e.tenant ?? '-').padEnd(8)} ${e.method.padEnd(6)} ${e.path} ${e.status} ${e.durationMs}ms ${who} ${e.id}${why}${scen}`
}

export function formatChange(c: StateChange): string {
  return `${clockTime(c.time)} ${String(c.tenant ?? '-').padEnd(8)} * ${c.summary}`
}
