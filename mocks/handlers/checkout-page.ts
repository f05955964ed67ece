import { appUrlFor } from '../app-url.ts'
import { assertContentType, FORM_TYPE } from '../http/body.ts'
import { HttpError } from '../http/errors.ts'
import { foreignCaller } from '../http/origin.ts'
import { html } from '../http/respond.ts'
import type { SandboxResponse } from '../http/types.ts'
import type { StoredCheckout } from '../workflows/payments-checkout.ts'
import { escapeHtml, layout, PAGE_HEADERS } from './oauth-pages.ts'
import { route, type Route, type RouteContext } from './route.ts'

// The local checkout page (issue 26 item 2): where a checkout session's `checkoutUrl` leads, on the tenant host, in
// place of Stripe's hosted page (process-payments, step 1: "Redirect the user to checkoutUrl"). It shows what is
// bought and its amount, and three buttons: Pay (the payment becomes SUCCESS), Decline (a refused card: FAILED) and
// Cancel (CANCELED). Plain HTML forms, no script, no outside asset. Anyone may open the page (it is reached by a
// redirect from the integrator's site), but its buttons are as guarded as the OAuth consent form: the form carries
// the session's own secret, only a form-encoded body is read, a foreign page's post (its Origin, or
// `Sec-Fetch-Site: cross-site`) is refused, and the page may not be framed (PAGE_HEADERS). Post/redirect/get: a
// press answers 303 to the page, which then shows the outcome, so a reload never presses twice.

const flow = () =>
  Promise.all([
    import('../workflows/payments-checkout.ts'),
    import('../workflows/payments-state.ts'),
    // The flows' checkout hooks (a paid ticket confirms its attendances) are registered as the workflows load.
    import('../workflows/index.ts'),
  ])

const COLOR = '#1c7ed6'
const FOOTER = 'Local checkout, in place of Stripe Checkout'

function page(title: string, body: string, status = 200): SandboxResponse {
  return html(layout(title, COLOR, body, FOOTER), status, PAGE_HEADERS)
}

const problem = (status: number, message: string) =>
  page(
    'Checkout',
    `<h1>This checkout cannot continue</h1>\n<p class="alert" role="alert">${escapeHtml(message)}</p>`,
    status,
  )

const ENDED: Readonly<Record<string, [title: string, words: string]>> = {
  paid: ['Payment received', 'Thank you: the payment went through. You can close this page.'],
  declined: ['Payment declined', 'The card was declined (simulated). No money was taken.'],
  cancelled: ['Checkout cancelled', 'You left the checkout. No money was taken.'],
  expired: ['Checkout expired', 'This checkout expired before it was paid. Start a new one.'],
}

/** What is bought, its price, for whom, until when; then the three buttons, or how it ended. */
function checkoutPage(ctx: RouteContext, c: StoredCheckout, amount: string): SandboxResponse {
  const org = ctx.tenant.tenant.name
  const row = (label: string, value: string, id: string) =>
    `<tr><th scope="row" style="text-align:left;padding:.25rem 1rem .25rem 0;font-weight:600">${label}</th><td id="${id}">${escapeHtml(value)}</td></tr>`
  const order = `<table style="border-collapse:collapse;margin:1rem 0">
${row('Item', c.description, 'item')}
${row('Amount', amount, 'amount')}
${c.email ? row('Email', c.email, 'email') : ''}
${row(c.outcome === null ? 'Expires' : 'Opened', c.outcome === null ? c.expiresAt : c.createdAt, 'when')}
</table>`
  const head = `<p class="tenant">${escapeHtml(org)}</p>`
  if (c.outcome !== null) {
    const [title, words] = ENDED[c.outcome]!
    const app = appUrlFor(ctx.core.options.appUrl, ctx.tenant.tenant.slug)
    const back = app ? `<p><a href="${escapeHtml(app)}">Back to ${escapeHtml(org)}</a></p>` : ''
    return page(
      title,
      `${head}\n<h1>${title}</h1>\n<p role="status" data-outcome="${c.outcome}">${words}</p>\n${order}\n${back}`,
    )
  }
  return page(
    `Pay ${org}`,
    `${head}
<h1>Pay ${escapeHtml(org)}</h1>
<p class="muted">Sandbox checkout: no card is asked for and none is charged.</p>
${order}
<form method="post" action="/checkout/${escapeHtml(c.sessionId)}">
<input type="hidden" name="token" value="${escapeHtml(c.pageToken)}">
<button class="primary" type="submit" name="outcome" value="paid">Pay ${escapeHtml(amount)}</button>
<div class="actions">
<button class="secondary" type="submit" name="outcome" value="declined">Decline</button>
<button class="secondary" type="submit" name="outcome" value="cancelled">Cancel</button>
</div>
</form>
<p class="muted">Decline acts as a refused card; Cancel leaves without paying.</p>`,
  )
}

/** `GET /checkout/{sessionId}`: the session's page (its expiry checked on the sandbox clock first). */
async function show(ctx: RouteContext): Promise<SandboxResponse> {
  const [checkout, state] = await flow()
  checkout.expireDue(ctx)
  const payment = checkout.findCheckout(ctx, ctx.params.sessionId!)
  if (!payment) return problem(404, 'No such checkout: the link is wrong, or the sandbox was reset since.')
  const c = checkout.checkoutOf(payment)!
  return checkoutPage(ctx, c, state.money(state.centsOf(payment), String(payment.currency ?? '')))
}

/** Compares two secrets in time independent of where they differ. */
function sameSecret(given: string, expected: string): boolean {
  let diff = given.length ^ expected.length
  for (let i = 0; i < expected.length; i++) diff |= (given.charCodeAt(i) || 0) ^ expected.charCodeAt(i)
  return diff === 0
}

/** `POST /checkout/{sessionId}` `outcome=paid|declined|cancelled&token=…`: a button of the page, then 303 to it. */
async function press(ctx: RouteContext): Promise<SandboxResponse> {
  const foreign = foreignCaller(ctx.req, ctx.core.options)
  if (foreign !== null)
    return problem(403, `A form of another site cannot pay, decline or cancel a checkout (${foreign}).`)
  assertContentType(ctx.req, [FORM_TYPE])
  const form = new URLSearchParams(await ctx.req.text())
  const [checkout] = await flow()
  const payment = checkout.findCheckout(ctx, ctx.params.sessionId!)
  if (!payment) return problem(404, 'No such checkout: the link is wrong, or the sandbox was reset since.')
  const c = checkout.checkoutOf(payment)!
  if (!sameSecret(form.get('token') ?? '', c.pageToken))
    return problem(403, 'This form is not the one the checkout page served: reload the page and try again.')
  const outcome = form.get('outcome')
  if (outcome !== 'paid' && outcome !== 'declined' && outcome !== 'cancelled')
    return problem(400, 'Press Pay, Decline or Cancel.')
  try {
    checkout.settleCheckout(ctx, payment, outcome, 'checkout page')
  } catch (error) {
    // Ended already (another tab, the control API, the clock): the page shows how.
    if (!(error instanceof HttpError && error.status === 409)) throw error
  }
  return { status: 303, headers: { Location: `/checkout/${c.sessionId}`, 'Cache-Control': 'no-store' } }
}

export const checkoutPageRoutes: Route[] = [
  route.get('/checkout/:sessionId', show),
  route.post('/checkout/:sessionId', press),
]
