// A body written with another API description's names (Orgo's docs against its spec): each given name moved to
// the name the sandbox validates, the spec's own value winning when both come, or dropped where the spec has no
// such field. Pure: each caller says in its own words what it took (the request log), or says nothing.

/** `givenName -> specName`, or `null` for a name the spec has no field for (dropped). */
export type Spellings = Readonly<Record<string, string | null>>

export function respelled(
  body: Record<string, unknown>,
  spellings: Spellings,
): { body: Record<string, unknown>; moved: Array<[string, string]>; dropped: string[] } {
  const out = { ...body }
  const moved: Array<[string, string]> = []
  const dropped: string[] = []
  for (const [given, spec] of Object.entries(spellings)) {
    if (!(given in out)) continue
    if (spec === null) dropped.push(given)
    else {
      moved.push([given, spec])
      if (!(spec in out)) out[spec] = out[given]
      delete out[given]
    }
  }
  return { body: out, moved, dropped }
}
