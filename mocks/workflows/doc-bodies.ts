import type { RouteContext } from '../handlers/route.ts'
import { respelled, type Spellings } from '../http/spellings.ts'

// A body written from Orgo's docs where the spec names a field otherwise, or has none (issue 25 item 5): the
// docs' names taken as the spec's, the rest ignored as API Platform ignores unknown keys, and the request log told.

/** `docsName -> specName` (moved) or `null` (no such field in the spec: ignored). */
export type DocSpellings = Spellings

export function docsBody(
  ctx: RouteContext,
  body: Record<string, unknown>,
  what: string,
  spellings: DocSpellings,
): Record<string, unknown> {
  const { body: out, moved, dropped: ignored } = respelled(body, spellings)
  if (moved.length || ignored.length)
    ctx.core.change(
      'docs.form',
      ctx.tenant.tenant.slug,
      [
        `${what}: the docs' body`,
        moved.length ? `took ${moved.map(([doc, spec]) => `${doc} as ${spec}`).join(', ')}` : '',
        ignored.length ? `ignored ${ignored.join(', ')} (not in Orgo's spec)` : '',
      ]
        .filter(Boolean)
        .join('; '),
    )
  return out
}
