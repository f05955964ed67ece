import type { Mode } from './navigation.ts'
import type { PaneId } from './panes.ts'

/** `c` then a digit: the steps that matter to the sandbox's expiries (OTP 10 min, JWT 11 days, refresh 30 days). */
export const CLOCK_STEPS: Record<string, string> = {
  '1': '1m',
  '2': '10m',
  '3': '1h',
  '4': '1d',
  '5': '11d',
  '6': '30d',
}

export interface HelpContext {
  /** `scenario-edit` while the Scenarios pane's prompt is open (its draft is the state; no mode stores it). */
  mode: Mode | 'scenario-edit'
  pane: PaneId
  demos: readonly string[]
  /** Whether the open detail is longer than the screen: Space then pages through it. */
  more: boolean
  /** What the scenario prompt takes (`scenario-edit`): its keys. */
  prompt?: string
}

/** The help line's keys for what the keyboard is doing now; every list fits 80 columns. */
export function helpKeys({ mode, pane, demos, more, prompt }: HelpContext): Array<readonly [string, string]> {
  if (mode === 'demo') {
    return [['Run a demo:', ''], ...demos.map((name, i) => [String(i + 1), name] as const), ['esc', 'cancel']]
  }
  if (mode === 'confirm-reset')
    return [
      ['Reset the sandbox to its seeded state?', ''],
      ['y', 'yes'],
      ['any key', 'no'],
    ]
  if (mode === 'clock') {
    return [
      ['Advance the clock:', ''],
      ...Object.entries(CLOCK_STEPS).map(([k, v]) => [k, `+${v}`] as const),
      ['esc', 'cancel'],
    ]
  }
  if (mode === 'scenario-edit')
    return [
      ['⏎', 'on'],
      ['esc', 'cancel'],
      ['ctrl+u', 'clear'],
      ['', prompt ?? ''],
    ]
  const webhooks = pane === 'webhooks'
  if (mode === 'detail')
    return [
      ['y', webhooks ? 'copy id' : 'copy value'],
      ['Y', 'copy command'],
      ['↑↓', 'prev/next'],
      ...(more ? [['space', 'more'] as const] : []),
      ...(webhooks ? [['s', 'resend'] as const] : []),
      ['esc', 'back'],
      ['q', 'quit'],
    ]
  return [
    // 80 columns: on Webhooks `s`, on Scenarios `o`, take the place of `←→`, which the tab bar's digits stand in for.
    ...(webhooks || pane === 'scenarios' ? [] : [['←→', 'pane'] as const]),
    ['↑↓', 'select'],
    pane === 'scenarios' ? ['⏎', 'toggle'] : ['⏎', 'detail'],
    ...(pane === 'scenarios' ? [['o', 'options'] as const] : []),
    ...(webhooks ? [['s', 'resend'] as const] : []),
    ['t', 'tenant'],
    ['c', 'clock'],
    ['r', 'reset'],
    ...(demos.length ? [['d', 'demo'] as const] : []),
    ['q', 'quit'],
  ]
}
