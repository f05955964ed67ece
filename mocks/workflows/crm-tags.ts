import type { Contact } from '../db/schema.ts'
import type { RouteContext } from '../handlers/route.ts'
import type { WriteOverlay } from '../handlers/overlay-types.ts'
import { conflict, unprocessable } from '../http/errors.ts'
import type { SandboxRequest } from '../http/types.ts'
import { CONSTRAINT } from '../http/validate.ts'
import type { StoredRecord } from '../schema/types.ts'
import { nowIso, tableOf } from './tables.ts'

// Profile tags as Orgo's sync-your-crm-with-orgo (step 2) uses them, on the spec's model. The spec has two
// resources: a Tag is the named label (`/api/v1/tags`, Tag-tag_read {id, name, tenant}, ~9,764,909) and a
// ProfileTag puts one on a contact or a user (`/api/v1/profile_tags`, ProfileTag-profile_tag_write {tag, contact,
// user}, ~9,498,193). The docs create "a tag" with `POST /api/v1/profile_tags {"name": "donor-2026"}`, which
// "returns 409 if it exists": the docs' `name` is read as the spec's `tag`, the tenant's Tag of that name (made on
// first use), so the docs' tag is a ProfileTag on no one, and a ProfileTag is unique per tenant by its tag, contact
// and user: the same name twice is a 409, and so is the same tag twice on one contact.

/** The docs' `name` of a write, taken from the body before the spec's validation drops it (by request). */
const docsNames = new WeakMap<SandboxRequest, string>()

const refuse = (propertyPath: string, message: string): never =>
  unprocessable([{ propertyPath, message, code: CONSTRAINT.notBlank.code }])

/**
 * Tag names are compared trimmed and case-insensitively, as MySQL's default collation compares a unique name
 * (`Donor-2026` is `donor-2026`).
 */
const sameName = (a: unknown, b: string) =>
  typeof a === 'string' && a.trim().toLowerCase() === b.toLowerCase()

/** The tenant's Tag of that name (the first, should seeded tags share one). */
export function tagNamed(ctx: RouteContext, name: string): StoredRecord | undefined {
  return tableOf(ctx, 'tags')
    .all()
    .find((tag) => sameName(tag.name, name))
}

/** A ProfileTag with the same tag on the same contact and user as `values`, other than `current`. */
function twinOf(ctx: RouteContext, values: Record<string, unknown>, current?: StoredRecord) {
  const key = (r: Record<string, unknown>) => [r.tag ?? null, r.contact ?? null, r.user ?? null].join(' ')
  const wanted = key(values)
  return tableOf(ctx, 'profile_tags')
    .all()
    .find((r) => r.id !== current?.id && key(r) === wanted)
}

/** The 409 of a ProfileTag that exists (Orgo's errors page wording), naming it so a client can use it. */
function duplicate(ctx: RouteContext, twin: StoredRecord, updating: boolean): never {
  const tag = tableOf(ctx, 'tags').get(Number(twin.tag))
  const what = twin.contact == null && twin.user == null ? 'a profile tag' : 'that tag on that profile'
  return conflict(
    `Cannot ${updating ? 'update' : 'create'}: ${what} "${String(tag?.name ?? twin.tag)}" already exists (/api/v1/profile_tags/${twin.id}).`,
  )
}

/** `POST /api/v1/profile_tags` (api_profile_tags_post, ~4,853,300) and its PATCH (~4,862,800). */
export const PROFILE_TAG_WRITE: WriteOverlay = {
  body(body, ctx) {
    if (!('name' in body)) return body
    const { name, ...rest } = body
    // The spec's own field wins where a body has both.
    if ('tag' in rest) return rest
    if (typeof name !== 'string' || name.trim() === '') return refuse('name', CONSTRAINT.notBlank.message)
    docsNames.set(ctx.req, name.trim())
    ctx.core.change(
      'docs.form',
      ctx.tenant.tenant.slug,
      `${ctx.req.method} ${ctx.req.path}: the docs' body {"name"} (sync-your-crm-with-orgo, step 2) names the ProfileTag's tag`,
    )
    return rest
  },
  values(values, { ctx, current }) {
    const name = docsNames.get(ctx.req)
    const named = name === undefined ? undefined : tagNamed(ctx, name)
    const next = { ...current, ...values, ...(named ? { tag: named.id } : {}) }
    if (name === undefined && next.tag == null) return refuse('tag', CONSTRAINT.notBlank.message)
    // A name no Tag has yet cannot make a duplicate: its Tag is made only once no duplicate can refuse the write.
    const twin = name !== undefined && !named ? undefined : twinOf(ctx, next, current)
    if (twin) duplicate(ctx, twin, current !== undefined)
    if (name !== undefined) return { ...values, tag: (named ?? newTag(ctx, name)).id }
    return values
  },
  after(record, { ctx, previous }) {
    relink(ctx, record.id, numberOr(previous?.contact), numberOr(record.contact))
  },
}

/** `POST /api/v1/tags` and its PATCH (~5,342,600, ~5,348,200): one Tag of a name per tenant, as the docs' names need. */
export const TAG_WRITE: WriteOverlay = {
  values(values, { ctx, current }) {
    if (typeof values.name !== 'string' || sameName(current?.name, values.name.trim())) return values
    const twin = tagNamed(ctx, values.name.trim())
    if (twin && twin.id !== current?.id)
      conflict(`Cannot create: a tag named "${String(twin.name)}" already exists (/api/v1/tags/${twin.id}).`)
    return values
  },
}

function newTag(ctx: RouteContext, name: string): StoredRecord {
  return tableOf(ctx, 'tags').insertNow({
    id: ctx.core.db.ids.next('tags'),
    tenant: ctx.tenant.tenant.slug,
    name,
  })
}

const numberOr = (value: unknown): number | null => (typeof value === 'number' ? value : null)

/**
 * Moves a ProfileTag between the `tags` of the contacts it names (the inverse side the contact stores: its item,
 * list and webhooks show it), stamping each contact's `dateUpdated`: a contact whose tags change is in the next
 * watermark poll, and its table write is the `contact.updated` webhook, `previous_attributes` holding the old tags.
 */
export function relink(ctx: RouteContext, id: number, from: number | null, to: number | null): void {
  if (from === to) return
  const contacts = ctx.tenant.contacts
  const stamp = nowIso(ctx)
  const old = from === null ? undefined : contacts.get(from)
  if (old?.tags?.includes(id))
    contacts.updateNow(old, (draft: Contact) => {
      draft.tags = (draft.tags ?? []).filter((t) => t !== id)
      draft.dateUpdated = stamp
    })
  const now = to === null ? undefined : contacts.get(to)
  if (now && !now.tags?.includes(id))
    contacts.updateNow(now, (draft: Contact) => {
      draft.tags = [...(draft.tags ?? []), id]
      draft.dateUpdated = stamp
    })
}

/** A deleted ProfileTag leaves its contact's tags. */
export function unlinkProfileTag(ctx: RouteContext, record: StoredRecord): void {
  relink(ctx, record.id, numberOr(record.contact), null)
}

/** "Entities previously associated with this tag will lose the association" (api_tags_id_delete): its ProfileTags go. */
export function removeTag(ctx: RouteContext, tag: StoredRecord): void {
  const profileTags = tableOf(ctx, 'profile_tags')
  for (const profileTag of profileTags.all().filter((r) => r.tag === tag.id)) {
    profileTags.delete(profileTag)
    unlinkProfileTag(ctx, profileTag)
  }
}
