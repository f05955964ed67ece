import { appUrlFor } from '../app-url.ts'
import type { Event, EventAttend } from '../db/schema.ts'
import { html } from '../http/respond.ts'
import type { SandboxResponse } from '../http/types.ts'
import { tenantOrigin } from './event-attends.ts'
import { escapeHtml, layout, PAGE_HEADERS } from './oauth-pages.ts'
import { route, type Route, type RouteContext } from './route.ts'

/**
 * The page at an invitation's magic link when it points at the sandbox (no `--app-url`). In production the link
 * opens the integrator's front end; here it says what that front end would do with the hash, and how to point
 * links at it. `Referrer-Policy: no-referrer` (PAGE_HEADERS) keeps the hash in the URL from leaking onwards.
 */

const PATH = '/events/:uuid/rsvp/:id'

// A link is ours (a 64-hex hash, a uuid, an integer id); anything longer is cut before it is shown.
const shown = (value: string) => escapeHtml(value.slice(0, 200))

function pre(lines: string[]): string {
  return `<pre>${lines.map(escapeHtml).join('\n')}</pre>`
}

function setAppUrl(slug: string): string {
  return `<h2>Point links at your app</h2>
<p class="muted">In production this link opens your front end, which reads <code>hash</code> from the URL and calls the API with it. Tell the sandbox where yours runs, and invitations link there (same path and query):</p>
${pre([
  'npx sandbox --app-url http://localhost:5173              # every tenant',
  `npx sandbox --app-url ${slug}=http://localhost:5173         # this tenant only`,
  'npx sandbox --app-url http://{tenant}.localhost:5173     # {tenant}: the slug',
  "createNodeSandbox({ appUrl: 'http://localhost:5173' })   # in process",
])}`
}

function page(ctx: RouteContext, title: string, body: string, status: number): SandboxResponse {
  const t = ctx.tenant.tenant
  return html(layout(title, t.settings.primaryColor, body, 'invitation magic link'), status, PAGE_HEADERS)
}

function invitationPage(ctx: RouteContext): SandboxResponse {
  const { uuid, id } = ctx.params as { uuid: string; id: string }
  const hash = ctx.req.query.get('hash') ?? ''
  const slug = ctx.tenant.tenant.slug
  const origin = tenantOrigin(ctx)
  const attend = /^\d{1,15}$/.test(id)
    ? (ctx.tenant.eventAttends.get(Number(id)) as EventAttend | undefined)
    : undefined
  const event = attend && (ctx.tenant.events.get(attend.event) as Event | undefined)
  const tenantName = `<p class="tenant">${escapeHtml(ctx.tenant.tenant.name)}</p>`
  const configured = appUrlFor(ctx.core.options.appUrl, slug)
  const elsewhere = configured
    ? `<p class="muted">This tenant's links now point at <code>${escapeHtml(configured)}</code> (--app-url); this link was mailed before, or typed by hand.</p>`
    : ''
  // Why the link leads nowhere, named: the organiser deleted the attendance, or the URL was cut or edited.
  const problem = !attend
    ? `There is no attendance #${shown(id)} in ${escapeHtml(ctx.tenant.tenant.name)}.`
    : event?.uuid !== uuid
      ? `Attendance #${attend.id} is not for event ${shown(uuid)}.`
      : !hash
        ? 'The link has no hash: the mailed URL ends in ?hash=….'
        : hash !== attend.hash
          ? 'The hash does not match this attendance: the link was cut, edited or belongs to another invitation.'
          : null
  if (problem) {
    const body = `${tenantName}
<h1>This invitation link leads nowhere</h1>
<p class="alert" role="alert">${problem}</p>
<p class="muted">The invitations' current links are in <code>GET /__sandbox/outbox</code> and the dashboard's Hashes pane.</p>
${elsewhere}${setAppUrl(slug)}`
    return page(ctx, 'Invitation link', body, 404)
  }
  const api = `${origin}/api/v1/event_attends/${attend!.id}`
  const body = `${tenantName}
<h1>Invitation to ${escapeHtml(event!.name)}</h1>
<p>This is the magic link an invitation mailed. Its <code>hash</code> is the attendee's credential: sent as the <code>X-Contact-Hash</code> header, it reads and answers this one attendance, without an account.</p>
<p><strong>hash</strong> <code>${shown(hash)}</code></p>
<h2>Use it</h2>
${pre([
  `curl -H 'X-Contact-Hash: ${hash}' ${api}`,
  '',
  `curl -X PATCH -H 'X-Contact-Hash: ${hash}' \\`,
  `  -H 'Content-Type: application/merge-patch+json' -d '{"statusRsvp":"yes"}' \\`,
  `  ${api}`,
])}
${elsewhere}${setAppUrl(slug)}`
  return page(ctx, `Invitation to ${event!.name}`, body, 200)
}

/** Orgo's front end answers the mailed link; the sandbox stands in for it until `--app-url` names yours. */
export const magicLinkRoutes: Route[] = [route.get(PATH, invitationPage)]
