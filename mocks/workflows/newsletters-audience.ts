import { centerOfUnit, underneath } from '../auth/grants.ts'
import type { Contact, User } from '../db/schema.ts'
import { splitName } from '../resources/fields.ts'
import type { StoredRecord } from '../schema/types.ts'
import { tableOf, type Place } from './tables.ts'

// Who a newsletter goes to (Orgo's send-a-newsletter-campaign: "The audience is implicitly everyone in that unit
// who has newsletter opt-in"; its gotchas: "(1) the Unit membership (only people in or under that unit), (2)
// `isNewsletterSubscribed: true` on each recipient (User or Contact)"), and its placeholders ("`{{firstName}}`,
// `{{lastName}}`, `{{email}}` and any tenant custom field are resolved per recipient").
//
// Where the spec's fields hold it: a user opts in with `isSubscribedNewsletter` (User-user_write.jsonMergePatch;
// null until chosen, which is no opt-in), a contact with `isNewsletterSubscribed`. A user is in a unit through its
// `localCenter` or a current user_role on the unit (or a center under it); a contact through its `localCenter`. A
// newsletter's unit is its `unit` (else its `localCenter`); none, or a center with no parent (the tenant root, as
// the national office is), also reaches the people placed in no center. Only ACTIVE users are mailed.

/** A newsletter's states as the docs name them (step 1: `DRAFT`; step 3: `SENT`, `SCHEDULED`). */
export const DRAFT = 'DRAFT'
export const SCHEDULED = 'SCHEDULED'
export const SENT = 'SENT'

/** The state as stored, in the docs' capitals; anything else (a `--db` file's `pending`) reads as a draft. */
export function statusOf(newsletter: StoredRecord): string {
  const status = String(newsletter.status ?? '').toUpperCase()
  return status === SENT || status === SCHEDULED ? status : DRAFT
}

/**
 * Fields kept beside a newsletter's spec fields, never in an answer (no Newsletter schema has them): whom it was
 * sent to, who opened it and who unsubscribed from it (recipient keys, `u:5` / `c:12`), and for a clone of the
 * non-openers (`newsletter_clone_non_openers`) that its audience is its `parentNewsletter`'s non-openers.
 */
export const SENT_TO = 'sentTo'
export const OPENED_BY = 'openedBy'
export const UNSUBSCRIBED_BY = 'unsubscribedBy'
export const AUDIENCE = 'audience'
export const NON_OPENERS = 'non-openers'

/** One person a newsletter goes to. */
export interface Recipient {
  /** `u:<user id>` or `c:<contact id>`. */
  key: string
  email: string
  firstName: string | null
  lastName: string | null
  user?: number
  contact?: number
}

/** The tenant's people, read once per request however many newsletters it counts (a page of 30). */
export interface People {
  place: Place
  users: readonly User[]
  contacts: readonly Contact[]
  /** Each user's current assignments' units (user_roles without a passed `dateEnded`). */
  units: ReadonlyMap<number, readonly number[]>
}

export function peopleOf(place: Place): People {
  const now = place.core.clock.now()
  const units = new Map<number, number[]>()
  for (const a of tableOf(place, 'user_roles').all()) {
    if (typeof a.user !== 'number' || typeof a.unit !== 'number') continue
    if (typeof a.dateEnded === 'string' && Date.parse(a.dateEnded) <= now) continue
    units.set(a.user, [...(units.get(a.user) ?? []), a.unit])
  }
  return { place, users: place.tenant.users.all(), contacts: place.tenant.contacts.all(), units }
}

const userSubscribed = (u: User) =>
  u.status === 'ACTIVE' && (u as User & { isSubscribedNewsletter?: unknown }).isSubscribedNewsletter === true

const contactSubscribed = (c: Contact) => c.isNewsletterSubscribed === true

/** A user as a recipient (a test send fills the placeholders with the caller's own data). */
export const fromUser = (u: User): Recipient => ({
  key: `u:${u.id}`,
  email: u.email,
  firstName: u.firstName || null,
  lastName: u.lastName || null,
  user: u.id,
})

function fromContact(c: Contact): Recipient {
  const { first, last } = splitName(c.name)
  return { key: `c:${c.id}`, email: c.email ?? '', firstName: first, lastName: last, contact: c.id }
}

/** Where a newsletter reaches: its unit and the centers in or under it; `null` centers: the whole tenant. */
interface Reach {
  unit: number | null
  centers: ReadonlySet<number> | null
  /** Whether people placed in no center are in it (the tenant root). */
  unplaced: boolean
}

function reachOf(place: Place, newsletter: StoredRecord): Reach {
  const t = place.tenant
  const unit = typeof newsletter.unit === 'number' ? newsletter.unit : null
  const center =
    unit !== null
      ? centerOfUnit(t, unit)
      : typeof newsletter.localCenter === 'number'
        ? newsletter.localCenter
        : null
  if (center === null)
    return unit === null
      ? { unit, centers: null, unplaced: true }
      : { unit, centers: new Set(), unplaced: false }
  const root = t.localCenters.get(center)?.parent == null
  return { unit, centers: new Set(underneath(t, center)), unplaced: root }
}

const within = (reach: Reach, center: number | null) =>
  reach.centers === null || (center === null ? reach.unplaced : reach.centers.has(center))

/** A unit's subscribed members and contacts: users first, then contacts, each address once. */
function scoped(people: People, newsletter: StoredRecord): Recipient[] {
  const reach = reachOf(people.place, newsletter)
  const t = people.place.tenant
  const memberOf = (u: User) =>
    within(reach, u.localCenter) ||
    (people.units.get(u.id) ?? []).some(
      (unit) => unit === reach.unit || (reach.centers !== null && within(reach, centerOfUnit(t, unit))),
    )
  return once([
    ...people.users.filter((u) => userSubscribed(u) && memberOf(u)).map(fromUser),
    ...people.contacts.filter((c) => contactSubscribed(c) && within(reach, c.localCenter)).map(fromContact),
  ])
}

function once(list: Recipient[]): Recipient[] {
  const seen = new Set<string>()
  return list.filter((r) => {
    const address = r.email.trim().toLowerCase()
    if (!address || seen.has(address)) return false
    seen.add(address)
    return true
  })
}

/** The person a recipient key names, subscribed or not; undefined once deleted. */
export function personOf(
  place: Place,
  key: string,
): { recipient: Recipient; subscribed: boolean } | undefined {
  const id = Number(key.slice(2))
  if (key.startsWith('u:')) {
    const user = place.tenant.users.get(id)
    return user && { recipient: fromUser(user), subscribed: userSubscribed(user) }
  }
  const contact = place.tenant.contacts.get(id)
  return contact && { recipient: fromContact(contact), subscribed: contactSubscribed(contact) }
}

/** A newsletter with no parent chain deeper than this (a clone of a clone...) is read no further. */
const DEPTH = 8

/**
 * The keys a sent newsletter went to: those recorded at its send; one sent before the sandbox kept them (a seeded
 * one) counts as sent to its audience as it stands, nobody having opened it.
 */
export function sentKeys(people: People, newsletter: StoredRecord, depth = 0): string[] {
  const recorded = newsletter[SENT_TO]
  if (Array.isArray(recorded)) return recorded.filter((k): k is string => typeof k === 'string')
  return audienceOf(people, newsletter, depth + 1).map((r) => r.key)
}

const keysOf = (value: unknown) => new Set(Array.isArray(value) ? (value as string[]) : [])

/** The recipients of a sent newsletter who have not opened it and are still subscribed (step 4). */
export function nonOpeners(people: People, newsletter: StoredRecord, depth = 0): Recipient[] {
  const opened = keysOf(newsletter[OPENED_BY])
  const out: Recipient[] = []
  for (const key of sentKeys(people, newsletter, depth)) {
    if (opened.has(key)) continue
    const person = personOf(people.place, key)
    if (person?.subscribed) out.push(person.recipient)
  }
  return once(out)
}

/** Whom the newsletter would go to now: its unit's opted-in people, or (a clone) its parent's non-openers. */
export function audienceOf(people: People, newsletter: StoredRecord, depth = 0): Recipient[] {
  if (newsletter[AUDIENCE] !== NON_OPENERS) return scoped(people, newsletter)
  const parent =
    typeof newsletter.parentNewsletter === 'number' && depth < DEPTH
      ? tableOf(people.place, 'newsletters').get(newsletter.parentNewsletter)
      : undefined
  return parent ? nonOpeners(people, parent, depth + 1) : []
}

/**
 * The spec's count field, `recipients` (the docs' `estimatedRecipientCount`, "recalculated each time you fetch
 * the newsletter"): the audience now for a draft or a scheduled one, the people it went to once sent.
 */
export function recipientCount(people: People, newsletter: StoredRecord): number {
  return statusOf(newsletter) === SENT
    ? sentKeys(people, newsletter).length
    : audienceOf(people, newsletter).length
}

/** The newsletter as an answer shows it: its count worked out now. A view; nothing is written. */
export const withCount = (people: People, newsletter: StoredRecord): StoredRecord => ({
  ...newsletter,
  recipients: recipientCount(people, newsletter),
})
