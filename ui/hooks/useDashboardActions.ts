import { useState } from 'react'
import { terminalSafe } from '../../mocks/http/terminal-safe.ts'
import { copyText, type CopyEnv } from '../clipboard.ts'
import type { ControlClient, ScenarioSettings } from '../control-client.ts'
import type { Color, Row } from '../panes.ts'

export interface DemoRunner {
  names: readonly string[]
  /** Runs a flow straight through; `onLine` gets each line it prints. Resolves with its exit code. */
  run(name: string, onLine: (line: string) => void): Promise<number>
}

export interface Notice {
  text: string
  color: Color
  at: number
}

/**
 * What the dashboard's keys do beyond moving around: control calls, copies, demos. Each says how it went on the
 * notice line, and a control call reads the sandbox again (`refresh`).
 */
export function useDashboardActions(deps: {
  client: ControlClient
  refresh(): void
  write(data: string): void
  demos?: DemoRunner
  /** The environment copies read (tests pass their own: no clipboard command, a temporary cache). */
  copyEnv?: CopyEnv
}) {
  const { client, refresh, write, demos } = deps
  const [notice, setNotice] = useState<Notice | null>(null)
  const say = (text: string, color: Color = 'cyan') => setNotice({ text, color, at: Date.now() })
  /** Runs a control call, says how it went (`done` may read its answer) and reads the sandbox again. */
  const act = <T>(
    run: () => Promise<T>,
    done: string | ((result: T) => readonly [string, Color]),
    failed?: () => void,
  ) => {
    run()
      .then((result) => {
        if (typeof done === 'string') say(done)
        else say(...done(result))
        refresh()
      })
      .catch((error: Error) => {
        say(error.message, 'red')
        failed?.()
      })
  }
  const copy = (text: string | undefined, what: string) => {
    if (!text) return
    // What was shown, not the raw bytes: a newline in a copied command would run on paste (M1).
    const shown = terminalSafe(text, { oneLine: true })
    copyText(shown, what, write, deps.copyEnv)
      .then(({ ok, message }) => say(message, ok ? 'green' : 'yellow'))
      .catch((error: Error) => say(`Copy failed: ${error.message}`, 'red'))
  }
  const startDemo = (name: string) => {
    let step = ''
    say(`Demo ${name} starting…`)
    demos!
      .run(name, (line) => {
        // Step titles and statuses make a running commentary; the requests themselves fill the Requests pane.
        if (line.startsWith('━━ ')) step = line.slice(3)
        else if (line.startsWith('← ')) say(`${step}  ${line}`, 'yellow')
      })
      .then((code) =>
        say(
          code === 0
            ? `Demo ${name} done: its requests are in the Requests pane`
            : `Demo ${name} failed (exit ${code})`,
          code === 0 ? 'green' : 'red',
        ),
      )
      .catch((error: Error) => say(`Demo ${name}: ${error.message}`, 'red'))
  }
  const resend = (id: string) => {
    if (!client.resendDelivery) return say('This control client cannot resend webhooks', 'red')
    say(`Sending ${id} again…`)
    act(
      () => client.resendDelivery!(id),
      (d) => {
        const a = d.attempts.at(-1)
        const ok = a?.status != null && a.status >= 200 && a.status < 300
        return [
          `${id} sent again, attempt ${a?.number ?? '-'}: ${a?.status ?? a?.error ?? '-'}`,
          ok ? 'green' : 'yellow',
        ]
      },
    )
  }
  const toggle = (row: Row | undefined) => {
    if (!row?.scenario) return
    const { name, on } = row.scenario
    act(() => client.setScenario(name, !on), `Scenario ${name} ${on ? 'off' : 'on'}`)
  }
  /** On with the prompt's narrowing and options; the sandbox's 400 says what to change (`failed` then runs). */
  const switchOn = (name: string, settings: ScenarioSettings, shown: string, failed: () => void) =>
    act(
      () => client.setScenario(name, true, settings),
      `Scenario ${name} on${shown ? `: ${shown}` : ''}`,
      failed,
    )
  return { notice, say, act, copy, startDemo, resend, toggle, switchOn }
}
