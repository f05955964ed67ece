/**
 * The one clock every expiry reads (JWT exp, OTP life, token expiresAt, rate-limit windows). It runs with
 * real time plus an offset, so `advance` moves it without waiting; `freeze` pins it for exact assertions.
 */
export interface Clock {
  now(): number
  advance(ms: number): void
  set(epochMs: number): void
  freeze(): void
  unfreeze(): void
  readonly frozen: boolean
  reset(): void
  toJSON(): ClockState
  /** Called after every move of the clock (advance, set, freeze, reset): due webhook retries run at once. */
  onChange(listener: () => void): void
}

/** The clock as the control API shows it. */
export type ClockState = { now: string; offsetMs: number; frozen: boolean }

export function createClock(realNow: () => number = Date.now): Clock {
  let offset = 0
  let frozenAt: number | undefined
  const listeners: Array<() => void> = []
  const moved = () => {
    for (const listener of listeners) listener()
  }
  const clock: Clock = {
    now: () => frozenAt ?? realNow() + offset,
    advance(ms) {
      if (frozenAt !== undefined) frozenAt += ms
      else offset += ms
      moved()
    },
    set(epochMs) {
      if (frozenAt !== undefined) frozenAt = epochMs
      else offset = epochMs - realNow()
      moved()
    },
    freeze() {
      frozenAt = clock.now()
      moved()
    },
    unfreeze() {
      if (frozenAt === undefined) return
      offset = frozenAt - realNow()
      frozenAt = undefined
      moved()
    },
    get frozen() {
      return frozenAt !== undefined
    },
    reset() {
      offset = 0
      frozenAt = undefined
      moved()
    },
    onChange(listener) {
      listeners.push(listener)
    },
    toJSON: () => ({
      now: new Date(clock.now()).toISOString(),
      offsetMs: clock.now() - realNow(),
      frozen: clock.frozen,
    }),
  }
  return clock
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

/** `"11d"`, `"1h30m"`, `"90s"`, `"-5m"` -> milliseconds; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(-)?((?:\d+(?:ms|s|m|h|d|w))+)$/.exec(text.trim())
  if (!match) return undefined
  let total = 0
  for (const part of match[2]!.matchAll(/(\d+)(ms|s|m|h|d|w)/g)) total += Number(part[1]) * UNIT_MS[part[2]!]!
  return match[1] ? -total : total
}
