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
  'create_token: (root): not in @UserApiToken-user_api_token_read: token':
    'the description: "The raw token value is returned only once in the response"; the schema has no field for it',
}

/**
 * Writes that answered a 2xx only on another record than the last of their resource (the one tried first):
 * `operationId` -> why the last refused. A new one fails the test, and so does an entry that no longer retries.
 */
export const RETRIES: Readonly<Record<string, string>> = {
  new_password:
    'a 403 for another user: "a password is changed by its own user only" (mocks/handlers/users.ts)',
}
