import { ANSWER_DISAGREEMENTS } from './answer-disagreements.ts'

// Where a hand-written emulation answers a write otherwise than Orgo's spec (the compact index, mocks/spec/), as
// test/conformance-writes.test.ts finds it: `operationId: problem` (answers.ts `formatFree`) -> why. The checker is
// not weakened for them; a new disagreement fails the test, and so does an entry nothing matches any more.

/** The reads' entry for a user's embedded local center (answer-disagreements.ts), as a write's answer has it. */
const [CENTER, EMBEDDED_CENTER] = Object.entries(ANSWER_DISAGREEMENTS)
  .filter(([problem]) => problem.startsWith('api_users_id_get: localCenter: missing'))
  .map(([problem, why]) => [problem.slice('api_users_id_get: '.length), why])[0]!

export const WRITE_DISAGREEMENTS: Readonly<Record<string, string>> = {
  [`new_password: ${CENTER}`]: EMBEDDED_CENTER!,
  [`update_by_admin: ${CENTER}`]: EMBEDDED_CENTER!,
  'event_send_invites: invitesSent: expected bool or null, got "sending"':
    'decision 009: invitesSent is the sending state ("sending", then "sent"); the spec types it bool?',
  // Issue 25's workflows refuse what their state forbids, whatever record the least body is tried on.
  'adhesion_send: 409 {"title":"Conflict","detail":"Adhesion #1 is PENDING: it can be sent for review only while it is NEW.","status":409}':
    'onboard-a-new-member, step 4: "A 409 Conflict here means one of the documents is missing"; the seeded drafts have none and the uploads run after send in the spec’s order',
  'validate: 422 {"@context":"/api/contexts/ConstraintViolationList","@type":"ConstraintViolationList","title":"An error occurred","detai':
    'the identity validation needs the ID’s data (names, number, dates: mocks/workflows/adhesion-identity.ts); the least body and the seeded identities lack it',
  // Issue 26: guest tickets follow a confirmed registration (mocks/workflows/tickets-attendee.ts); no seeded
  // attendance is confirmed, and the seeded events are over on the real clock.
  'event_attend_guest_tickets: 409 {"title":"Conflict","detail":"Guest tickets follow a confirmed registration; attendance #1 is not confirmed.","status":4':
    'create-and-sell-event-tickets, gotchas: "use POST /api/v1/event_attends/{id}/guest-tickets after the main registration"',
  // Issue 26, process-payments step 1: the docs' answer shows these beside the Invoice; the description adds "the
  // invoice series, amount, currency, and banking info (account holder, IBAN)" (mocks/workflows/invoices.ts).
  'invoice_create_for_bank_transfer: (root): not in @Invoice-invoice_read: number, currency, pdfUrl, dateDue, accountHolder, iban':
    'process-payments, bank transfer step 1: the docs’ {number, currency, pdfUrl, dateDue} and the description’s banking info',
  'create_token: (root): not in @UserApiToken-user_api_token_read: token':
    'the description: "The raw token value is returned only once in the response"; the schema has no field for it',
}

/**
 * Writes that answered a 2xx only on another record than the last of their resource (the one tried first):
 * `operationId` -> why the last refused. A new one fails the test, and so does an entry that no longer retries.
 */
export const RETRIES: Readonly<Record<string, string>> = {
  // Issue 26, send-a-newsletter-campaign step 6: only a sent newsletter has non-openers to clone.
  newsletter_clone_non_openers: 'a 409 for the newest newsletter, a DRAFT: only a SENT one has non-openers',
  // Issue 26, process-payments: the last record is one an earlier write ended (mocks/workflows/payments*.ts).
  company_bank_transfer_invoice:
    'a 400 for the company the conformance POST made: "The company must have a membership plan selected"',
  invoice_void: 'a 400 for the credit memo invoice_refund issued: only a PENDING invoice is voided',
  generate_invoice:
    'a 400 for the payment cancel_payment cancelled: an invoice is generated for a SUCCESS payment',
  refund_payment: 'a 400 for the payment cancel_payment cancelled: only a SUCCESS payment is refunded',
  new_password:
    'a 403 for another user: "a password is changed by its own user only" (mocks/handlers/users.ts)',
  // Issue 26, run-a-board-election: one step at a time, questions and choices in DRAFT only (mocks/workflows/votes*.ts).
  archive: 'a 400 for the DRAFT the conformance POST made: archive needs a CLOSED collection',
  close: 'a 400 for the DRAFT vote_clone made: close needs an OPEN collection',
  api_vote_options_id_patch:
    'a 400 for a choice of a seeded ARCHIVED election: "once published, the question set is locked"',
  api_vote_options_id_delete:
    'a 409 for a choice of a seeded ARCHIVED election: "once published, the question set is locked"',
}
