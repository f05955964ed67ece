import type { OperationOverlay } from '../handlers/overlay-types.ts'
import { badRequest, forbidden, unprocessable } from '../http/errors.ts'
import { CONSTRAINT, EMAIL } from '../http/validate.ts'
import { keyOfIri } from '../schema/iri-key.ts'
import type { StoredRecord } from '../schema/types.ts'
import { validateWrite } from '../schema/validate.ts'
import { fromUser } from './newsletters-audience.ts'
import { unsubscribe } from './newsletters-engagement.ts'
import { contentOf, mailNewsletter, subjectOf } from './newsletters-mail.ts'

// The test sends (send-a-newsletter-campaign, step 2: "Always send a test to yourself first ... Check the test
// email rendered correctly — placeholder substitution, links, images, and unsubscribe footer"), and the spec's
// one unsubscribe operation. Each test mail is in the outbox as `newsletter-test`, its subject "[TEST] ...".

/**
 * `POST /api/v1/email_templates/send-test` (send_test, ~1,749,600): "Sends a test email to the current user email
 * address using the provided HTML, subject, and templateType. Placeholders are replaced with the current user data,
 * and the subject is prefixed with [TEST]". The docs' body is `{"newsletter": "/api/v1/newsletters/{uuid}",
 * "toEmail"}` instead: that newsletter's subject and content, to that address (the placeholders still the caller's,
 * as the spec says). Nothing is stored: the answer is the template as sent (an EmailTemplate of no record, so its
 * `@id` is a blank node's). A test of nothing (no `html` and no `newsletter`) is a 422.
 */
const sendTest: OperationOverlay = async (call) => {
  const { ctx } = call
  call.admit('create')
  const user = call.principal?.user
  if (!user) forbidden('a test send goes to the current user: it needs a user credential')
  const { newsletter: iri, toEmail, ...rest } = (await call.body()) ?? {}
  if (iri !== undefined || toEmail !== undefined)
    ctx.core.change(
      'docs.form',
      ctx.tenant.tenant.slug,
      `email_templates/send-test: the docs' body {newsletter, toEmail} (send-a-newsletter-campaign, step 2); Orgo's spec takes {type, subject, html} and mails the current user`,
    )
  let source: StoredRecord | undefined
  if (iri !== undefined) {
    if (typeof iri !== 'string') badRequest('Expected IRI for attribute "newsletter".')
    const key = keyOfIri('newsletters', iri)
    source = key === undefined ? undefined : call.records.find('newsletters', key)
    if (!source) badRequest(`Item not found for "${iri}".`)
  }
  const values = validateWrite(call.specOp, rest, 'create', call.records)
  const html = typeof values.html === 'string' ? values.html : source ? contentOf(source) : ''
  const subject = typeof values.subject === 'string' ? values.subject : source ? subjectOf(source) : ''
  const violations = []
  if (!html && !source)
    violations.push({
      propertyPath: 'html',
      message: CONSTRAINT.notBlank.message,
      code: CONSTRAINT.notBlank.code,
    })
  if (toEmail !== undefined && (typeof toEmail !== 'string' || !EMAIL.test(toEmail)))
    violations.push({
      propertyPath: 'toEmail',
      message: CONSTRAINT.email.message,
      code: CONSTRAINT.email.code,
    })
  if (violations.length) unprocessable(violations)
  const to = typeof toEmail === 'string' ? toEmail : user.email
  mailNewsletter(ctx, { kind: 'newsletter-test', to, subject, html }, fromUser(user))
  const type = typeof values.type === 'string' ? values.type : 'newsletter'
  return call.answer({ tenant: ctx.tenant.tenant.slug, type, subject, html } as unknown as StoredRecord)
}

/**
 * `PATCH /api/v1/newsletter_template/{id}/send` (newsletter_template_send, ~3,826,700): a newsletter template's test
 * send to the current user, the body's `html` and `name` (a merge patch) over the template's for this mail only;
 * the template is answered as it is (a send edits nothing).
 */
const sendTemplate: OperationOverlay = async (call) => {
  const template = call.record()
  call.admit('read', template)
  const user = call.principal?.user
  if (!user) forbidden('a test send goes to the current user: it needs a user credential')
  const values = validateWrite(call.specOp, (await call.body()) ?? {}, 'update', call.records, template)
  const html = typeof values.html === 'string' ? values.html : contentOf(template)
  const subject = String(values.name ?? template.name ?? 'Newsletter template')
  mailNewsletter(call.ctx, { kind: 'newsletter-test', to: user.email, subject, html }, fromUser(user))
  return call.answer(template)
}

/**
 * `GET /api/v1/contact/{id}/unsubscribe-from-newsletter` (contact_unsubscribe_from_newsletter, ~686,900): "Sets the
 * contact newsletter subscription flag to false ... Requires HR_TENANT permission". A write of the contacts table,
 * so `contact.updated` fires with `previous_attributes`; the feed is the audit entry.
 */
const unsubscribeContact: OperationOverlay = (call) => {
  const contact = call.record()
  call.admit('update', contact)
  if (unsubscribe(call.ctx, `c:${contact.id}`))
    call.ctx.core.change(
      'contact.unsubscribed',
      call.ctx.tenant.tenant.slug,
      `Contact #${contact.id} unsubscribed from the newsletters`,
      { id: contact.id },
    )
  return call.answer(call.records.get('contacts', contact.id))
}

export const TEST_SEND_OPERATIONS: Readonly<Record<string, OperationOverlay>> = {
  send_test: sendTest,
  newsletter_template_send: sendTemplate,
  contact_unsubscribe_from_newsletter: unsubscribeContact,
}
