/** Nearest-name suggestions for mistyped flags, scenarios, tenants, keys and subcommands. Pure; no I/O. */

/** Optimal string alignment distance (Levenshtein plus one swap of neighbours: `tenat` -> `tenant` is 1). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i])
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1)
      rows[i]![j] = best
    }
  }
  return rows[a.length]![b.length]!
}

/**
 * The candidate closest to `name`, if close enough to be a typo: at most a third of its length apart (at
 * least 1, at most 3), or one that starts with what was typed. Case is ignored; the first of equals wins.
 */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  // A client's value may be long: compare a bounded prefix, never a megabyte (the distance is quadratic).
  const typed = name.slice(0, 64).toLowerCase()
  if (!typed) return undefined
  let best: { candidate: string; distance: number } | undefined
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase()
    if (lower === typed) return candidate
    const distance = editDistance(typed, lower)
    const allowed = Math.min(3, Math.max(1, Math.floor(lower.length / 3)))
    const prefix = typed.length >= 3 && lower.startsWith(typed)
    if ((distance <= allowed || prefix) && (!best || distance < best.distance)) best = { candidate, distance }
  }
  return best?.candidate
}

/** ` Did you mean "tenant"?` or the empty string, to append to an error message. */
export function didYouMean(name: string, candidates: Iterable<string>, quote = '"'): string {
  const match = nearest(name, candidates)
  return match === undefined ? '' : ` Did you mean ${quote}${match}${quote}?`
}

/**
 * node:util parseArgs's error with the nearest flag or command appended: `Unknown option '--tenat'. Did you
 * mean --tenant?`. The flags are read from the help text, so a suggestion never names an undocumented flag.
 */
export function explainArgError(error: Error, help: string, commands: readonly string[] = []): string {
  const code = (error as { code?: string }).code
  const flags = [...new Set(help.match(/--[a-z][a-z0-9-]*/g) ?? [])]
  const option = /^Unknown option '(-[^']*)'/.exec(error.message)?.[1]
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option)
    return `unknown option ${option}.${didYouMean(option.replace(/^-+/, '--'), flags, '')}`
  const positional = /^Unexpected argument '([^']*)'/.exec(error.message)?.[1]
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && positional !== undefined) {
    const hint = commands.length
      ? didYouMean(positional, commands, '') || ` Commands: ${commands.join(', ')}.`
      : ''
    return `unknown command "${positional}".${hint}`
  }
  // node:util parseArgs's own wording ("Option '--db <value>' argument missing"), said as the tool says things.
  const missing = /^Option '(--[a-z0-9-]+) <value>' argument missing/.exec(error.message)?.[1]
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && missing)
    return `${missing} needs a value: ${usageOf(missing, help) ?? `${missing} VALUE`}.`
  const flag = /^Option '(--[a-z0-9-]+)' does not take an argument/.exec(error.message)?.[1]
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag)
    return `${flag} takes no value: give it alone (${flag}), or leave it out.`
  return error.message
}

/** How the help text writes an option with its value (`--db FILE`), if it does. */
function usageOf(option: string, help: string): string | undefined {
  return new RegExp(`${option} [A-Z][A-Z_|,.-]*`).exec(help)?.[0]
}
