import { describe, expect, it } from 'vitest'
import { createClock } from '../clock.ts'
import type { SandboxCore } from '../core.ts'
import { moveClock } from './clock.ts'

/** A clock whose real time moves a millisecond each time it is read, as a busy machine's does within a request. */
function tickingCore(): SandboxCore {
  let real = Date.parse('2026-12-01T00:00:00Z')
  return { clock: createClock(() => real++), change: () => undefined } as unknown as SandboxCore
}

describe('moveClock', () => {
  it('freezes a clock that is set and frozen at exactly the time set, however long the request takes', () => {
    const core = tickingCore()
    expect(moveClock(core, { set: '2026-03-02T12:00:00+02:00', freeze: true }).now).toBe(
      '2026-03-02T10:00:00.000Z',
    )
    expect(moveClock(core, { set: '2026-03-02T10:00:00Z', advance: '90s', freeze: true }).now).toBe(
      '2026-03-02T10:01:30.000Z',
    )
  })

  it('lets a frozen clock that is set and unfrozen run on from the time set', () => {
    const core = tickingCore()
    moveClock(core, { freeze: true })
    const state = moveClock(core, { set: '2026-03-02T10:00:00Z', freeze: false })
    expect(state.frozen).toBe(false)
    expect(Date.parse(state.now) - Date.parse('2026-03-02T10:00:00Z')).toBeGreaterThanOrEqual(0)
    expect(Date.parse(state.now) - Date.parse('2026-03-02T10:00:00Z')).toBeLessThan(10)
  })
})
