import type { DeliveryInfo } from './control-client.ts'
import { formatTimeLeft, statusColor } from './format.ts'
import type { Cell, Row } from './panes.ts'

export interface WebhookRowContext {
  /** The control API's base URL, for the resend command. */
  url: string
  /** The sandbox clock's now, in epoch ms: retries are due on it. */
  now: number
}

const STATE_COLOR = { pending: 'yellow', succeeded: 'green', failed: 'red' } as const

/** Lines of a receiver's answer shown in the detail; the rest is counted, not drawn. */
const RESPONSE_LINES = 12

type Attempt = DeliveryInfo['attempts'][number]

/** What the receiver answered: its status, or why there was none (refused, timed out, a host not allowed). */
function outcome(attempt: Attempt | undefined): Cell {
  if (!attempt) return { text: '-', color: 'gray' }
  if (attempt.status === null) return { text: attempt.error ?? 'no answer', color: 'red' }
  return { text: String(attempt.status), color: statusColor(attempt.status) }
}

/** `in 2m 30s` until the next attempt, `due` once the sandbox clock has passed it (a frozen clock waits). */
function retryIn(nextAt: string | null, now: number): string {
  if (nextAt === null) return '-'
  const left = formatTimeLeft(nextAt, now)
  return left === 'expired' ? 'due' : left
}

function stateLine(d: DeliveryInfo, now: number): string {
  const n = d.attempts.length
  if (d.state === 'succeeded') return `succeeded at attempt ${n} of ${d.maxAttempts}`
  if (d.state === 'failed') return `failed after ${n} attempt${n === 1 ? '' : 's'} of ${d.maxAttempts}`
  if (d.nextAt === null || n === 0) return 'pending: the first attempt is under way'
  return `pending: attempt ${n + 1} of ${d.maxAttempts} at ${d.nextAt} (${retryIn(d.nextAt, now)})`
}

const multiline = (label: string, text: string): Array<[string, string]> =>
  text.split('\n').map((line, i): [string, string] => [i ? '' : label, line])

/** One attempt as a receiver saw it: when, the answer, the request's headers, the response's body. */
function attemptFields(a: Attempt): Array<[string, string]> {
  const answer = a.status === null ? 'no answer' : String(a.status)
  const lines = a.responseBody === '' ? ['(empty)'] : a.responseBody.split('\n')
  const shown = lines.slice(0, RESPONSE_LINES)
  if (lines.length > shown.length) shown.push(`… ${lines.length - shown.length} more lines`)
  return [
    [`attempt ${a.number}`, `${a.at}  ${answer} in ${a.durationMs} ms`],
    ...(a.error ? [['  error', a.error] as [string, string]] : []),
    // The body is the envelope's, the same bytes on every attempt: shown once, below.
    ['  request', `POST ${a.request.url}`],
    ...Object.entries(a.request.headers).map(([name, value]): [string, string] => ['', `${name}: ${value}`]),
    ...multiline('  response', shown.join('\n')),
  ]
}

/** Webhook deliveries, newest first as the control API lists them; the detail has every attempt, newest first. */
export function webhookRows(deliveries: readonly DeliveryInfo[], ctx: WebhookRowContext): Row[] {
  return deliveries.map((d) => {
    const last = d.attempts.at(-1)
    const tries = `${d.attempts.length}/${d.maxAttempts}`
    return {
      key: `dlv:${d.id}`,
      tenant: d.tenant,
      delivery: d.id,
      cells: [
        { text: last ? last.at.slice(11, 19) : '-' },
        { text: d.tenant },
        { text: d.test ? `${d.event} (test)` : d.event },
        { text: `#${d.subscriptionId}` },
        { text: tries },
        outcome(last),
        { text: d.state, color: STATE_COLOR[d.state] },
        { text: retryIn(d.nextAt, ctx.now), color: d.nextAt === null ? 'gray' : undefined },
      ],
      detail: {
        title: `Webhook ${d.event} to ${d.url} (${d.state}, ${tries} attempts)`,
        value: d.id,
        fields: [
          ['state', stateLine(d, ctx.now)],
          ['event', `${d.event} ${d.eventId}${d.test ? ' (a test delivery: never retried)' : ''}`],
          ['tenant', d.tenant],
          ['subscription', `#${d.subscriptionId} ${d.url}`],
          ['limits', `${d.maxAttempts} attempts, ${d.timeoutMs / 1000} s each at most`],
          ...[...d.attempts].reverse().flatMap(attemptFields),
          ...multiline('body', JSON.stringify(d.body, null, 2)),
        ],
        usage: [`curl -X POST ${ctx.url}/__sandbox/webhooks/deliveries/${d.id}/resend`],
      },
    }
  })
}
