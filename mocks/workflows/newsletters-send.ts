import type { Clock } from '../clock.ts'
import type { SandboxCore } from '../core-types.ts'
import type { StoredRecord } from '../schema/types.ts'
import {
  audienceOf,
  OPENED_BY,
  peopleOf,
  SCHEDULED,
  SENT,
  SENT_TO,
  statusOf,
  UNSUBSCRIBED_BY,
  type People,
} from './newsletters-audience.ts'
import { contentOf, mailNewsletter, subjectOf } from './newsletters-mail.ts'
import { nowIso, tableOf, type Place } from './tables.ts'

// A newsletter's send (send-a-newsletter-campaign, step 3: "Status flips to `SENT`. The actual delivery is
// queued"), now or at its `scheduledAt` on the sandbox clock ("Status flips to `SCHEDULED` and the worker picks it
// up at the specified time"). The sandbox's worker is a listener on the clock (mocks/clock.ts `onChange`), added
// once per sandbox on the first touch of its newsletters: a move of the clock (`POST /__sandbox/clock`) sends every
// newsletter that fell due at once, and a running clock reaches the next one by a timer, as the webhook queue does
// (mocks/webhooks/queue.ts). The schedules are never held anywhere but in the newsletters' own records: each run
// reads the current database, so a reset or a snapshot's restore (which replace it) leaves nothing from before to
// send, and a restored SCHEDULED newsletter is sent on the restored clock.

/**
 * Sends a newsletter to its audience now: SENT, `dateSent`, `recipients` and whom it went to recorded, one mail a
 * recipient with the placeholders filled (outbox kind `newsletter`), the feed told (`newsletter.sent`).
 */
export function sendNewsletter(
  place: Place,
  newsletter: StoredRecord,
  how: { scheduled: boolean; people?: People },
): StoredRecord {
  const people = how.people ?? peopleOf(place)
  const recipients = audienceOf(people, newsletter)
  // A scheduled send is dated when it fell due ("the worker picks it up at the specified time"), however far the
  // clock was moved past it.
  const at =
    how.scheduled && typeof newsletter.scheduledAt === 'string' ? newsletter.scheduledAt : nowIso(place)
  // The state first: a run of the scheduler the mails set off (a clock move in a listener) finds it sent.
  const sent = tableOf(place, 'newsletters').updateNow(newsletter, (draft) => {
    draft.status = SENT
    draft.dateSent = at
    draft.recipients = recipients.length
    draft[SENT_TO] = recipients.map((r) => r.key)
    draft[OPENED_BY] = []
    draft[UNSUBSCRIBED_BY] = []
    draft.clicks = []
  })
  const html = contentOf(sent)
  const subject = subjectOf(sent)
  for (const person of recipients)
    mailNewsletter(place, { kind: 'newsletter', to: person.email, subject, html }, person)
  const { scheduled } = how
  place.core.change(
    'newsletter.sent',
    place.tenant.tenant.slug,
    `Newsletter "${String(sent.name ?? sent.id)}" sent${scheduled ? ' as scheduled' : ''} to ${recipients.length} recipient${recipients.length === 1 ? '' : 's'}`,
    {
      id: sent.id,
      uuid: sent.uuid,
      recipients: recipients.length,
      scheduledAt: scheduled ? sent.scheduledAt : null,
    },
  )
  return sent
}

/** The largest delay a timer takes (2^31 - 1 ms, about 24.8 days); a later send re-arms it on waking. */
const MAX_DELAY = 2_147_483_647

interface Worker {
  core: SandboxCore
  timer: ReturnType<typeof setTimeout> | undefined
  queued: boolean
}

/**
 * One worker per sandbox, keyed by its clock: a request shaped by a scenario sees a core of its own
 * (`Object.create(sandbox)`, mocks/sandbox.ts withFlags), never a clock of its own, so keying by the clock adds
 * one listener per sandbox however its requests reach it.
 */
const workers = new WeakMap<Clock, Worker>()

/**
 * The scheduler of this sandbox, started on the first touch of its newsletters (any newsletter operation calls
 * this): the clock listener added, and anything already due sent (a `--db` file's schedule that fell due while the
 * sandbox was stopped).
 */
export function watchSchedules(core: SandboxCore): void {
  if (workers.has(core.clock)) return
  const worker: Worker = { core, timer: undefined, queued: false }
  workers.set(core.clock, worker)
  // Run once the move is complete: a snapshot's restore freezes the clock, then sets it (two moves, mocks/
  // snapshots.ts restoreClock), and `POST /__sandbox/clock {"set", "freeze"}` freezes before it sets; a run at the
  // first would send what the restored or set clock has not reached.
  core.clock.onChange(() => {
    if (worker.queued) return
    worker.queued = true
    queueMicrotask(() => {
      worker.queued = false
      runDue(worker)
    })
  })
  runDue(worker)
}

/** After a schedule changes: sends what is due and arms the timer for the next one. */
export function rearmSchedules(core: SandboxCore): void {
  const worker = workers.get(core.clock)
  if (worker) runDue(worker)
  else watchSchedules(core)
}

/** The SCHEDULED newsletters of every tenant whose time has come, sent; the timer set for the next. */
function runDue(worker: Worker): void {
  const { core } = worker
  const now = core.clock.now()
  let next = Infinity
  const due: Array<{ place: Place; id: number }> = []
  for (const tenant of core.db.tenants.values()) {
    // A tenant's table once made, else what a --db file or a snapshot left for it (read in place: a tenant that
    // has no scheduled newsletter is never seeded for this).
    const rows = (tenant.schema.get('newsletters')?.all() ??
      tenant.schemaLoaded.get('newsletters') ??
      []) as StoredRecord[]
    for (const row of rows) {
      if (statusOf(row) !== SCHEDULED) continue
      const at = Date.parse(String(row.scheduledAt ?? ''))
      if (Number.isNaN(at)) continue
      if (at <= now) due.push({ place: { core, tenant }, id: row.id })
      else next = Math.min(next, at)
    }
  }
  for (const { place, id } of due) {
    const record = tableOf(place, 'newsletters').get(id)
    if (!record || statusOf(record) !== SCHEDULED) continue
    try {
      sendNewsletter(place, record, { scheduled: true })
    } catch (error) {
      // A clock move must never fail for a send; the feed says what went wrong.
      core.change(
        'newsletter.failed',
        place.tenant.tenant.slug,
        `Scheduled newsletter #${id} could not be sent: ${error instanceof Error ? error.message : String(error)}`,
        { id },
      )
    }
  }
  arm(worker, next)
}

/** A real timer for the next send while the clock runs; a frozen clock reaches it only when moved. */
function arm(worker: Worker, next: number): void {
  if (worker.timer) clearTimeout(worker.timer)
  worker.timer = undefined
  if (next === Infinity || worker.core.clock.frozen) return
  const delay = Math.min(MAX_DELAY, Math.max(0, next - worker.core.clock.now()))
  worker.timer = setTimeout(() => {
    worker.timer = undefined
    runDue(worker)
  }, delay)
  // Never keeps a process alive that has nothing else to do (a test runner, the CLI on Ctrl+C).
  ;(worker.timer as { unref?: () => void }).unref?.()
}
