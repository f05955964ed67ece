import { holdsNamed } from '../../mocks/auth/permissions.ts'
import type { User } from '../../mocks/db/schema.ts'
import type { Operation } from '../../mocks/operations/index.ts'
import type { SpecOperation } from '../../mocks/spec/types.ts'
import type { CallResult } from '../helpers.ts'
import { answerProblems } from './answers.ts'
import { bodySchema, requiredBody } from './bodies.ts'
import { pathsFor } from './paths.ts'
import { acmeRecords, seededRows, type Runtime } from './runtime.ts'

// Issue 23 item 7, the writes: each POST, PUT, PATCH and DELETE called as the admin with the least body its schema
// accepts, and its answer checked as the reads' are (answers.ts).

/** The seeded admin of `acme` (README "Seeded in every tenant"), whose Api-Token calls. */
const ADMIN_EMAIL = 'admin@acme.test'

/** The first record of a resource as an IRI (`/api/v1/forms/1`). */
const firstIri = (rt: Runtime, resource: string) =>
  acmeRecords(rt).iri(resource, seededRows(rt, resource)[0] as never)

/** An uploaded file as a JSON body describes one (mocks/workflows/adhesion-documents.ts). */
const FILE = (originalName: string) => ({ originalName, mimeType: 'application/pdf', size: 2048 })

/**
 * Bodies beyond the schema's required fields, `operationId` -> body: where the spec gives the body in prose (a
 * description, an inline schema) or a hand-written create refuses less (test/conformance-required.test.ts STRICTER).
 */
const BODIES: Readonly<Record<string, (rt: Runtime) => Record<string, unknown>>> = {
  // The description: "Pass entity.email and entity.event (UUID) in the request body".
  event_attend_external_invite: (rt) => ({
    entity: { email: 'conformance-invitee@example.test', event: seededRows(rt, 'events')[0]!.uuid },
  }),
  // The spec's inline `{username, password}`: the admin's own credentials (README "JWT (email + password)").
  login_check_post: () => ({ username: ADMIN_EMAIL, password: 'password' }),
  // "Accepts newPassword and optionally currentPassword": an Api-Token's session proves it (mocks/handlers/users.ts).
  new_password: () => ({ newPassword: 'password', currentPassword: 'password' }),
  // The website builder's bodies, as their descriptions give them ("Body: {"name": "Field notes"}").
  websiteArticleCategoryCreate: () => ({ name: 'Conformance category' }),
  websiteArticleCategoryRename: () => ({ from: 'Conformance category', to: 'Conformance renamed' }),
  websiteImport: () => ({ mode: 'dryRun', spec: {} }),
  websiteMediaImport: () => ({ url: 'https://example.test/conformance.png' }),
  websiteMediaUploadBase64: () => ({ data: 'data:image/png;base64,iVBORw0KGgo=', reference: 'conformance' }),
  websiteRedirectsCreate: () => ({ from: '/conformance-old', to: '/conformance-new' }),
  websiteRedirectsUpdate: () => ({ to: '/conformance-newer' }),
  // STRICTER: the hand-written creates require a name, a submission its form, an attendance its event.
  api_events_post: () => ({ name: 'Conformance name' }),
  api_forms_post: () => ({ name: 'Conformance name' }),
  api_groups_post: () => ({ name: 'Conformance name' }),
  api_form_submissions_post: (rt) => ({ form: firstIri(rt, 'forms') }),
  event_attend: (rt) => ({ event: firstIri(rt, 'events') }),
  // Issue 25: Orgo's docs join a unit (`{"unit": "/api/v1/units/4"}`); the schema requires only the user, which the
  // caller is. A body naming no unit joins nothing (mocks/workflows/roles.ts: 422).
  create_group_from_link: (rt) => ({ unit: firstIri(rt, 'units') }),
  // A contract assignment names its contract and its recipient (issue-and-track-contracts, step 2).
  api_contract_users_post: (rt) => ({ contract: firstIri(rt, 'contracts'), user: firstIri(rt, 'users') }),
  create_contact_user_admin: (rt) => ({ contract: firstIri(rt, 'contracts'), user: firstIri(rt, 'users') }),
  contract_user_mark_as_signed: (rt) => ({
    contract: firstIri(rt, 'contracts'),
    user: firstIri(rt, 'users'),
  }),
  // The documents of an application (onboard-a-new-member, steps 2 and 3), as JSON file descriptions.
  adhesion_upload_id_copy: () => ({ idMedia: FILE('passport.pdf') }),
  adhesion_upload_signed_document: () => ({ signedMedia: FILE('signed-adhesion.pdf') }),
  adhesion_upload_video: () => ({ videoMedia: { ...FILE('motivation.mp4'), mimeType: 'video/mp4' } }),
  // Orgo's docs send `{"event": ...}`; one of the 18 events (webhooks digest, contradiction 10: 422 otherwise).
  test_webhook: () => ({ event: 'user.created' }),
  // mocks/workflows/adhesion-child.ts: a child account needs a first and a last name.
  user_register_child: () => ({ firstName: 'Conformance', lastName: 'Child' }),
  // Orgo's docs make a profile tag with `{"name": "donor-2026"}`; one with no tag is a 422 (mocks/workflows/crm-tags.ts).
  api_profile_tags_post: () => ({ name: 'Conformance tag' }),
  // Issue 26, process-payments: a bank-transfer invoice bills a price to a name and an address (the docs' body;
  // "Validates billing info (name, address)"); a manual invoice has an amount (mocks/workflows/invoices.ts).
  invoice_create_for_bank_transfer: (rt) => ({
    productPrice: firstIri(rt, 'product_prices'),
    billingName: 'Conformance Payer',
    billingAddress: '1 Conformance Street',
  }),
  api_invoices_post: () => ({ amount: 5000, invoicedFor: 'Conformance invoice' }),
  // Issue 26 (send-a-newsletter-campaign): a schedule needs its date, ahead of the clock (mocks/workflows/
  // newsletters-ops.ts: 422 otherwise); a test send needs something to send (newsletters-test-send.ts).
  newsletter_schedule: () => ({ scheduledAt: '2099-01-20T09:00:00-05:00' }),
  send_test: () => ({
    type: 'newsletter',
    subject: 'Conformance {{firstName}}',
    html: '<p>Hello {{firstName}}</p>',
  }),
  // Issue 26 (run-a-board-election, mocks/workflows/votes*.ts): a ballot is on a question of an OPEN collection
  // (the seeded one of the whole organisation: the admin may vote); a choice belongs to a question (the last made:
  // its collection is a DRAFT or none); a voters list is a private DRAFT's, its user one not listed yet.
  api_vote_boxes_post: (rt) => {
    const open = seededRows(rt, 'vote_collections').find((c) => c.status === 'OPEN' && c.isGeneral !== false)
    const vote = acmeRecords(rt).get('votes', (open?.votes as number[] | undefined)?.[0] ?? 0)
    const option = (vote?.voteOptions as number[] | undefined)?.[0]
    return { vote: `/api/v1/votes/${vote?.id}`, value: `/api/v1/vote_options/${option}` }
  },
  api_vote_options_post: (rt) => ({
    vote: `/api/v1/votes/${seededRows(rt, 'votes').at(-1)?.id}`,
    title: 'Conformance',
  }),
  api_vote_users_post: (rt) => {
    const list = seededRows(rt, 'vote_collections').find((c) => c.status === 'DRAFT' && c.isGeneral === false)
    const listed = seededRows(rt, 'vote_users')
      .filter((r) => r.voteCollection === list?.id)
      .map((r) => r.user)
    const user = seededRows(rt, 'users').find((u) => !listed.includes(u.id))
    return { voteCollection: `/api/v1/vote_collections/${list?.id}`, user: `/api/v1/users/${user?.id}` }
  },
}

/**
 * 403s the spec gives a reason for that `op.permissions` (the permissions a description names) does not hold:
 * `operationId` -> the description's words.
 */
export const FORBIDDEN_TO_ADMIN: Readonly<Record<string, string>> = {
  api_users_id_delete: '"Restricted to ROLE_SUPER_ADMIN only"',
}

/** What a write sends: its body (none where the spec has none) and the media type it is sent as. */
export function requestOf(
  rt: Runtime,
  op: SpecOperation,
): { body?: string; headers: Record<string, string> } {
  const extra = BODIES[op.operationId]
  if (!extra && !op.body) return { headers: {} }
  const body = { ...(bodySchema(op) ? requiredBody(rt, op) : {}), ...extra?.(rt) }
  const offered = Object.keys(op.body ?? {})
  const media =
    op.method === 'PATCH'
      ? 'application/merge-patch+json'
      : offered.length && !offered.includes('application/ld+json')
        ? offered[0]!
        : 'application/ld+json'
  return { body: JSON.stringify(body), headers: { 'Content-Type': media } }
}

export interface WriteReport {
  /** `operationId: problem`. */
  problems: string[]
  /** Operations whose 2xx was checked. */
  checked: string[]
  /** Operation -> the permission (or the description's rule) the admin lacks, for a 403. */
  forbidden: Record<string, string>
  /** Operation -> why it was not called. */
  skipped: Record<string, string>
  /** Operation -> what the first record tried answered, where a 2xx came from another record. */
  retried: Record<string, string>
}

/**
 * Each write called as the admin at its paths, the records from the last (those the writes made, never the admin
 * nor his tokens: `revoke_token` would revoke the token calling), until one answers a 2xx; its answer checked.
 */
export async function checkWrites(
  rt: Runtime,
  ops: ReadonlyArray<{ index: Operation; op: SpecOperation }>,
  report: WriteReport,
): Promise<void> {
  const admin = seededRows(rt, 'users').find((u) => u.email === ADMIN_EMAIL) as unknown as User
  for (const { index, op } of ops) {
    const filled = pathsFor(rt, op, 50)
    if ('skip' in filled) {
      report.skipped[op.operationId] = filled.skip
      continue
    }
    const { body, headers } = requestOf(rt, op)
    const lacks = index.permissions && !holdsNamed(admin, index.permissions) && index.permissions.join(' or ')
    const why = lacks || FORBIDDEN_TO_ADMIN[op.operationId]
    const tried: CallResult[] = []
    for (const path of [...filled.paths].reverse()) {
      const res = await rt.call({
        method: op.method,
        path,
        headers: { 'Api-Token': rt.adminToken, Accept: 'application/ld+json', ...headers },
        body,
      })
      tried.push(res)
      if (res.status < 300 || res.status === 401 || (res.status === 403 && why)) break
    }
    const res = tried.at(-1)!
    if (res.status === 403 && why) {
      report.forbidden[op.operationId] = why
      continue
    }
    if (res.status < 300 && tried.length > 1)
      report.retried[op.operationId] = `${tried[0]!.status} ${tried[0]!.json?.detail ?? ''}`
    report.checked.push(op.operationId)
    for (const problem of answerProblems(op, res, 'jsonld'))
      report.problems.push(`${op.operationId}: ${problem}`)
  }
}
