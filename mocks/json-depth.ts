// A neutral module (it imports nothing): the request bodies (mocks/http/body.ts) and the db.json loader share it.
/** Levels a record may nest, the record itself being level 1: Symfony's JSON decoder stops at 512 (findings H4). */
export const MAX_RECORD_DEPTH = 512

/** A db.json wraps every record in two levels: the top-level object and the collection's array. */
export const MAX_FILE_DEPTH = MAX_RECORD_DEPTH + 2

const QUOTE = 0x22
const BACKSLASH = 0x5c
const NEWLINE = 0x0a

/**
 * Where `text` first opens an array or object deeper than `max` levels, or `undefined`. A scan of the text, not
 * a parse: no recursion and no values built, so it runs before anything else may overflow the stack. Brackets
 * inside strings do not count; the text need not be valid JSON (the parse that follows says what is wrong).
 */
export function jsonDepthProblem(text: string, max: number): { line: number; column: number } | undefined {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      // Skip the string: its closing quote is the first one not escaped by an odd run of backslashes.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i)
        if (d === BACKSLASH) i++
        else if (d === QUOTE) break
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return position(text, i)
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return undefined
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === NEWLINE) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}
