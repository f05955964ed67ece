import { ANSWER_DISAGREEMENTS } from './answer-disagreements.ts'

// Where a hand-written emulation answers a write otherwise than Orgo's spec (the compact index, mocks/spec/), as
// test/conformance-writes.test.ts finds it: `operationId: problem` (answers.ts `formatFree`) -> why. The checker is
// not weakened for them; a new disagreement fails the test, and so does an entry nothing matches any more.

/** The reads' entry for a user's embedded local center (answer-disagreements.ts), as a write's answer has it. */
const [CENTER, EMBEDDED_CENTER] = Object.entries(ANSWER_DISAGREEMENTS)
  .filter(([problem]) => problem.startsWith('api_users_id_get: localCenter: missing'))
  .map(([problem, why]) => [problem.slice('api_users_id_get: '.length), why])[0]!

// A user's local center's parent is computed as `{id, name}` (mocks/resources/users.ts `parentCenter`), the
// curated example's embed of a center, where the PATCH answer's group embeds more of it.
const PARENT_EMBED = 'a user’s local center’s parent as the curated {id, name}, not the group’s embed'

export const WRITE_DISAGREEMENTS: Readonly<Record<string, string>> = {
  [`new_password: ${CENTER}`]: EMBEDDED_CENTER!,
  [`update_by_admin: ${CENTER}`]: EMBEDDED_CENTER!,
  'update_by_admin: localCenterParent: missing @id, @type, isRoleGroup, emoji': PARENT_EMBED,
  'event_send_invites: invitesSent: expected bool or null, got "sending"':
    'decision 009: invitesSent is the sending state ("sending", then "sent"); the spec types it bool?',
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
