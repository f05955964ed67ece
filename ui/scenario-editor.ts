import type { Key } from 'ink'
import { parseScenarioFlag } from '../mocks/scenario-flag.ts'
import type { ScenarioInfo, ScenarioSettings } from './control-client.ts'

/**
 * The Scenarios pane's `o`: a scenario's narrowing and options typed in `--scenario`'s own form
 * (`tenant=globex,path=/api/v1/events*,latencyMs=300`), the same words as the CLI flag and `X-Sandbox-Scenario`,
 * so what works here can be pasted into either. The sandbox checks the values and says what is wrong (issue 27).
 */
export interface ScenarioDraft {
  name: string
  text: string
}

/** What the prompt starts from: a refused draft to mend, else the activation as it is, else the defaults. */
export function scenarioDraft(s: ScenarioInfo, refused?: string): ScenarioDraft {
  if (refused !== undefined) return { name: s.name, text: refused }
  const a = s.active
  const pairs = [
    ...(a?.tenant ? [`tenant=${a.tenant}`] : []),
    ...(a?.path ? [`path=${a.path}`] : []),
    ...Object.entries(a?.options ?? s.defaults).map(([key, value]) => `${key}=${String(value)}`),
  ]
  return { name: s.name, text: pairs.join(',') }
}

/** What the prompt takes, for the help line: the scenario's options with their bounds, and the narrowing keys. */
export function draftHint(s: ScenarioInfo): string {
  const options = Object.keys(s.defaults).map((key) => {
    const max = s.limits[key]?.max
    return max === undefined ? key : `${key} (max ${max})`
  })
  return `keys ${[...options, 'tenant', 'path'].join(', ')}`
}

/** One key in the prompt: the text after it, or `apply` / `cancel`. Ctrl+U clears, as in a shell. */
export function editDraft(text: string, input: string, key: Key): string | 'apply' | 'cancel' {
  if (key.return) return 'apply'
  if (key.escape) return 'cancel'
  if (key.ctrl && input === 'u') return ''
  if (key.backspace || key.delete) return text.slice(0, -1)
  if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow)
    return text
  // Printable text only: a pasted newline or escape sequence never reaches the request.
  return text + input.replace(/[\p{Cc}\p{Cf}]/gu, '')
}

/** The control API's body for a draft, or why it is not `key=value` pairs. */
export function draftBody(draft: ScenarioDraft): ScenarioSettings | { error: string } {
  try {
    const spec = parseScenarioFlag([draft.name, draft.text].filter(Boolean).join(','))
    // As typed, an empty `tenant=` too: the sandbox says what it takes rather than the prompt dropping it.
    return {
      ...(spec.tenant !== undefined ? { tenant: spec.tenant } : {}),
      ...(spec.path !== undefined ? { path: spec.path } : {}),
      ...(spec.options ? { options: spec.options } : {}),
    }
  } catch (error) {
    return { error: (error as Error).message.replace(/^--scenario /, 'Scenario ') }
  }
}
