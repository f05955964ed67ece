import type { MailKind } from '../core-types.ts'
import { sendMail } from '../outbox.ts'
import type { StoredRecord } from '../schema/types.ts'
import type { Recipient } from './newsletters-audience.ts'
import { tableOf, type Place } from './tables.ts'

// A newsletter's mail to one recipient (send-a-newsletter-campaign, "Placeholders": "`{{firstName}}`,
// `{{lastName}}`, `{{email}}` and any tenant custom field are resolved per recipient. Use them anywhere in
// `content`"; its gotchas: "Placeholders are case-sensitive and must match exactly. `{{FirstName}}` won't work;
// neither will `{{ firstName }}` (with spaces). If a recipient's field is null, the placeholder resolves to an
// empty string"). `{{organizationName}}` is the one `api_email_templates_post`'s description adds. A tenant custom
// field is a `custom_fields` record by its `name`, its value the recipient's `custom_field_values` record.

const PLACEHOLDER = /\{\{([^{}]+)\}\}/g

/** The docs' content (`content`, taken as the spec's `html`), else the builder's other renderings. */
export function contentOf(newsletter: StoredRecord): string {
  for (const name of ['html', 'htmlInline', 'htmlRaw'])
    if (typeof newsletter[name] === 'string' && newsletter[name] !== '') return newsletter[name]
  return ''
}

/** The subject line (`subject`; its `name` when it has none). */
export const subjectOf = (newsletter: StoredRecord): string =>
  typeof newsletter.subject === 'string' && newsletter.subject !== ''
    ? newsletter.subject
    : String(newsletter.name ?? '')

/** Each placeholder the person has a value for filled; an unknown name (or a spaced one) left as written. */
export function fillPlaceholders(place: Place, text: string, person: Recipient): string {
  let custom: Map<string, string | null> | undefined
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (name !== name.trim()) return whole
    const standard: Record<string, string | null> = {
      firstName: person.firstName,
      lastName: person.lastName,
      email: person.email,
      organizationName: place.tenant.tenant.name,
    }
    if (name in standard) return standard[name] ?? ''
    // Only a text naming something else reads the tenant's custom fields.
    custom ??= customValues(place, person)
    return custom.has(name) ? (custom.get(name) ?? '') : whole
  })
}

/** The tenant's custom fields by name, each with this person's value (null: none). */
function customValues(place: Place, person: Recipient): Map<string, string | null> {
  const out = new Map<string, string | null>()
  const values = tableOf(place, 'custom_field_values').all()
  for (const field of tableOf(place, 'custom_fields').all()) {
    if (typeof field.name !== 'string') continue
    const held = values.find(
      (v) =>
        v.field === field.id &&
        ((person.user !== undefined && v.user === person.user) ||
          (person.contact !== undefined && v.contact === person.contact)),
    )
    out.set(field.name, typeof held?.value === 'string' ? held.value : null)
  }
  return out
}

/** What a mail says under the content: why it came (the docs' "unsubscribe footer"), in the sandbox's words. */
const footer = (place: Place, test: boolean) =>
  test
    ? `\n\n--\nA test send: the placeholders above hold your own data.`
    : `\n\n--\nYou receive this newsletter from ${place.tenant.tenant.name} because you subscribed to its newsletters.`

/** Records one recipient's mail in the outbox (the `newsletter` kind; `newsletter-test` for a test send). */
export function mailNewsletter(
  place: Place,
  mail: {
    kind: Extract<MailKind, 'newsletter' | 'newsletter-test'>
    to: string
    subject: string
    html: string
  },
  person: Recipient,
): void {
  const test = mail.kind === 'newsletter-test'
  const subject = fillPlaceholders(place, mail.subject, person)
  sendMail(
    place.core,
    {
      kind: mail.kind,
      tenant: place.tenant.tenant.slug,
      to: mail.to,
      // send_test's description: "the subject is prefixed with [TEST]".
      subject: test ? `[TEST] ${subject}` : subject,
      text: fillPlaceholders(place, mail.html, person) + footer(place, test),
      code: null,
      link: null,
      expiresAt: null,
    },
    `${test ? 'Test newsletter' : 'Newsletter'} "${subject}" to ${mail.to}`,
  )
}
