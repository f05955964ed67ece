import type { Workflow, WriteOverlay } from '../handlers/overlay-types.ts'
import type { RouteContext } from '../handlers/route.ts'
import { unprocessable } from '../http/errors.ts'
import { CONSTRAINT } from '../http/validate.ts'
import type { StoredRecord } from '../schema/types.ts'
import { docsBody } from './doc-bodies.ts'
import { audienceOf, DRAFT, peopleOf, SCHEDULED, statusOf } from './newsletters-audience.ts'
import {
  assertNotSent,
  centerOfNewsletter,
  dateOf,
  NEWSLETTER_OPERATIONS,
  NEWSLETTER_SPELLINGS,
  withoutServerFields,
} from './newsletters-ops.ts'
import { rearmSchedules, watchSchedules } from './newsletters-send.ts'
import { TEST_SEND_OPERATIONS } from './newsletters-test-send.ts'

// Orgo's send-a-newsletter-campaign on the schema engine (Newsletter, spec ~3,699,400-3,826,700). States: DRAFT
// (created, step 1) -> SENT (`/send`, step 3), or DRAFT -> SCHEDULED (`/schedule`) -> SENT when the sandbox clock
// reaches `scheduledAt` (newsletters-send.ts); a SCHEDULED newsletter PATCHed back to `{"status": "DRAFT"}` is
// unscheduled (neither the spec nor the docs have a cancel operation; the spec's `status` is writable). SENT is
// final and locks the newsletter: an edit is a 409 (the docs' step 4: clone it instead). Audience and count:
// newsletters-audience.ts; mails: newsletters-mail.ts; opens, clicks, unsubscribes: newsletters-engagement.ts;
// test sends: newsletters-test-send.ts. The docs' POST of clone-non-openers is in doc-forms.ts.

const spelled = (body: Record<string, unknown>, ctx: RouteContext) =>
  docsBody(ctx, body, 'Newsletter', NEWSLETTER_SPELLINGS)

const statusViolation = (message: string) =>
  unprocessable([{ propertyPath: 'status', message, code: CONSTRAINT.choice.code }])

/** A date the body gives, as the API writes dates (422 for one that is none). */
function withDate(values: Record<string, unknown>): Record<string, unknown> {
  return typeof values.scheduledAt === 'string'
    ? { ...values, scheduledAt: dateOf(values.scheduledAt) }
    : values
}

/**
 * `POST /api/v1/newsletters` (step 1): always a DRAFT, whatever `status` says (another state is a 422: send or
 * schedule it once made); its owner the caller, its local center its unit's; its count worked out. A
 * `scheduledAt` given is kept as the draft's planned date: only `/schedule` schedules it.
 */
const CREATE: WriteOverlay = {
  body: spelled,
  values(values, { ctx, principal }) {
    watchSchedules(ctx.core)
    if ('status' in values && String(values.status).toUpperCase() !== DRAFT)
      statusViolation(
        `A newsletter is created as a DRAFT; send it with PATCH /api/v1/newsletters/{uuid}/send or schedule it with PATCH /api/v1/newsletters/{uuid}/schedule.`,
      )
    const out: Record<string, unknown> = {
      ...withDate(withoutServerFields(values)),
      status: DRAFT,
      dateSent: null,
    }
    if (out.owner == null && principal?.user) out.owner = principal.user.id
    if (out.localCenter == null && typeof out.unit === 'number')
      out.localCenter = centerOfNewsletter(ctx, out as StoredRecord)
    out.recipients = audienceOf(peopleOf(ctx), out as StoredRecord).length
    return out
  },
}

/**
 * `PATCH /api/v1/newsletters/{uuid}`: a draft or a scheduled newsletter is edited (a scheduled one keeps its
 * schedule, a new `scheduledAt` moves it, `{"status": "DRAFT"}` unschedules it); a sent one is a 409. The state
 * moves only by `/send` and `/schedule` otherwise (422).
 */
const UPDATE: WriteOverlay = {
  body: spelled,
  values(values, { ctx, current }) {
    watchSchedules(ctx.core)
    const record = current!
    assertNotSent(record, 'edited')
    const now = statusOf(record)
    const out = withDate(withoutServerFields(values))
    let status = now
    if ('status' in values) {
      const wanted = String(values.status).toUpperCase()
      if (wanted === DRAFT && now === SCHEDULED) {
        status = DRAFT
        if (!('scheduledAt' in values)) out.scheduledAt = null
      } else if (wanted !== now)
        statusViolation(
          `A ${now} newsletter cannot be set to ${wanted}: PATCH /send sends it, PATCH /schedule schedules it${now === SCHEDULED ? ', {"status": "DRAFT"} unschedules it' : ''}.`,
        )
    }
    if (status === SCHEDULED && 'scheduledAt' in out) {
      const at = typeof out.scheduledAt === 'string' ? Date.parse(out.scheduledAt) : Number.NaN
      if (!(at > ctx.core.clock.now()))
        unprocessable([
          {
            propertyPath: 'scheduledAt',
            message:
              'A scheduled newsletter needs a date after now on the sandbox clock ({"status": "DRAFT"} unschedules it).',
            code: CONSTRAINT.dateTime.code,
          },
        ])
    }
    const next = { ...record, ...out, status }
    return { ...out, status, recipients: audienceOf(peopleOf(ctx), next).length }
  },
  after(record, { ctx, previous }) {
    const was = previous ? statusOf(previous) : DRAFT
    const is = statusOf(record)
    const slug = ctx.tenant.tenant.slug
    const name = String(record.name ?? record.id)
    if (was === SCHEDULED && is === DRAFT)
      ctx.core.change('newsletter.unscheduled', slug, `Newsletter "${name}" unscheduled: back to DRAFT`, {
        id: record.id,
        uuid: record.uuid,
      })
    else if (is === SCHEDULED && record.scheduledAt !== previous?.scheduledAt)
      ctx.core.change(
        'newsletter.scheduled',
        slug,
        `Newsletter "${name}" scheduled for ${String(record.scheduledAt)}`,
        {
          id: record.id,
          uuid: record.uuid,
          scheduledAt: record.scheduledAt,
        },
      )
    rearmSchedules(ctx.core)
  },
}

export const NEWSLETTERS_WORKFLOW: Workflow = {
  writes: { api_newsletters_post: CREATE, api_newsletters_uuid_patch: UPDATE },
  operations: { ...NEWSLETTER_OPERATIONS, ...TEST_SEND_OPERATIONS },
}
