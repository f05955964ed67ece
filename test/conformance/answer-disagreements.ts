// Where a hand-written emulation answers otherwise than Orgo's spec (the compact index, mocks/spec/), as
// test/conformance-reads*.test.ts find it: `operationId: problem` (answers.ts `formatFree`, the same in JSON-LD
// and plain JSON) -> why. The checker is not weakened for them; a new disagreement fails the tests, and so does an
// entry of an operation checked that nothing matches any more (delete it: the list only shrinks).

/** What a user's embedded local center (`user_read`, `user_read_private`) lacks of the spec's, in its order. */
const CENTER_OF_USER = [
  ...['isActive', 'stripeAccount', 'localCenterStripeAccount', 'currency', 'isStripeEligible', 'products'],
  ...['feeProduct', 'feeDefaultProductPrice', 'isOnlinePaymentFeeEligible', 'alias', 'isParent'],
  ...['localCenterCurrency', 'parent', 'isRoleGroup', 'emoji'],
].join(', ')

// mocks/resources/users-fields.ts embeds a user's local center with the fields of Orgo's curated example.
const EMBEDDED_CENTER = 'a user embeds its local center with the curated example’s fields, not the group’s'
const PERMISSIONS =
  'decision 009: /me follows the curated example, permissions as {domain, scope, localCenter}'

/** The webhooks digest, contradiction 11: the spec's delivery logs are `{id}`; the attempts' shape is a guess. */
const DELIVERY_LOGS =
  'digest 11: the spec shows {id} only; the sandbox adds the attempts (`logs`), their field names a sandbox guess'

/** run-a-board-election, step 6: the first seeded CLOSED election's CSV (secret: counts only; votes-export.ts). */
const VOTES_CSV = [
  'question,choice,count,percentage,ballots',
  '"Adopt the amended by-laws (Article 4)?",Yes,2,50,4',
  '"Adopt the amended by-laws ',
].join('\n')

export const ANSWER_DISAGREEMENTS: Readonly<Record<string, string>> = {
  'has_live_votes: (root): expected @VoteCollection-vote_collection_read, got true':
    'run-a-board-election step 4 and the description ("Returns a boolean"): true or false, though the schema is a VoteCollection',
  [`export: 200 ${VOTES_CSV}`]:
    'run-a-board-election step 6 and the description ("Returns a file attachment response"): a CSV, though the spec types the answer 204',
  // Issue 26, process-payments step 1: the docs answer the checkout session; the spec, the Company (both are sent).
  'company_payment_checkout: (root): not in @Company-company_read: checkoutUrl, sessionId, expiresAt':
    'process-payments, step 1: "Response includes a checkoutUrl" with sessionId and expiresAt (mocks/workflows/payments-company.ts)',
  'get_delivery_logs: (root): not in @WebhookSubscription-webhook_delivery_log: logs': DELIVERY_LOGS,
  [`api_users_id_get: localCenter: missing ${CENTER_OF_USER}`]: EMBEDDED_CENTER,
  [`me: localCenter: missing ${CENTER_OF_USER}`]: EMBEDDED_CENTER,
  'me: (root): not in @User-user_read_private_get_one_User: tenant':
    'decision 009: /me adds the curated example’s tenant {id, name, slug}',
  ...Object.fromEntries(
    ['ADMIN', 'HR', 'FINANCIAL', 'EVENT'].map((domain) => [
      `me: permissions[]: expected str or null, got {"domain":"${domain}","scope":"TENANT","localCenter":null}`,
      PERMISSIONS,
    ]),
  ),
  // An external attendee's town is embedded as a hand-written town, which has no county.
  'api_event_attends_get_collection: [].external.town: missing county': 'an embedded town without its county',
  'api_event_attends_id_get: external.town: missing county': 'an embedded town without its county',
  'api_contacts_get_collection: []: not in @Contact-contact_card: dateUpdated':
    'sync-your-crm-with-orgo, step 5: the list shows the dateUpdated its watermark poll keeps (mocks/resources/contacts.ts)',
  'api_events_uuid_get: invitesSent: expected bool or null, got "sent"':
    'decision 009: invitesSent is the sending state ("sending", then "sent"); the spec types it bool?',
  'get_public_event_no_security: (root): not in @Event-public_event_read_anonymous: attendeeCount, slug, cover, products':
    'build-a-public-event-landing-page, step 1: the docs’ fields beside the spec’s (mocks/workflows/public-events.ts)',
  'get_all_public_events_from_tenant: []: not in @Event-public_event_read_anonymous: attendeeCount, slug, cover, products':
    'build-a-public-event-landing-page, step 1: the listing’s cards carry the docs’ fields too (mocks/workflows/public-events.ts)',
}
