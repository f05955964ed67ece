import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OPERATIONS } from '../mocks/operations/index.ts'
import { operation as specOperation, resourceOf } from '../mocks/spec/index.ts'
import type { SpecOperation } from '../mocks/spec/types.ts'
import { bodySchema, createMissingRecords } from './conformance/bodies.ts'
import { pathsFor, recordResource } from './conformance/paths.ts'
import { httpRuntime, seededRows, type Runtime } from './conformance/runtime.ts'
import { startTestServer, type TestServer } from './helpers.ts'

// Issue 23 item 7: every POST of the index with a JSON body (creates and actions, every emulation), sent `{}` as
// the admin, answers as its body schema's `required` says: a 422 naming exactly the fields it requires, or, where
// it requires none, no 422 for a missing field. API Platform derives `required` from the same constraints
// (NotBlank, NotNull) that its validator answers 422 for.

let s: TestServer
let rt: Runtime
beforeAll(async () => {
  s = await startTestServer()
  rt = httpRuntime(s)
  await createMissingRecords(rt)
})
afterAll(() => s.close())

const POSTS: readonly SpecOperation[] = OPERATIONS.filter((o) => o.method === 'POST')
  .map((o) => specOperation(o.operationId)!)
  .filter((op) => bodySchema(op) !== undefined)

const isCreate = (op: SpecOperation) => resourceOf(op.operationId)?.methods.create === op.operationId

/**
 * The required fields `{}` leaves missing, as API Platform validates it: not those with a default (the entity's
 * own, `UserList.type = 'static'`), nor, for an action on a record (`POST /companies/{uuid}/invitations`), those
 * the record holds: the body is deserialized into the record the path names (OBJECT_TO_POPULATE).
 */
function missingOf(op: SpecOperation): string[] {
  const schema = bodySchema(op)!
  const spec = op.pathParams.length ? recordResource(op) : undefined
  const record = spec && seededRows(rt, spec.name)[0]
  const held = (field: string) => record !== undefined && record[field] != null && record[field] !== ''
  return schema.required
    .filter((field) => {
      const type = schema.props[field]
      return type?.default === undefined && !type?.defaultUnknown && !held(field)
    })
    .sort()
}

/**
 * Hand-written creates that refuse `{}` for a field the spec does not require, `operationId: problem` -> why. A
 * new disagreement fails the test, and so does an entry that no longer occurs.
 */
const STRICTER: Readonly<Record<string, string>> = {
  'api_events_post: requires nothing, 422 naming name': 'mocks/resources/events.ts: name required, notNull',
  'api_forms_post: requires nothing, 422 naming name': 'mocks/resources/forms.ts: name required, notNull',
  'api_groups_post: requires nothing, 422 naming name': 'mocks/resources/groups.ts: name required, notNull',
  'api_form_submissions_post: requires nothing, 422 naming form':
    'mocks/resources/forms.ts: a submission’s form',
  'event_attend: requires nothing, 422 naming event':
    'mocks/resources/event-attends.ts: an attendance’s event',
  // Self-registration without an email would make a user nobody can sign in as.
  'api_users_post: requires nothing, 422 naming email': 'mocks/resources/users.ts: email required',
  // A child account is a person: the family flow has no use for a nameless one.
  'user_register_child: requires nothing, 422 naming firstName,lastName':
    'mocks/workflows/adhesion-child.ts: a child’s first and last name',
  // A ProfileTag puts a tag on a profile: without one (nor the docs' `name`) it would label nothing.
  'api_profile_tags_post: requires nothing, 422 naming tag':
    'mocks/workflows/crm-tags.ts: a profile tag’s tag',
  // Issue 25: a contract assignment is of a contract, to a user or a contact (the docs: "Either user or contact is
  // required"); the spec's schemas mark neither required.
  'api_contract_users_post: requires nothing, 422 naming contract,user':
    'mocks/workflows/contracts-instances.ts: a contract and its recipient',
  'create_contact_user_admin: requires nothing, 422 naming contract,user':
    'mocks/workflows/contracts-instances.ts: a contract and its recipient',
  'contract_user_mark_as_signed: requires nothing, 422 naming contract,user':
    'mocks/workflows/contracts-signing.ts: the instances to mark (the docs’ contractUsers) or a contract and recipient',
  // The docs' join names the unit joined; the caller is the user.
  'create_group_from_link: requires nothing, 422 naming unit': 'mocks/workflows/roles.ts: the unit to join',
  // Issue 26, run-a-board-election: a ballot is on a question, a choice of a question, a voter on a collection's list.
  'api_vote_boxes_post: requires nothing, 422 naming vote':
    'mocks/workflows/votes-ballots.ts: the question voted on',
  'api_vote_options_post: requires nothing, 422 naming vote':
    'mocks/workflows/votes-questions.ts: a choice’s question',
  'api_vote_users_post: requires nothing, 422 naming voteCollection':
    'mocks/workflows/votes.ts: the private collection whose voters list it joins',
  // Issue 26: a test send of nothing (no `html`, nor the docs' `newsletter`) would mail an empty page.
  'send_test: requires nothing, 422 naming html':
    'mocks/workflows/newsletters-test-send.ts: what to test-send',
  // Issue 26, process-payments: an invoice bills an amount; a bank transfer's, a price to a name and an address.
  'api_invoices_post: requires nothing, 422 naming amount':
    'mocks/workflows/invoices.ts: a manual invoice’s amount (or the price it bills)',
  'invoice_create_for_bank_transfer: requires nothing, 422 naming billingAddress,billingName,productPrice':
    'mocks/workflows/invoices.ts: "Validates billing info (name, address)", and the docs’ productPrice',
}

describe('every POST with a body schema answers `{}` as its required fields say, over HTTP', () => {
  it('a 422 naming exactly the required fields missing; none where nothing is missing', async () => {
    const problems: string[] = []
    const tally = { refused: [] as string[], accepted: 0, skipped: [] as string[] }
    for (const op of POSTS) {
      const filled = pathsFor(rt, op)
      if ('skip' in filled) {
        tally.skipped.push(`${op.operationId} (${filled.skip})`)
        continue
      }
      const missing = missingOf(op)
      const headers = { 'Api-Token': rt.adminToken, 'Content-Type': 'application/ld+json' }
      const res = await rt.call({ method: 'POST', path: filled.paths[0]!, headers, body: '{}' })
      const violations = res.status === 422 ? (res.json.violations as Array<{ propertyPath: string }>) : []
      const named = [...new Set(violations.map((v) => v.propertyPath))].sort()
      if (missing.length) tally.refused.push(`${op.operationId}${isCreate(op) ? ' (create)' : ''}`)
      else tally.accepted++
      if (missing.length && (res.status !== 422 || named.join() !== missing.join()))
        problems.push(
          `${op.operationId}: requires ${missing}, ${res.status} naming ${named} ${res.text.slice(0, 100)}`,
        )
      else if (!missing.length && res.status === 422)
        problems.push(`${op.operationId}: requires nothing, 422 naming ${named}`)
    }
    console.log(
      `required fields: ${POSTS.length} POSTs with a body schema; ${tally.refused.length} miss required fields ` +
        `in {} (${tally.refused.join(', ')}), ${tally.accepted} miss none; skipped ${tally.skipped.join(', ')}`,
    )
    expect(problems.filter((p) => !(p in STRICTER))).toEqual([])
    expect(Object.keys(STRICTER).filter((p) => !problems.includes(p))).toEqual([])
    expect(tally.refused.length).toBeGreaterThanOrEqual(5)
    expect(tally.refused.length + tally.accepted).toBe(POSTS.length - 2)
  })
})
