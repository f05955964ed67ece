/**
 * Characters a terminal acts on instead of printing: C0 (ESC starts every CSI/OSC/DCS sequence, BEL ends OSC,
 * CR rewrites the line), DEL, C1 (U+0080-U+009F, where U+009B is CSI and U+009D is OSC on 8-bit terminals) and
 * the Unicode bidi controls that reorder what is shown (Trojan Source, CVE-2021-42574). `\n` and `\t` are
 * layout, kept unless the text must stay on one line.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
// eslint-disable-next-line no-control-regex
const UNSAFE_ONE_LINE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

function escape(char: string): string {
  const code = char.charCodeAt(0)
  if (char === '\n') return '\\n'
  if (char === '\t') return '\\t'
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`
}

/**
 * Text from a request (a name, a path, an email) made safe to print: every character a terminal would act
 * on is written out visibly, `\x1b]52;c;...\x07` as `\\x1b]52;c;...\\x07` (findings M1: an OSC 52 clipboard
 * write through an OAuth app's name). `node:util` stripVTControlCharacters removes whole sequences only, and
 * leaves a lone ESC, BEL or C1 character in place. Idempotent: its output has nothing left to escape.
 * `oneLine` also escapes `\n` and `\t`, for a log line or a table cell that a newline would split or forge.
 */
export function terminalSafe(text: string, options: { oneLine?: boolean } = {}): string {
  return text.replace(options.oneLine ? UNSAFE_ONE_LINE : UNSAFE, escape)
}
