import type { RequestLogEntry } from '../mocks/feed.ts'
import type { JournalEntry, JournalMessage } from '../mocks/journal.ts'
import { magicLink } from '../mocks/handlers/event-attends.ts'
import { replayCommand } from './replay.ts'
import type { EndpointsInfo, SandboxState, ScenarioInfo } from './control-client.ts'
import { formatActivation, formatTimeLeft, statusColor, tenantUrl } from './format.ts'
import type { Detail, Row } from './panes.ts'
import type { RowContext } from './token-rows.ts'

const newestFirst = <T>(items: readonly T[], at: (item: T) => string) =>
  [...items].sort((a, b) => at(b).localeCompare(at(a)))

export function otpRows(state: SandboxState, ctx: RowContext): Row[] {
  return newestFirst(state.otps, (o) => o.createdAt).map((o) => {
    const pending = o.state === 'pending'
    const verify = o.purpose === 'login' ? 'verify-login-otp' : 'reset-password'
    const body =
      o.purpose === 'login'
        ? `{"email":"${o.email}","otp":"${o.otp}"}`
        : `{"email":"${o.email}","otp":"${o.otp}","password":"<new password>"}`
    return {
      key: `otp:${o.tenant}:${o.purpose}:${o.email}:${o.createdAt}`,
      tenant: o.tenant,
      dim: !pending,
      cells: [
        { text: o.email },
        { text: o.tenant },
        { text: o.purpose === 'login' ? 'login' : 'reset' },
        { text: o.otp, color: pending ? 'green' : undefined },
        { text: pending ? formatTimeLeft(o.expiresAt, ctx.now) : '-' },
        { text: String(o.attemptsLeft) },
        { text: o.state, color: pending ? 'green' : 'yellow' },
      ],
      detail: {
        title: `${o.purpose === 'login' ? 'Login' : 'Password reset'} code for ${o.email} (${o.state})`,
        value: o.otp,
        fields: [
          ['tenant', o.tenant],
          ['sent', o.createdAt],
          ['expires', `${o.expiresAt} (${formatTimeLeft(o.expiresAt, ctx.now)})`],
          ['tries left', String(o.attemptsLeft)],
        ],
        usage: [
          `curl -H 'Content-Type: application/json' -d '${body}' ${tenantUrl(o.tenant, ctx.port)}/api/v1/${verify}`,
        ],
      },
    }
  })
}

export function hashRows(state: SandboxState, ctx: RowContext): Row[] {
  // A mailed invitation's link is the truth; a seeded attendance gets the link an invitation would carry.
  const mailed = new Map(state.outbox.filter((m) => m.link).map((m) => [m.link!.split('hash=')[1], m.link!]))
  return state.contactHashes.map((h) => {
    const link =
      mailed.get(h.hash) ??
      h.appLink ??
      magicLink(tenantUrl(h.tenant, ctx.port), h.eventId ?? '-', h.eventAttendId, h.hash)
    // What the attendee answered, else where their registration stands ("invited" until either).
    const status = h.statusRsvp ?? h.statusRegistration ?? 'invited'
    return {
      key: `hash:${h.tenant}:${h.eventAttendId}`,
      tenant: h.tenant,
      cells: [
        { text: h.contact ?? '-' },
        { text: h.tenant },
        { text: h.eventId ?? '-' },
        {
          text: status,
          color: /^(yes|success|confirmed)/i.test(status)
            ? 'green'
            : /^(no|declined)/i.test(status)
              ? 'red'
              : undefined,
        },
        { text: h.hash },
        { text: link },
      ],
      detail: {
        title: `Contact hash of ${h.contact ?? 'a deleted contact'} (attendance #${h.eventAttendId}, ${status})`,
        value: h.hash,
        fields: [
          ['tenant', h.tenant],
          ['event', h.eventId ?? '-'],
          ['magic link', link],
        ],
        usage: [
          `curl -H 'X-Contact-Hash: ${h.hash}' ${tenantUrl(h.tenant, ctx.port)}/api/v1/event_attends/${h.eventAttendId}`,
        ],
      },
    }
  })
}

const MAIL_KIND: Record<string, string> = {
  'login-otp': 'otp',
  'password-reset-otp': 'reset',
  'event-invitation': 'invite',
}

export function outboxRows(state: SandboxState): Row[] {
  return [...state.outbox].reverse().map((m) => ({
    key: `mail:${m.id}`,
    tenant: m.tenant,
    cells: [
      { text: m.sentAt.slice(11, 19) },
      { text: m.tenant },
      { text: MAIL_KIND[m.kind] ?? m.kind },
      { text: m.to },
      { text: m.code ?? m.link ?? m.subject, color: m.code ? 'green' : undefined },
    ],
    detail: {
      title: `Mail #${m.id} to ${m.to}: ${m.subject}`,
      value: m.code ?? m.link ?? m.subject,
      fields: [
        ['sent', m.sentAt],
        ['expires', m.expiresAt ?? '-'],
        ...m.text.split('\n').map((line, i): [string, string] => [i ? '' : 'text', line]),
      ],
      usage: [],
    },
  }))
}

export function requestRows(requests: readonly (RequestLogEntry | JournalEntry)[]): Row[] {
  return requests.map((r) => {
    let detail: Detail | undefined
    return {
      key: `req:${r.id}`,
      tenant: r.tenant,
      cells: [
        { text: r.time.slice(11, 19) },
        { text: r.tenant ?? '-' },
        { text: r.method },
        // An operation answered generically (not emulated in full) says so beside its path.
        {
          text: r.emulation === 'schema' || r.emulation === 'generic' ? `${r.path} (${r.emulation})` : r.path,
        },
        { text: String(r.status), color: statusColor(r.status) },
        { text: r.authMethod === 'contact-hash' ? 'hash' : (r.authMethod ?? '-') },
        {
          text: r.principal ?? (r.reason && r.status >= 400 ? r.reason : '-'),
          color: r.principal ? undefined : 'gray',
        },
        { text: r.durationMs < 10 ? r.durationMs.toFixed(1) : r.durationMs.toFixed(0) },
      ],
      // Built when the row is opened: 200 rows of headers and bodies are not laid out on every read.
      get detail() {
        return (detail ??= requestDetail(r))
      },
    }
  })
}

function requestDetail(r: RequestLogEntry | JournalEntry): Detail {
  const full = 'url' in r ? r : undefined
  return {
    title: `${r.method} ${full?.url ?? r.path} -> ${r.status}`,
    value: r.id,
    fields: [
      ['time', r.time],
      ['tenant', r.tenant ?? '-'],
      ...(full ? [['url', full.url] as [string, string]] : []),
      ['auth', r.authMethod ?? 'none'],
      ['principal', r.principal ?? '-'],
      ['reason', r.reason ?? '-'],
      ['scenarios', r.scenarios.join(', ') || 'none'],
      ['emulation', r.emulation ?? 'not an operation of the Orgo index'],
      ['duration', `${r.durationMs} ms`],
      ...(full ? messageFields('request', full.request) : []),
      ...(full ? messageFields('response', full.response) : []),
    ],
    // The journal's request sent again; a log entry without it (an older sandbox) names its X-Request-Id.
    usage: [full ? replayCommand(full) : `The X-Request-Id header of this response was ${r.id}.`],
  }
}

/** Headers one a line, then the body one line a field (a JSON body indented), so Space scrolls through it. */
function messageFields(side: 'request' | 'response', m: JournalMessage): Array<[string, string]> {
  const headers = Object.entries(m.headers).map(([name, value], i): [string, string] => [
    i ? '' : side,
    `${name}: ${value}`,
  ])
  const label = `${side} body`
  if (m.body === null)
    return [...headers, [label, m.size ? `(${m.size} bytes, not read by the route)` : '(none)']]
  let text = m.body
  if (!m.truncated && /json/i.test(m.headers['content-type'] ?? ''))
    try {
      text = JSON.stringify(JSON.parse(m.body), null, 2)
    } catch {
      // Not JSON after all: shown as sent.
    }
  const lines = text.split('\n').map((line, i): [string, string] => [i ? '' : label, line])
  if (m.truncated) lines.push(['', `... truncated: the first 16 KiB of ${m.size} bytes`])
  return [...headers, ...lines]
}

export function scenarioRows(scenarios: readonly ScenarioInfo[]): Row[] {
  return scenarios.map((s) => {
    const a = s.active
    // Its options too: `slow-network latencyMs=300` is not the default 1500 ms (formatActivation).
    const where = a ? formatActivation(a).slice(s.name.length).trim() : ''
    return {
      key: `scenario:${s.name}`,
      tenant: null,
      scenario: { name: s.name, on: a !== null },
      cells: [
        { text: a ? 'ON' : 'off', color: a ? 'red' : 'gray' },
        { text: s.name, color: a ? 'red' : undefined },
        { text: where ? `[${where}] ${s.description}` : s.description },
      ],
    }
  })
}

const EMULATION_COLOR = { full: 'green', schema: 'cyan', generic: 'yellow', none: 'gray' } as const

/** Orgo's operations, the ones called this run first (most calls first), the rest in the index's order. */
/**
 * `call`: where the detail's curl command goes, as it can run as copied (issue 27: the real port, and the
 * default tenant's read/write Api-Token when the dashboard knows it).
 */
export function endpointRows(
  endpoints: EndpointsInfo | null,
  call: { port?: number; token?: string } = {},
): Row[] {
  const base = call.port === undefined ? 'http://acme.localhost:<port>' : tenantUrl('acme', call.port)
  const token = call.token ?? '<token>'
  // The Authentication page's login, OTP and refresh endpoints beside the index's (issue 27: they were missing).
  const operations = [...(endpoints?.operations ?? []), ...(endpoints?.authPage ?? [])]
  const order = [...operations.keys()].sort((a, b) => operations[b]!.calls - operations[a]!.calls || a - b)
  return order.map((i) => {
    const op = operations[i]!
    const example = op.path.replace(/\{(\w+)\}/g, '1')
    return {
      key: `op:${op.method} ${op.path}`,
      tenant: null,
      dim: op.emulation === 'none',
      cells: [
        { text: op.calls ? String(op.calls) : '-', color: op.calls ? undefined : 'gray' },
        { text: op.method },
        { text: op.path },
        { text: op.emulation, color: EMULATION_COLOR[op.emulation] },
        { text: op.public ? 'public' : 'token', color: op.public ? 'cyan' : undefined },
        { text: op.tag, color: 'gray' },
      ],
      detail: {
        title: `${op.method} ${op.path} (${op.operationId})`,
        value: op.operationId,
        fields: [
          ['emulation', op.emulation === 'full' ? 'full (modelled)' : op.emulation],
          [
            'auth',
            op.public
              ? op.tag === 'Authentication' || op.operationId === 'login_check_post'
                ? "public: Orgo's Authentication page"
                : 'public: security: [] in the spec'
              : 'Api-Token, JWT or OAuth',
          ],
          ['permission', op.permissions.join(' or ') || 'none stated'],
          ['tag', op.tag],
          ['calls this run', String(op.calls)],
        ],
        usage: [`curl -i -X ${op.method} -H 'Api-Token: ${token}' ${base}${example}`],
      },
    }
  })
}
