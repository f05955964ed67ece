import { Text } from 'ink'
import { terminalSafe } from '../../mocks/http/terminal-safe.ts'
import type { ScenarioDraft } from '../scenario-editor.ts'

/**
 * The Scenarios pane's prompt, on the notice line: `Switch on slow-network,` and the typed `key=value` pairs
 * (`--scenario`'s form) with a cursor; the end of a long draft stays in view.
 */
export function ScenarioPrompt({ draft, width }: { draft: ScenarioDraft; width: number }) {
  const head = `Switch on ${draft.name},`
  const room = Math.max(10, width - head.length - 2)
  const text = terminalSafe(draft.text, { oneLine: true })
  const shown = text.length > room ? `…${text.slice(-(room - 1))}` : text
  return (
    <Text wrap="truncate">
      <Text color="cyan">{head}</Text>
      <Text bold>{shown}</Text>
      <Text inverse> </Text>
    </Text>
  )
}
