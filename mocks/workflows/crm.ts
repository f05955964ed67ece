import type { Contact } from '../db/schema.ts'
import type { RouteContext } from '../handlers/route.ts'
import type { OperationCall, OperationOverlay, Workflow } from '../handlers/overlay-types.ts'
import { JSON_TYPES, readJsonObject } from '../http/body.ts'
import { badRequest, notFound } from '../http/errors.ts'
import { negotiate } from '../http/hydra.ts'
import type { SandboxResponse } from '../http/types.ts'
import { assertRoom } from '../handlers/record-budget.ts'
import { keyOfIri } from '../schema/iri-key.ts'
import { pageOf } from '../schema/query.ts'
import { renderAnswer } from '../schema/render.ts'
import type { StoredRecord } from '../schema/types.ts'
import { operation as specOperation } from '../spec/index.ts'
import { PROFILE_TAG_WRITE, relink, removeTag, TAG_WRITE, unlinkProfileTag } from './crm-tags.ts'
import { nowIso, tableOf } from './tables.ts'

// Orgo's CRM sync (sync-your-crm-with-orgo). Step 1: contacts are the hand-written resource
// (mocks/resources/contacts.ts: 409 on a known email, `?email=`, merge PATCH, `dateUpdated` stamped on every write).
// Step 2: profile tags, unique per tenant (crm-tags.ts), attached with the docs' `POST /api/v1/contacts/{id}/
// profile_tags` and listed with the spec's GET of that path. Steps 3-4: `contact.*` webhooks come from the contacts
// table's writes (mocks/webhooks/service.ts). Step 5: `dateUpdated[after]` and `order[dateUpdated]` on the list.
// A ProfileTag on a contact is stored on both sides, as the spec relates them: `ProfileTag.contact` (its read) and
// the contact's `tags` (its item and list, and the engine's `tags.tag` audience filter of contact/newsletter-stats).

/** The contact the path names (`{id}`), in this tenant: 404 otherwise, before any permission (as the item GET). */
function contactOf(ctx: RouteContext): Contact {
  const id = ctx.params.id ?? ''
  return (/^\d+$/.test(id) && ctx.tenant.contacts.get(Number(id))) || notFound()
}

/**
 * The Tag a docs' attach body names: `profileTag` (the docs: the IRI of a profile tag, whose tag is put on the
 * contact) or `tag` (the spec's ProfileTag field: a Tag's IRI). An IRI of no record of this tenant is the engine's
 * 400 for a bad IRI (validate-value.ts linkedId): "Invalid IRI" or "Item not found for".
 */
function tagOfBody(call: OperationCall, body: Record<string, unknown>): number {
  const given = 'profileTag' in body ? 'profileTag' : 'tag' in body ? 'tag' : undefined
  if (!given) badRequest('The body needs "profileTag": the IRI of a profile tag (/api/v1/profile_tags/{id}).')
  const resource = given === 'profileTag' ? 'profile_tags' : 'tags'
  const value = body[given]
  const iri =
    value !== null && typeof value === 'object' && '@id' in value
      ? (value as { '@id': unknown })['@id']
      : value
  if (typeof iri !== 'string')
    badRequest(`Expected IRI or nested document for attribute "${given}", "${typeof iri}" given.`)
  const key = keyOfIri(resource, iri)
  if (key === undefined) badRequest(`Invalid IRI "${iri}".`)
  const found = call.records.find(resource, key)
  if (!found) badRequest(`Item not found for "${iri}".`)
  if (resource === 'tags') return found.id
  if (typeof found.tag !== 'number') badRequest(`The profile tag "${iri}" has no tag to attach.`)
  return found.tag
}

/** A ProfileTag as `POST /api/v1/profile_tags` answers it (201, ProfileTag.jsonld-profile_tag_read, ~4,853,300). */
function profileTagAnswer(call: OperationCall, record: StoredRecord, made: boolean): SandboxResponse {
  const { ctx, records } = call
  const post = specOperation('api_profile_tags_post')!
  const res = renderAnswer(
    post,
    '201',
    negotiate(ctx.req),
    records.get('profile_tags', record.id),
    records,
    ctx.req,
  )
  if (made) return res
  // Attached already: the same ProfileTag, nothing made (idempotent, as the docs' reruns need).
  const { Location: _made, ...headers } = res.headers
  return { ...res, status: 200, headers }
}

/**
 * `POST /api/v1/contacts/{id}/profile_tags` with `{"profileTag": "/api/v1/profile_tags/14"}` (the docs' form, step
 * 2; the spec has only the GET: mocks/workflows/doc-forms.ts). It makes the ProfileTag of that tag on the contact,
 * as `POST /api/v1/profile_tags {"tag", "contact"}` would, and answers as that create does: 201 with the new
 * ProfileTag; 200 with the one there is when the contact has the tag already (no duplicate).
 */
const attach: OperationOverlay = async (call) => {
  const { ctx } = call
  const contact = contactOf(ctx)
  call.admit('create')
  const tag = tagOfBody(call, await readJsonObject(ctx.req, JSON_TYPES))
  const table = tableOf(ctx, 'profile_tags')
  const held = table.all().find((r) => r.tag === tag && r.contact === contact.id && r.user == null)
  if (held) {
    relink(ctx, held.id, null, contact.id)
    return profileTagAnswer(call, held, false)
  }
  assertRoom('profile_tags', table.count())
  const made = table.insertNow({
    id: ctx.core.db.ids.next('profile_tags'),
    tenant: ctx.tenant.tenant.slug,
    tag,
    contact: contact.id,
    user: null,
    createdAt: nowIso(ctx),
  })
  relink(ctx, made.id, null, contact.id)
  return profileTagAnswer(call, made, true)
}

/**
 * `GET /api/v1/contacts/{id}/profile_tags` (get_contact_tags, ~4,843,400): "all profile tags assigned to a specific
 * contact", the contact's `tags` in id order, paged as the spec's collection of ProfileTags (30 a page).
 */
const contactTags: OperationOverlay = (call) => {
  const contact = contactOf(call.ctx)
  call.admit('list')
  const rows = [...(contact.tags ?? [])]
    .sort((a, b) => a - b)
    .map((id) => call.records.get('profile_tags', id))
    .filter((r): r is StoredRecord => r !== undefined)
  const page = pageOf(call.spec, call.ctx.req.query)
  const start = (page.page - 1) * page.itemsPerPage
  const shown = rows.slice(start, start + page.itemsPerPage)
  return call.answer({ rows: shown, total: rows.length, ...page })
}

export const CRM_WORKFLOW: Workflow = {
  writes: {
    api_profile_tags_post: PROFILE_TAG_WRITE,
    api_profile_tags_id_patch: PROFILE_TAG_WRITE,
    api_tags_post: TAG_WRITE,
    api_tags_id_patch: TAG_WRITE,
  },
  operations: { attach_contact_tag: attach, get_contact_tags: contactTags },
  removes: { profile_tags: unlinkProfileTag, tags: removeTag },
}
