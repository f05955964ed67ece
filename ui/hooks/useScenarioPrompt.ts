import type { Key } from 'ink'
import { useRef, useState } from 'react'
import type { ScenarioInfo, ScenarioSettings } from '../control-client.ts'
import type { Color } from '../panes.ts'
import { draftBody, editDraft, scenarioDraft, type ScenarioDraft } from '../scenario-editor.ts'

/**
 * The Scenarios pane's `o`: a prompt for a scenario's narrowing and options. Its text lives in a ref as well as in
 * state: keys that arrive in one chunk (a paste) are handled before React renders again.
 */
export function useScenarioPrompt(deps: {
  say(text: string, color?: Color): void
  switchOn(name: string, settings: ScenarioSettings, shown: string, failed: () => void): void
}) {
  const [draft, setDraftState] = useState<ScenarioDraft | null>(null)
  const current = useRef(draft)
  const setDraft = (next: ScenarioDraft | null) => {
    current.current = next
    setDraftState(next)
  }
  // A refused draft comes back with the next `o`, to be mended rather than typed again.
  const refused = useRef(new Map<string, string>())

  const key = (input: string, k: Key) => {
    const editing = current.current!
    const step = editDraft(editing.text, input, k)
    if (step !== 'apply' && step !== 'cancel') return setDraft({ ...editing, text: step })
    setDraft(null)
    if (step === 'cancel') return deps.say(`Scenario ${editing.name} unchanged`)
    const keep = () => refused.current.set(editing.name, editing.text)
    refused.current.delete(editing.name)
    const body = draftBody(editing)
    if ('error' in body) {
      keep()
      return deps.say(body.error, 'red')
    }
    deps.switchOn(editing.name, body, editing.text, keep)
  }
  return {
    draft,
    typing: () => current.current !== null,
    open: (info: ScenarioInfo) => setDraft(scenarioDraft(info, refused.current.get(info.name))),
    key,
  }
}
