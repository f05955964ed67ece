import type { RequestLogEntry, StateChange } from '../mocks/feed.ts'
import { terminalSafe } from '../mocks/http/terminal-safe.ts'

/** Pure formatting shared by the plain log and the dashboard; no terminal or sandbox access here. */

export interface BannerInput {
  url: string
  port: number
  version: string
  seed: number
  defaultTenant: string
  tenants: Array<{ slug: string; name: string }>
  users: Array<{ tenant: string; email: string; password: string; roles: string[] }>
  apiTokens: Array<{
    tenant: string
    name: string
    token: string
    isReadOnly: boolean
    owner: string | null
    state: string
  }>
  oauthApps?: Array<{
    tenant: string
    name: string
    client_id: string
    client_secret: string
    redirectUris: string[]
  }>
  scenarios?: ScenarioActivation[]
}

export interface ScenarioActivation {
  name: string
  tenant: string | null
  path: string | null
  options?: Record<string, unknown>
}

/** `slow-network latencyMs=300 (tenant globex, path /api/v1/events*)`: a switched-on scenario in one line. */
export function formatActivation(s: ScenarioActivation): string {
  const options = Object.entries(s.options ?? {}).map(([key, value]) => `${key}=${String(value)}`)
  const where = [s.tenant && `tenant ${s.tenant}`, s.path && `path ${s.path}`].filter(Boolean).join(', ')
  return [s.name, ...options].join(' ') + (where ? ` (${where})` : '')
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
  if (b.oauthApps?.length) {
    // An app exists in one tenant only: its authorize URL is on that tenant's host (another one says invalid_client).
    lines.push('', 'OAuth apps (token at <authorize host>/oauth/token; a PKCE client sends no secret):')
    for (const app of b.oauthApps) {
      lines.push(
        `  ${app.tenant.padEnd(8)} ${app.name}  client_id ${app.client_id}  client_secret ${app.client_secret}`,
      )
      lines.push(`  ${''.padEnd(8)} authorize ${tenantUrl(app.tenant, b.port)}/oauth/authorize`)
      lines.push(`  ${''.padEnd(8)} redirect ${app.redirectUris.join(' ')}`)
    }
  }
  if (b.scenarios?.length) {
    lines.push('', 'Scenarios on:')
    for (const s of b.scenarios) lines.push(`  ${formatActivation(s)}`)
  }
  const first = b.apiTokens.find((k) => k.tenant === b.defaultTenant && !k.isReadOnly)
  lines.push('', 'Try:')
  if (first)
    lines.push(`  curl -H 'Api-Token: ${first.token}' ${tenantUrl(b.defaultTenant, b.port)}/api/v1/me`)
  lines.push(
    `  curl -H 'Content-Type: application/json' -d '{"username":"admin@${b.defaultTenant}.test","password":"password"}' ${tenantUrl(b.defaultTenant, b.port)}/api/v1/login-check`,
    `  curl ${b.url}/__sandbox/state`,
    '',
  )
  // Names, emails and redirect URIs come from --oauth-app and --db files: printed, never acted on (M1).
  return lines.map((line) => terminalSafe(line, { oneLine: true })).join('\n')
}

function clockTime(iso: string): string {
  return iso.slice(11, 19)
}

export function formatRequestLine(e: RequestLogEntry): string {
  const who = e.principal ?? (e.authMethod ? `(${e.authMethod})` : '-')
  const why = e.reason && e.status >= 400 ? `  [${e.reason}]` : ''
  const scen = e.scenarios.length ? `  {${e.scenarios.join(',')}}` : ''
  // The path, principal and reason come from the request: one escaped line, whatever they hold (M1).
  return terminalSafe(
    `${clockTime(e.time)} ${String(e.tenant ?? '-').padEnd(8)} ${e.method.padEnd(6)} ${e.path} ${e.status} ${e.durationMs}ms ${who} ${e.id}${why}${scen}`,
    { oneLine: true },
  )
}

export function formatChange(c: StateChange): string {
  // Summaries quote names, titles and emails as sent (an OAuth app called `x\x1b]52;...`): escaped (M1).
  return terminalSafe(`${clockTime(c.time)} ${String(c.tenant ?? '-').padEnd(8)} * ${c.summary}`, {
    oneLine: true,
  })
}

/** Cuts text to `width` columns with an ellipsis; table cells never wrap. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return ''
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`
}

/** `9m 12s`, `3h 05m`, `10d 23h`: the two largest units, enough to read a countdown at a glance. */
export function formatDuration(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000)
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60]
  if (d) return `${d}d ${String(h).padStart(2, '0')}h`
  if (h) return `${h}h ${String(m).padStart(2, '0')}m`
  if (m) return `${m}m ${String(s % 60).padStart(2, '0')}s`
  return `${s}s`
}

/** Time left until `expiresAt` on the sandbox clock, or `expired`. */
export function formatTimeLeft(expiresAt: string | null, now: number): string {
  if (!expiresAt) return 'no expiry'
  const left = Date.parse(expiresAt) - now
  return left > 0 ? formatDuration(left) : 'expired'
}

export interface ClockState {
  now: string
  offsetMs: number
  frozen: boolean
}

/** The sandbox's "now" at wall-clock time `wallNow`: real time plus its offset, or the frozen instant. */
export function sandboxNow(clock: ClockState, wallNow: number): number {
  return clock.frozen ? Date.parse(clock.now) : wallNow + clock.offsetMs
}

/** `2026-01-05 10:42:07Z +1d 02h frozen`; the date only once the clock has left today. */
export function formatClock(clock: ClockState, wallNow: number): string {
  const now = new Date(sandboxNow(clock, wallNow)).toISOString()
  const moved = Math.abs(clock.offsetMs) >= 1000
  const offset = moved ? ` ${clock.offsetMs < 0 ? '-' : '+'}${formatDuration(clock.offsetMs)}` : ''
  const day =
    moved && now.slice(0, 10) !== new Date(wallNow).toISOString().slice(0, 10) ? `${now.slice(0, 10)} ` : ''
  return `${day}${now.slice(11, 19)}Z${offset}${clock.frozen ? ' frozen' : ''}`
}

/** Ink colour of a status code: green success, cyan redirect, yellow client error, red server error. */
export function statusColor(status: number): 'green' | 'cyan' | 'yellow' | 'red' | 'gray' {
  if (status >= 500) return 'red'
  if (status >= 400) return 'yellow'
  if (status >= 300) return 'cyan'
  return status >= 200 ? 'green' : 'gray'
}

export function formatRate(perSecond: number): string {
  return perSecond >= 100 ? perSecond.toFixed(0) : perSecond.toFixed(1)
}

/** `http://acme.localhost:4010` -> `acme.localhost:4010`. */
export function hostOf(url: string): string {
  return url.replace(/^[a-z]+:\/\//, '')
}

/** OSC 52: asks the terminal to put `text` on the clipboard (tmux, iTerm2, kitty, WezTerm, Windows Terminal). */
export function osc52(text: string): string {
  return `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`
}

/** xterm's alternate screen: the dashboard draws on its own page and leaves the scrollback as it found it. */
export const ALT_SCREEN = { enter: '\x1b[?1049h', leave: '\x1b[?1049l' } as const

const SGR: Record<string, number> = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  gray: 90,
}

/**
 * Colours `text` with an SGR code. Table rows are drawn as one string each: a <Text> per cell made each
 * frame cost several times more under load. `NO_COLOR` (no-color.org) turns it off.
 */
export function paint(text: string, color: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const code = color && SGR[color]
  if (!code || (env.NO_COLOR ?? '') !== '' || env.FORCE_COLOR === '0') return text
  return `\x1b[${code}m${text}\x1b[39m`
}
