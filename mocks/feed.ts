import type { AuthMethod } from './auth/principal.ts'

export interface RequestLogEntry {
  id: string
  time: string
  tenant: string | null
  method: string
  path: string
  status: number
  authMethod: AuthMethod | null
  principal: string | null
  durationMs: number
  /** Why a refusal was given when the detail is terse on purpose (`Access Denied.`). */
  reason: string | null
  scenarios: string[]
}

/** A state change worth showing: a token issued or revoked, a code sent, a scenario flipped. */
export interface StateChange {
  kind: string
  tenant: string | null
  summary: string
  data?: Record<string, unknown>
  time: string
}

export type FeedEvent = { type: 'request'; entry: RequestLogEntry } | { type: 'state'; change: StateChange }

export interface Feed {
  emit(event: FeedEvent): void
  subscribe(listener: (event: FeedEvent) => void): () => void
  /** The latest requests, oldest first (a bounded ring: the log never grows without limit). */
  requests(): RequestLogEntry[]
  changes(): StateChange[]
  clear(): void
}

export function createFeed(capacity = 1000): Feed {
  const listeners = new Set<(event: FeedEvent) => void>()
  let requests: RequestLogEntry[] = []
  let changes: StateChange[] = []
  const push = <T>(list: T[], item: T): T[] => {
    list.push(item)
    // Trim in batches so the hot path does not shift an array on every request.
    return list.length > capacity * 1.5 ? list.slice(-capacity) : list
  }
  return {
    emit(event) {
      if (event.type === 'request') requests = push(requests, event.entry)
      else changes = push(changes, event.change)
      for (const listener of listeners) {
        try {
          listener(event)
        } catch (error) {
          console.error('feed listener failed:', error)
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    requests: () => requests.slice(-capacity),
    changes: () => changes.slice(-capacity),
    clear() {
      requests = []
      changes = []
    },
  }
}
