import type { PaneId, Row } from './panes.ts'

// What the dashboard's panes say besides their rows: the line an empty pane shows, the API pane's legend, and the
// count each tab carries.

export const EMPTY: Record<PaneId, string> = {
  tokens: 'No credentials yet.',
  otp: 'No codes sent yet: POST /api/v1/request-login-otp {"email": "member@acme.test"}',
  hashes: 'No invited contacts.',
  outbox: 'No mail sent yet.',
  requests: 'No requests yet.',
  scenarios: 'No scenarios known.',
  endpoints: "Loading the operations of Orgo's index...",
  webhooks: 'No deliveries yet: POST /api/v1/webhook_subscriptions with a url on localhost',
  activity:
    'Nothing yet: payments, checkouts, ticket holds, votes and newsletter sends show here as they happen.',
}

export const API_LEGEND =
  'API n/787: n emulated in full. calls: requests this run. full: hand-written; schema: from the spec'

/** The count a pane's tab shows beside its title. */
export function tabCount(id: PaneId, rows: readonly Row[]): string {
  if (id === 'scenarios') return `${rows.filter((r) => r.scenario?.on).length}/${rows.length}`
  if (id === 'otp') return String(rows.filter((r) => !r.dim).length)
  // The tail is capped, so its length says nothing; the header's req/s does.
  if (id === 'requests') return ''
  // Orgo's operations: the Authentication page's own endpoints (tag Authentication) are listed, not counted.
  if (id === 'endpoints') {
    const orgo = rows.filter((r) => r.cells[5]?.text !== 'Authentication')
    return `${orgo.filter((r) => r.cells[3]?.text === 'full').length}/${orgo.length}`
  }
  return String(rows.length)
}
