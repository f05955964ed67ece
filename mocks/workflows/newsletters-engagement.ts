import type { Contact, User } from '../db/schema.ts'
import { badRequest, conflict, notFound } from '../http/errors.ts'
import { recordsOf } from '../schema/store.ts'
import type { StoredRecord } from '../schema/types.ts'
import {
  nonOpeners,
  OPENED_BY,
  peopleOf,
  personOf,
  SENT,
  SENT_TO,
  sentKeys,
  statusOf,
  UNSUBSCRIBED_BY,
  type People,
} from './newsletters-audience.ts'
import { contentOf } from './newsletters-mail.ts'
import { nowIso, tableOf, type Place } from './tables.ts'

// A sent newsletter's engagement (send-a-newsletter-campaign, step 5: "opens and clicks start streaming in ... The
// response includes `recipientCount`, `openCount`, `clickCount`, and `unsubscribeCount`"). Orgo's spec has none of
// those four in any Newsletter schema: it has `recipients` (the count) and `clicks` (`arr<str?>?`, which holds one
// entry a click, the link clicked). Opens and unsubscribes are kept beside the record (newsletters-audience.ts), and
// an unsubscribe is also what it is everywhere else: the person's own opt-in turned off (a contact's
// `isNewsletterSubscribed`, a user's `isSubscribedNewsletter`), a write of its table, so `contact.updated` /
// `user.updated` fires with its `previous_attributes` (the docs' "react to `contact.updated` when someone
// unsubscribes"). Orgo's spec has no operation that tracks an open or a click, and the sandbox sends no real mail,
// so `simulateEngagement` stands in for the recipients; the control API and the test API call it.

/** The docs' step 5 counters, and the non-openers of step 4. */
export interface Engagement {
  recipientCount: number
  openCount: number
  clickCount: number
  unsubscribeCount: number
  nonOpenerCount: number
}

const listOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []

export function engagementOf(
  place: Place,
  newsletter: StoredRecord,
  people: People = peopleOf(place),
): Engagement {
  const sent = statusOf(newsletter) === SENT
  return {
    recipientCount: sent ? sentKeys(people, newsletter).length : 0,
    openCount: listOf(newsletter[OPENED_BY]).length,
    clickCount: listOf(newsletter.clicks).length,
    unsubscribeCount: listOf(newsletter[UNSUBSCRIBED_BY]).length,
    nonOpenerCount: sent ? nonOpeners(people, newsletter).length : 0,
  }
}

/**
 * Turns off a person's newsletter opt-in (a recipient key, `u:5` / `c:12`) through its table, stamping
 * `dateUpdated`; false when it was off already or the person is gone.
 */
export function unsubscribe(place: Place, key: string): boolean {
  const id = Number(key.slice(2))
  const stamp = nowIso(place)
  if (key.startsWith('c:')) {
    const contact = place.tenant.contacts.get(id)
    if (!contact || contact.isNewsletterSubscribed === false) return false
    place.tenant.contacts.updateNow(contact, (draft: Contact) => {
      draft.isNewsletterSubscribed = false
      draft.dateUpdated = stamp
    })
    return true
  }
  const user = place.tenant.users.get(id) as (User & { isSubscribedNewsletter?: unknown }) | undefined
  if (!user || user.isSubscribedNewsletter === false) return false
  place.tenant.users.updateNow(user, (draft) => {
    ;(draft as typeof user).isSubscribedNewsletter = false
    draft.dateUpdated = stamp
  })
  return true
}

/** A newsletter of the tenant by id, or by uuid as its IRI names it. */
export function newsletterOf(place: Place, key: number | string): StoredRecord {
  const found =
    typeof key === 'number'
      ? tableOf(place, 'newsletters').get(key)
      : recordsOf(place.core, place.tenant).find('newsletters', key)
  return found ?? notFound(`No newsletter ${String(key)} in tenant ${place.tenant.tenant.slug}.`)
}

export interface Simulated {
  /** Recipients who open it now (each once: "unique opens"). */
  opens?: number
  /** Clicks on its links, each by a recipient who is counted as having opened it. */
  clicks?: number
  /** Recipients who unsubscribe from it (their opt-in turned off). */
  unsubscribes?: number
}

function countOf(counts: Simulated, name: keyof Simulated): number {
  const n = counts[name] ?? 0
  if (!Number.isSafeInteger(n) || n < 0)
    badRequest(`"${name}" is a whole number of 0 or more; got ${String(n)}.`)
  return n
}

/** The links of the content (`href="..."`), in order; none: the newsletter's own web version. */
function linksOf(newsletter: StoredRecord): string[] {
  const links = [...contentOf(newsletter).matchAll(/href\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!)
  return links.length ? links : [`/api/v1/newsletters_public/${String(newsletter.uuid ?? newsletter.id)}`]
}

/**
 * The recipients of a sent newsletter opening it, clicking its links and unsubscribing, in the order it went to
 * them: the first who have not yet. Checked in full before anything is written (a 400 changes nothing: more opens
 * or unsubscribes than recipients left to make them, a newsletter with no recipients clicked); a 409 for one that
 * is not sent. Answers the counters after.
 */
export function simulateEngagement(place: Place, key: number | string, counts: Simulated): Engagement {
  const newsletter = newsletterOf(place, key)
  if (statusOf(newsletter) !== SENT)
    conflict(
      `Newsletter ${String(key)} is ${statusOf(newsletter)}: only a sent newsletter is opened or clicked.`,
    )
  const [opens, clicks, unsubscribes] = (['opens', 'clicks', 'unsubscribes'] as const).map((n) =>
    countOf(counts, n),
  ) as [number, number, number]
  const people = peopleOf(place)
  const keys = sentKeys(people, newsletter)
  const opened = new Set(listOf(newsletter[OPENED_BY]))
  const gone = new Set(listOf(newsletter[UNSUBSCRIBED_BY]))
  const unopened = keys.filter((k) => !opened.has(k))
  if (unopened.length < opens)
    badRequest(`Only ${unopened.length} recipients of newsletter ${String(key)} have not opened it yet.`)
  const openers = unopened.slice(0, opens)
  if (clicks && !keys.length) badRequest(`Newsletter ${String(key)} went to nobody: nobody can click it.`)
  const leaving = keys.filter((k) => !gone.has(k) && personOf(place, k)?.subscribed).slice(0, unsubscribes)
  if (leaving.length < unsubscribes)
    badRequest(`Only ${leaving.length} recipients of newsletter ${String(key)} are still subscribed.`)
  for (const k of openers) opened.add(k)
  const links = linksOf(newsletter)
  const clicked = listOf(newsletter.clicks)
  for (let i = 0; i < clicks; i++) {
    clicked.push(links[i % links.length]!)
    // A click is an open: the mail was opened to click it.
    opened.add(keys[i % keys.length]!)
  }
  for (const k of leaving) {
    unsubscribe(place, k)
    gone.add(k)
  }
  const stored = tableOf(place, 'newsletters').updateNow(newsletter, (draft) => {
    draft[SENT_TO] = keys
    draft[OPENED_BY] = [...opened]
    draft[UNSUBSCRIBED_BY] = [...gone]
    draft.clicks = clicked
  })
  const after = engagementOf(place, stored, peopleOf(place))
  place.core.change(
    'newsletter.engagement',
    place.tenant.tenant.slug,
    `Newsletter "${String(stored.name ?? stored.id)}": ${opens} opened, ${clicks} clicked, ${unsubscribes} unsubscribed (simulated)`,
    { id: stored.id, uuid: stored.uuid, ...after },
  )
  return after
}
