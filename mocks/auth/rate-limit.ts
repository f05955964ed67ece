import type { Clock } from '../clock.ts'

export type RateCheck = { ok: true } | { ok: false; retryAfterSeconds: number }

export interface RateLimiter {
  hit(key: string): RateCheck
  clear(): void
}

/** Fixed window per key (Symfony RateLimiter `fixed_window`), timed by the sandbox clock. */
export function createRateLimiter(limit: number, windowMs: number, clock: Clock): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>()
  return {
    hit(key) {
      const now = clock.now()
      let window = windows.get(key)
      if (!window || now - window.start >= windowMs || now < window.start) {
        window = { start: now, count: 0 }
        windows.set(key, window)
      }
      window.count++
      if (window.count <= limit) return { ok: true }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)) }
    },
    clear: () => windows.clear(),
  }
}
