import type { ReadContext, Row, TableLike, WriteContext } from './types.ts'

// A contact's profile tags as the contact's own answers embed them. Orgo's spec: Contact-contact_card `tags` is
// arr<@ProfileTag-contact_card> {id, tag: @Tag-contact_card {id, name}} (~9,496,662), Contact-contact_read adds
// `createdAt` (~9,496,948). ProfileTags and Tags are the schema engine's records (mocks/schema/store.ts); a contact
// stores its ProfileTags' ids (`Contact.tags`, the inverse of `ProfileTag.contact`), kept in step by the CRM
// workflow (mocks/workflows/crm.ts), so the engine's reads of contacts (`contact/newsletter-stats?tags.tag=`) see
// the same tags as these.

interface ProfileTagRow extends Row {
  tag?: number | null
  contact?: number | null
  createdAt?: string | null
}

interface TagRow extends Row {
  name?: string | null
}

const API = '/api/v1'

/** The embedded ProfileTags of a contact (`show` of its `tags` field), in the answer's format and group. */
export function showTags(
  value: unknown,
  ctx: ReadContext,
  format: 'jsonld' | 'json',
  group: string,
): unknown[] {
  const ids = Array.isArray(value) ? (value as number[]) : []
  if (!ids.length) return []
  const profileTags = ctx.schemaTable?.('profile_tags')
  const tags = ctx.schemaTable?.('tags')
  const ld = format === 'jsonld'
  const out: unknown[] = []
  for (const id of ids) {
    const profileTag = profileTags?.get(id) as ProfileTagRow | undefined
    if (!profileTag) continue
    const tag = profileTag.tag == null ? undefined : (tags?.get(profileTag.tag) as TagRow | undefined)
    const shownTag = tag
      ? {
          ...(ld ? { '@id': `${API}/tags/${tag.id}`, '@type': 'Tag' } : {}),
          id: tag.id,
          name: tag.name ?? '',
        }
      : null
    out.push({
      ...(ld ? { '@id': `${API}/profile_tags/${profileTag.id}`, '@type': 'ProfileTag' } : {}),
      id: profileTag.id,
      tag: shownTag,
      // contact_card shows no date; contact_read (the item and the writes' answers) does.
      ...(group === 'collection' ? {} : { createdAt: profileTag.createdAt ?? null }),
    })
  }
  return out
}

/**
 * A deleted contact's ProfileTags go with it (Doctrine's cascade on `ProfileTag.contact`): none names a contact
 * that is gone. ProfileTags send no webhook (no `profile_tag.*` event exists).
 */
export function removeTagsOf(contact: { id: number }, w: WriteContext): void {
  const profileTags = w.schemaTable?.('profile_tags') as TableLike<ProfileTagRow> | undefined
  // Every one naming it, the seeded ones too (the engine's fakes name contacts that do not list them).
  for (const profileTag of profileTags?.all() ?? [])
    if (profileTag.contact === contact.id) profileTags!.delete(profileTag)
}
