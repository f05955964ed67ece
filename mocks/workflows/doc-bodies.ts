import type { RouteContext } from '../handlers/route.ts'

// A body written from Orgo's docs where the spec names a field otherwise, or has none (issue 25 item 5): the
// docs' names taken as the spec's, the rest ignored as API Platform ignores unknown keys, and the request log told.

/** `docsName -> specName` (moved) or `null` (no such field in the spec: ignored). */
export type DocSpellings = Readonly<Record<string, string | null>>

export function docsBody(
  ctx: RouteContext,
  body: Record<string, unknown>,
  what: string,
  spellings: DocSpellings,
): Record<string, unknown> {
  const out = { ...body }
  const moved: string[] = []
  const ignored: string[] = []
  for (const [doc, spec] of Object.entries(spellings)) {
    if (!(doc in out)) continue
    if (spec === null) ignored.push(doc)
    else {
      moved.push(`${doc} as ${spec}`)
      if (!(spec in out)) out[spec] = out[doc]
      delete out[doc]
    }
  }
  if (moved.length || ignored.length)
    ctx.core.change(
      'docs.form',
      ctx.tenant.tenant.slug,
      [
        `${what}: the docs' body`,
        moved.length ? `took ${moved.join(', ')}` : '',
        ignored.length ? `ignored ${ignored.join(', ')} (not in Orgo's spec)` : '',
      ]
        .filter(Boolean)
        .join('; '),
    )
  return out
}
